/// A cursor over message text for the rules: prefixes, separators, digits.
///
/// Auth-log messages are nearly always plain ASCII. Then every byte is one `Character`, and the
/// cursor works on the UTF-8 bytes (no grapheme breaking), with exactly the results of the
/// `Character`-wise operations it uses for any other text (a test runs both on the same messages).
struct SyslogText {
    /// The rest of the text. Rules assign only slices of it, joined with ASCII literals, which keeps
    /// `ascii` true.
    var s: Substring
    /// True when `s` is ASCII without carriage returns (so bytes and `Character`s coincide).
    let ascii: Bool

    init(_ s: Substring, bytewise: Bool = true) {
        self.s = s
        ascii = bytewise && Self.isPlainASCII(s)
    }

    /// ASCII without `\r` (a CR LF pair is one `Character`).
    static func isPlainASCII(_ s: Substring) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { b in
            var i = 0
            while i + 8 <= b.count {
                let x = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let cr = (x ^ 0x0D0D_0D0D_0D0D_0D0D)
                if (x | ((cr &- 0x0101_0101_0101_0101) & ~cr)) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < b.count { if b[i] >= 0x80 || b[i] == 0x0D { return false }; i += 1 }
            return true
        } ?? false
    }

    var isEmpty: Bool { s.isEmpty }

    /// `s` from its `n`-th byte on (a `Character` boundary when `ascii`).
    private func tail(_ n: Int) -> Substring { s[s.utf8.index(s.startIndex, offsetBy: n)...] }

    /// True when the text starts with `p`.
    func hasPrefix(_ p: String) -> Bool {
        ascii ? s.utf8.starts(with: p.utf8) : s.hasPrefix(p)
    }

    /// True when the text ends with `p`.
    func hasSuffix(_ p: String) -> Bool {
        guard ascii else { return s.hasSuffix(p) }
        let n = p.utf8.count
        return s.utf8.count >= n && s.utf8.suffix(n).elementsEqual(p.utf8)
    }

    /// Consumes `p` when the text starts with it.
    mutating func skip(_ p: String) -> Bool {
        guard hasPrefix(p) else { return false }
        s = ascii ? tail(p.utf8.count) : s.dropFirst(p.count)
        return true
    }

    /// A cursor past `p` when the text starts with it (this one unchanged).
    func after(_ p: String) -> SyslogText? {
        var t = self
        return t.skip(p) ? t : nil
    }

    /// Byte offsets (in `s.utf8`) where `sep` occurs, first or last; a plain byte search, because the
    /// generic `firstRange(of:)` dominated the cost of reading auth logs.
    static func find(_ sep: String, in s: Substring, last: Bool) -> Range<Substring.Index>? {
        let needle = Array(sep.utf8)
        guard !needle.isEmpty else { return nil }
        let hit: Int? = s.utf8.withContiguousStorageIfAvailable { hay -> Int? in
            guard hay.count >= needle.count else { return nil }
            let limit = hay.count - needle.count
            var found: Int?
            var i = 0
            while i <= limit {
                if hay[i] == needle[0] {
                    var k = 1
                    while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        found = i
                        if !last { return i }
                        i += needle.count
                        continue
                    }
                }
                i += 1
            }
            return found
        } ?? nil
        guard let at = hit else {
            // Non-contiguous storage (not seen in practice): the generic search.
            return last ? s.ranges(of: sep).last : s.firstRange(of: sep)
        }
        let lo = s.utf8.index(s.utf8.startIndex, offsetBy: at)
        return lo..<s.utf8.index(lo, offsetBy: needle.count)
    }

    /// The text before the first `sep`, consuming through `sep`.
    mutating func upTo(_ sep: String) -> Substring? {
        guard let r = Self.find(sep, in: s, last: false) else { return nil }
        defer { s = s[r.upperBound...] }
        return s[..<r.lowerBound]
    }

    /// The text before the last `sep`, consuming through `sep`.
    mutating func upToLast(_ sep: String) -> Substring? {
        guard let r = Self.find(sep, in: s, last: true) else { return nil }
        defer { s = s[r.upperBound...] }
        return s[..<r.lowerBound]
    }

    /// The pieces of `part` (a slice of this cursor's text) between occurrences of `sep`, empty ones
    /// left out, found on bytes; nil when the text is not plain ASCII (then `part.split(separator:)`
    /// decides, with the same result on ASCII).
    func bytePieces(of part: Substring, separatedBy sep: String) -> [Substring]? {
        guard ascii else { return nil }
        var out: [Substring] = []
        var rest = part
        while let r = Self.find(sep, in: rest, last: false) {
            if r.lowerBound != rest.startIndex { out.append(rest[..<r.lowerBound]) }
            rest = rest[r.upperBound...]
        }
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    /// The length in bytes of the leading run of bytes that satisfy `body`.
    private func run(_ body: (UInt8) -> Bool) -> Int {
        var n = 0
        for c in s.utf8 { guard body(c) else { break }; n += 1 }
        return n
    }

    /// A run of ASCII digits (possibly empty).
    mutating func digits() -> Substring {
        let d = ascii ? s[..<s.utf8.index(s.startIndex, offsetBy: run { $0 >= 0x30 && $0 <= 0x39 })] : s.prefix { $0.isASCII && $0.isNumber }
        s = s[d.endIndex...]
        return d
    }

    /// The text up to the next space (or the end), consuming it but not the space.
    mutating func word() -> Substring {
        let w = ascii ? s[..<s.utf8.index(s.startIndex, offsetBy: run { $0 != 0x20 })] : s.prefix { $0 != " " }
        s = s[w.endIndex...]
        return w
    }

    /// `s` without leading and trailing spaces.
    static func trim(_ s: Substring) -> Substring {
        var s = s
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }

    /// `'name'`, consuming it.
    mutating func quoted() -> Substring? {
        guard s.first == "'" else { return nil }
        let body = s.dropFirst()
        guard let close = body.firstIndex(of: "'") else { return nil }
        s = body[body.index(after: close)...]
        return body[..<close]
    }
}
