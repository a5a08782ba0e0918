import Foundation
import TrailIndex
import TrailModel

/// Runs the tests that rules carry (`sealtrail rules test`).
public enum RuleTester {
    public struct Outcome: Sendable {
        public var rule: String
        public var test: String
        public var location: String
        /// nil when the test passed; otherwise what differed.
        public var failure: String?
    }

    /// Runs every test of every rule. `scratch` is a directory for the throw-away indexes `sql` rules need.
    public static func run(_ set: RuleSet, scratch: String) -> [Outcome] {
        var out: [Outcome] = []
        for rule in set.rules {
            if rule.tests.isEmpty {
                out.append(Outcome(rule: rule.id, test: "(none)", location: "\(rule.path):\(rule.line)", failure: "the rule has no tests"))
            } else {
                let positive = rule.tests.contains { $0.expect != .count(0) }
                let negative = rule.tests.contains { $0.expect == .count(0) || $0.expect == .findings([]) }
                if !positive || !negative {
                    out.append(Outcome(rule: rule.id, test: "(coverage)", location: "\(rule.path):\(rule.line)",
                                       failure: "needs at least one test that finds something and one that finds nothing"))
                }
            }
            for test in rule.tests {
                let location = "\(rule.path):\(test.line)"
                do {
                    let found = try findings(rule, test, scratch: scratch)
                    out.append(Outcome(rule: rule.id, test: test.name, location: location, failure: compare(found, test)))
                } catch {
                    out.append(Outcome(rule: rule.id, test: test.name, location: location, failure: "\(error)"))
                }
            }
        }
        return out
    }

    /// The period of a test: from its earliest event to just after its latest one.
    static func findings(_ rule: Rule, _ test: RuleTest, scratch: String) throws -> [(key: String, events: [Int])] {
        let times = test.events.map(\.time.micros)
        let from = Timestamp(micros: times.min() ?? 0)
        let to = Timestamp(micros: (times.max() ?? 0) + 1)
        let set = RuleSet(rules: [rule])
        var refs: [String: Int] = [:]
        var found: [Finding]
        if case .sql = rule.kind {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let path = scratch + "/\(rule.id)-\(UUID().uuidString).sqlite"
            defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
            let leaves = try TrailIndex.scratch(path: path, events: test.events)
            for (k, l) in leaves.enumerated() { refs[l] = k }
            for (k, e) in test.events.enumerated() { if let id = e.id, refs[id] == nil { refs[id] = k } }
            found = try set.sqlFindings(indexPath: path, from: from, to: to)
        } else {
            let order = test.events.indices.sorted { (test.events[$0].time.micros, $0) < (test.events[$1].time.micros, $1) }
            let stream = set.stream(from: from)
            for k in order { stream.observe(EvalEvent(event: test.events[k], ref: "#\(k)")); refs["#\(k)"] = k }
            found = stream.finish(to: to)
        }
        return found.map { f in (f.key, f.events.map { refs[$0] ?? -1 }.sorted()) }
    }

    static func compare(_ found: [(key: String, events: [Int])], _ test: RuleTest) -> String? {
        func show(_ fs: [(key: String, events: [Int])]) -> String {
            fs.map { "{key: \($0.key), events: \($0.events)}" }.joined(separator: ", ")
        }
        switch test.expect {
        case let .count(n):
            return found.count == n ? nil : "expected \(n) finding(s), got \(found.count): [\(show(found))]"
        case let .findings(expected):
            var rest = found
            for e in expected {
                guard let k = rest.firstIndex(where: { ($0.key == e.key || e.key == nil) && $0.events == e.events.sorted() }) else {
                    return "expected a finding {key: \(e.key ?? "any"), events: \(e.events.sorted())}; got [\(show(found))]"
                }
                rest.remove(at: k)
            }
            return rest.isEmpty ? nil : "unexpected finding(s): [\(show(rest))]"
        }
    }
}
