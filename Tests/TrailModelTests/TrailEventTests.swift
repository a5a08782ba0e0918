import Foundation
import Testing
import TrailModel

/// A named event for the roundtrip table.
struct EventCase: Sendable, CustomTestStringConvertible {
    var name: String
    var event: TrailEvent
    var testDescription: String { name }
}

@Suite("TrailEvent lines and outcomes")
struct TrailEventTests {
    static let t0 = Timestamp.utc(year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0, micros: 123_456)

    static let events: [EventCase] = [
        EventCase(name: "minimal", event: TrailEvent(id: nil, time: t0, received: t0, source: "payments-api", format: "app-json", raw: "")),
        EventCase(name: "full, non-ASCII, JSON inside raw", event: TrailEvent(
            id: "evt-1", time: t0, received: Timestamp(micros: t0.micros + 5), source: "payments-api", format: "app-json",
            actor: "José Müller", action: "支付.authorize", resource: "card/😀/4242", outcome: .failure,
            origin: "2001:db8::1", session: "sess \"quoted\"",
            attributes: [("zeta", .number("1.50")), ("alpha", .object([("b", .bool(true)), ("a", .null)])),
                         ("list", .array([.string("é"), .number("-0")]))],
            raw: "{\"user\":\"José\",\"note\":\"tab\there\\nnot-a-newline\"}\u{1}\u{7F}", clock: nil)),
        EventCase(name: "raw with newlines and carriage returns", event: TrailEvent(
            id: "e2", time: t0, received: t0, source: "nginx-edge", format: "nginx-combined", outcome: .success,
            raw: "line one\r\nline two\n\u{2028}end")),
        EventCase(name: "base64 raw", event: TrailEvent(
            id: "e3", time: t0, received: t0, source: "legacy", format: "syslog", raw: "/w7+AA==", rawIsBase64: true)),
        EventCase(name: "assumed zone clock", event: TrailEvent(
            id: "e4", time: Timestamp(micros: -1), received: t0, source: "mainframe", format: "csv",
            outcome: .unknown, raw: "1969-12-31 23:59:59.999999", clock: "assumed:Europe/Berlin")),
        EventCase(name: "received clock, far future", event: TrailEvent(
            id: "e5", time: Timestamp(micros: 253_402_300_799_999_999), received: Timestamp(micros: 253_402_300_799_999_999),
            source: "batch", format: "app-json", raw: "{}", clock: "received")),
        EventCase(name: "id that looks like a number or null", event: TrailEvent(
            id: "null", time: t0, received: t0, source: "s", format: "f", actor: "123", raw: "x")),
    ]

    @Test("canonicalLine → decode roundtrip", arguments: events)
    func roundtrip(_ c: EventCase) throws {
        let e = c.event
        let line = e.canonicalLine()
        #expect(!line.contains(0x0A), "a line must not contain a raw newline")
        // The line is canonical JSON already.
        #expect(CanonicalJSON.encode(try JSONParser.parse(line)) == line)

        let back = try TrailEvent.decode(line: line)
        #expect(back == e)
        #expect(back.canonicalLine() == line)
        #expect(back.id == e.id)
        #expect(back.time == e.time)
        #expect(back.received == e.received)
        #expect(back.source == e.source)
        #expect(back.format == e.format)
        #expect(back.actor == e.actor)
        #expect(back.action == e.action)
        #expect(back.resource == e.resource)
        #expect(back.outcome == e.outcome)
        #expect(back.origin == e.origin)
        #expect(back.session == e.session)
        #expect(back.raw == e.raw)
        #expect(back.rawIsBase64 == e.rawIsBase64)
        #expect(back.clock == e.clock)
        #expect(CanonicalJSON.encode(.object(back.attributes)) == CanonicalJSON.encode(.object(e.attributes)))

        // Fixed keys always present, optional ones only when they apply.
        let keys = try #require(try JSONParser.parse(line).objectMembers).map(\.0)
        var expected = ["action", "actor", "attributes", "format", "id", "origin", "outcome", "raw", "received", "resource", "session", "source", "time"]
        if e.clock != nil { expected.append("clock") }
        if e.rawIsBase64 { expected.append("rawEncoding") }
        #expect(keys == expected.sorted())
    }

