import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "The 7-year archive tier: monthly tar bundles of sealed segments, each with a signed manifest (sweeps fill it).",
        subcommands: [ArchiveList.self, ArchiveVerify.self, ArchiveRestore.self])
}

/// `--store` and `--archive`.
struct ArchiveOptions: ParsableArguments {
    @OptionGroup var options: StoreOptions

    @Option(help: "Archive directory (default: retention.json's archiveDirectory, else <store>/archive).")
    var archive: String?

    /// The store and its archive directory; a configured directory outside the store must exist.
    func open() throws -> (Store, String) {
        let store = try Store(path: try options.path())
        let directory = try archive ?? ArchiveTier.directory(store: store)
        try ArchiveTier.checkDirectory(directory, store: store)
        return (store, directory)
    }
}

struct ArchiveList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the bundles: month, version, segments, events, bytes, period, manifest status.",
        discussion: "Exit status: 0 listed (damaged manifests and leftovers are listed, 'archive verify' checks the bytes), 2 could not run.")

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "Output: table, csv, json or ndjson.")
    var format = "table"

    func run() throws {
        try reportingErrors(code: 2) {
            let fmt = try outputFormat(format)
            let (store, directory) = try archive.open()
            var rows: [[QueryRunner.Cell]] = []
            if FS.isDirectory(directory) {
                let keys = try KeyRing.publicKeys(layout: store.layout)
                let listing = try ArchiveTier.scan(directory: directory, keys: keys, trail: store.manifest.origin)
                for b in listing.bundles {
                    let first = b.entries.map(\.firstTime).min() ?? "", last = b.entries.map(\.lastTime).max() ?? ""
                    rows.append([.text(b.month), .int(Int64(b.version)), .int(Int64(b.entries.count)), .int(b.records), .int(b.tarBytes),
                                 .text("\(first) – \(last)"), .text(b.tar), .text(b.sweep), .text("ok (signed by \(b.keyId))")])
                }
                for d in listing.damaged {
                    rows.append([.text(d.month), .int(Int64(d.version)), .null, .null, .null, .null, .text(d.file), .null, .text("DAMAGED: \(d.reason)")])
                }
                for name in listing.leftovers + listing.superseded {
                    rows.append([.null, .null, .null, .null, .null, .null, .text(name), .null,
                                 .text(listing.leftovers.contains(name) ? "leftover of an interrupted run (ignored)" : "superseded (ignored)")])
                }
                rows.sort { ($0[0].textValue, $0[6].textValue) < ($1[0].textValue, $1[6].textValue) }
            } else if fmt == .table {
                note("no archive directory at \(directory): nothing is archived yet")
            }
            let result = QueryRunner.Result(columns: ["month", "version", "segments", "events", "bytes", "period", "file", "sweep", "manifest"], rows: rows)
            FileHandle.standardOutput.write(Data(fmt.render(result, width: max(terminalWidth(), 160)).utf8))
        }
    }
}

struct ArchiveVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-read the bundles: manifest signatures, tar hashes, and every archived segment against its manifest entry and its seal.",
        discussion: "Exit status: 0 every bundle verifies, 1 damage or leftovers found (each problem names bundle, segment and what differs), 2 could not run.")

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "Only bundles of months at or after this time's month (RFC 3339 or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only bundles of months at or before this time's month.")
    var to: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let report: VerifyReport = try reportingErrors(code: 2) {
            let (store, directory) = try archive.open()
            let first = try from.map { String(try timeOption("--from", $0).rfc3339.prefix(7)) } ?? "0000-00"
            let last = try to.map { String(try timeOption("--to", $0, end: true).rfc3339.prefix(7)) } ?? "9999-99"
            guard first <= last else { throw CLIError("--from must be before --to") }
            let progress: ((Int, Int) -> Void)? = json || isatty(2) != 1 ? nil : { done, total in
                if done == total || done % 8 == 0 { FileHandle.standardError.write(Data("\rverifying archived segments \(done)/\(total)".utf8)) }
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
            return ArchiveTier.verify(store: store, directory: directory, months: first...last, progress: progress)
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            var obj = try JSONSerialization.jsonObject(with: try enc.encode(report)) as! [String: Any]
            obj["ok"] = report.ok
            print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self))
        } else {
            print("archive of trail \(report.origin)")
            print("  checked \(report.segmentsChecked) archived segments, \(report.recordsChecked) records, \(report.bytesChecked) bytes of content")
            for n in report.notes { print("  note: \(n)") }
            for p in report.problems {
                var where_ = [String]()
                if let path = p.path { where_.append(path) }
                if let s = p.segment { where_.append("segment \(s)") }
                print("FAIL [\(p.kind.rawValue)] \(where_.joined(separator: " ")): \(p.message)")
                if let e = p.expected, let f = p.found { print("     expected \(e)\n     found    \(f)") }
            }
            print(report.ok ? "OK: the archive verifies" : "FAILED: \(report.problems.count) problem(s)")
        }
        if !report.ok { throw ExitCode(1) }
    }
}

