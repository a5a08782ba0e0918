import Foundation

/// A compiled access-log layout: literal text between named fields, matched byte by byte.
///
/// Built from an nginx `log_format` string (`$remote_addr - $remote_user [$time_local] "$request" …`)
/// or from one of the built-in layouts. Each field sits between two literals; `literals.count ==
/// fields.count + 1`, the first and last possibly empty. How a field's end is found:
/// - `$time_local` is always 26 bytes (`10/Oct/2000:13:55:36 -0700`);
/// - a quoted field (literal before ends with `"`, literal after starts with `"`) runs to the first
///   unescaped `"` that the rest of the literal after it follows (`\"` and `\\` are skipped);
/// - any other field ends at the next byte equal to the first byte of the literal after it; a free-text
///   field whose literal does not follow there runs on to the first place it does (so nginx's
///   `$upstream_response_time` of `0.012, 0.003` still matches);
/// - the last field, with nothing after it, runs to the end of the line (to the first space when
///   trailing fields are tolerated).
struct AccessLogPattern: Sendable {
    /// How a field's text is checked and stored.
    enum Kind: Sendable, Equatable {
        /// Free text; `-` means absent.
        case text
        /// Three digits (`-` allowed when `dash` is true).
        case status(dash: Bool)
        /// A non-negative integer or `-`.
        case count
        /// A JSON number (`0.005`, `-1`) or `-`.
        case decimal
        /// A JSON number when it is one, `-` absent, anything else kept as text (lists of upstream times).
        case looseNumber
        /// `10/Oct/2000:13:55:36 -0700`.
        case timeLocal
        /// ISO 8601 / RFC 3339.
        case timeISO
        /// Seconds since the epoch with a fraction (`$msec`, `1696000000.123`).
        case epoch
    }

    /// What a field becomes in the event.
    enum Role: Sendable, Equatable {
        case attribute, origin, originWithPort, actor, request, status, id, session, time, operation, bucket, key
    }

    struct Field: Sendable {
        var name: String
        var kind: Kind
        var role: Role
        var quoted: Bool
    }

    var fields: [Field]
    var literals: [[UInt8]]
    /// Text after the last field is kept as `extra_fields` instead of refused.
    var tolerant: Bool

    /// What a matched line's fields span, and any tolerated trailing text.
    struct Match {
        var ranges: [Range<Int>]
        var extra: Range<Int>?
    }

    static let timeLocalWidth = 26
    static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, space: UInt8 = 0x20

    /// Compiles a layout. `vocabulary` gives each variable name its kind and role.
    init(format: String, tolerant: Bool, vocabulary: (String) -> (Kind, Role)) throws(AccessLogFormatError) {
        let text = try Self.unquoteConfig(format)
        var fields: [Field] = []
        var literals: [[UInt8]] = []
        var literal: [UInt8] = []
        let b = Array(text.utf8)
        var i = 0
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
        while i < b.count {
            guard b[i] == 0x24 else { literal.append(b[i]); i += 1; continue }  // '$'
            var j = i + 1
            var name: String
            if j < b.count && b[j] == 0x7B {  // ${name}
                j += 1
                let s = j
                while j < b.count && isNameByte(b[j]) { j += 1 }
                guard j < b.count, b[j] == 0x7D, j > s else {
                    throw AccessLogFormatError("unterminated '${' at character \(i + 1) of the log format")
                }
                name = String(decoding: b[s..<j], as: UTF8.self)
                j += 1
            } else {
                let s = j
                while j < b.count && isNameByte(b[j]) { j += 1 }
                if j == s { literal.append(b[i]); i += 1; continue }  // a lone '$' is text
                name = String(decoding: b[s..<j], as: UTF8.self)
            }
            if let last = fields.last, literal.isEmpty {
                throw AccessLogFormatError("$\(last.name) and $\(name) have no text between them, so a line cannot be split between them")
            }
            if fields.contains(where: { $0.name == name }) {
                throw AccessLogFormatError("$\(name) appears more than once in the log format")
            }
            literals.append(literal)
            literal = []
            let (kind, role) = vocabulary(name)
            fields.append(Field(name: name, kind: kind, role: role, quoted: false))
            i = j
        }
        literals.append(literal)
        guard !fields.isEmpty else { throw AccessLogFormatError("the log format has no $variables") }
        for k in fields.indices where literals[k].last == Self.quote && literals[k + 1].first == Self.quote {
            fields[k].quoted = true
        }
        self.fields = fields
        self.literals = literals
        self.tolerant = tolerant
    }

