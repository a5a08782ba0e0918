import Dispatch
import Foundation
import TrailModel

/// The rules of a directory (`rules/*.yaml`), loaded and validated.
public struct RuleSet: Sendable {
    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// Loads every `*.yaml` file of `directory` (not its subfolders: `controls/` holds the crosswalk).
    public static func load(directory: String) throws -> RuleSet {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var rules: [Rule] = []
        var seen: [String: String] = [:]
        for name in names {
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw RulesError.badFile(path: path, line: 0, field: "(file)", reason: "not readable as UTF-8 text")
            }
            for rule in try parse(text, path: path) {
                if let other = seen[rule.id] {
                    throw RulesError.badFile(path: path, line: rule.line, field: "id", reason: "'\(rule.id)' is also defined in \(other)")
                }
                seen[rule.id] = "\(path):\(rule.line)"
                rules.append(rule)
            }
        }
        return RuleSet(rules: rules)
    }

    public static func parse(_ text: String, path: String) throws -> [Rule] {
        let root = try YAMLNode.load(text, path: path)
        let f = try Fields(root, allowed: ["rules"])
        return try f.need("rules").sequence().map(Rule.parse)
    }

    /// Evaluates the event rules (all kinds but `sql`) over events in time order, for the period
    /// [from, to). Batch and streaming evaluation both go through this one evaluator.
    public func stream(from: Timestamp) -> RuleStream { RuleStream(rules: rules, from: from) }
}

/// Streaming evaluation: feed events as they arrive (in time order), collect findings; `finish`
/// reports what is due at the period's end (silences, missing follow-ups).
public final class RuleStream {
    private var states: [(Rule, RuleState)] = []
    /// The states and rule ids by index, apart from the rules (reading `states[k]` copies a whole
    /// `Rule`, which costs more than most conditions).
    private var objects: [RuleState] = []
    private var ids: [String] = []
    /// Rules that must see every event, rules by exact action, rules by action prefix.
    private var everyEvent: [Int] = []
    private var byAction: [String: [Int]] = [:]
    private var byPrefix: [(String, Int)] = []
    public private(set) var findings: [Finding] = []
    public private(set) var events = 0
    /// When set, called after each event that met a condition of one or more rules, with their
    /// ids in the rules' order (evidence packs list these events as a control's population).
    public var onMatch: ((EvalEvent, [String]) -> Void)?
    /// When set, the time each rule spends on events is measured (`rules eval --profile`).
    public var profiling = false
    private var nanos: [UInt64] = []

    init(rules: [Rule], from: Timestamp) {
        for r in rules {
            guard let s = r.makeState(from: from) else { continue }
            let k = states.count
            states.append((r, s))
            objects.append(s)
            ids.append(r.id)
            if let f = r.actionFilter {
                for a in f.exact { byAction[a, default: []].append(k) }
                for p in f.prefixes { byPrefix.append((p, k)) }
            } else {
                everyEvent.append(k)
            }
        }
    }

    /// Shows `e` to every rule that can react to its action, in the rules' order.
    public func observe(_ e: EvalEvent) {
        events += 1
        var targets = everyEvent
        if let action = e.event.action {
            if let ks = byAction[action] { targets += ks }
            for (p, k) in byPrefix where action.hasPrefix(p) { targets.append(k) }
        }
        if targets.count > everyEvent.count { targets.sort() }
        var last = -1
        var met: [String] = []
        for k in targets where k != last {
            last = k
            let state = objects[k]
            let before = onMatch == nil ? 0 : state.matched
            if profiling {
                if nanos.isEmpty { nanos = Array(repeating: 0, count: states.count) }
                let t0 = DispatchTime.now().uptimeNanoseconds
                state.observe(e) { findings.append($0) }
                nanos[k] += DispatchTime.now().uptimeNanoseconds - t0
            } else {
                state.observe(e) { findings.append($0) }
            }
            if onMatch != nil, state.matched > before { met.append(ids[k]) }
        }
        if let onMatch, !met.isEmpty { onMatch(e, met) }
    }

    /// Seconds each rule spent on events (empty unless `profiling`), slowest first.
    public var profile: [(rule: String, seconds: Double)] {
        zip(states, nanos).map { ($0.0.id, Double($1) / 1e9) }.sorted { $0.1 > $1.1 }
    }

    /// Events that met a condition of each rule, by rule id.
    public var matched: [String: Int] {
        var out: [String: Int] = [:]
        for (r, s) in states { out[r.id] = s.matched }
        return out
    }

    /// Ends the period at `to` and returns every finding, in a stable order.
    public func finish(to: Timestamp) -> [Finding] {
        for (_, s) in states { s.finish(to: to) { findings.append($0) } }
        findings.sort(by: Finding.order)
        return findings
    }
}
