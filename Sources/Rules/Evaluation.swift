import Foundation
import TrailIndex
import TrailModel

/// What a batch evaluation found, and what it could not evaluate.
public struct EvaluationResult: Sendable {
    public var findings: [Finding]
    /// Events that met a condition of each rule (for `sql` rules: their finding count).
    public var matched: [String: Int]
    /// Rules that failed, with the reason (their findings are missing).
    public var errors: [String: String]
    public var events: Int
    /// Seconds per rule, slowest first (when profiled); `sql` rules included.
    public var profile: [(rule: String, seconds: Double)] = []
}

extension RuleSet {
    /// Batch evaluation of a period over the index: the index's events in time order go through the
    /// same evaluator streaming uses, then `sql` rules run on the index with `:from` and `:to`.
    public func evaluate(index: TrailIndex, from: Timestamp, to: Timestamp, profile: Bool = false,
                         progress: ((Int) -> Void)? = nil) throws -> EvaluationResult {
        let stream = stream(from: from)
        stream.profiling = profile
        var sqlTimes: [(String, Double)] = []
        var n = 0
        try index.forEachEvent(from: from, to: to) { event, leaf in
            stream.observe(EvalEvent(event: event, ref: leaf))
            n += 1
            if n % 100_000 == 0 { progress?(n) }
        }
        var findings = stream.finish(to: to)
        var matched = stream.matched
        var errors: [String: String] = [:]
        for rule in rules {
            guard case .sql = rule.kind else { continue }
            do {
                let started = Date()
                defer { sqlTimes.append((rule.id, Date().timeIntervalSince(started))) }
                let fs = try RuleSet(rules: [rule]).sqlFindings(indexPath: TrailIndex.path(index.store.layout), from: from, to: to)
                findings += fs
                matched[rule.id] = fs.count
            } catch let RulesError.evaluation(_, reason) {
                errors[rule.id] = reason
            }
        }
        findings.sort(by: Finding.order)
        var result = EvaluationResult(findings: findings, matched: matched, errors: errors, events: n)
        if profile { result.profile = (stream.profile + sqlTimes).sorted { $0.1 > $1.1 } }
        return result
    }

    /// Runs the `sql` rules on the index at `indexPath`.
    func sqlFindings(indexPath: String, from: Timestamp, to: Timestamp) throws -> [Finding] {
        var out: [Finding] = []
        let runner = QueryRunner(indexPath: indexPath)
        for rule in rules {
            guard case let .sql(sql) = rule.kind else { continue }
            let result: QueryRunner.Result
            do {
                result = try runner.run(sql: sql, textArguments: ["from": from.rfc3339, "to": to.rfc3339])
            } catch {
                throw RulesError.evaluation(rule: rule.id, reason: "\(error)")
            }
            guard let k = result.columns.firstIndex(of: "key"), let t = result.columns.firstIndex(of: "time"),
                  let e = result.columns.firstIndex(of: "events") else {
                throw RulesError.evaluation(rule: rule.id, reason: "its query must return the columns key, time and events")
            }
            var refs: [[String]] = []
            for row in result.rows { refs.append((row[e].text ?? "").split(separator: ",").map(String.init)) }
            let leaves = try leafHashes(of: refs.flatMap { $0 }, runner: runner)
            for (row, events) in zip(result.rows, refs) {
                guard let ts = row[t].text, let p = TimeParser.parseISO(ts[...].utf8) else {
                    throw RulesError.evaluation(rule: rule.id, reason: "column time holds '\(row[t].text ?? "NULL")', not a time")
                }
                out.append(rule.finding(key: row[k].text ?? "-", start: p.timestamp, end: p.timestamp, events: events.map { leaves[$0] ?? $0 }))
            }
        }
        return out
    }
}

/// Event references from an `sql` rule: leaf hashes stay as they are; event ids become the leaf
/// hash of the event with that id (kept as the id when no event has it). One query for all of them.
private func leafHashes(of refs: [String], runner: QueryRunner) throws -> [String: String] {
    func isLeaf(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
    let ids = Array(Set(refs.filter { !isLeaf($0) }))
    guard !ids.isEmpty else { return [:] }
    let list = String(decoding: CanonicalJSON.encode(.array(ids.map(JSONValue.string))), as: UTF8.self)
    let r = try runner.run(sql: """
        SELECT id, min(leaf) FROM events WHERE id IN (SELECT value FROM json_each(:ids)) GROUP BY id
        """, textArguments: ["ids": list])
    var out: [String: String] = [:]
    for row in r.rows { if let id = row[0].text, let leaf = row[1].text { out[id] = leaf } }
    return out
}

extension Finding {
    /// The finding as the index stores it.
    public var stored: StoredFinding {
        StoredFinding(id: id, rule: rule, title: title, severity: severity, controls: controls, key: key,
                      start: start.rfc3339, end: end.rfc3339, events: events)
    }
}
