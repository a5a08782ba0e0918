import ArgumentParser
import Foundation
import Retention
import SegmentStore
import TrailIndex
import TrailModel

struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Check, install and show the retention policies (retention/*.yaml).",
        subcommands: [RetentionCheck.self, RetentionSet.self, RetentionShow.self])
}

struct RetentionCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check policy files without installing them (exit 2 on errors).")

    @Argument(help: "A policy directory or file (default: ./retention).")
    var path = "retention"

    func run() throws {
        let config = try reportingErrors(code: 2) { try PolicyFiles.load(path) }
        printPolicies(config)
    }
}

struct RetentionSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Install policies into the store (retention.json); seals made from now on are stamped from them (recorded in the trail).")

    @OptionGroup var options: StoreOptions

    @Argument(help: "A policy directory or file (default: ./retention).")
    var path = "retention"

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            let config = try PolicyFiles.load(path)
            let note = try RetentionInstall.install(config, store: store, from: path, actor: RetentionEvents.defaultActor())
            printPolicies(config)
            print("installed \(config.policies.count + 1) policies into \(store.layout.retentionPolicies)")
            if let note { sealtrail.note("note: \(note)") }
        }
    }
}

struct RetentionShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the policies in force for the store.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            if !FS.exists(store.layout.retentionPolicies) { print("no retention.json: the store defaults apply (store.json)") }
            printPolicies(try RetentionConfig.load(store: store))
        }
    }
}

private func printPolicies(_ config: RetentionConfig) {
    var rows: [[String]] = [["policy", "matches", "retain", "hot", "archive after", "mode"]]
    for p in config.policies + [config.defaultPolicy] {
        var m: [String] = []
        if !p.match.sources.isEmpty { m.append("sources " + p.match.sources.joined(separator: ",")) }
        if !p.match.formats.isEmpty { m.append("formats " + p.match.formats.joined(separator: ",")) }
        if !p.match.classes.isEmpty { m.append("classes " + p.match.classes.joined(separator: ",")) }
        rows.append([p.name, m.isEmpty ? "(default)" : m.joined(separator: "; "), "\(p.retain)", "\(p.hot)",
                     p.archiveAfter.map { "\($0)" } ?? "never", p.mode])
    }
    printTable(rows)
    print("archive directory: \(config.archiveDirectory ?? "<store>/archive")")
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plan (default) or apply retention: prune the hot index, archive, delete expired segments with signed tombstones.",
        discussion: """
        Exit status: 0 done (or planned); 1 refused or stopped (nothing deleted when refused: a segment \
        failed verification, the archive directory is missing, the disk is full, a hold is unreadable); \
        2 bad arguments or policies; 3 another sweep is running. A sweep stopped part-way is finished by \
        running it again.
        """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Execute the plan (default: only print it).")
    var apply = false

    @Option(help: "Plan as if it were this time (RFC 3339 or YYYY-MM-DD; planning only).")
    var now: String?

    @Flag(help: "Allow deleting governance-mode segments whose current policy has ended before their sealed retainUntil (needs --reason; never applies to compliance mode or held segments).")
    var overrideGovernance = false

    @Option(help: "Why the governance override is used (recorded in the trail and in each tombstone).")
    var reason: String?

    @Flag(help: "List every segment, not only those with something to do.")
    var all = false

    @Option(help: "Output: table or json.")
    var format = "table"

    func run() throws {
        let path = try reportingErrors(code: 2) { try options.path() }
        let (store, config) = try reportingErrors(code: 2) { () -> (Store, RetentionConfig) in
            guard format == "table" || format == "json" else { throw CLIError("--format must be table or json") }
            if overrideGovernance && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw CLIError("--override-governance needs --reason")
            }
            if apply && now != nil { throw CLIError("--now is for planning only; --apply always uses the current time") }
            let store = try Store(path: path)
            return (store, try RetentionConfig.load(store: store))
        }
        let sweeper = Sweeper(store: store, config: config, archive: ArchiveHooks.tier(store: store, config: config))
        sweeper.overrideReason = reason
        sweeper.progress = { note($0) }
        if !apply {
            let at = try reportingErrors(code: 2) { try now.map { try timeOption("--now", $0) } ?? .now }
            let plan = try reportingErrors(code: 1) { try sweeper.plan(now: at, overrideGovernance: overrideGovernance) }
            printPlan(plan)
            note("dry run: nothing was changed; run with --apply to execute")
            return
        }
        do {
            let r = try sweeper.apply(overrideGovernance: overrideGovernance)
            printPlan(r.plan)
            print("sweep \(r.plan.id): pruned \(r.pruned.count) segments (\(r.rowsPruned) index rows), archived \(r.archived.count), deleted \(r.deleted.count) (\(r.bytesFreed) bytes) with signed tombstones")
        } catch let e as StoreError {
            if case .locked = e { note("sealtrail: error: \(e)"); throw ExitCode(3) }
            note("sealtrail: error: \(e)")
            throw ExitCode(1)
        } catch {
            note("sealtrail: error: \(error)")
            throw ExitCode(1)
        }
    }

    private func printPlan(_ plan: SweepPlan) {
        if format == "json" {
            var items: [JSONValue] = []
            for i in plan.items where all || !i.isNoop {
                var o: [(String, JSONValue)] = [
                    ("segment", .number(String(i.seal.segment))), ("source", .string(i.seal.source)),
                    ("firstTime", .string(i.seal.firstTime)), ("lastTime", .string(i.seal.lastTime)),
                    ("location", .string(i.location.rawValue)), ("actions", .array(i.actions.map { .string($0.rawValue) })),
                    ("reason", .string(i.reason)), ("policy", .string(i.policy)), ("retainUntil", .string(i.seal.retainUntil)),
                    ("mode", .string(i.seal.retentionMode)),
                ]
                if let h = i.hold { o.append(("hold", .string(h))) }
                if i.override { o.append(("override", .bool(true))) }
                items.append(.object(o))
            }
            let doc: JSONValue = .object([
                ("sweep", .string(plan.id)), ("now", .string(plan.now.rfc3339)), ("segments", .number(String(plan.items.count + plan.expiredBefore))),
                ("expiredBefore", .number(String(plan.expiredBefore))),
                ("counts", .object(SweepPlan.Action.allCases.map { ($0.rawValue, .number(String(plan.count($0)))) })),
                ("problems", .array(plan.problems.map { .string($0) })), ("items", .array(items)),
            ])
            print(String(decoding: CanonicalJSON.encode(doc), as: UTF8.self))
            return
        }
        var rows: [[String]] = [["segment", "source", "events", "location", "action", "reason"]]
        for i in plan.items where all || !i.isNoop {
            rows.append([StoreLayout.segmentName(i.seal.segment), i.seal.source,
                         "\(i.seal.firstTime.prefix(10))..\(i.seal.lastTime.prefix(10))", i.location.rawValue,
                         i.actions.map(\.rawValue).joined(separator: "+"), i.reason])
        }
        if rows.count > 1 { printTable(rows) }
        let counts = SweepPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: ", ")
        print("plan \(plan.id) at \(plan.now.rfc3339): \(plan.items.count + plan.expiredBefore) segments: \(counts); \(plan.expiredBefore) already expired; \(plan.items.filter { $0.hold != nil }.count) held")
        for p in plan.problems { print("problem: \(p)") }
    }
}

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Legal holds: segments they cover are never deleted, in either mode.",
        subcommands: [HoldAdd.self, HoldList.self, HoldRelease.self])
}

struct HoldAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Place a legal hold (recorded in the trail).")

    @OptionGroup var options: StoreOptions
    @Option(help: "Why (e.g. the case or matter).") var reason: String
    @Option(help: "Who places it (default: $SEALTRAIL_ACTOR or $USER).") var by: String?
    @Option(help: "Source name or pattern (* wildcards).") var source: String?
    @Option(help: "Events from this time (RFC 3339 or YYYY-MM-DD).") var from: String?
    @Option(help: "Events before this time (a date means the end of that day).") var to: String?
    @Option(help: "Segments holding an event by this actor.") var actor: String?
    @Option(help: "A saved query whose 'ref' column names the events to hold.") var query: String?
    @Option(name: .customLong("param"), help: "Saved-query parameter NAME=VALUE (repeatable).") var params: [String] = []
    @Option(help: "Saved queries directory (default: ./queries or $SEALTRAIL_QUERIES).") var queries: String?

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            var saved: SavedQuery?
            if let query {
                let dir = try dataDirectory(queries, env: "SEALTRAIL_QUERIES", name: "queries", suffix: ".sql", missing: "no saved queries directory (give --queries)")
                guard let q = try SavedQuery.load(directory: dir)[query] else { throw CLIError("no saved query '\(query)' in \(dir)") }
                saved = q
            }
            var kv: [String: String] = [:]
            for p in params {
                guard let eq = p.firstIndex(of: "=") else { throw CLIError("--param '\(p)' must be NAME=VALUE") }
                kv[String(p[..<eq])] = String(p[p.index(after: eq)...])
            }
            let hold = try HoldStore.add(store: store, reason: reason, by: by ?? RetentionEvents.defaultActor(), source: source,
                                         from: try from.map { try timeOption("--from", $0) }, to: try to.map { try timeOption("--to", $0, end: true) },
                                         actor: actor, query: saved, params: kv)
            print("placed legal hold \(hold.id): \(hold.scope)")
        }
    }
}

struct HoldList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List legal holds (active first; --all includes released ones).")

    @OptionGroup var options: StoreOptions
    @Flag(help: "Include released holds.") var all = false

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            let holds = try HoldStore.all(layout: store.layout).filter { all || $0.isActive }
            var rows: [[String]] = [["hold", "status", "placed", "by", "scope", "reason"]]
            for h in holds.sorted(by: { ($0.isActive ? 0 : 1, $0.created) < ($1.isActive ? 0 : 1, $1.created) }) {
                rows.append([h.id, h.isActive ? "active" : "released \(h.released!.prefix(10)) by \(h.releasedBy ?? "?")",
                             String(h.created.prefix(19)), h.by, h.scope, h.reason])
            }
            if holds.isEmpty { print(all ? "no legal holds" : "no active legal holds") } else { printTable(rows) }
        }
    }
}

struct HoldRelease: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a legal hold (recorded in the trail).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The hold id (see 'hold list').") var id: String
    @Option(help: "Why it is released.") var reason: String
    @Option(help: "Who releases it (default: $SEALTRAIL_ACTOR or $USER).") var by: String?

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            let h = try HoldStore.release(store: store, id: id, reason: reason, by: by ?? RetentionEvents.defaultActor())
            print("released legal hold \(h.id) (\(h.scope))")
        }
    }
}

/// Prints rows (the first is the header) as an aligned table fitted to the terminal.
func printTable(_ rows: [[String]]) {
    guard let header = rows.first else { return }
    let result = QueryRunner.Result(columns: header, rows: rows.dropFirst().map { $0.map { QueryRunner.Cell.text($0) } })
    FileHandle.standardOutput.write(Data(ResultFormat.table.render(result, width: max(terminalWidth(), 160)).utf8))
}
