import Testing
import TrailModel

/// A document the parser must accept, with its canonical re-encoding.
struct AcceptCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var canonical: String
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ canonical: String) {
        self.name = name; self.input = Array(input.utf8); self.canonical = canonical
    }

    init(_ name: String, bytes: [UInt8], _ canonical: String) {
        self.name = name; self.input = bytes; self.canonical = canonical
    }
}

/// A document the parser must reject, with the byte offset it must name and a word of the reason.
struct RejectCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var offset: Int
    var reason: String
    var testDescription: String { name }

    init(_ name: String, _ input: String, at offset: Int, _ reason: String) {
        self.name = name; self.input = Array(input.utf8); self.offset = offset; self.reason = reason
    }

    init(_ name: String, bytes: [UInt8], at offset: Int, _ reason: String) {
        self.name = name; self.input = bytes; self.offset = offset; self.reason = reason
    }
}

@Suite("JSONParser")
struct JSONParserTests {
    static let accepted: [AcceptCase] = [
        AcceptCase("empty object", "{}", "{}"),
        AcceptCase("empty array", "[]", "[]"),
        AcceptCase("scalars", "[true,false,null]", "[true,false,null]"),
        AcceptCase("whitespace everywhere", " \t\r\n{ \"a\" :\n[ 1 , 2 ]\t}\r\n ", "{\"a\":[1,2]}"),
        AcceptCase("top-level string", "\"x\"", "\"x\""),
        AcceptCase("top-level number", "42", "42"),
        AcceptCase("negative zero", "-0", "-0"),
        AcceptCase("negative zero fraction", "-0.0", "-0.0"),
        AcceptCase("exponent", "1e5", "1e5"),
        AcceptCase("upper exponent with sign", "1.5E+10", "1.5E+10"),
        AcceptCase("negative exponent", "-2.50e-3", "-2.50e-3"),
        AcceptCase("zero exponent", "0e0", "0e0"),
        AcceptCase("number text kept exactly", "[1.50,100,1E2]", "[1.50,100,1E2]"),
        AcceptCase("big integer kept exactly", "123456789012345678901234567890", "123456789012345678901234567890"),
        AcceptCase("simple escapes", #""\"\\\/\b\f\n\r\t""#, #""\"\\/\b\f\n\r\t""#),
        AcceptCase("unicode escape to UTF-8", #""caf\u00e9""#, "\"café\""),
        AcceptCase("upper-case hex escape", #""\u00C9""#, "\"É\""),
        AcceptCase("escaped NUL", #""a\u0000b""#, #""a\u0000b""#),
        AcceptCase("escaped control", #""\u001f\u0001""#, #""\u001f\u0001""#),
        AcceptCase("escaped DEL is written raw", #""\u007f""#, "\"\u{7F}\""),
        AcceptCase("surrogate pair", #""\ud83d\ude00""#, "\"😀\""),
        AcceptCase("upper-case surrogate pair", #""\uD834\uDD1E""#, "\"𝄞\""),
        AcceptCase("raw UTF-8", "\"ÄÖÜ € 😀 中文\"", "\"ÄÖÜ € 😀 中文\""),
        AcceptCase("escape after raw UTF-8", #""é\n€""#, #""é\n€""#),
        AcceptCase("runs between escapes", #""ab\"cd\\ef\u0041gh\u00e9ij\tkl""#, "\"ab\\\"cd\\\\efAghéij\\tkl\""),
        AcceptCase("escaped JSON inside a string", #""{\"user\":\"bob\",\"n\":1}""#, #""{\"user\":\"bob\",\"n\":1}""#),
        AcceptCase("U+2028 stays raw", "\"\u{2028}\"", "\"\u{2028}\""),
        AcceptCase("keys differing only by escape form", #"{"a\"b":1,"a\\b":2}"#, #"{"a\"b":1,"a\\b":2}"#),
        AcceptCase("empty key", #"{"":1}"#, #"{"":1}"#),
        AcceptCase("many distinct keys (hashed duplicate check)",
                   "{" + (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}",
                   "{" + (0..<40).map { "k\($0)" }.sorted().map { "\"\($0)\":\($0.dropFirst())" }.joined(separator: ",") + "}"),
        AcceptCase("nesting at the limit (128)", String(repeating: "[", count: 128) + String(repeating: "]", count: 128),
                   String(repeating: "[", count: 128) + String(repeating: "]", count: 128)),
        AcceptCase("object nesting at the limit", String(repeating: "{\"a\":", count: 127) + "[]" + String(repeating: "}", count: 127),
                   String(repeating: "{\"a\":", count: 127) + "[]" + String(repeating: "}", count: 127)),
    ]

    @Test("accepts", arguments: accepted)
    func accepts(_ c: AcceptCase) throws {
        let v = try JSONParser.parse(c.input)
        #expect(CanonicalJSON.string(v) == c.canonical)
    }

    @Test func valuesAreDecodedExactly() throws {
        let v = try JSONParser.parse(#"{"s":"a\"b\u00e9\ud83d\ude00","n":-0.10,"t":true,"z":null,"arr":[1,"x"],"o":{"k":[]}}"#)
        #expect(v["s"] == .string("a\"bé😀"))
        #expect(v["n"] == .number("-0.10"))
        #expect(v["t"] == .bool(true))
        #expect(v["z"] == .null)
        #expect(v["arr"] == .array([.number("1"), .string("x")]))
        #expect(v["o"] == .object([("k", .array([]))]))
        #expect(v["missing"] == nil)
        // Members stay in input order until canonicalized.
        #expect(v.objectMembers?.map(\.0) == ["s", "n", "t", "z", "arr", "o"])
        #expect(v.value(atPath: "o.k") == .array([]))
    }

    static let rejected: [RejectCase] = [
        // Structure.
        RejectCase("empty input", "", at: 0, "end of input"),
        RejectCase("whitespace only", "  \n", at: 3, "end of input"),
        RejectCase("trailing garbage after object", "{} x", at: 3, "trailing"),
        RejectCase("second document", "[1]]", at: 3, "trailing"),
        RejectCase("two numbers", "1 2", at: 2, "trailing"),
        RejectCase("trailing comma in array", "[1,]", at: 3, "unexpected character"),
        RejectCase("trailing comma in object", #"{"a":1,}"#, at: 7, "string key"),
        RejectCase("missing comma", "[1 2]", at: 3, "expected ','"),
        RejectCase("missing colon", #"{"a" 1}"#, at: 5, "expected ':'"),
        RejectCase("unquoted key", "{a:1}", at: 1, "string key"),
        RejectCase("unclosed array", "[1,2", at: 4, "end of input"),
        RejectCase("unclosed object", #"{"a":1"#, at: 6, "end of input"),
        RejectCase("single quotes", "['a']", at: 1, "unexpected character"),
        RejectCase("byte order mark", bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], at: 0, "unexpected character"),
        // Literals.
        RejectCase("truncated true", "tru", at: 0, "end of input"),
        RejectCase("misspelt true", "trUe", at: 0, "invalid literal"),
        RejectCase("capitalised null", "Null", at: 0, "unexpected character"),
        RejectCase("NaN", "NaN", at: 0, "unexpected character"),
        RejectCase("Infinity", "-Infinity", at: 1, "invalid number"),
        // Numbers.
        RejectCase("leading zero", "01", at: 1, "trailing"),
        RejectCase("negative leading zero", "-01", at: 2, "trailing"),
        RejectCase("leading zero in array", "[01]", at: 2, "expected ','"),
        RejectCase("dot without digits", "1.", at: 2, "invalid number"),
        RejectCase("dot then exponent", "1.e5", at: 2, "invalid number"),
        RejectCase("leading dot", ".5", at: 0, "unexpected character"),
        RejectCase("plus sign", "+1", at: 0, "unexpected character"),
        RejectCase("lone minus", "-", at: 1, "end of input"),
        RejectCase("minus letter", "-a", at: 1, "invalid number"),
        RejectCase("exponent without digits", "1e", at: 2, "invalid number"),
        RejectCase("exponent sign without digits", "1e+", at: 3, "invalid number"),
        RejectCase("hex number", "0x1F", at: 1, "trailing"),
        // Strings.
        RejectCase("unterminated string", "\"abc", at: 0, "unterminated"),
        RejectCase("unterminated after escape", "[\"ab\\n", at: 1, "unterminated"),
        RejectCase("raw control character", "\"a\u{01}b\"", at: 2, "control character"),
        RejectCase("raw tab", "\"a\tb\"", at: 2, "control character"),
        RejectCase("raw newline after escape", "\"\\n\n\"", at: 3, "control character"),
        RejectCase("invalid escape", #""\x""#, at: 1, "invalid escape"),
        RejectCase("escaped single quote", #"["\'"]"#, at: 2, "invalid escape"),
        RejectCase("short unicode escape", #""\u12"  "#, at: 5, "\\u escape"),
        RejectCase("truncated unicode escape", #""\u12"#, at: 3, "\\u escape"),
        RejectCase("non-hex unicode escape", #""\u00G0""#, at: 5, "\\u escape"),
        RejectCase("lone high surrogate", #""\ud800""#, at: 7, "lone surrogate"),
        RejectCase("high surrogate then letter", #""\ud800x""#, at: 7, "lone surrogate"),
        RejectCase("high surrogate then non-low escape", #""\ud800\u0041""#, at: 13, "lone surrogate"),
        RejectCase("two high surrogates", #""\ud83d\ud83d""#, at: 13, "lone surrogate"),
        RejectCase("lone low surrogate", #""\udc00""#, at: 7, "lone surrogate"),
        RejectCase("low then high surrogate", #""\ude00\ud83d""#, at: 7, "lone surrogate"),
        // Invalid UTF-8 (offset names the string's first content byte).
        RejectCase("invalid byte FF", bytes: [0x22, 0x61, 0xFF, 0x62, 0x22], at: 1, "UTF-8"),
        RejectCase("truncated sequence", bytes: [0x5B, 0x22, 0xC3, 0x22, 0x5D], at: 2, "UTF-8"),
        RejectCase("overlong slash", bytes: [0x22, 0xC0, 0xAF, 0x22], at: 1, "UTF-8"),
        RejectCase("encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], at: 1, "UTF-8"),
        RejectCase("beyond U+10FFFF", bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], at: 1, "UTF-8"),
        RejectCase("stray continuation byte", bytes: [0x22, 0x80, 0x22], at: 1, "UTF-8"),
        RejectCase("invalid byte in escaped string", bytes: [0x22, 0x5C, 0x6E, 0xFE, 0x22], at: 1, "UTF-8"),
        RejectCase("invalid byte before the first escape", bytes: [0x22, 0x61, 0xFE, 0x5C, 0x6E, 0x62, 0x22], at: 1, "UTF-8"),
        RejectCase("invalid byte between escapes", bytes: [0x22, 0x5C, 0x6E, 0xC3, 0x5C, 0x6E, 0x22], at: 1, "UTF-8"),
        RejectCase("invalid byte in a key", bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], at: 2, "UTF-8"),
        RejectCase("invalid byte outside strings", bytes: [0x5B, 0xFF, 0x5D], at: 1, "unexpected character"),
        // Duplicate keys, also when spelt differently or among many keys.
        RejectCase("duplicate key", #"{"a":1,"a":2}"#, at: 7, "duplicate key"),
        RejectCase("duplicate key via escape", #"{"a":1,"\u0061":2}"#, at: 7, "duplicate key"),
        RejectCase("duplicate key in nested object", #"[{"x":{"k":1,"k":1}}]"#, at: 13, "duplicate key"),
        RejectCase("duplicate key after 20 keys",
                   "{" + (0..<20).map { "\"k\($0)\":0" }.joined(separator: ",") + ",\"k3\":1}",
                   at: 1 + (0..<20).map { "\"k\($0)\":0".utf8.count + 1 }.reduce(0, +), "duplicate key"),
        // Depth.
        RejectCase("array nesting 129", String(repeating: "[", count: 129) + String(repeating: "]", count: 129), at: 128, "nesting"),
        RejectCase("object nesting 129", String(repeating: "{\"a\":", count: 128) + "[]" + String(repeating: "}", count: 128), at: 640, "nesting"),
        RejectCase("hostile nesting 100000", String(repeating: "[", count: 100_000), at: 128, "nesting"),
    ]

    @Test("rejects, naming the offset", arguments: rejected)
    func rejects(_ c: RejectCase) {
        do {
            let v = try JSONParser.parse(c.input)
            Issue.record("accepted as \(CanonicalJSON.string(v))")
        } catch {
            #expect(error.offset == c.offset, "\(error)")
            #expect(error.reason.contains(c.reason), "\(error)")
            #expect(error.description.contains("at byte \(error.offset)"))
        }
    }

    @Test func stringAndRawBufferEntryPointsAgree() throws {
        let text = #"{"b":[1,{"c":"é"}],"a":null}"#
        let fromString = try JSONParser.parse(text)
        let fromBytes = try JSONParser.parse(Array(text.utf8))
        let fromRaw = try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromString == fromBytes)
        #expect(fromBytes == fromRaw)
    }
}
