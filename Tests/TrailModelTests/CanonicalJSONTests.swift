import Testing
import TrailModel

@Suite("CanonicalJSON")
struct CanonicalJSONTests {
    @Test func sortsKeysRecursively() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":{"d":[{"z":1,"y":2},{"n":{"m":0,"l":0}}],"c":null},"A":[3,2,1]}"#)
        #expect(CanonicalJSON.string(v) == #"{"A":[3,2,1],"a":{"c":null,"d":[{"y":2,"z":1},{"n":{"l":0,"m":0}}]},"b":1}"#)
    }

    @Test func keysSortByUTF8Bytes() {
        // UTF-8 byte order differs from UTF-16 order for U+FF61 vs U+1F600 and puts "é" after ASCII.
        let keys = ["😀", "\u{FF61}", "é", "aa", "a", "_", "B", "", "a\u{0}", "Z"]
        let v = JSONValue.object(keys.map { ($0, .null) })
        let expectedOrder = ["", "B", "Z", "_", "a", "a\u{0}", "aa", "é", "\u{FF61}", "😀"]
        let expected = "{" + expectedOrder.map { k in
            "\"" + (k == "a\u{0}" ? "a\\u0000" : k) + "\":null"
        }.joined(separator: ",") + "}"
        #expect(CanonicalJSON.string(v) == expected)
        #expect(CanonicalJSON.sortedMembers(keys.map { ($0, .null) }).map(\.0) == expectedOrder)
    }

    struct EscapeCase: Sendable, CustomTestStringConvertible {
        var value: String
        var encoded: String
        var testDescription: String { encoded }
    }

    static let escapes: [EscapeCase] = [
        EscapeCase(value: "plain", encoded: #""plain""#),
        EscapeCase(value: "", encoded: #""""#),
        EscapeCase(value: "quote\"backslash\\", encoded: #""quote\"backslash\\""#),
        EscapeCase(value: "a/b", encoded: #""a/b""#),
        EscapeCase(value: "\n\r\t\u{8}\u{C}", encoded: #""\n\r\t\b\f""#),
        EscapeCase(value: "\u{0}\u{1}\u{1F}", encoded: #""\u0000\u0001\u001f""#),
        EscapeCase(value: "\u{7F}", encoded: "\"\u{7F}\""),
        EscapeCase(value: "é€😀中", encoded: "\"é€😀中\""),
        EscapeCase(value: "\u{2028}\u{2029}", encoded: "\"\u{2028}\u{2029}\""),
        EscapeCase(value: "<script>&'", encoded: #""<script>&'""#),
        EscapeCase(value: "line1\nline2\"x\"", encoded: #""line1\nline2\"x\"""#),
    ]

    @Test("escapes minimally", arguments: escapes)
    func escapesMinimally(_ c: EscapeCase) throws {
        #expect(CanonicalJSON.string(.string(c.value)) == c.encoded)
        // And the parser reads it back to the same string.
        #expect(try JSONParser.parse(c.encoded) == .string(c.value))
    }

    static let documents: [String] = [
        #"{"z":[1,2,{"b":true,"a":false}],"a":"x","m":{"y":null,"x":-0.0}}"#,
        #"[{"\u00e9":1,"e":2},"\ud83d\ude00",1E+2,"\/\u0041"]"#,
        #"{"attrs":{"card":{"last4":"4242","brand":"visa"},"amount":"12.50"},"raw":"{\"k\":\"v\"}\n"}"#,
        "  [ ]  ",
        #""\u0000\u001f\\\"""#,
        #"{"k10":0,"k2":0,"k1":0,"K":0,"_":0}"#,
    ]

    @Test("parse → encode → parse → encode is stable", arguments: documents)
    func idempotent(_ text: String) throws {
        let first = try JSONParser.parse(text)
        let once = CanonicalJSON.encode(first)
        let second = try JSONParser.parse(once)
        let twice = CanonicalJSON.encode(second)
        #expect(once == twice)
        // Canonical output has no insignificant whitespace and re-encodes the original value.
        #expect(CanonicalJSON.encode(try JSONParser.parse(String(decoding: twice, as: UTF8.self))) == once)
        #expect(!once.contains(0x0A))
        // `write(into:)` appends the same bytes.
        var out: [UInt8] = [0x78]
        CanonicalJSON.write(first, into: &out)
        #expect(Array(out.dropFirst()) == once)
    }

    @Test func memberOrderDoesNotChangeTheEncoding() throws {
        let a = try JSONParser.parse(#"{"a":1,"b":{"c":2,"d":3}}"#)
        let b = try JSONParser.parse(#"{"b":{"d":3,"c":2},"a":1}"#)
        #expect(a != b) // JSONValue keeps input order…
        #expect(CanonicalJSON.encode(a) == CanonicalJSON.encode(b)) // …the canonical bytes do not.
        // Numbers are not normalised: 1.0 and 1 are different texts.
        #expect(CanonicalJSON.encode(try JSONParser.parse("[1.0]")) != CanonicalJSON.encode(try JSONParser.parse("[1]")))
    }
}