    /// Accepts a format as written in nginx config: one or more single-quoted pieces (concatenated),
    /// optionally ending in `;`. Anything else is taken as the format itself.
    static func unquoteConfig(_ format: String) throws(AccessLogFormatError) -> String {
        let trimmed = format.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("'") else { return format }
        var out = ""
        var rest = Substring(trimmed)
        while let first = rest.first {
            if first == " " || first == "\t" || first == "\n" || first == "\r" { rest = rest.dropFirst(); continue }
            if first == ";" && rest.count == 1 { break }
            guard first == "'" else { throw AccessLogFormatError("text outside the quoted pieces of the log format") }
            let body = rest.dropFirst()
            guard let close = body.firstIndex(of: "'") else { throw AccessLogFormatError("unterminated ' in the log format") }
            out += body[..<close]
            rest = body[body.index(after: close)...]
        }
        return out
    }

    /// Finds each field in `b` (a line without its line ending).
    func match(_ b: UnsafeRawBufferPointer) throws(ParseFailure) -> Match {
        let n = b.count
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        guard Self.has(literals[0], in: b, at: 0) else { throw literalFailure(0, at: 0, in: b) }
        var i = literals[0].count
        for k in fields.indices {
            let f = fields[k]
            let after = literals[k + 1]
            let start = i
            var end: Int
            if f.kind == .timeLocal {
                guard i + Self.timeLocalWidth <= n else { throw ParseFailure("line ends inside \(f.name)", offset: start) }
                end = i + Self.timeLocalWidth
                guard Self.has(after, in: b, at: end) else { throw literalFailure(k + 1, at: end, in: b) }
            } else if after.isEmpty {
                end = n
                if tolerant && !f.quoted { end = Self.find(Self.space, in: b, from: i) ?? n }
            } else if f.quoted {
                var j = i
                var firstQuote: Int? = nil
                var found: Int? = nil
                while j < n {
                    let c = b[j]
                    if c == Self.backslash { j += 2; continue }
                    if c == Self.quote {
                        if firstQuote == nil { firstQuote = j }
                        if Self.has(after, in: b, at: j) { found = j; break }
                    }
                    j += 1
                }
                guard let found else {
                    guard let firstQuote else { throw ParseFailure("missing closing '\"' of \(f.name)", offset: start) }
                    throw literalFailure(k + 1, at: firstQuote, in: b)
                }
                end = found
            } else {
                guard let stop = Self.find(after[0], in: b, from: i) else {
                    throw literalFailure(k + 1, at: n, in: b)
                }
                end = stop
                if !Self.has(after, in: b, at: stop) {
                    // Free text may hold the literal's first byte (`0.012, 0.003`); strict kinds may not.
                    guard f.kind == .text || f.kind == .looseNumber,
                          let later = Self.find(after, in: b, from: stop + 1) else {
                        throw literalFailure(k + 1, at: stop, in: b)
                    }
                    end = later
                }
            }
            ranges.append(start..<end)
            i = end + after.count
        }
        var extra: Range<Int>? = nil
        if i < n {
            guard tolerant else {
                throw ParseFailure("unexpected text after \(fields[fields.count - 1].name)", offset: i)
            }
            while i < n && b[i] == Self.space { i += 1 }
            if i < n { extra = i..<n }
        }
        return Match(ranges: ranges, extra: extra)
    }

    /// The failure for literal `k` not found at `offset`, naming the field it should precede (or follow).
    /// "Line ends early" when the line stops where the literal, or a start of it, stands.
    func literalFailure(_ k: Int, at offset: Int, in b: UnsafeRawBufferPointer) -> ParseFailure {
        let lit = String(decoding: literals[k], as: UTF8.self)
        let place = k < fields.count ? "before \(fields[k].name)" : "after \(fields[k - 1].name)"
        let rest = max(0, b.count - offset)
        if rest < literals[k].count && literals[k].prefix(rest).elementsEqual(UnsafeRawBufferPointer(rebasing: b[min(offset, b.count)...])) {
            return ParseFailure("line ends early: expected '\(lit)' \(place)", offset: min(offset, b.count))
        }
        return ParseFailure("expected '\(lit)' \(place)", offset: offset)
    }

    @inline(__always) static func has(_ lit: [UInt8], in b: UnsafeRawBufferPointer, at i: Int) -> Bool {
        guard i + lit.count <= b.count else { return false }
        for k in lit.indices where b[i + k] != lit[k] { return false }
        return true
    }

    @inline(__always) static func find(_ c: UInt8, in b: UnsafeRawBufferPointer, from i: Int) -> Int? {
        var j = i
        while j < b.count {
            if b[j] == c { return j }
            j += 1
        }
        return nil
    }

    static func find(_ lit: [UInt8], in b: UnsafeRawBufferPointer, from i: Int) -> Int? {
        var j = i
        while let at = find(lit[0], in: b, from: j) {
            if has(lit, in: b, at: at) { return at }
            j = at + 1
        }
        return nil
    }
}

/// A log format that cannot be compiled (a config error, not a record error).
public struct AccessLogFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "invalid log format: \(reason)" }
}
