import ArgumentParser
import Collectors
import Foundation
import Rules
import SegmentStore
import TrailIndex
import TrailModel

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read records from files (plain or .gz) or '-' (stdin), store them, and seal on exit.",
        discussion: "Prints a reconciliation line: read = stored + duplicates + quarantined.")

    @OptionGroup var options: StoreOptions

    @Option(help: "Source (collector instance) name, e.g. payments-api.")
    var source: String

    @Option(help: "Record format (\(CollectorConfig.formats.joined(separator: ", "))). Default: from --config, else app-json.")
    var format: String?

    @Option(help: "Collector config (YAML) with the source's format, time zone and field mapping.")
    var config: String?

    @Option(help: "Longest accepted record in bytes; longer ones are quarantined.")
    var maxRecordBytes: Int = 1 << 20

    @Flag(help: "Leave the open segment unsealed (it is sealed by a later ingest, 'seal', or a threshold).")
    var noSeal = false

    @Flag(help: "Print the counts as JSON.")
    var json = false

    @Option(help: "Evaluate these rules (a rules directory) on the events as they are stored; findings go to the index.")
    var rules: String?

    @Argument(help: "Input files, or '-' for standard input (default: the source's paths in --config).")
    var inputs: [String] = []

    func run() throws {
        try reportingErrors {
            let settings = try SourceSettings.resolve(source: source, format: format, config: config)
            let (fmt, mapping, zone, logFormat) = (settings.format, settings.mapping, settings.timeZone, settings.logFormat)
            let documentParser = Formats.documentParser(fmt, mapping: mapping)
            let parser = documentParser == nil ? try Formats.parser(fmt, mapping: mapping, logFormat: logFormat) : nil
            let inputs = try settings.inputs(self.inputs)
            let store = try Store(path: try options.path())
            let writer = try TrailWriter(store: store)
            for n in writer.recoveryNotes { note("recovery: " + n) }
            let ruleSink = try rules.map { RuleSink(wrapping: writer, rules: try RuleSet.load(directory: $0)) }
            ruleSink?.storedLine = { writer.lastProtectedLine }
            let sink: EventSink = ruleSink ?? writer
            let progress = ProgressPrinter()
            let run: ([String]) throws -> Reconciliation
            var skipped: () -> [(path: String, reason: String)] = { [] }
            if let documentParser {
                let ingest = DocumentIngest(source: source, parser: documentParser, sink: sink)
                ingest.timeZone = zone
                ingest.progress = progress
                run = ingest.run
                skipped = { ingest.skippedInputs }
            } else {
                let ingest = LineIngest(source: source, parser: parser!, sink: sink)
                ingest.timeZone = zone
                ingest.maxRecordBytes = maxRecordBytes
                ingest.progress = progress
                run = ingest.run
            }
            var sealed: [Seal] = []
            writer.onSeal = { sealed.append($0) }
            let counts: Reconciliation
            do {
                counts = try run(inputs)
            } catch {
                try? writer.commit()
                if !noSeal { _ = try? writer.sealAll() }
                throw error
            }
            progress.finish()
            for s in skipped() { note("skipped \(s.path): \(s.reason)") }
            if noSeal { try writer.commit() } else { try writer.close() }
            if let ruleSink {
                let findings = try ruleSink.finish()
                let added = try TrailIndex(store: store).store(findings: findings.map(\.stored), mode: "stream")
                note("rules: \(findings.count) findings while ingesting (\(added) new), stored in the index ('sealtrail rules findings')")
            }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys]
                var obj = try JSONSerialization.jsonObject(with: enc.encode(counts)) as! [String: Any]
                obj["source"] = source
                obj["balanced"] = counts.balanced
                obj["segmentsSealed"] = sealed.count
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
            } else {
                for s in sealed {
                    print("sealed segment \(StoreLayout.segmentName(s.segment)) \(s.path) \(s.records) records")
                }
                print("\(source): read \(counts.read) = stored \(counts.stored) + duplicates \(counts.duplicates) + quarantined \(counts.quarantined)\(counts.balanced ? "" : "  MISMATCH")")
                if counts.quarantined > 0 { print("quarantined records are in \(store.layout.quarantine)/\(source)/ ('sealtrail quarantine list --store …')") }
                if let p = writer.personalData?.stats, p.events > 0 {
                    print("personal data: \(p.events) events encrypted (\(p.unattributed) without a subject, under unattributed:<format>:<date>), \(p.keysCreated) new subject keys")
                }
            }
            if !counts.balanced { throw ExitCode(3) }
        }
    }
}

/// Prints a progress line to stderr at most twice a second, when stderr is a terminal.
final class ProgressPrinter: ProgressReporter {
    private var last = Date.distantPast
    private let enabled = isatty(2) == 1
    private var printed = false

    func progress(file: String, counts: Reconciliation) {
        guard enabled, Date().timeIntervalSince(last) > 0.5 else { return }
        last = Date()
        printed = true
        FileHandle.standardError.write(Data("\r\(file): \(counts.read) records, \(counts.bytes / 1_000_000) MB   ".utf8))
    }

    func finish() { if printed { FileHandle.standardError.write(Data("\n".utf8)) } }
}
