import ArgumentParser
import SegmentStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a store: directory tree, store.json and an Ed25519 signing key.")

    @Argument(help: "Directory to create (must not exist or be empty).")
    var store: String

    @Option(help: "Trail origin name (first line of every checkpoint). Default: sealtrail.local/<dir>/<random>.")
    var origin: String?

    @Option(help: "gzip level of sealed segments, 1-9.")
    var gzipLevel: Int32 = StoreManifest.SealingPolicy.defaults.gzipLevel

    @Option(help: "Seal an open segment when its uncompressed bytes reach this.")
    var maxSegmentBytes: Int64 = StoreManifest.SealingPolicy.defaults.maxSegmentBytes

    @Option(help: "Seal an open segment when it holds this many records.")
    var maxSegmentRecords: Int64 = StoreManifest.SealingPolicy.defaults.maxSegmentRecords

    @Option(help: "Seal an open segment when its first record is this many seconds old (checked at each commit).")
    var maxSegmentAge: Int64 = StoreManifest.SealingPolicy.defaults.maxSegmentAgeSeconds

    func run() throws {
        try reportingErrors {
            guard (1...9).contains(gzipLevel) else { throw CLIError("--gzip-level must be 1 to 9") }
            guard maxSegmentBytes > 0, maxSegmentRecords > 0, maxSegmentAge > 0 else { throw CLIError("segment thresholds must be positive") }
            let policy = StoreManifest.SealingPolicy(maxSegmentBytes: maxSegmentBytes, maxSegmentRecords: maxSegmentRecords,
                                                     maxSegmentAgeSeconds: maxSegmentAge, gzipLevel: gzipLevel)
            let s = try Store.initialize(path: store, origin: origin, sealing: policy)
            let keys = try KeyRing.publicKeys(layout: s.layout)
            print("created store \(store)")
            print("  origin  \(s.manifest.origin)")
            print("  sealing gzip -\(policy.gzipLevel), at \(policy.maxSegmentBytes) bytes, \(policy.maxSegmentRecords) records or \(policy.maxSegmentAgeSeconds) s (store.json)")
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
