import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "The derived SQLite index (index/trail.sqlite): rebuild it from the segments, or bring it up to date.",
        subcommands: [IndexRebuild.self, IndexUpdate.self])
}

struct IndexRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recreate the index from the sealed segments (verifying each seal and every byte) and the open WALs.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            let started = Date()
            let r = try TrailIndex.rebuild(store: store, progress: progressPrinter())
            printReport(r, verb: "rebuilt", seconds: Date().timeIntervalSince(started))
        }
    }
}

struct IndexUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Bring the index up to date with new seals, open segments and quarantine (queries do this themselves).")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            let started = Date()
            let r = try TrailIndex(store: store).catchUp(progress: progressPrinter())
            printReport(r, verb: "updated", seconds: Date().timeIntervalSince(started))
        }
    }
}

/// Progress on standard error, at most a few lines a second, only when it is a terminal.
func progressPrinter() -> ((String) -> Void)? {
    guard isatty(2) == 1 else { return nil }
    var last = Date.distantPast
    return { line in
        let now = Date()
        guard now.timeIntervalSince(last) > 0.25 else { return }
        last = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }
}

private func printReport(_ r: TrailIndex.Report, verb: String, seconds: Double) {
    if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    print("index \(verb) in \(String(format: "%.2f", seconds)) s: \(r.sealedSegments) segments verified and indexed, "
          + "\(r.eventsInserted) events added (\(r.openEvents) from open segments), \(r.eventsSealed) marked sealed")
    for n in r.notes { print("  \(n)") }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run read-only SQL over the index, ad hoc or saved (queries/*.sql). Every run is recorded in the trail.",
        discussion: """
            Tables: events, segments, seals, checkpoints, sources, quarantine, query_log, events_fts (FTS5).
            Times are RFC 3339 UTC text with 6 fractional digits, so they compare as text.
            Examples:
              sealtrail query "SELECT actor, count(*) FROM events WHERE outcome = 'failure' GROUP BY actor"
              sealtrail query --saved actor-timeline --param actor=alice --param from=2026-07-01 --param to=2026-08-01
              sealtrail query --list
            """)

    @OptionGroup var options: StoreOptions

    @Argument(help: "The SQL (one statement). Bind values with :name and --param name=value.")
    var sql: String?

    @Option(help: "Run a saved query by name instead of SQL.")
    var saved: String?

    @Option(name: .customLong("param"), help: "A parameter, name=value (repeatable).")
    var params: [String] = []

    @Option(help: "Output: table, csv, json or ndjson.")
    var format: String = "table"

    @Option(help: "Stop the query after this many seconds.")
    var timeout: Double = 30

    @Option(help: "Directory of saved queries (default: $SEALTRAIL_QUERIES, <store>/queries, ./queries, or the ones shipped beside the program).")
    var queries: String?

    @Flag(help: "List the saved queries and their parameters.")
    var list = false

    func run() throws {
        try reportingErrors {
            let format = try outputFormat(format)
            let storePath = try options.path()
            if list {
                let saved = try SavedQuery.load(directory: try savedQueryDirectory(queries, store: storePath))
                for q in saved.values.sorted(by: { $0.name < $1.name }) {
                    let ps = q.parameters.map { $0.name + ":" + $0.kind.rawValue + ($0.defaultValue.map { "=" + $0 } ?? "") }
                    print("\(q.name)  (\(ps.joined(separator: ", ")))\n    \(q.description)\n    controls: \(q.controls.joined(separator: ", "))")
                }
                return
            }
            var given: [String: String] = [:]
            for p in params {
                guard let eq = p.firstIndex(of: "="), eq != p.startIndex else { throw CLIError("--param '\(p)' must be name=value") }
                given[String(p[..<eq])] = String(p[p.index(after: eq)...])
            }
            var inv = Investigation(store: try Store(path: storePath))
            inv.timeout = timeout
            inv.notes = { note("note: \($0)") }
            let result: QueryRunner.Result
            switch (sql, saved) {
            case let (sql?, nil):
                result = try inv.run(sql: sql, params: given)
            case let (nil, name?):
                let all = try SavedQuery.load(directory: try savedQueryDirectory(queries, store: storePath))
                guard let q = all[name] else { throw IndexError.unknownQuery(name: name, known: all.keys.sorted()) }
                result = try inv.run(saved: q, params: given)
            default:
                throw CLIError("give either SQL or --saved NAME (see --list)")
            }
            FileHandle.standardOutput.write(Data(format.render(result, width: terminalWidth()).utf8))
        }
    }
}

/// Where saved queries are read from.
func savedQueryDirectory(_ given: String?, store: String) throws -> String {
    try dataDirectory(given, env: "SEALTRAIL_QUERIES", name: "queries", suffix: ".sql", first: [store + "/queries"],
                      missing: "no saved queries found: pass --queries DIR or set SEALTRAIL_QUERIES")
}

/// A directory of data files (`queries/`, `rules/`): the option, else the environment variable,
/// else the first of `first`, `./NAME` and `NAME/` beside the program (up to five levels up) that
/// holds a file ending in `suffix`.
func dataDirectory(_ given: String?, env: String, name: String, suffix: String, first: [String] = [], missing: String) throws -> String {
    if let given { return given }
    if let value = ProcessInfo.processInfo.environment[env], !value.isEmpty { return value }
    var candidates = first + [FileManager.default.currentDirectoryPath + "/" + name]
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
        candidates.append(dir.appendingPathComponent(name).path)
        dir = dir.deletingLastPathComponent()
    }
    for c in candidates where ((try? FileManager.default.contentsOfDirectory(atPath: c)) ?? []).contains(where: { $0.hasSuffix(suffix) }) {
        return c
    }
    throw CLIError(missing)
}

/// The `--format` value as an output format.
func outputFormat(_ text: String) throws -> ResultFormat {
    guard let f = ResultFormat(rawValue: text) else {
        throw CLIError("--format must be one of: \(ResultFormat.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return f
}

/// The terminal's width for tables; unlimited when standard output is not a terminal.
func terminalWidth() -> Int {
    if isatty(1) == 1 {
        var w = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
    }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
    return isatty(1) == 1 ? 120 : Int.max / 4
}
