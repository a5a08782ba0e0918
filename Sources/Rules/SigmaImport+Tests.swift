import TrailModel

/// Tests for converted Sigma rules: an event built from the selection that the rule must find, and
/// one with another action that it must not.
///
/// The positive event is built mechanically: each way the condition can hold (one value of each
/// OR, every value of an `|all`, negations left unset) gives field values (a wildcard pattern's
/// literal text, a CIDR block's address); those become a CloudTrail-shaped event the way
/// `CloudTrailParser` maps a record. Each candidate is checked with the compiled rule, and the
/// generated tests must pass `RuleTester`; a rule with a regular expression, or whose candidates all
/// fail, is emitted without tests and the reason is reported.
extension SigmaImport {
    static let otherAction = "example.amazonaws.com:OtherCall"
    static let exampleTime = "2026-01-01T00:00:00Z"

    /// The `tests:` lines of a rule item, or a `SigmaRefusal` saying why none could be built.
    static func testLines(for expr: SigmaExpr, condition: Condition) throws -> [String] {
        var reason = "no event built from the selection satisfies the condition"
        for alternative in alternatives(expr, cap: 64) {
            let sample: [(String, String)]
            do { sample = try values(alternative) } catch let r as SigmaRefusal { reason = r.reason; continue }
            guard let positive = event(sample) else { reason = "the selection's field paths conflict"; continue }
            guard condition.matches(EvalEvent(event: positive, ref: "#0")) else { continue }
            var moved = positive
            moved.action = otherAction
            let bare = event([("eventSource", "example.amazonaws.com"), ("eventName", "OtherCall")])!
            guard let negative = [moved, bare].first(where: { !condition.matches(EvalEvent(event: $0, ref: "#0")) }) else {
                reason = "every event with another action is found too"
                continue
            }
            return ["    tests:",
                    "      - name: an event the Sigma selection describes is a finding",
                    "        events:",
                    "          - \(flow(positive))",
                    "        expect: 1",
                    "      - name: an event with another action is not",
                    "        events:",
                    "          - \(flow(negative))",
                    "        expect: 0"]
        }
        throw SigmaRefusal(what: "tests", reason: reason)
    }

    /// The ways the expression can hold, each a list of (field, value) that must all hold; negations add nothing.
    static func alternatives(_ e: SigmaExpr, cap: Int) -> [[(String, SigmaValue)]] {
        switch e {
        case let .leaf(l): return l.all ? [l.values.map { (l.field, $0) }] : l.values.map { [(l.field, $0)] }
        case let .or(xs): return Array(xs.flatMap { alternatives($0, cap: cap) }.prefix(cap))
        case .not: return [[]]
        case let .and(xs):
            var acc: [[(String, SigmaValue)]] = [[]]
            for x in xs {
                let next = alternatives(x, cap: cap)
                acc = Array(acc.flatMap { a in next.map { a + $0 } }.prefix(cap))
            }
            return acc
        }
    }

    /// One text per field that meets all of that field's values; fields that must be missing are left out.
    static func values(_ alternative: [(String, SigmaValue)]) throws -> [(String, String)] {
        var order: [String] = []
        var byField: [String: [SigmaValue]] = [:]
        for (f, v) in alternative {
            if byField[f] == nil { order.append(f) }
            byField[f, default: []].append(v)
        }
        var out: [(String, String)] = []
        for f in order {
            let vs = byField[f]!
            let absent = vs.filter { $0 == .null || $0 == .exists(false) }.count
            if absent > 0 {
                guard absent == vs.count else { throw SigmaRefusal(what: "tests", reason: "\(f) must be both missing and present") }
                continue
            }
            var patterns: [[GlobToken]] = []
            var block: String?
            for v in vs {
                switch v {
                case .regex: throw SigmaRefusal(what: "tests", reason: "no example value is built for the regular expression on \(f)")
                case let .cidr(c): block = block ?? String(c.split(separator: "/")[0])
                case let .pattern(t): patterns.append(t)
                case .null, .exists: break
                }
            }
            var text = block ?? (patterns.isEmpty ? "example" : sample(patterns))
            if text.isEmpty && (f == "eventName" || f == "eventSource") { text = f == "eventName" ? "ExampleCall" : "example.amazonaws.com" }
            out.append((f, text))
        }
        return out
    }

