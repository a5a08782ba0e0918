import ArgumentParser
import Foundation
import SegmentStore
import TrailModel

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every segment, seal, signature, the hash chain, the trail root and every checkpoint.",
        discussion: "Exit status: 0 all good, 1 damage found (each problem names segment, record and kind), 2 could not run.")

    @OptionGroup var options: StoreOptions

    @Option(help: "Re-read only this segment's content (number).")
    var segment: UInt64?

    @Option(help: "Re-read only segments with events at or after this time (RFC 3339 or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Re-read only segments with events at or before this time.")
    var to: String?

    @Option(help: "A checkpoint kept outside the store: the trail must extend it (repeatable).")
    var checkpoint: [String] = []

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Also re-read archived segments from their bundles (without it, an archived segment's bundle is checked by size and SHA-256).")
    var archives = false

    func run() throws {
        let report: VerifyReport = try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            var v = Verifier(store: store)
            v.checkArchives = archives
            v.selection = .init(segment: segment, from: try from.map { try parseTime($0) }, to: try to.map { try parseTime($0, endOfDay: true) })
            v.trustedCheckpoints = try checkpoint.map { ($0, try String(contentsOfFile: $0, encoding: .utf8)) }
            if !json && isatty(2) == 1 {
                v.progress = { done, total in
                    if done == total || done % 16 == 0 { FileHandle.standardError.write(Data("\rverifying segments \(done)/\(total)".utf8)) }
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            let report = v.run()
            if let segment, report.segmentsChecked == 0, report.trailSize <= segment {
                throw CLIError("no segment \(segment): the trail has \(report.trailSize) seal(s)" + (report.trailSize > 0 ? ", numbered 0 to \(report.trailSize - 1)" : ""))
            }
            return report
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            var data = try enc.encode(report)
            // `ok` is computed; add it for scripts.
            var obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            obj["ok"] = report.ok
            data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("trail \(report.origin)")
            print("  size \(report.trailSize) seals, root \(report.trailRoot)")
            print("  checked \(report.sealsChecked) seals, \(report.segmentsChecked) segments, \(report.recordsChecked) records, \(report.checkpointsChecked) checkpoints")
            for n in report.notes { print("  note: \(n)") }
            for p in report.problems {
                var where_ = [String]()
                if let s = p.segment { where_.append("segment \(s)") }
                if let r = p.record { where_.append("record \(r)") }
                if let path = p.path { where_.append(path) }
                print("FAIL [\(p.kind.rawValue)] \(where_.joined(separator: " ")): \(p.message)")
                if let e = p.expected, let f = p.found { print("     expected \(e)\n     found    \(f)") }
            }
            print(report.ok ? "OK: the trail verifies" : "FAILED: \(report.problems.count) problem(s)")
        }
        if !report.ok { throw ExitCode(1) }
    }
}

/// Reads `YYYY-MM-DD` (start of day, or end of day with `endOfDay`) or RFC 3339.
func parseTime(_ s: String, endOfDay: Bool = false) throws -> Timestamp {
    if s.count == 10, let p = TimeParser.parseISO(s[...].utf8) {
        return endOfDay ? Timestamp(micros: p.timestamp.micros + 86_400_000_000 - 1) : p.timestamp
    }
    guard let p = TimeParser.parseISO(s[...].utf8) else { throw CLIError("'\(s)' is not a date (YYYY-MM-DD) or RFC 3339 time") }
    return p.timestamp
}

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write a JSON inclusion proof for one event: record → segment root → signed checkpoint.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The event: SEGMENT:INDEX (e.g. 3:1042) or its id.")
    var event: String

    @Option(help: "Write the proof here instead of standard output.")
    var out: String?

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            let proof = try Prover.prove(store: store, ref: event)
            if let out {
                try Data(proof).write(to: URL(fileURLWithPath: out))
                note("proof written to \(out)")
            } else {
                FileHandle.standardOutput.write(Data(proof))
            }
        }
    }
}

struct VerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check a proof file offline, without the store.")

    @Argument(help: "Proof file written by 'sealtrail prove'.")
    var file: String

    @Option(help: "Trusted public key (PEM). Without it, the key inside the proof is used and its id printed for comparison.")
    var key: String?

    func run() throws {
        try reportingErrors {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
            let trusted = try key.map { try VerifyingKeyLoader.load($0) }
            let v = try Prover.verify(proof: bytes, trustedKey: trusted)
            print("OK: event \(v.event.id ?? "(no id)") at \(v.event.time.rfc3339) is record \(v.recordIndex) of segment \(StoreLayout.segmentName(v.seal.segment)) (\(v.seal.source))")
            print("  segment root \(v.seal.merkleRoot.hex), sealed \(v.seal.sealedAt)")
            print("  trail \(v.checkpoint.origin) size \(v.checkpoint.size) root \(v.checkpoint.root.hex)")
            print("  signed by key \(v.keyId)\(trusted == nil ? " (the key in the proof: compare this id with a copy you trust, or pass --key)" : " (trusted key)")")
        }
    }
}
