import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The app-json fast path against the general path (`JSONParser` + `TrailEvent`) on many generated
/// tricky records: both must give byte-identical lines, or both refuse with the same reason.
@Suite struct AppJSONFastPathTests {
    static let context = ParseContext(source: "payments-api", received: Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12))

    /// What a parser made of a record: the line, or the reason it was refused.
    static func outcome(_ record: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> [UInt8]) -> String {
        do {
            return "line " + String(decoding: try record.withUnsafeBytes(body), as: UTF8.self)
        } catch {
            return "refused \(error)"
        }
    }

    static func check(_ record: [UInt8], mapping: FieldMapping = .appJSON, context: ParseContext = context,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let p = AppJSONParser(mapping: mapping)
        let general = outcome(record) { try p.parse($0, context: context).canonicalLine() }
        let fast = outcome(record) { try p.prepare($0, context: context).line }
        #expect(fast == general, "record: \(String(decoding: record, as: UTF8.self).prefix(300))", sourceLocation: sourceLocation)
    }

    /// Hand-picked records around every branch of the fast path.
    static let tricky: [String] = [
        #"{"a":"x"}"#, #"{}"#, #" { } "#, "{\t\"a\" :\r\n \"b\" }\n", #"{"a":"x",}"#, #"{"a":"x""#, #"{"a" "x"}"#, #"{"a":}"#,
        #"{"a":"x"} trailing"#, #"{"a":"\u0041\n\t\\\"\/"}"#, #"{"a":"\u00e9\ud83d\ude00"}"#, #"{"a":"\ud800"}"#, #"{"a":"\x"}"#,
        #"{"a\"b":1}"#, #"{"a\\b":1}"#, #"{"":1,"a":2}"#, #"{"a":1,"a":1}"#, #"{"abcdefghij":1,"abcdefghij":2}"#,
        #"{"abcdefghi1":1,"abcdefghi0":2,"abcdefgh":3,"abcdefg":4,"b":5}"#, #"{"ab":1,"a":2,"abc":3,"A":4,"_":5,"~":6}"#,
        #"{"n":-0,"m":1.5e+10,"o":1E-2,"p":0.0}"#, #"{"n":01}"#, #"{"n":1.}"#, #"{"n":-}"#, #"{"n":1e}"#, #"{"n":+1}"#, #"{"n":.5}"#,
        #"{"t":true,"f":false,"z":null}"#, #"{"t":tru}"#, #"{"t":nul}"#, #"{"t":falsey}"#,
        #"{"c":{"b":[1,{"y":2,"x":"\"}"}],"a":{}},"d":[]}"#, #"{"c":{"a":1,"a":2}}"#, #"{"c":[1,2"#, #"{"c":{"a":"}"}"#,
        #"{"id":"e1","time":"2026-07-01T10:00:00.123456789+05:30","actor":"a","action":"b","outcome":"DENIED"}"#,
        #"{"id":7,"ts":1751364000.5,"status":"403","success":true}"#, #"{"time":"2026-02-30T00:00:00Z"}"#,
        #"{"time":"2026-07-01"}"#, #"{"time":"2026-07-01 10:00"}"#, #"{"time":"1751364000"}"#, #"{"time":"-5"}"#,
        #"{"time":null,"actor":null,"id":{"x":1}}"#, #"{"outcome":"+200"}"#, #"{"outcome":"0000000000000200"}"#,
        #"{"outcome":"Ok"}"#, #"{"outcome":"ÖK"}"#, #"{"outcome":"o\u006b"}"#, #"{"outcome":404}"#, #"{"outcome":4.04e2}"#,
        #"{"user":{"id":"u1"},"actor":"top"}"#, #"{"user":"plain","action":"x"}"#, #"{"actor.id":"dotted-key"}"#,
        #"{"id":"é","action":"unicode"}"#, "{\"a\":\"tab\there\"}", "{\"a\":\"\u{7F}\"}",
        #"["not","an","object"]"#, #""string""#, "", " ", #"{"a":"x"}{"b":"y"}"#,
    ]

    @Test(arguments: tricky)
    func trickyRecordsMatch(_ record: String) {
        Self.check(Array(record.utf8))
    }

    @Test func invalidUTF8AndControlBytesMatch() {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x00], [0x01], [0x1F], [0x0A]] {
            for wrap in [#"{"a":"#, #"{"action":"x","#] {
                Self.check(Array(wrap.utf8) + [0x22] + bad + Array(#"x"}"#.utf8))
                Self.check(Array(wrap.utf8) + [0x22] + Array("abcdefghijk".utf8) + bad + Array(#"x"}"#.utf8))
                Self.check(Array(#"{""#.utf8) + bad + Array(#"":1}"#.utf8))
            }
        }
    }

    @Test func manyMembersAndHugeRecordsMatch() {
        for count in [63, 64, 65, 200] {
            let members = (0..<count).map { #""k\#($0)":"v\#($0)""# }.joined(separator: ",")
            Self.check(Array(("{\"action\":\"many\"," + members + "}").utf8))
        }
        let big = String(repeating: #"ab\"cd\\ef\n/"#, count: 40_000)
        Self.check(Array(#"{"action":"big","payload":"\#(big)","id":"x"}"#.utf8))
    }

    @Test func customMappingsMatch() {
        var m = FieldMapping.appJSON
        m.set("actor", ["who", "user.email", "a-very-long-candidate-key-that-is-longer-than-sixty-four-bytes-in-all-honesty"])
        m.set("session", ["who", "sid"])
        for record in [
            #"{"who":"w","sid":"s","action":"x"}"#, #"{"user":{"email":"e"},"who":"w"}"#, #"{"user":"u","sid":1}"#,
            #"{"a-very-long-candidate-key-that-is-longer-than-sixty-four-bytes-in-all-honesty":"long"}"#,
        ] {
            Self.check(Array(record.utf8), mapping: m)
        }
        let berlin = ParseContext(source: "s", received: Self.context.received, timeZone: TimeZone(identifier: "Europe/Berlin"))
        Self.check(Array(#"{"time":"2026-03-29T02:30:00","action":"dst gap"}"#.utf8), context: berlin)
    }

    @Test func randomRecordsMatch() {
        var rng = SystemRandomNumberGenerator()
        let keys = ["id", "time", "ts", "actor", "user", "action", "event", "resource", "outcome", "status", "success", "ip",
                    "session", "traceId", "amount", "note", "k", "", "user.id", "nested", "list", "a\\\"b", "é"]
        let pieces = ["plain", "with \\\"quotes\\\"", "back\\\\slash", "\\n\\t\\r", "\\u0001", "\\u00e9", "€", "\\ud83d\\ude00",
                      "2026-07-01T10:00:00Z", "2026-07-01 10:00:00.5", "ok", "FAILED", "403", "", "/", "\u{1}", "\\q"]
        let values = ["1", "-2.5e3", "0", "true", "false", "null", "{}", "[]", #"{"id":"in","b":[1,"x"]}"#, "[1,[2,[3]]]", "01", "1.e5"]
        for _ in 0..<3000 {
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let key = keys.randomElement(using: &rng)!
                let value = Bool.random(using: &rng)
                    ? "\"" + (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() + "\""
                    : values.randomElement(using: &rng)!
                members.append("\"\(key)\":" + value)
            }
            let sep = Bool.random(using: &rng) ? "," : " , "
            Self.check(Array(("{" + members.joined(separator: sep) + "}").utf8))
        }
    }

    @Test func escapingMatchesTheBytewiseRule() {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...0x7F, using: &rng) } + Array("é€".utf8)
            var expected: [UInt8] = [0x22]
            for c in bytes {
                switch c {
                case 0x22: expected += [0x5C, 0x22]
                case 0x5C: expected += [0x5C, 0x5C]
                case 0x0A: expected += [0x5C, 0x6E]
                case 0x0D: expected += [0x5C, 0x72]
                case 0x09: expected += [0x5C, 0x74]
                case 0x08: expected += [0x5C, 0x62]
                case 0x0C: expected += [0x5C, 0x66]
                case 0..<0x20: expected += Array(String(format: "\\u%04x", c).utf8)
                default: expected.append(c)
                }
            }
            expected.append(0x22)
            let w = ByteWriter(capacity: 1)
            bytes.withUnsafeBytes { w.appendJSONString($0) }
            #expect(w.array() == expected)
        }
    }

    @Test func asciiOutcomeWordsMatchTheStringRule() {
        for word in ["success", "SUCCESS", "Ok", "denied", "Timeout", "200", "+200", "-200", "0404", "99", "600", "",
                     "unauthorized", "UNAUTHORIZED", "0000000000000200", "maybe", "99999999999999999999"] {
            let ascii = Array(word.utf8).withUnsafeBytes { Outcome.normalize(ascii: $0) }
            #expect(ascii == Outcome.normalize(word: word), "\(word)")
        }
    }
}
