/// Writes JSON in Sealtrail's canonical form: object keys sorted by their UTF-8 bytes, no
/// insignificant whitespace, strings escaped minimally (`"`, `\`, and control characters; `/` and
/// non-ASCII are written as-is), numbers exactly as read. Equal values give equal bytes.
public enum CanonicalJSON {
    /// Appends the canonical encoding of `value`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        let w = ByteWriter()
        write(value, into: w)
        out.appendBytes(w.bytes)
    }

    /// Appends the canonical encoding of `value` to a writer.
    public static func write(_ value: JSONValue, into out: ByteWriter) {
        switch value {
        case .null: out.append("null")
        case let .bool(b): out.append(b ? "true" : "false")
        case let .number(n): out.appendUTF8(n)
        case let .string(s): out.appendJSONString(s)
        case let .array(items):
            out.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(0x2C) }
                write(item, into: out)
            }
            out.append(0x5D)
        case let .object(members):
            out.append(0x7B)
            for (k, (key, v)) in sortedMembers(members).enumerated() {
                if k > 0 { out.append(0x2C) }
                out.appendJSONString(key)
                out.append(0x3A)
                write(v, into: out)
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

    /// UTF-8 byte order, compared on the contiguous bytes (the generic sequence comparison of two
    /// `UTF8View`s cost more than the rest of writing an attributes object).
    @inline(__always) static func utf8Less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }

    /// Appends a JSON string literal.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0), into: &out) }
    }

    /// Appends a JSON string literal of UTF-8 bytes (which the caller has checked are valid UTF-8).
    public static func writeString(utf8 raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let w = ByteWriter(capacity: raw.count * 6 + 16)
        w.appendJSONString(raw)
        out.appendBytes(w.bytes)
    }
}