    @Test func canonicalLineExactBytes() {
        let e = TrailEvent(id: "evt-1", time: Self.t0, received: Self.t0, source: "payments-api", format: "app-json",
                           actor: "alice", action: "payment.authorize", outcome: .success,
                           attributes: [("b", .number("2")), ("a", .string("x"))], raw: "{\"a\":\"x\"}", rawIsBase64: true,
                           clock: "assumed:UTC")
        let expected = #"{"action":"payment.authorize","actor":"alice","attributes":{"a":"x","b":2},"clock":"assumed:UTC","#
            + #""format":"app-json","id":"evt-1","origin":null,"outcome":"success","raw":"{\"a\":\"x\"}","rawEncoding":"base64","#
            + #""received":"2026-07-01T12:00:00.123456Z","resource":null,"session":null,"source":"payments-api","#
            + #""time":"2026-07-01T12:00:00.123456Z"}"#
        #expect(String(decoding: e.canonicalLine(), as: UTF8.self) == expected)
        var out: [UInt8] = [0x20]
        e.writeCanonical(into: &out)
        #expect(Array(out.dropFirst()) == e.canonicalLine())
    }

    @Test func equalityFollowsTheLine() {
        let a = TrailEvent(id: "x", time: Self.t0, received: Self.t0, source: "s", format: "f",
                           attributes: [("a", .null), ("b", .null)], raw: "r")
        var b = a
        b.attributes = [("b", .null), ("a", .null)]
        #expect(a == b)
        b.raw = "r "
        #expect(a != b)
        var c = a
        c.rawIsBase64 = true
        #expect(a != c)
        var d = a
        d.time = Timestamp(micros: Self.t0.micros + 1)
        #expect(a != d)
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        var name: String
        var line: String
        var testDescription: String { name }
    }

    static let goodLine = #"{"action":null,"actor":null,"attributes":{},"format":"f","id":null,"origin":null,"outcome":"success","raw":"r","received":"2026-07-01T12:00:00.000000Z","resource":null,"session":null,"source":"s","time":"2026-07-01T12:00:00.000000Z"}"#