struct ArchiveRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring archived segments with events in a period back online for an investigation, verified, and re-index them.",
        discussion: """
        Each segment is checked against its seal (file hash, every record, Merkle root) before it is put back at its \
        original path (read-only, never replacing a file). Sweeps keep restored segments online until --keep has passed. \
        The restore is recorded in the trail (action archive.restore).
        Exit status: 0 restored, 1 some segment could not be restored (the others were), 2 could not run.
        """)

    @OptionGroup var archive: ArchiveOptions

    @OptionGroup var period: PeriodOptions

    @Option(help: "How long sweeps keep the restored segments online (e.g. 30d, 12w, 6m).")
    var keep = "30d"

    func run() throws {
        let (store, directory, from, to, keepFor) = try reportingErrors(code: 2) { () -> (Store, String, Timestamp, Timestamp, RetentionPeriod) in
            guard let k = RetentionPeriod(keep) else { throw CLIError("--keep '\(keep)' is not a period like 30d, 12w, 6m") }
            let (from, end) = try period.range()
            let (store, directory) = try archive.open()
            // --to is exclusive (a date means the end of that day); the library takes the last instant.
            return (store, directory, from, Timestamp(micros: end.micros - 1), k)
        }
        let started = Date()
        let r = try reportingErrors(code: 2) {
            try ArchiveTier.restoreDetailed(store: store, directory: directory, from: from, to: to, keep: keepFor, now: .now,
                                            progress: progressPrinter().map { p in { p("restoring segment \($0) of \($1)") } })
        }
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for seal in r.seals {
            let how = r.written.contains(seal.segment) ? "restored" : "already online"
            print("\(how) segment \(StoreLayout.segmentName(seal.segment)) \(seal.path) \(seal.records) records \(seal.firstTime) – \(seal.lastTime)")
        }
        for k in r.skipped { print("skipped \(k)") }
        for f in r.failures { print("FAIL \(f)") }
        let restoredIn = Date().timeIntervalSince(started)
        var indexed = 0
        if !r.seals.isEmpty {
            indexed = try reportingErrors(code: 2) {
                let n = try TrailIndex(store: store).reindex(seals: r.seals, progress: progressPrinter())
                try ColdSegments.remove(r.seals.map(\.segment), layout: store.layout)
                return n
            }
            if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
        if !r.seals.isEmpty || !r.failures.isEmpty {
            let event = ArchiveTier.restoreEvent(r, from: from, to: to, keep: keepFor, actor: Investigation.defaultActor())
            if let n = try reportingErrors(code: 2, { try AuditSpool.record(store: store, event) }) { note("note: \(n)") }
        }
        if r.seals.isEmpty && r.failures.isEmpty {
            print("no archived segment has events between \(from.rfc3339) and \(to.rfc3339)")
            return
        }
        let indexedIn = Date().timeIntervalSince(started) - restoredIn
        print("restored \(r.written.count) segment(s) (\(r.bytes) bytes) from \(r.bundles.count) bundle(s) in \(String(format: "%.2f", restoredIn)) s, "
              + "\(r.alreadyOnline.count) already online; re-indexed \(indexed) events in \(String(format: "%.2f", indexedIn)) s; kept online until \(r.until.rfc3339)")
        if !r.failures.isEmpty {
            note("sealtrail: error: \(r.failures.count) segment(s) could not be restored (run 'sealtrail archive verify')")
            throw ExitCode(1)
        }
    }
}

private extension QueryRunner.Cell {
    var textValue: String {
        switch self {
        case let .text(s): return s
        case let .int(i): return String(i)
        default: return ""
        }
    }
}
