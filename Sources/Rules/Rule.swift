import TrailModel

/// One rule, validated (see docs/rules.md).
public struct Rule: Sendable {
    public enum Kind: Sendable {
        case match(Condition)
        case threshold(ThresholdRule)
        case absence(AbsenceRule)
        case sequence(SequenceRule)
        case sql(String)

        public var name: String {
            switch self {
            case .match: return "match"
            case .threshold: return "threshold"
            case .absence: return "absence"
            case .sequence: return "sequence"
            case .sql: return "sql"
            }
        }
    }

    public var id: String
    public var title: String
    public var severity: String
    public var controls: [String]
    public var description: String
    public var kind: Kind
    public var tests: [RuleTest]
    public var path: String
    public var line: Int

    static let severities = ["info", "low", "medium", "high", "critical"]
    static let keys: Set<String> = ["id", "title", "severity", "controls", "description", "kind", "where", "group_by", "count",
                                    "window", "expected", "first", "then", "by", "within", "mode", "sql", "tests"]

    static func parse(_ node: YAMLNode) throws -> Rule {
        let f = try Fields(node, allowed: keys)
        let id = try f.need("id").string()
        guard let c = id.first, c.isLowercase || c.isNumber,
              id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw try f.need("id").fail("'\(id)' must be lower-case letters, digits and '-'")
        }
        let severity = try f.need("severity").string()
        guard severities.contains(severity) else { throw try f.need("severity").fail("must be one of \(severities.joined(separator: ", "))") }
        let controls = try f.need("controls").strings()
        guard !controls.isEmpty else { throw try f.need("controls").fail("a rule must name at least one control") }
        for c in controls where !c.contains(":") || !c.contains("@") {
            throw try f.need("controls").fail("'\(c)' must be framework@version:control")
        }
        let kindNode = try f.need("kind")
        let kind: Kind
        switch try kindNode.string() {
        case "match": kind = .match(try Condition.parse(try f.need("where")))
        case "threshold": kind = .threshold(try ThresholdRule(f))
        case "absence": kind = .absence(try AbsenceRule(f))
        case "sequence": kind = .sequence(try SequenceRule(f))
        case "sql": kind = .sql(try f.need("sql").string())
        default: throw kindNode.fail("must be match, threshold, absence, sequence or sql")
        }
        let tests = try f["tests"].map { try $0.sequence().map(RuleTest.parse) } ?? []
        return Rule(id: id, title: try f.need("title").string(), severity: severity, controls: controls,
                    description: try f["description"]?.string() ?? "", kind: kind, tests: tests, path: node.path, line: node.line)
    }

    /// A fresh evaluation state for a period starting at `from` (nil for `sql` rules, which run on the index).
    func makeState(from: Timestamp) -> RuleState? {
        switch kind {
        case let .match(c): return MatchState(rule: self, condition: c)
        case let .threshold(t): return ThresholdState(rule: self, spec: t)
        case let .absence(a): return AbsenceState(rule: self, spec: a, from: from)
        case let .sequence(s): return SequenceState(rule: self, spec: s)
        case .sql: return nil
        }
    }

    func finding(key: String, start: Timestamp, end: Timestamp, events: [String]) -> Finding {
        Finding(rule: id, title: title, severity: severity, controls: controls, key: key, start: start, end: end, events: events)
    }
}

/// The running state of one rule over a stream of events in time order.
protocol RuleState: AnyObject {
    /// Events that met one of the rule's conditions so far.
    var matched: Int { get }
    func observe(_ e: EvalEvent, emit: (Finding) -> Void)
    /// The period ends at `to`: report what is due by then.
    func finish(to: Timestamp, emit: (Finding) -> Void)
}

/// The text of an event's grouping fields, or nil when one is missing.
func groupKey(_ e: EvalEvent, _ fields: [FieldPath]) -> String? {
    if fields.isEmpty { return "*" }
    var parts: [String] = []
    for f in fields {
        guard let v = e.value(f) else { return nil }
        parts.append(v.scalarText ?? String(decoding: CanonicalJSON.encode(v), as: UTF8.self))
    }
    return parts.joined(separator: "|")
}

func parseFields(_ node: YAMLNode?) throws -> [FieldPath] {
    guard let node else { return [] }
    return try node.strings().map { name in
        guard let f = FieldPath(name) else { throw node.fail("unknown field '\(name)'") }
        return f
    }
}
