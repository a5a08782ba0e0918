import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The application-JSON parser: field mapping, times, outcomes, quarantine reasons, and the fast
/// path giving byte-identical lines to the general path.
@Suite struct AppJSONTests {
    static let received = Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12)
    static let context = ParseContext(source: "payments-api", received: received)

    static func general(_ line: String, mapping: FieldMapping = .appJSON, context: ParseContext = context) throws -> [UInt8] {
        let p = AppJSONParser(mapping: mapping)
        return try Array(line.utf8).withUnsafeBytes { try p.parse($0, context: context) }.canonicalLine()
    }

    static func fast(_ line: String, mapping: FieldMapping = .appJSON, context: ParseContext = context) throws -> PreparedEvent {
        let p = AppJSONParser(mapping: mapping)
        return try Array(line.utf8).withUnsafeBytes { try p.prepare($0, context: context) }
    }

    /// Lines in every shape the fast path handles, and some it hands to the general path.
    static let lines: [String] = [
        #"{"id":"e1","time":"2026-07-01T10:00:00Z","actor":"user:1","action":"payment.authorize","resource":"p-1","outcome":"success","ip":"203.0.113.9","sessionId":"s1","amount":12.50,"currency":"EUR"}"#,
        #"{ "time" : "2026-07-01 10:00:00.5+02:00", "user": "bob", "event": "login", "result": false, "tags": ["a", "b"], "meta": {"z": 1, "a": {"y": null, "b": true}} }"#,
        #"{"ts":1751364000123,"actor":42,"action":"x","status":403,"note":"tab\there \"quoted\" back\\slash","n":-0.5e10}"#,
        #"{"id":"e\u00e9","actor":"caf\u00e9","action":"a\/b","outcome":"OK"}"#,
        #"{"action":"no time, no id","weird key":"v","empty":"","zero":0,"nul":null}"#,
        #"{"actor":{"id":"nested-actor","name":"n"},"action":"nested","time":"2026-07-02T00:00:00.000001Z"}"#,
        #"{"user":{"id":"u-9"},"action":"nested user","time":"2026-07-02T00:00:00Z"}"#,
        #"{"id":"e5","time":"2026-07-01T10:00:00","action":"zoneless"}"#,
        #"{"id":"e6","action":"unicode ✓ raw","detail":"日本語"}"#,
        #"{}"#,
    ]

    @Test(arguments: lines)
    func fastPathMatchesGeneralPath(_ line: String) throws {
        let g = try Self.general(line)
        let f = try Self.fast(line)
        #expect(String(decoding: f.line, as: UTF8.self) == String(decoding: g, as: UTF8.self))
        let event = try TrailEvent.decode(line: f.line)
        #expect(f.id == event.id)
        #expect(f.time == event.time)
        #expect(event.raw == line)
    }

    @Test func fastPathMatchesOnSimulatedEvents() throws {
        var sim = Simulator(options: .init(count: 3000, seed: 11))
        var n = 0
        try sim.generate { raw in
            let line = String(decoding: raw, as: UTF8.self)
            let g = try Self.general(line)
            let f = try Self.fast(line)
            #expect(f.line == g, "line \(n)")
            // These ASCII objects must take the fast path itself, not its fallback.
            let direct = try? AppJSONParser().fast.prepare(raw, format: "app-json", context: Self.context)
            #expect(direct?.line == g, "line \(n) did not take the fast path")
            n += 1
        }
        #expect(n == 3000)
    }

    @Test func mappingDefaultsAndOverrides() throws {
        let line = #"{"eventId":"x1","occurred_at":"2026-07-01T10:00:00Z","user":{"email":"a@b.c","id":"u1"},"operation":"refund.create","target":"r-1","status":"denied","client_ip":"198.51.100.1","request_id":"rq","extra":1}"#
        let e = try TrailEvent.decode(line: try Self.general(line))
        #expect(e.id == "x1")
        #expect(e.time == Timestamp.utc(year: 2026, month: 7, day: 1, hour: 10))
        #expect(e.actor == "u1")  // user.id: `user` is an object, so the nested default applies
        #expect(e.action == "refund.create")
        #expect(e.resource == "r-1")
        #expect(e.outcome == .failure)
        #expect(e.origin == "198.51.100.1")
        #expect(e.session == "rq")
        #expect(e.attributes.map(\.0) == ["extra", "user"])
        var m = FieldMapping.appJSON
        m.set("actor", ["user.email"])
        let e2 = try TrailEvent.decode(line: try Self.general(line, mapping: m))
        #expect(e2.actor == "a@b.c")
        #expect(try Self.fast(line, mapping: m).line == (try Self.general(line, mapping: m)))
    }

    @Test func timesAndClock() throws {
        let berlin = ParseContext(source: "s", received: Self.received, timeZone: TimeZone(identifier: "Europe/Berlin"))
        let e = try TrailEvent.decode(line: try Self.general(#"{"time":"2026-07-01T10:00:00"}"#, context: berlin))
        #expect(e.time == Timestamp.utc(year: 2026, month: 7, day: 1, hour: 8))  // CEST = UTC+2
        #expect(e.clock == "assumed:Europe/Berlin")
        let none = try TrailEvent.decode(line: try Self.general(#"{"action":"a"}"#))
        #expect(none.time == Self.received)
        #expect(none.clock == "received")
        let epoch = try TrailEvent.decode(line: try Self.general(#"{"time":1751364000}"#))
        #expect(epoch.time == Timestamp.utc(year: 2025, month: 7, day: 1, hour: 10))
    }

    @Test(arguments: [
        (#"{"id":1,"#, "not valid JSON"),
        (#"[1,2]"#, "not a JSON object"),
        (#"{"a":1,"a":2}"#, "duplicate key"),
        (#"{"time":"yesterday"}"#, "unreadable time"),
        (#"{"time":true}"#, "not a string or number"),
        ("{\"a\":\"\u{1}\"}", "control character"),
    ])
    func badRecordsAreRefusedWithAReason(_ line: String, _ reason: String) {
        let p = AppJSONParser()
        do {
            _ = try Array(line.utf8).withUnsafeBytes { try p.prepare($0, context: Self.context) }
            Issue.record("accepted \(line)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func collectorConfigErrorsNameFileAndField() throws {
        let good = try CollectorConfig.parse("""
        sources:
          payments-api:
            format: app-json
            timezone: Europe/Berlin
            fields:
              actor: [user.email, user.id]
              action: event
        """, file: "c.yaml")
        #expect(good.sources["payments-api"]?.mapping.actor == ["user.email", "user.id"])
        #expect(good.sources["payments-api"]?.mapping.action == ["event"])
        #expect(good.sources["payments-api"]?.timeZone?.identifier == "Europe/Berlin")
        for (text, field) in [
            ("sources:\n  a:\n    timezone: Mars/Base\n", "sources.a.timezone"),
            ("sources:\n  a:\n    format: xml\n", "sources.a.format"),
            ("sources:\n  a:\n    fields:\n      who: x\n", "sources.a.fields.who"),
            ("sources:\n  'bad name':\n    format: app-json\n", "sources.bad name"),
        ] {
            #expect {
                _ = try CollectorConfig.parse(text, file: "c.yaml")
            } throws: { e in
                "\(e)".hasPrefix("c.yaml: \(field)")
            }
        }
    }
}
