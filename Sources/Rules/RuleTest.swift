import TrailModel

/// A rule's own test: events in, findings out (docs/rules.md, "Tests inside the rule").
public struct RuleTest: Sendable {
    public enum Expectation: Sendable, Equatable {
        case count(Int)
        case findings([Expected])
    }

    public struct Expected: Sendable, Equatable {
        public var key: String?
        public var events: [Int]
    }

    public var name: String
    public var events: [TrailEvent]
    public var expect: Expectation
    public var line: Int

    static let eventKeys: Set<String> = ["id", "time", "received", "source", "format", "actor", "action", "resource",
                                         "outcome", "origin", "session", "clock", "raw", "attributes"]

    static func parse(_ node: YAMLNode) throws -> RuleTest {
        let f = try Fields(node, allowed: ["name", "events", "expect"])
        let events = try f.need("events").sequence().map(event)
        let e = try f.need("expect")
        let expect: Expectation
        if e.isScalar {
            expect = .count(try e.int())
        } else {
            expect = .findings(try e.sequence().map { item in
                let g = try Fields(item, allowed: ["key", "events"])
                let idx = try g.need("events").sequence().map { try $0.int() }
                for i in idx where i < 0 || i >= events.count { throw item.fail("event \(i) is not in this test's events (0–\(events.count - 1))") }
                return Expected(key: try g["key"]?.string(), events: idx)
            })
        }
        return RuleTest(name: try f.need("name").string(), events: events, expect: expect, line: node.line)
    }

    static func event(_ node: YAMLNode) throws -> TrailEvent {
        let f = try Fields(node, allowed: eventKeys)
        func time(_ k: String) throws -> Timestamp? {
            guard let n = f[k] else { return nil }
            let s = try n.string()
            guard let p = TimeParser.parseISO(s[...].utf8), p.hadZone else { throw n.fail("'\(s)' is not an RFC 3339 time with a zone") }
            return p.timestamp
        }
        guard let t = try time("time") else { throw try f.need("time").fail("missing") }
        let outcome = try f["outcome"].map { n -> Outcome in
            guard let o = Outcome(rawValue: try n.string()) else { throw n.fail("must be success, failure or unknown") }
            return o
        } ?? .unknown
        var attributes: [(String, JSONValue)] = []
        if let a = f["attributes"], case .object(let members) = try json(a) { attributes = members }
        let raw = try f["raw"]?.string() ?? "{\"test\":true}"
        return TrailEvent(id: try f["id"]?.string(), time: t, received: try time("received") ?? t, source: try f["source"]?.string() ?? "test",
                          format: try f["format"]?.string() ?? "app-json", actor: try f["actor"]?.string(), action: try f["action"]?.string(),
                          resource: try f["resource"]?.string(), outcome: outcome, origin: try f["origin"]?.string(),
                          session: try f["session"]?.string(), attributes: attributes, raw: raw, clock: try f["clock"]?.string())
    }

    /// YAML to JSON: mappings, lists, and scalars typed as YAML reads them (plain numbers and booleans).
    static func json(_ node: YAMLNode) throws -> JSONValue {
        if node.isNull { return .null }
        if node.isScalar {
            let s = try node.string()
            if case let .scalar(sc) = node.node, sc.style == .plain {
                if s == "true" || s == "false" { return .bool(s == "true") }
                if Double(s) != nil, s.first.map({ $0.isNumber || $0 == "-" }) == true { return .number(s) }
            }
            return .string(s)
        }
        if node.isSequence { return .array(try node.sequence().map(json)) }
        return .object(try node.mapping().map { ($0.0, try json($0.1)) })
    }
}
