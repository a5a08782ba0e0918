/// Writes JSON in Sealtrail's canonical form: object keys sorted by their UTF-8 bytes, no
/// insignificant whitespace, strings escaped minimally (`"`, `\`, and control characters; `/` and
/// non-ASCII are written as-is), numbers exactly as read. Equal values give equal bytes.
public enum CanonicalJSON {
    /// Appends the canonical encoding of `value`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case let .bool(b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case let .number(n): out.append(contentsOf: n.utf8)
        case let .string(s): writeString(s, into: &out)
        case let .array(items):
            out.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x5D)
        case let .object(members):
            out.append(0x7B)
            for (k, (key, v)) in sortedMembers(members).enumerated() {
                if k > 0 { out.append(0x2C) }
                writeString(key, into: &out)
                out.append(0x3A)
                write(v, into: &out)
            }
            out.append(0x7D)
        }
    }

    /// The canonical encoding as bytes.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// The canonical encoding as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Members sorted by key bytes (the order `sort -b` and Python's `sort_keys` give for ASCII keys).
    public static func sortedMembers(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        var sorted = members
        var ordered = true
        for k in 1..<max(members.count, 1) where !utf8Less(members[k - 1].0, members[k].0) { ordered = false; break }
        if !ordered { sorted.sort { utf8Less($0.0, $1.0) } }
        return sorted
    }

    @inline(__always) static func utf8Less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a JSON string literal.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0), into: &out) }
    }

    /// Appends a JSON string literal of UTF-8 bytes (which the caller has checked are valid UTF-8).
    public static func writeString(utf8 raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(0x22)
        do {
            let buf = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            var runStart = 0
            for k in 0..<buf.count {
                let c = buf[k]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                if k > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<k])) }
                runStart = k + 1
                switch c {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                case 0x08: out.append(0x5C); out.append(0x62)
                case 0x0C: out.append(0x5C); out.append(0x66)
                default:
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                }
            }
            if buf.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count])) }
        }
        out.append(0x22)
    }
}
