/// A strict RFC 8259 JSON parser over bytes.
///
/// Hand-written because the hot path needs byte offsets in its errors and exact number text, and
/// Foundation's `JSONSerialization` is several times slower on audit-sized records. It rejects invalid
/// UTF-8, unescaped control characters, lone surrogates, duplicate object keys and trailing bytes.
public struct JSONParser {
    /// Why a document is not acceptable JSON, and where (byte offset from the start of the document).
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// The deepest nesting accepted, so hostile input cannot exhaust the stack.
    public static let maxDepth = 128

    /// The value of one hexadecimal digit (either case), or nil.
    @inline(__always) public static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    /// Parses one complete JSON document.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var p = Cursor(base: bytes)
        p.skipWS()
        let v = try p.value(depth: 0)
        p.skipWS()
        if p.i != p.n { throw Failure(offset: p.i, reason: "unexpected trailing data") }
        return v
    }

    /// Parses one complete JSON document held in an array.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { raw in try parse(raw) }
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(offset: 0, reason: "\(error)")
        }
    }

    /// Parses a string's UTF-8 bytes.
    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct Cursor {
    let base: UnsafeRawBufferPointer
    var i = 0
    var n: Int { base.count }

    init(base: UnsafeRawBufferPointer) { self.base = base }

    @inline(__always) func byte(_ k: Int) -> UInt8 { base[k] }

    mutating func skipWS() {
        while i < n {
            let c = base[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    func fail(_ reason: String, at: Int? = nil) -> JSONParser.Failure {
        JSONParser.Failure(offset: at ?? i, reason: reason)
    }

    mutating func value(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        guard i < n else { throw fail("unexpected end of input") }
        switch base[i] {
        case 0x7B: return try object(depth: depth + 1)
        case 0x5B: return try array(depth: depth + 1)
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParser.Failure) {
        let len = word.utf8CodeUnitCount
        guard i + len <= n else { throw fail("unexpected end of input") }
        let p = word.utf8Start
        for k in 0..<len where base[i + k] != p[k] { throw fail("invalid literal") }
        i += len
    }

    mutating func number() throws(JSONParser.Failure) -> String {
        let start = i
        if base[i] == 0x2D { i += 1 }
        guard i < n else { throw fail("unexpected end of input") }
        if base[i] == 0x30 {
            i += 1
        } else if base[i] >= 0x31 && base[i] <= 0x39 {
            while i < n, base[i] >= 0x30 && base[i] <= 0x39 { i += 1 }
        } else { throw fail("invalid number") }
        if i < n, base[i] == 0x2E {
            i += 1
            let f = i
            while i < n, base[i] >= 0x30 && base[i] <= 0x39 { i += 1 }
            if i == f { throw fail("invalid number") }
        }
        if i < n, base[i] == 0x65 || base[i] == 0x45 {
            i += 1
            if i < n, base[i] == 0x2B || base[i] == 0x2D { i += 1 }
            let e = i
            while i < n, base[i] >= 0x30 && base[i] <= 0x39 { i += 1 }
            if i == e { throw fail("invalid number") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[start..<i]), as: UTF8.self)
    }

    mutating func array(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
        i += 1
        var items: [JSONValue] = []
        skipWS()
        if i < n, base[i] == 0x5D { i += 1; return .array(items) }
        while true {
            skipWS()
            items.append(try value(depth: depth))
            skipWS()
            guard i < n else { throw fail("unexpected end of input") }
            if base[i] == 0x2C { i += 1; continue }
            if base[i] == 0x5D { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func object(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
        i += 1
        var members: [(String, JSONValue)] = []
        skipWS()
        if i < n, base[i] == 0x7D { i += 1; return .object(members) }
        while true {
            skipWS()
            guard i < n, base[i] == 0x22 else { throw fail("expected a string key") }
            let keyAt = i
            let key = try string()
            if members.count < 16 {
                for (k, _) in members where k == key { throw fail("duplicate key \"\(key)\"", at: keyAt) }
            } else if members.contains(where: { $0.0 == key }) {
                throw fail("duplicate key \"\(key)\"", at: keyAt)
            }
            skipWS()
            guard i < n, base[i] == 0x3A else { throw fail("expected ':'") }
            i += 1
            skipWS()
            members.append((key, try value(depth: depth)))
            skipWS()
            guard i < n else { throw fail("unexpected end of input") }
            if base[i] == 0x2C { i += 1; continue }
            if base[i] == 0x7D { i += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    /// Reads a string starting at the opening quote. Fast path: no escapes, ASCII or valid UTF-8.
    mutating func string() throws(JSONParser.Failure) -> String {
        i += 1
        let start = i
        var ascii = true
        while i < n {
            let c = base[i]
            if c == 0x22 {
                let slice = UnsafeRawBufferPointer(rebasing: base[start..<i])
                i += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else { throw fail("invalid UTF-8 in string", at: start) }
                return s
            }
            if c == 0x5C { return try slowString(start: start, ascii: ascii) }
            if c < 0x20 { throw fail("unescaped control character in string") }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// A string with escapes: runs between escapes are copied whole, escapes decoded one by one.
    mutating func slowString(start: Int, ascii asciiSoFar: Bool) throws(JSONParser.Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(i - start + 64)
        var ascii = asciiSoFar
        var run = start
        while i < n {
            let c = base[i]
            guard c == 0x22 || c == 0x5C || c < 0x20 else {
                if c >= 0x80 { ascii = false }
                i += 1
                continue
            }
            if i > run { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: base[run..<i])) }
            if c == 0x22 {
                i += 1
                if ascii { return String(decoding: out, as: UTF8.self) }
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in string", at: start) }
                return s
            }
            if c < 0x20 { throw fail("unescaped control character in string") }
            i += 1
            guard i < n else { break }
            let e = base[i]
            i += 1
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var cp = try hex4()
                if cp >= 0xD800 && cp <= 0xDBFF {
                    guard i + 1 < n, base[i] == 0x5C, base[i + 1] == 0x75 else { throw fail("lone surrogate") }
                    i += 2
                    let lo = try hex4()
                    guard lo >= 0xDC00 && lo <= 0xDFFF else { throw fail("lone surrogate") }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                } else if cp >= 0xDC00 && cp <= 0xDFFF {
                    throw fail("lone surrogate")
                }
                guard let scalar = Unicode.Scalar(cp) else { throw fail("invalid code point") }
                if cp < 0x80 { out.append(UInt8(cp)) } else { ascii = false; out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
            default: throw fail("invalid escape", at: i - 2)
            }
            run = i
        }
        throw fail("unterminated string", at: start - 1)
    }

    mutating func hex4() throws(JSONParser.Failure) -> UInt32 {
        guard i + 4 <= n else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = JSONParser.hexDigit(base[i]) else { throw fail("invalid \\u escape") }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