    static let badLines: [BadLine] = [
        BadLine(name: "not JSON", line: "{"),
        BadLine(name: "not an object", line: "[]"),
        BadLine(name: "trailing garbage", line: goodLine + "x"),
        BadLine(name: "missing source", line: goodLine.replacingOccurrences(of: #","source":"s""#, with: "")),
        BadLine(name: "missing raw", line: goodLine.replacingOccurrences(of: #","raw":"r""#, with: "")),
        BadLine(name: "missing time", line: goodLine.replacingOccurrences(of: #","time":"2026-07-01T12:00:00.000000Z""#, with: "")),
        BadLine(name: "unknown outcome", line: goodLine.replacingOccurrences(of: #""outcome":"success""#, with: #""outcome":"ok""#)),
        BadLine(name: "zone-less time", line: goodLine.replacingOccurrences(of: #""time":"2026-07-01T12:00:00.000000Z""#, with: #""time":"2026-07-01T12:00:00.000000""#)),
        BadLine(name: "invalid received", line: goodLine.replacingOccurrences(of: #""received":"2026-07-01T12:00:00.000000Z""#, with: #""received":"2026-02-30T12:00:00Z""#)),
        BadLine(name: "duplicate key", line: goodLine.replacingOccurrences(of: #""raw":"r""#, with: #""raw":"r","raw":"s""#)),
    ]

    @Test func goodLineDecodes() throws {
        let e = try TrailEvent.decode(line: Array(Self.goodLine.utf8))
        #expect(e.source == "s" && e.outcome == .success && e.id == nil && e.clock == nil && !e.rawIsBase64)
        #expect(String(decoding: e.canonicalLine(), as: UTF8.self) == Self.goodLine)
    }

    @Test("malformed lines are refused", arguments: badLines)
    func badLine(_ c: BadLine) {
        #expect(c.line != Self.goodLine, "case changed nothing")
        #expect {
            _ = try TrailEvent.decode(line: Array(c.line.utf8))
        } throws: { error in
            if case TrailModelError.invalidEventLine = error { return true }
            return false
        }
    }

    struct OutcomeCase: Sendable, CustomTestStringConvertible {
        var value: JSONValue?
        var expected: Outcome
        var testDescription: String { value.map { CanonicalJSON.string($0) } ?? "nil" }
    }

    static let outcomes: [OutcomeCase] = [
        OutcomeCase(value: nil, expected: .unknown),
        OutcomeCase(value: .null, expected: .unknown),
        OutcomeCase(value: .bool(true), expected: .success),
        OutcomeCase(value: .bool(false), expected: .failure),
        OutcomeCase(value: .number("100"), expected: .success),
        OutcomeCase(value: .number("200"), expected: .success),
        OutcomeCase(value: .number("204"), expected: .success),
        OutcomeCase(value: .number("302"), expected: .success),
        OutcomeCase(value: .number("399"), expected: .success),
        OutcomeCase(value: .number("400"), expected: .failure),
        OutcomeCase(value: .number("401"), expected: .failure),
        OutcomeCase(value: .number("403"), expected: .failure),
        OutcomeCase(value: .number("500"), expected: .failure),
        OutcomeCase(value: .number("599"), expected: .failure),
        OutcomeCase(value: .number("99"), expected: .unknown),
        OutcomeCase(value: .number("600"), expected: .unknown),
        OutcomeCase(value: .number("0"), expected: .unknown),
        OutcomeCase(value: .number("-200"), expected: .unknown),
        OutcomeCase(value: .number("200.0"), expected: .unknown),
        OutcomeCase(value: .number("2e2"), expected: .unknown),
        OutcomeCase(value: .string("success"), expected: .success),
        OutcomeCase(value: .string("SUCCESS"), expected: .success),
        OutcomeCase(value: .string("Succeeded"), expected: .success),
        OutcomeCase(value: .string("ok"), expected: .success),
        OutcomeCase(value: .string("OK"), expected: .success),
        OutcomeCase(value: .string("allowed"), expected: .success),
        OutcomeCase(value: .string("Allow"), expected: .success),
        OutcomeCase(value: .string("approved"), expected: .success),
        OutcomeCase(value: .string("authorized"), expected: .success),
        OutcomeCase(value: .string("granted"), expected: .success),
        OutcomeCase(value: .string("true"), expected: .success),
        OutcomeCase(value: .string("200"), expected: .success),
        OutcomeCase(value: .string("failure"), expected: .failure),
        OutcomeCase(value: .string("Failed"), expected: .failure),
        OutcomeCase(value: .string("error"), expected: .failure),
        OutcomeCase(value: .string("DENIED"), expected: .failure),
        OutcomeCase(value: .string("deny"), expected: .failure),
        OutcomeCase(value: .string("declined"), expected: .failure),
        OutcomeCase(value: .string("Unauthorized"), expected: .failure),
        OutcomeCase(value: .string("forbidden"), expected: .failure),
        OutcomeCase(value: .string("blocked"), expected: .failure),
        OutcomeCase(value: .string("timeout"), expected: .failure),
        OutcomeCase(value: .string("expired"), expected: .failure),
        OutcomeCase(value: .string("false"), expected: .failure),
        OutcomeCase(value: .string("403"), expected: .failure),
        OutcomeCase(value: .string("unknown"), expected: .unknown),
        OutcomeCase(value: .string("maybe"), expected: .unknown),
        OutcomeCase(value: .string(""), expected: .unknown),
        OutcomeCase(value: .string(" ok"), expected: .unknown),
        OutcomeCase(value: .string("600"), expected: .unknown),
        OutcomeCase(value: .array([.string("ok")]), expected: .unknown),
        OutcomeCase(value: .object([("status", .string("ok"))]), expected: .unknown),
    ]

    @Test("Outcome.normalize", arguments: outcomes)
    func normalize(_ c: OutcomeCase) {
        #expect(Outcome.normalize(c.value) == c.expected)
        if case let .string(s)? = c.value { #expect(Outcome.normalize(word: s) == c.expected) }
    }

    @Test("source names", arguments: [
        ("payments-api", true), ("cloudtrail.prod_1", true), (String(repeating: "a", count: 64), true),
        ("", false), (String(repeating: "a", count: 65), false), (".hidden", false), ("-flag", false),
        ("a/b", false), ("a b", false), ("é", false), ("..", false),
    ])
    func sourceNames(name: String, valid: Bool) {
        if valid {
            #expect(throws: Never.self) { try Names.validateSource(name) }
        } else {
            #expect(throws: TrailModelError.self) { try Names.validateSource(name) }
        }
    }
}
