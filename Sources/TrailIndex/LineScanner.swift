import TrailModel

/// A strict scanner over one JSON object line, for `EventBatch`: keys, string values (escapes
/// decoded into the output), `null`, nested objects kept as their exact text, and skipping of
/// other values. Hand-written for the same reason as `EventBatch`.
struct LineScanner {
    struct Failure: Error { var reason: String }

    let line: UnsafeRawBufferPointer
    var at = 0

    init(line: UnsafeRawBufferPointer) { self.line = line }

    func fail(_ reason: String) -> Failure { Failure(reason: "\(reason) at byte \(at)") }

    func peek() -> UInt8? { at < line.count ? line[at] : nil }

    mutating func expect(_ c: UInt8) throws {
        guard at < line.count, line[at] == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
        at += 1
    }

    /// A key without escapes (Sealtrail's keys are plain ASCII).
    mutating func key() throws -> UnsafeRawBufferPointer {
        try expect(0x22)
        let start = at
        while at < line.count, line[at] != 0x22 {
            if line[at] == 0x5C { throw fail("escaped key") }
            at += 1
        }
        guard at < line.count else { throw fail("unterminated key") }
        at += 1
        return UnsafeRawBufferPointer(rebasing: line[start..<at - 1])
    }

    /// Appends a string's decoded text (or, with `keepObject`, an object's exact text) to `out`.
    /// Returns false for `null`.
    mutating func value(into out: inout [UInt8], keepObject: Bool) throws -> Bool {
        guard let c = peek() else { throw fail("missing value") }
        if c == 0x6E {
            guard at + 4 <= line.count, line[at + 1] == 0x75, line[at + 2] == 0x6C, line[at + 3] == 0x6C else { throw fail("bad literal") }
            at += 4
            return false
        }
        if c == 0x7B && keepObject {
            let start = at
            try skipValue()
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[start..<at]))
            return true
        }
        guard c == 0x22 else { throw fail("expected a string") }
        at += 1
        var run = at
        while at < line.count {
            let b = line[at]
            if b == 0x22 {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[run..<at]))
                at += 1
                return true
            }
            if b == 0x5C {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[run..<at]))
                try escape(into: &out)
                run = at
                continue
            }
            at += 1
        }
        throw fail("unterminated string")
    }

    private mutating func escape(into out: inout [UInt8]) throws {
        guard at + 1 < line.count else { throw fail("unterminated escape") }
        let e = line[at + 1]
        at += 2
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
            var scalar = try hex4()
            if scalar >= 0xD800 && scalar < 0xDC00 {
                guard at + 6 <= line.count, line[at] == 0x5C, line[at + 1] == 0x75 else { throw fail("lone surrogate") }
                at += 2
                let low = try hex4()
                guard low >= 0xDC00 && low < 0xE000 else { throw fail("lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                throw fail("lone surrogate")
            }
            guard let u = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
            out.append(contentsOf: String(Character(u)).utf8)
        default: throw fail("bad escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard at + 4 <= line.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = JSONParser.hexDigit(line[at]) else { throw fail("bad hex digit") }
            v = v << 4 | d
            at += 1
        }
        return v
    }

    /// Skips one value of any kind (strings and nesting respected).
    mutating func skipValue() throws {
        var depth = 0
        repeat {
            guard let c = peek() else { throw fail("unterminated value") }
            switch c {
            case 0x22:
                at += 1
                while at < line.count, line[at] != 0x22 { at += line[at] == 0x5C ? 2 : 1 }
                guard at < line.count else { throw fail("unterminated string") }
                at += 1
            case 0x7B, 0x5B: depth += 1; at += 1
            case 0x7D, 0x5D:
                guard depth > 0 else { return }
                depth -= 1; at += 1
            case 0x2C, 0x3A:
                guard depth > 0 else { return }
                at += 1
            default: at += 1
            }
        } while depth > 0
        // A scalar at depth 0 (number, true, false): run to the next delimiter.
        while let c = peek(), c != 0x2C, c != 0x7D, c != 0x5D { at += 1 }
    }
}
