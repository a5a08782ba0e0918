import ArgumentParser
import SegmentStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a store: directory tree, store.json and an Ed25519 signing key.")

    @Argument(help: "Directory to create (must not exist or be empty).")
    var store: String

    @Option(help: "Trail origin name (first line of every checkpoint). Default: sealtrail.local/<dir>/<random>.")
    var origin: String?

    func run() throws {
        try reportingErrors {
            let s = try Store.initialize(path: store, origin: origin)
            let keys = try KeyRing.publicKeys(layout: s.layout)
            print("created store \(store)")
            print("  origin  \(s.manifest.origin)")
            for id in keys.keys.sorted() { print("  key     \(id) (keys/\(id).pem, private key keys/signing.key mode 0600)") }
        }
    }
}

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seal", abstract: "Seal every open segment now.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try reportingErrors {
            let writer = try TrailWriter(store: try Store(path: try options.path()))
            for n in writer.recoveryNotes { note("recovery: " + n) }
            try writer.commit()
            let seals = try writer.sealAll()
            try writer.close()
            if seals.isEmpty { print("nothing to seal (trail size \(writer.trail.size))") }
            for s in seals { print("sealed segment \(StoreLayout.segmentName(s.segment)) \(s.source) \(s.records) records root \(s.merkleRoot.hex)") }
        }
    }
}
