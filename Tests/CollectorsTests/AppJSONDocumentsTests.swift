import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The JSON-array application reader and the CloudEvents reader: byte-exact element spans, per-element
/// failures, CloudEvents attribute mapping and refusals.
@Suite struct AppJSONDocumentsTests {
    static let received = Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12)
    static let context = ParseContext(source: "payments-api", received: received)

    static func run(_ parser: some DocumentParser, _ input: String) -> [Result<TrailEvent, RecordFailure>] {
        Array(input.utf8).withUnsafeBytes { parser.records(in: $0, context: context) }
    }

    /// What one record of a document is expected to be.
    enum Expect: Sendable {
        /// An event whose `raw` is exactly this text.
        case event(raw: String)
        /// A failure at the 1-based line, whose bytes are this text and whose reason contains `reason`.
        case failure(line: Int, bytes: String, reason: String)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var expect: [Expect]
        var testDescription: String { name }
    }

    // MARK: app-json-array

    static let arrayCases: [Case] = [
        Case(name: "compact, strings holding ] and ,", input: #"[{"id":"a","note":"x],y","action":"login"},{"id":"b","nested":{"k":[1,2,"]"]},"q":"\"],{"}]"#,
             expect: [.event(raw: #"{"id":"a","note":"x],y","action":"login"}"#),
                      .event(raw: #"{"id":"b","nested":{"k":[1,2,"]"]},"q":"\"],{"}"#)]),
        Case(name: "pretty-printed", input: """
             [
               {
                 "id": "e1",
                 "time": "2026-07-01T10:00:00Z",
                 "user": {"id": "u-1", "tags": ["a,b", "]"]},
                 "action": "payment.authorize",
                 "result": "ok"
               },
               { "id": "e2", "ts": 1751364000, "actor": "svc", "action": "x", "path": "C:\\\\dir\\\\" },
               {}
             ]

             """,
             expect: [.event(raw: """
                             {
                                 "id": "e1",
                                 "time": "2026-07-01T10:00:00Z",
                                 "user": {"id": "u-1", "tags": ["a,b", "]"]},
                                 "action": "payment.authorize",
                                 "result": "ok"
                               }
                             """),
                      .event(raw: #"{ "id": "e2", "ts": 1751364000, "actor": "svc", "action": "x", "path": "C:\\dir\\" }"#),
                      .event(raw: "{}")]),
        Case(name: "unicode and an empty array inside", input: #"[ {"id":"u","detail":"日本語 ✓","list":[]} ,{"id":"v"} ]"#,
             expect: [.event(raw: #"{"id":"u","detail":"日本語 ✓","list":[]}"#), .event(raw: #"{"id":"v"}"#)]),
        Case(name: "non-object elements among good ones", input: "[{\"id\":\"a\"},\n  42,\n  {\"id\":\"b\"},\n  [1, {\"x\":\"]\"}],\n  null]",
             expect: [.event(raw: #"{"id":"a"}"#),
                      .failure(line: 2, bytes: "42", reason: "element 1: not a JSON object (found a number)"),
                      .event(raw: #"{"id":"b"}"#),
                      .failure(line: 4, bytes: #"[1, {"x":"]"}]"#, reason: "element 3: not a JSON object (found an array)"),
                      .failure(line: 5, bytes: "null", reason: "element 4: not a JSON object (found null)")]),
        Case(name: "unreadable time fails only its element", input: "[\n{\"id\":\"a\",\"time\":\"yesterday\"},\n{\"id\":\"b\"}\n]",
             expect: [.failure(line: 2, bytes: #"{"id":"a","time":"yesterday"}"#, reason: "element 0: field time"),
                      .event(raw: #"{"id":"b"}"#)]),
        Case(name: "empty array", input: " [ ] ", expect: []),
        Case(name: "whitespace only", input: " \n ", expect: []),
        Case(name: "an object, not an array", input: #"{"id":"a","action":"x"}"#,
             expect: [.failure(line: 1, bytes: #"{"id":"a","action":"x"}"#, reason: "not a JSON array (found an object)")]),
        Case(name: "JSON lines, not an array", input: "{\"id\":\"a\"}\n{\"id\":\"b\"}\n",
             expect: [.failure(line: 1, bytes: "{\"id\":\"a\"}\n{\"id\":\"b\"}\n", reason: "not valid JSON")]),
        Case(name: "truncated array", input: #"[{"id":"a"},{"id":"b""#,
             expect: [.failure(line: 1, bytes: #"[{"id":"a"},{"id":"b""#, reason: "not valid JSON")]),
        Case(name: "a string", input: #""[{}]""#, expect: [.failure(line: 1, bytes: #""[{}]""#, reason: "not a JSON array (found a string)")]),
    ]

    @Test(arguments: arrayCases)
    func jsonArray(_ c: Case) throws {
        let parser = AppJSONArrayParser()
        #expect(parser.format == "app-json-array")
        let results = Self.run(parser, c.input)
        try Self.check(results, c)
        // Each event is what app-json makes of its raw text (same mapping, only the format differs).
        let single = AppJSONParser(format: "app-json-array")
        for case let .success(event) in results {
            let direct = try Array(event.raw.utf8).withUnsafeBytes { try single.parse($0, context: Self.context) }
            #expect(event == direct)
        }
    }

    @Test func jsonArrayMapsFields() throws {
        let input = #"[{"id":"e1","time":"2026-07-01T10:00:00Z","user":"alice","action":"a","target":"r","status":403,"ip":"203.0.113.9","requestId":"q","amount":1.50}]"#
        let results = Self.run(AppJSONArrayParser(), input)
        let e = try #require(try results.first?.get())
        #expect(e.id == "e1" && e.actor == "alice" && e.action == "a" && e.resource == "r")
        #expect(e.outcome == .failure && e.origin == "203.0.113.9" && e.session == "q")
        #expect(e.time == Timestamp.utc(year: 2026, month: 7, day: 1, hour: 10) && e.clock == nil)
        #expect(e.attributes.map(\.0) == ["amount"])
        #expect(e.attributes.first?.1 == .number("1.50"))
        #expect(e.format == "app-json-array" && e.source == "payments-api")
    }

    @Test func jsonArrayCustomMapping() throws {
        var m = FieldMapping.appJSON
        m.set("actor", ["who"])
        let results = Self.run(AppJSONArrayParser(mapping: m), #"[{"who":"w","user":"u"}]"#)
        let e = try #require(try results.first?.get())
        #expect(e.actor == "w")
        #expect(e.attributes.map(\.0) == ["user"])
    }

    /// Checks results against a case: count, kinds, raw/bytes, offsets (the bytes must sit at the offset).
    static func check(_ results: [Result<TrailEvent, RecordFailure>], _ c: Case) throws {
        try #require(results.count == c.expect.count, "\(results)")
        let input = Array(c.input.utf8)
        for (k, (r, x)) in zip(results, c.expect).enumerated() {
            switch (r, x) {
            case let (.success(e), .event(raw)):
                #expect(e.raw == raw, "record \(k)")
                #expect(!e.rawIsBase64)
                #expect(input.firstRange(of: Array(raw.utf8)) != nil, "record \(k): raw is not a slice of the input")
            case let (.failure(f), .failure(line, bytes, reason)):
                #expect(f.line == line, "record \(k)")
                #expect(f.bytes == Array(bytes.utf8), "record \(k)")
                #expect(f.reason.contains(reason), "record \(k): \(f.reason)")
                #expect(f.offset >= 0 && f.offset + f.bytes.count <= input.count)
                #expect(Array(input[f.offset..<(f.offset + f.bytes.count)]) == f.bytes, "record \(k): bytes not at offset")
                let newlines = input[..<f.offset].filter { $0 == 0x0A }.count
                #expect(newlines + 1 == f.line, "record \(k): line does not match offset")
            default:
                Issue.record("record \(k): got \(r), expected \(x)")
            }
        }
    }

    // MARK: CloudEvents

    static let spec = #""specversion":"1.0""#

    static let cloudEventCases: [Case] = [
        Case(name: "single event", input: #"{\#(spec),"id":"A1","source":"/svc","type":"com.example.login"}"#,
             expect: [.event(raw: #"{\#(spec),"id":"A1","source":"/svc","type":"com.example.login"}"#)]),
        Case(name: "batch with a bad element", input: #"[{\#(spec),"id":"1","source":"s","type":"t","data":{"note":"],"}}, 7 ,{\#(spec),"source":"s","type":"t"},{\#(spec),"id":"2","source":"s","type":"t"}]"#,
             expect: [.event(raw: #"{\#(spec),"id":"1","source":"s","type":"t","data":{"note":"],"}}"#),
                      .failure(line: 1, bytes: "7", reason: "event 1: not a JSON object (found a number)"),
                      .failure(line: 1, bytes: #"{\#(spec),"source":"s","type":"t"}"#, reason: "event 2: attribute id: missing"),
                      .event(raw: #"{\#(spec),"id":"2","source":"s","type":"t"}"#)]),
        Case(name: "empty batch", input: "[]", expect: []),
        Case(name: "missing id", input: #"{\#(spec),"source":"s","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"source":"s","type":"t"}"#, reason: "attribute id: missing")]),
        Case(name: "empty id", input: #"{\#(spec),"id":"","source":"s","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"","source":"s","type":"t"}"#, reason: "attribute id: not a non-empty string")]),
        Case(name: "missing source", input: #"{\#(spec),"id":"1","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1","type":"t"}"#, reason: "attribute source: missing")]),
        Case(name: "missing type", input: #"{\#(spec),"id":"1","source":"s"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1","source":"s"}"#, reason: "attribute type: missing")]),
        Case(name: "missing specversion", input: #"{"id":"1","source":"s","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{"id":"1","source":"s","type":"t"}"#, reason: "attribute specversion: missing")]),
        Case(name: "wrong specversion", input: #"{"specversion":"0.3","id":"1","source":"s","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{"specversion":"0.3","id":"1","source":"s","type":"t"}"#, reason: "attribute specversion: not 1.0")]),
        Case(name: "numeric specversion", input: #"{"specversion":1.0,"id":"1","source":"s","type":"t"}"#,
             expect: [.failure(line: 1, bytes: #"{"specversion":1.0,"id":"1","source":"s","type":"t"}"#, reason: "attribute specversion: not a non-empty string")]),
        Case(name: "bad time", input: #"{\#(spec),"id":"1","source":"s","type":"t","time":"soon"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1","source":"s","type":"t","time":"soon"}"#, reason: "attribute time: not an RFC 3339 time")]),
        Case(name: "data and data_base64", input: #"{\#(spec),"id":"1","source":"s","type":"t","data":{},"data_base64":"aGk="}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1","source":"s","type":"t","data":{},"data_base64":"aGk="}"#, reason: "both present")]),
        Case(name: "data_base64 not base64", input: #"{\#(spec),"id":"1","source":"s","type":"t","data_base64":"%%%"}"#,
             expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1","source":"s","type":"t","data_base64":"%%%"}"#, reason: "attribute data_base64: not base64")]),
        Case(name: "not JSON", input: #"{\#(spec),"id":"1""#, expect: [.failure(line: 1, bytes: #"{\#(spec),"id":"1""#, reason: "not valid JSON")]),
        Case(name: "a string", input: #""event""#, expect: [.failure(line: 1, bytes: #""event""#, reason: "not a CloudEvent")]),
    ]

    @Test(arguments: cloudEventCases)
    func cloudEventsRecords(_ c: Case) throws {
        let parser = CloudEventsParser()
        #expect(parser.format == "cloudevents")
        try Self.check(Self.run(parser, c.input), c)
    }

    /// What a CloudEvent maps to.
    struct Mapped: Sendable, CustomTestStringConvertible {
        var name: String
        var line: String
        var id: String
        var time: Timestamp? = nil
        var clock: String? = nil
        var action: String
        var resource: String? = nil
        var actor: String? = nil
        var origin: String? = nil
        var session: String? = nil
        var outcome: Outcome = .unknown
        /// Attribute keys, in input order.
        var attributes: [String]
        /// The expected `data` (or `data_base64`) attribute, as JSON text.
        var data: String? = nil
        var testDescription: String { name }
    }

    static let mappedCases: [Mapped] = [
        Mapped(name: "data object feeds actor, origin, session, outcome",
               line: #"{\#(spec),"id":"A234-1234-1234","source":"https://github.com/cloudevents/spec/pull","type":"com.github.pull_request.opened","subject":"123","time":"2018-04-05T17:31:00Z","datacontenttype":"application/json","data":{"user":"alice","ip":"198.51.100.7","requestId":"r-9","result":"denied","nested":{"a":[1,"]"]}}}"#,
               id: "https://github.com/cloudevents/spec/pull#A234-1234-1234",
               time: Timestamp.utc(year: 2018, month: 4, day: 5, hour: 17, minute: 31), action: "com.github.pull_request.opened",
               resource: "123", actor: "alice", origin: "198.51.100.7", session: "r-9", outcome: .failure,
               attributes: ["specversion", "datacontenttype", "data"],
               data: #"{"user":"alice","ip":"198.51.100.7","requestId":"r-9","result":"denied","nested":{"a":[1,"]"]}}"#),
        Mapped(name: "no time: received clock",
               line: #"{"type":"t","source":"s","id":"1",\#(spec)}"#,
               id: "s#1", time: received, clock: "received", action: "t", attributes: ["specversion"]),
        Mapped(name: "zone-less time is assumed UTC",
               line: #"{\#(spec),"id":"1","source":"s","type":"t","time":"2026-07-01T10:00:00"}"#,
               id: "s#1", time: Timestamp.utc(year: 2026, month: 7, day: 1, hour: 10), clock: "assumed:UTC", action: "t",
               attributes: ["specversion"]),
        Mapped(name: "data_base64 kept, nothing mapped from it",
               line: #"{\#(spec),"id":"b1","source":"/sensor","type":"reading","datacontenttype":"application/octet-stream","data_base64":"eyJ1c2VyIjoiZXZlIn0="}"#,
               id: "/sensor#b1", clock: "received", action: "reading", attributes: ["specversion", "datacontenttype", "data_base64"],
               data: #""eyJ1c2VyIjoiZXZlIn0=""#),
        Mapped(name: "authcontext authid wins over data",
               line: #"{\#(spec),"id":"7","source":"s","type":"t","authtype":"app_user","authid":"user-7","authclaims":"x","data":{"user":"bob","outcome":"success"}}"#,
               id: "s#7", clock: "received", action: "t", actor: "user-7", outcome: .success,
               attributes: ["specversion", "authtype", "authclaims", "data"], data: #"{"user":"bob","outcome":"success"}"#),
        Mapped(name: "extension attributes through the mapping",
               line: #"{\#(spec),"id":"8","source":"s","type":"t","actor":"ext-actor","sourceip":"x","traceid":"tr","status":"ok","data":{"actor":"data-actor","ip":"192.0.2.1","session":"ds"}}"#,
               id: "s#8", clock: "received", action: "t", actor: "ext-actor", origin: "192.0.2.1", session: "ds", outcome: .success,
               attributes: ["specversion", "sourceip", "traceid", "data"],
               data: #"{"actor":"data-actor","ip":"192.0.2.1","session":"ds"}"#),
        Mapped(name: "string data is kept, not mapped",
               line: #"{\#(spec),"id":"9","source":"s","type":"t","datacontenttype":"text/plain","data":"user=bob"}"#,
               id: "s#9", clock: "received", action: "t", attributes: ["specversion", "datacontenttype", "data"], data: #""user=bob""#),
    ]

    @Test(arguments: mappedCases)
    func cloudEventsMapping(_ m: Mapped) throws {
        let results = Self.run(CloudEventsParser(), m.line)
        try #require(results.count == 1)
        let e = try results[0].get()
        #expect(e.id == m.id)
        if let t = m.time { #expect(e.time == t) }
        #expect(e.clock == m.clock)
        #expect(e.action == m.action)
        #expect(e.resource == m.resource)
        #expect(e.actor == m.actor)
        #expect(e.origin == m.origin)
        #expect(e.session == m.session)
        #expect(e.outcome == m.outcome)
        #expect(e.attributes.map(\.0) == m.attributes)
        if let data = m.data {
            let value = e.attributes.first { $0.0 == "data" || $0.0 == "data_base64" }?.1
            #expect(value == (try JSONParser.parse(data)))
        }
        #expect(e.raw == m.line)
        #expect(e.format == "cloudevents" && e.source == "payments-api" && e.received == Self.received)
    }

    @Test func cloudEventsBatchOffsets() throws {
        let first = #"{\#(Self.spec),"id":"1","source":"s","type":"t"}"#
        let bad = #"{"specversion":"0.3","id":"2","source":"s","type":"t"}"#
        let line = "[ " + first + ", " + bad + " ]"
        let results = Self.run(CloudEventsParser(), line)
        try #require(results.count == 2)
        #expect(try results[0].get().raw == first)
        guard case let .failure(f) = results[1] else { Issue.record("expected a failure"); return }
        #expect(f.offset == 2 + first.utf8.count + 2)
        #expect(f.bytes == Array(bad.utf8))
        #expect(f.reason == "event 1: attribute specversion: not 1.0 (unsupported version)")
    }

    @Test func cloudEventsCustomMapping() throws {
        var m = FieldMapping.appJSON
        m.set("actor", ["principal"])
        let line = #"{\#(Self.spec),"id":"1","source":"s","type":"t","data":{"user":"u","principal":"p"}}"#
        let e = try Self.run(CloudEventsParser(mapping: m), line)[0].get()
        #expect(e.actor == "p")
        #expect(CloudEventsParser(mapping: m).mapping == m)
    }
}