    /// A text meeting wildcard patterns: an exact one if any, else the anchored start, the middles, the anchored end.
    static func sample(_ patterns: [[GlobToken]]) -> String {
        func text(_ t: [GlobToken]) -> String {
            t.map { tok -> String in
                switch tok {
                case let .text(s): return s
                case .any: return ""
                case .one: return "x"
                }
            }.joined()
        }
        if let exact = patterns.first(where: { !$0.contains(.any) && !$0.contains(.one) }) { return text(exact) }
        let head = patterns.firstIndex { $0.first != .any }
        let tail = patterns.indices.first { $0 != head && patterns[$0].last != .any }
        var order = head.map { [$0] } ?? []
        order += patterns.indices.filter { $0 != head && $0 != tail }
        if let tail { order.append(tail) }
        return order.map { text(patterns[$0]) }.joined()
    }

    /// A CloudTrail-shaped event for Sigma field values, mapped the way `CloudTrailParser` maps a record.
    static func event(_ values: [(String, String)]) -> TrailEvent? {
        func value(_ f: String) -> String? { values.first { $0.0 == f }?.1 }
        var attributes: [(String, JSONValue)] = []
        for (f, v) in values where !["eventSource", "eventName", "sourceIPAddress", "eventID"].contains(f) {
            guard insert(f.split(separator: ".").map(String.init)[...], v, into: &attributes) else { return nil }
        }
        let actor = ["arn", "principalId", "invokedBy", "userName"].lazy.compactMap { value("userIdentity." + $0) }.first
        let time = Timestamp(seconds: 1_767_225_600)  // exampleTime
        return TrailEvent(id: value("eventID"), time: time, received: time, source: "test", format: "cloudtrail", actor: actor,
                          action: (value("eventSource") ?? "example.amazonaws.com") + ":" + (value("eventName") ?? "ExampleCall"),
                          resource: nil, outcome: value("errorCode") == nil ? .success : .failure, origin: value("sourceIPAddress"),
                          session: nil, attributes: attributes, raw: "{}", clock: nil)
    }

    static func insert(_ path: ArraySlice<String>, _ value: String, into members: inout [(String, JSONValue)]) -> Bool {
        guard let k = path.first else { return false }
        let existing = members.firstIndex { $0.0 == k }
        if path.count == 1 {
            guard existing == nil else { return false }
            members.append((k, .string(value)))
            return true
        }
        var inner: [(String, JSONValue)] = []
        if let i = existing {
            guard case let .object(m) = members[i].1 else { return false }
            inner = m
        }
        guard insert(path.dropFirst(), value, into: &inner) else { return false }
        if let i = existing { members[i].1 = .object(inner) } else { members.append((k, .object(inner))) }
        return true
    }

    /// An event as a one-line YAML flow map in the rule-test format.
    static func flow(_ e: TrailEvent) -> String {
        var parts = ["time: \(exampleTime)", "format: cloudtrail"]
        if let id = e.id { parts.append("id: \(SigmaYAML.quote(id))") }
        if let a = e.actor { parts.append("actor: \(SigmaYAML.quote(a))") }
        if let a = e.action { parts.append("action: \(SigmaYAML.quote(a))") }
        parts.append("outcome: \(e.outcome.rawValue)")
        if let o = e.origin { parts.append("origin: \(SigmaYAML.quote(o))") }
        if !e.attributes.isEmpty { parts.append("attributes: \(flow(.object(e.attributes)))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func flow(_ v: JSONValue) -> String {
        switch v {
        case let .object(m): return "{" + m.map { "\(SigmaYAML.key($0.0)): \(flow($0.1))" }.joined(separator: ", ") + "}"
        case let .string(s): return SigmaYAML.quote(s)
        default: return v.scalarText ?? "null"
        }
    }
}
