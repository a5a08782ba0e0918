import ArgumentParser
import Collectors
import Foundation
import SegmentStore
import TrailModel

/// Set by SIGTERM/SIGINT; the tail loop stops, commits, checkpoints and seals.
nonisolated(unsafe) private var stopRequested: Int32 = 0

struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow log files (paths or globs) as they grow, with rotation, truncation and exact resume.",
        discussion: "Per-file checkpoints live in STORE/state/tail/SOURCE.json and are written after the WAL fsync of the records they cover. SIGTERM or SIGINT stops cleanly: commit, checkpoint, seal.")

    @OptionGroup var options: StoreOptions
    @Option(help: "Source (collector instance) name.") var source: String
    @Option(help: "Line format (see docs/collectors.md). Default: from --config, else app-json.") var format: String?
    @Option(help: "Collector config (YAML).") var config: String?
    @Option(help: "Seconds between polls when no new data.") var pollInterval: Double = 0.25
    @Option(help: "Stop after this many seconds without new data (default: run until stopped).") var exitAfterIdle: Double?
    @Option(help: "Longest accepted record in bytes; longer ones are quarantined.") var maxRecordBytes: Int = 1 << 20
    @Flag(help: "Print the counts as JSON.") var json = false
    @Argument(help: "Files or glob patterns (quote globs so the shell does not expand them). Default: the source's paths in --config.")
    var paths: [String] = []

    func run() throws {
        try reportingErrors {
            let settings = try SourceSettings.resolve(source: source, format: format, config: config)
            let (fmt, mapping, zone, logFormat) = (settings.format, settings.mapping, settings.timeZone, settings.logFormat)
            if Formats.documentParser(fmt) != nil { throw CLIError("format \(fmt) is read whole with 'ingest', not followed with 'tail'") }
            let parser = try Formats.parser(fmt, mapping: mapping, logFormat: logFormat)
            let store = try Store(path: try options.path())
            let writer = try TrailWriter(store: store)
            for n in writer.recoveryNotes { note("recovery: " + n) }
            var opts = FileTailer.Options()
            opts.pollInterval = pollInterval
            opts.exitAfterIdle = exitAfterIdle
            opts.maxRecordBytes = maxRecordBytes
            opts.timeZone = zone
            let patterns = paths.isEmpty ? settings.paths : paths
            guard !patterns.isEmpty else { throw CLIError("no files to follow: name paths or globs, or give paths in the collector config") }
            let tailer = FileTailer(source: source, parser: parser, sink: writer, patterns: patterns,
                                    statePath: store.layout.state + "/tail/\(source).json", options: opts)
            let progress = ProgressPrinter()
            tailer.progress = progress
            signal(SIGTERM) { _ in stopRequested = 1 }
            signal(SIGINT) { _ in stopRequested = 1 }
            let counts = try tailer.run(shouldStop: { stopRequested != 0 })
            progress.finish()
            try writer.close()
            for path in tailer.skipped { note("not followed (compressed; use 'ingest' for archives): \(path)") }
            if json {
                print("{\"balanced\":\(counts.balanced),\"duplicates\":\(counts.duplicates),\"quarantined\":\(counts.quarantined),\"read\":\(counts.read),\"source\":\"\(source)\",\"stored\":\(counts.stored)}")
            } else {
                print("\(source): read \(counts.read) = stored \(counts.stored) + duplicates \(counts.duplicates) + quarantined \(counts.quarantined)")
            }
        }
    }
}
