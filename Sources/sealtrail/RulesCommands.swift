import ArgumentParser
import Foundation
import Rules
import SegmentStore
import TrailIndex
import TrailModel

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Rules that turn the trail into control evidence (rules/*.yaml; see docs/rules.md).",
        subcommands: [RulesTest.self, RulesList.self, RulesEval.self, RulesFindings.self, RulesCoverage.self, ImportSigma.self])
}

/// `--rules DIR`, or the rules shipped beside the program.
struct RulesOptions: ParsableArguments {
    @Option(help: "Rules directory (default: $SEALTRAIL_RULES, ./rules, or the rules shipped beside the program).")
    var rules: String?

    func directory() throws -> String {
        try dataDirectory(rules, env: "SEALTRAIL_RULES", name: "rules", suffix: ".yaml", missing: "no rules found: pass --rules DIR or set SEALTRAIL_RULES")
    }

    func load() throws -> RuleSet { try RuleSet.load(directory: try directory()) }
}

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the tests every rule carries (events in, findings out). Exit 1 if any fails.")

    @OptionGroup var options: RulesOptions
    @Flag(help: "Print every test, not only failures.") var verbose = false

    func run() throws {
        try reportingErrors {
            let set = try options.load()
            let scratch = NSTemporaryDirectory() + "sealtrail-rules-test-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let outcomes = RuleTester.run(set, scratch: scratch)
            for o in outcomes where verbose || o.failure != nil {
                print("\(o.failure == nil ? "ok  " : "FAIL") \(o.rule) / \(o.test)\(o.failure.map { "\n     \(o.location): \($0)" } ?? "")")
            }
            let failed = outcomes.filter { $0.failure != nil }.count
            let frameworks = try Framework.loadAll(directory: try options.directory() + "/controls")
            let problems = Framework.check(frameworks, rules: set)
            for p in problems { print("FAIL crosswalk: \(p)") }
            print("rules test: \(set.rules.count) rules, \(outcomes.count - failed) tests passed, \(failed) failed; "
                  + "crosswalk: \(frameworks.count) frameworks, \(frameworks.reduce(0) { $0 + $1.controls.count }) controls, \(problems.count) problems")
            if failed > 0 || !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules: id, kind, severity, controls.")
    @OptionGroup var options: RulesOptions

    func run() throws {
        try reportingErrors {
            let set = try options.load()
            let rows = set.rules.map { [QueryRunner.Cell.text($0.id), .text($0.kind.name), .text($0.severity),
                                        .text($0.controls.joined(separator: " ")), .text($0.title)] }
            print(ResultFormat.table.render(QueryRunner.Result(columns: ["id", "kind", "severity", "controls", "title"], rows: rows),
                                            width: terminalWidth()), terminator: "")
        }
    }
}

struct RulesEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the rules over a period (batch) and store the findings in the index (each once, however often a period is evaluated).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RulesOptions
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Print the ten rules that took longest.") var profile = false

    func run() throws {
        try reportingErrors {
            let set = try options.load()
            let (f, t) = try period.range()
            let index = try TrailIndex(store: try Store(path: try store.path()))
            try index.catchUp()
            let started = Date()
            let progress = progressPrinter()
            let result = try set.evaluate(index: index, from: f, to: t, profile: profile) { n in progress?("evaluated \(n) events") }
            for (rule, s) in result.profile.prefix(10) { note(String(format: "profile: %8.3f s  %@", s, rule)) }
            let findings = result.findings
            let added = try index.store(findings: findings.map(\.stored), mode: "batch")
            if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            var byRule: [String: Int] = [:]
            for x in findings { byRule[x.rule, default: 0] += 1 }
            print("rules eval \(f.rfc3339) – \(t.rfc3339): \(set.rules.count) rules over \(result.events) events, \(findings.count) findings (\(added) new) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            for (rule, n) in byRule.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) { print("  \(rule): \(n)") }
            for (rule, e) in result.errors.sorted(by: { $0.key < $1.key }) { note("error: rule \(rule) could not be evaluated: \(e)") }
            if !result.errors.isEmpty { throw ExitCode(1) }
        }
    }
}

struct RulesFindings: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "findings", abstract: "Export stored findings as a table, CSV, JSON or NDJSON.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only findings starting at or after this time.") var from: String?
    @Option(help: "Only findings starting before this time.") var to: String?
    @Option(help: "Only this rule.") var rule: String?
    @Option(help: "Output: table, csv, json or ndjson.") var format: String = "table"

    func run() throws {
        try reportingErrors {
            let fmt = try outputFormat(format)
            var params: [String: String] = [:]
            var sql = "SELECT id, rule, severity, controls, key, start, end, events, status FROM findings WHERE 1"
            if let from { sql += " AND start >= :from"; params["from"] = try timeOption("--from", from).rfc3339 }
            if let to { sql += " AND start < :to"; params["to"] = try timeOption("--to", to, end: true).rfc3339 }
            if let rule { sql += " AND rule = :rule"; params["rule"] = rule }
            var inv = Investigation(store: try Store(path: try store.path()))
            inv.notes = { note("note: \($0)") }
            let r = try inv.run(sql: sql + " ORDER BY start, rule, key", params: params)
            FileHandle.standardOutput.write(Data(fmt.render(r, width: terminalWidth()).utf8))
        }
    }
}

struct RulesCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Every control of a framework for a period: status (ok, alarm, info, manual, n/a, error), rules, event and finding counts.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RulesOptions
    @Option(help: "The framework, as rules name it: pci-dss@4.0, psd2-rts@2018/389, soc2@2017, gdpr@2016/679.") var framework: String
    @OptionGroup var period: PeriodOptions
    @Option(help: "Output: table, csv, json or ndjson.") var format: String = "table"

    func run() throws {
        try reportingErrors {
            let fmt = try outputFormat(format)
            let set = try options.load()
            let frameworks = try Framework.loadAll(directory: try options.directory() + "/controls")
            guard let fw = frameworks.first(where: { $0.qualified == framework || $0.name == framework }) else {
                throw CLIError("no framework '\(framework)' in the crosswalk; known: \(frameworks.map(\.qualified).joined(separator: ", "))")
            }
            let (f, t) = try period.range()
            let index = try TrailIndex(store: try Store(path: try store.path()))
            try index.catchUp()
            let result = try set.evaluate(index: index, from: f, to: t)
            try index.store(findings: result.findings.map(\.stored), mode: "batch")
            let rows = fw.coverage(rules: set, findings: result.findings, matched: result.matched, errors: result.errors)
            let table = QueryRunner.Result(columns: ["control", "status", "coverage", "rules", "events", "findings", "title", "note"], rows: rows.map {
                [.text($0.control), .text($0.status), .text($0.coverage), .text($0.rules.joined(separator: " ")), .int(Int64($0.events)),
                 .int(Int64($0.findings)), .text($0.title), .text($0.note)]
            })
            if fmt == .table {
                var counts: [String: Int] = [:]
                for r in rows { counts[r.status, default: 0] += 1 }
                FileHandle.standardOutput.write(Data(("\(fw.title), \(f.rfc3339) – \(t.rfc3339), \(result.events) events: "
                    + ["ok", "alarm", "info", "manual", "n/a", "error"].map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n").utf8))
            }
            FileHandle.standardOutput.write(Data(fmt.render(table, width: terminalWidth()).utf8))
        }
    }
}

/// `--from` and `--to`, required.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Period start (RFC 3339 or YYYY-MM-DD).") var from: String
    @Option(help: "Period end, exclusive (a date means the end of that day).") var to: String

    func range() throws -> (Timestamp, Timestamp) { try period(from, to) }
}

/// A time option's value: RFC 3339 or a date (its midnight, UTC). With `end`, a date means the end
/// of that day (an exclusive end).
func timeOption(_ option: String, _ text: String, end: Bool = false) throws -> Timestamp {
    guard let t = end ? TimeArgument.parseEnd(text) : TimeArgument.parse(text) else {
        throw CLIError("\(option) '\(text)' is not a date (YYYY-MM-DD) or RFC 3339 time")
    }
    return t
}

/// A period from command-line times; a date given as the end means the end of that day.
func period(_ from: String, _ to: String) throws -> (Timestamp, Timestamp) {
    let f = try timeOption("--from", from)
    let t = try timeOption("--to", to, end: true)
    guard f.micros < t.micros else { throw CLIError("--from must be before --to") }
    return (f, t)
}
