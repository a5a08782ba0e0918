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
            withKeyOrder(members) { order in
                for (k, i) in order.enumerated() {
                    if k > 0 { out.append(0x2C) }
                    out.appendJSONString(members[i].0)
                    out.append(0x3A)
                    write(members[i].1, into: out)
                }
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
        withKeyOrder(members) { order in order.map { members[$0] } }
    }

    /// Calls `body` with the members' indices in key order (equal keys keep their input order).
    /// Sorting indices, not the members, spares moving strings and values around.
    static func withKeyOrder<T>(_ members: [(String, JSONValue)], _ body: (UnsafeBufferPointer<Int>) -> T) -> T {
        let n = members.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: max(n, 1)) { order in
            for i in 0..<n { order[i] = i }
            var ordered = true
            for i in 1..<max(n, 1) where !utf8Less(members[i - 1].0, members[i].0) { ordered = false; break }
            if !ordered {
                func less(_ a: Int, _ b: Int) -> Bool {
                    utf8Less(members[a].0, members[b].0) || (!utf8Less(members[b].0, members[a].0) && a < b)
                }
                if n <= 32 {
                    for i in 1..<n {
                        let x = order[i]
                        var j = i
                        while j > 0 && less(x, order[j - 1]) { order[j] = order[j - 1]; j -= 1 }
                        order[j] = x
                    }
                } else {
                    var all = UnsafeMutableBufferPointer(rebasing: order[0..<n])
                    all.sort(by: less)
                }
            }
            return body(UnsafeBufferPointer(rebasing: order[0..<n]))
        }
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
