import Foundation
import TrailModel

/// The allocation-light path for application JSON: scans the top-level object into byte spans and
/// writes the canonical event line straight from them, without building a value tree.
///
/// It handles the common shape — an ASCII object whose keys have no escapes and at most
/// `maxMembers` members — and throws `Fallback` for anything else, which then takes the general path
/// (`JSONParser` + `TrailEvent`); both give the same bytes (data-driven tests compare them). Nested
/// objects and arrays are canonicalised through `JSONParser`, so they get the same strict checks.
/// Strings are scanned eight bytes at a time. Hand-written: no listed package emits canonical JSON
/// from spans.
struct AppJSONFastPath: Sendable {
    enum Kind: UInt8 { case string, escapedString, number, trueValue, falseValue, null, container }

    struct Member {
        var keyStart: Int, keyEnd: Int     // inside the quotes
        var valueStart: Int, valueEnd: Int // the whole token
        /// The key's first eight bytes, big-endian and zero-padded: compares like the key bytes.
        var prefix: UInt64
        var kind: Kind
    }

    /// Why the fast path gives up (the general path then decides).
    struct Fallback: Error {}

    /// Objects with more top-level members take the general path.
    static let maxMembers = 64

    let mapping: CompiledMapping
    let keys: AppJSONKeyTable
    /// The first part of each dotted candidate: (field, rank, head bytes).
    let nestedHeads: [(field: Int, rank: Int, head: [UInt8])]

    init(mapping: CompiledMapping) {
        self.mapping = mapping
        keys = AppJSONKeyTable(mapping.topLevel)
        nestedHeads = mapping.nested.map { ($0.0, $0.1, Array($0.2[0].utf8)) }
    }

    /// High bit set in each byte of `x` that ends a plain string run: `"`, `\`, a control byte or a
    /// non-ASCII byte.
    @inline(__always)
    static func stopMask(_ x: UInt64) -> UInt64 {
        let low = x & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastSpace = low &+ 0x6060_6060_6060_6060
        let notQuote = (low ^ 0x2222_2222_2222_2222) &+ 0x7F7F_7F7F_7F7F_7F7F
        let notBackslash = (low ^ 0x5C5C_5C5C_5C5C_5C5C) &+ 0x7F7F_7F7F_7F7F_7F7F
        return (~(atLeastSpace & notQuote & notBackslash) | x) & 0x8080_8080_8080_8080
    }

    /// The first index at or after `i` whose byte ends a plain string run (`n` if none).
    @inline(__always)
    static func stop(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        var i = i
        while i &+ 8 <= n {
            let m = stopMask(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            if m != 0 { return i &+ (m.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < n {
            let c = p[i]
            if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { return i }
            i &+= 1
        }
        return n
    }

    /// The big-endian, zero-padded first eight bytes of `p[s..<e]`.
    @inline(__always)
    static func prefix(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ n: Int) -> UInt64 {
        let len = e - s
        if s + 8 <= n {
            let x = UnsafeRawPointer(p + s).loadUnaligned(as: UInt64.self)
            return (len >= 8 ? x : x & ((1 << (8 * UInt64(len))) &- 1)).byteSwapped
        }
        var v: UInt64 = 0
        for k in 0..<min(len, 8) { v |= UInt64(p[s + k]) << (56 - 8 * UInt64(k)) }
        return v
    }

    /// Scans `raw` as one JSON object into `members`; returns how many there are. Throws
    /// `Fallback` for shapes (or errors) the general path must decide.
    static func scan(_ raw: UnsafeRawBufferPointer, into members: UnsafeMutablePointer<Member>) throws(Fallback) -> Int {
        let n = raw.count
        guard n > 0 else { throw Fallback() }
        let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = 0
        var count = 0
        @inline(__always) func ws() { while i < n, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i &+= 1 } }
        ws()
        guard i < n, p[i] == 0x7B else { throw Fallback() }
        i &+= 1
        ws()
        if i < n, p[i] == 0x7D { i &+= 1; ws(); if i != n { throw Fallback() }; return 0 }
        while true {
            ws()
            guard i < n, p[i] == 0x22, count < maxMembers else { throw Fallback() }
            let ks = i &+ 1
            i = stop(p, ks, n)
            guard i < n, p[i] == 0x22 else { throw Fallback() }
            let ke = i
            i &+= 1
            ws()
            guard i < n, p[i] == 0x3A else { throw Fallback() }
            i &+= 1
            ws()
            guard i < n else { throw Fallback() }
            let vs = i
            let kind: Kind
            switch p[i] {
            case 0x22:
                var escaped = false
                i &+= 1
                while true {
                    i = stop(p, i, n)
                    guard i < n else { throw Fallback() }
                    let c = p[i]
                    if c == 0x22 { break }
                    guard c == 0x5C else { throw Fallback() }
                    escaped = true
                    i &+= 2
                }
                i &+= 1
                kind = escaped ? .escapedString : .string
            case 0x2D, 0x30...0x39:
                i &+= 1
                while i < n, (p[i] >= 0x30 && p[i] <= 0x39) || p[i] == 0x2E || p[i] == 0x65 || p[i] == 0x45 || p[i] == 0x2B || p[i] == 0x2D { i &+= 1 }
                kind = .number
                if !validNumber(UnsafeRawBufferPointer(rebasing: raw[vs..<i])) { throw Fallback() }
            case 0x74: try literal(raw, &i, "true"); kind = .trueValue
            case 0x66: try literal(raw, &i, "false"); kind = .falseValue
            case 0x6E: try literal(raw, &i, "null"); kind = .null
            case 0x7B, 0x5B:
                try skipContainer(raw, &i)
                kind = .container
            default:
                throw Fallback()
            }
            members[count] = Member(keyStart: ks, keyEnd: ke, valueStart: vs, valueEnd: i,
                                    prefix: prefix(p, ks, ke, n), kind: kind)
            count &+= 1
            ws()
            guard i < n else { throw Fallback() }
            if p[i] == 0x2C { i &+= 1; continue }
            if p[i] == 0x7D { i &+= 1; ws(); if i != n { throw Fallback() }; return count }
            throw Fallback()
        }
    }

    static func literal(_ raw: UnsafeRawBufferPointer, _ i: inout Int, _ word: StaticString) throws(Fallback) {
        let len = word.utf8CodeUnitCount
        guard i + len <= raw.count else { throw Fallback() }
        for k in 0..<len where raw[i + k] != word.utf8Start[k] { throw Fallback() }
        i += len
    }

    /// Finds the end of a nested object or array (string-aware); `JSONParser` validates it later.
    static func skipContainer(_ raw: UnsafeRawBufferPointer, _ i: inout Int) throws(Fallback) {
        var depth = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            if c == 0x22 {
                i += 1
                while i < n, raw[i] != 0x22 { if raw[i] == 0x5C { i += 1 }; i += 1 }
            } else if c == 0x7B || c == 0x5B {
                depth += 1
            } else if c == 0x7D || c == 0x5D {
                depth -= 1
                if depth == 0 { i += 1; return }
            } else if c >= 0x80 {
                throw Fallback()
            }
            i += 1
        }
        throw Fallback()
    }

    /// The RFC 8259 number grammar.
    static func validNumber(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        if i < n, b[i] == 0x2D { i += 1 }
        guard i < n else { return false }
        if b[i] == 0x30 { i += 1 } else if b[i] >= 0x31 && b[i] <= 0x39 { while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 } } else { return false }
        if i < n, b[i] == 0x2E {
            i += 1
            let f = i
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if i == f { return false }
        }
        if i < n, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let e = i
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if i == e { return false }
        }
        return i == n
    }
}
