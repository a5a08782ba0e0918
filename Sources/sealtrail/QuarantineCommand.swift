import ArgumentParser
import Collectors
import Foundation
import SegmentStore
import TrailModel

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Inspect records that could not be parsed, and retry them.",
        subcommands: [List.self, Show.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per quarantined record: source, file:line, offset, reason.")
        @OptionGroup var options: StoreOptions
        @Option(help: "Only this source.") var source: String?

        func run() throws {
            try reportingErrors {
                let store = try Store(path: try options.path())
                var n = 0
                for entry in try QuarantineIndex.entries(layout: store.layout, source: source) {
                    n += 1
                    let status = entry.resolved.map { "\tresolved \($0)" } ?? ""
                    print("\(entry.ref)\t\(entry.source)\t\(entry.file):\(entry.line)\toffset \(entry.offset)\t\(entry.length) bytes\t\(entry.reason)\(status)")
                }
                if n == 0 { print("quarantine is empty") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one quarantined record's exact bytes to standard output.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Reference from 'quarantine list' (SOURCE/RUN#N).") var ref: String

        func run() throws {
            try reportingErrors {
                let store = try Store(path: try options.path())
                guard let entry = try QuarantineIndex.entries(layout: store.layout, source: nil).first(where: { $0.ref == ref }) else {
                    throw CLIError("no quarantined record '\(ref)'")
                }
                FileHandle.standardOutput.write(Data(try QuarantineIndex.bytes(layout: store.layout, entry)))
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse unresolved quarantined records again (e.g. after fixing a collector config) and store those that now parse.",
            discussion: "The quarantined bytes are never changed; a stored record is marked resolved. Retrying twice stores nothing twice.")
        @OptionGroup var options: StoreOptions
        @Option(help: "Only this source.") var source: String?
        @Option(help: "Collector config (YAML) whose settings for each source are used.") var config: String?

        func run() throws {
            try reportingErrors {
                let store = try Store(path: try options.path())
                let cfg = try config.map { try CollectorConfig.load(path: $0) }
                let pending = try QuarantineIndex.entries(layout: store.layout, source: source).filter { $0.resolved == nil }
                let writer = try TrailWriter(store: store)
                for n in writer.recoveryNotes { note("recovery: " + n) }
                var stored = 0, duplicates = 0, failing = 0, fixed = 0
                for entry in pending {
                    let src = cfg?.sources[entry.source]
                    let format = src?.format ?? entry.format
                    let context = ParseContext(source: entry.source, received: .now, timeZone: src?.timeZone)
                    let bytes = try QuarantineIndex.bytes(layout: store.layout, entry)
                    var events: [TrailEvent] = []
                    var failure: String?
                    bytes.withUnsafeBytes { raw in
                        if let doc = Formats.documentParser(format, mapping: src?.mapping ?? .appJSON) {
                            for r in doc.records(in: raw, context: context) {
                                switch r {
                                case let .success(e): events.append(e)
                                case let .failure(f): failure = failure ?? f.reason
                                }
                            }
                        } else {
                            do {
                                let parser = try Formats.parser(format, mapping: src?.mapping ?? .appJSON, logFormat: src?.logFormat)
                                events.append(try parser.parse(raw, context: context))
                            } catch { failure = "\(error)" }
                        }
                    }
                    guard failure == nil, !events.isEmpty else { failing += 1; continue }
                    fixed += 1
                    var outcome: [String] = []
                    for (k, e) in events.enumerated() {
                        let ident: DedupeIdentity = e.id.map { .sourceId($0) } ?? .idempotency("quarantine:\(entry.ref)#\(k)")
                        if try writer.accept(PreparedEvent(event: e, identity: ident)) { stored += 1; outcome.append("stored") } else { duplicates += 1; outcome.append("duplicate") }
                    }
                    try writer.commit()
                    try QuarantineIndex.markResolved(layout: store.layout, entry, outcome: outcome.joined(separator: ","), at: .now)
                }
                try writer.close()
                print("retried \(pending.count) = parsed now \(fixed) + still failing \(failing); events stored \(stored), duplicates \(duplicates)")
            }
        }
    }
}
