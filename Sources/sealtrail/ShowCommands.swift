import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one event: normalized fields, raw record, seal status and its inclusion proof (recorded in the trail).")

    @OptionGroup var options: StoreOptions

    @Argument(help: "SEGMENT:RECORD (e.g. 3:1042), open:SOURCE:RECORD, or the event's id.")
    var ref: String

    @Option(help: "Also write the proof document here (check it with 'sealtrail verify-proof').")
    var proofOut: String?

    func run() throws {
        try reportingErrors {
            var inv = Investigation(store: try Store(path: try options.path()))
            inv.notes = { note("note: \($0)") }
            let shown = try inv.show(ref: ref)
            let fields = ["id", "time", "received", "source", "format", "actor", "action", "resource", "outcome", "origin",
                          "session", "clock"]
            for f in fields { if let v = shown.value(f)?.text { print("\(f.padding(toLength: 10, withPad: " ", startingAt: 0)) \(v)") } }
            print("attributes \(shown.value("attributes")?.text ?? "{}")")
            print("\nraw\(shown.value("raw_encoding")?.text.map { " (\($0))" } ?? ""):\n\(shown.value("raw")?.text ?? "")\n")
            guard shown.sealed, let v = shown.verified, let proof = shown.proof else {
                print("seal:      not sealed yet (open segment of \(shown.value("source")?.text ?? "?"), record \(shown.value("record")?.text ?? "?")); its proof exists once the segment is sealed ('sealtrail seal')")
                return
            }
            print("seal:      record \(v.recordIndex) of segment \(StoreLayout.segmentName(v.seal.segment)) (\(v.seal.path)), sealed \(v.seal.sealedAt)")
            print("leaf:      \(shown.value("leaf")?.text ?? "")")
            print("root:      \(v.seal.merkleRoot.hex)")
            print("trail:     \(v.checkpoint.origin) size \(v.checkpoint.size) root \(v.checkpoint.root.hex)")
            print("proof:     verified (record → segment root → seal → signed checkpoint, key \(v.keyId))")
            if let proofOut {
                try Data(proof).write(to: URL(fileURLWithPath: proofOut))
                note("proof written to \(proofOut)")
            }
        }
    }
}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "An actor's, a resource's or a data subject's events in a period, oldest first (recorded in the trail).")

    @OptionGroup var options: StoreOptions

    @Option(help: "The actor (exact).")
    var actor: String?

    @Option(help: "The resource (exact).")
    var resource: String?

    @Option(help: "A data subject's id, found through the blind index of encrypted personal data (only its reference is recorded).")
    var subject: String?

    @Option(help: "From this time (RFC 3339, or YYYY-MM-DD for that day's start, UTC).")
    var from: String?

    @Option(help: "Until this time, exclusive (a date means the end of that day).")
    var to: String?

    @Option(help: "At most this many events.")
    var limit: Int = 10_000

    @Option(help: "Output: table, csv, json or ndjson.")
    var format: String = "table"

    func run() throws {
        try reportingErrors {
            let format = try outputFormat(format)
            guard (actor != nil || resource != nil) != (subject != nil) else { throw CLIError("give --actor or --resource, or --subject") }
            var inv = Investigation(store: try Store(path: try options.path()))
            inv.notes = { note("note: \($0)") }
            let start = try from.map { try timeOption("--from", $0) }, end = try to.map { try timeOption("--to", $0, end: true) }
            let r = try subject.map { try inv.timeline(subject: $0, from: start, to: end, limit: limit) }
                ?? inv.timeline(actor: actor, resource: resource, from: start, to: end, limit: limit)
            FileHandle.standardOutput.write(Data(format.render(r, width: terminalWidth()).utf8))
        }
    }
}
