/// Parses the time forms audit sources write: RFC 3339 / ISO 8601 (with or without zone, `T` or space,
/// any number of fractional digits) and Unix epoch numbers (seconds, milliseconds, microseconds).
public enum TimeParser {
    /// The result of reading a time: the instant, and whether the text carried its own zone.
    public struct Parsed: Sendable, Equatable {
        public var timestamp: Timestamp
        /// False when the text had no zone and `assumedOffsetSeconds` was applied.
        public var hadZone: Bool
    }

    /// Parses ISO 8601 / RFC 3339 text. A zone-less time is read at `assumedOffset` seconds east of UTC.
    public static func parseISO(_ text: Substring.UTF8View, assumedOffset: (Timestamp) -> Int64 = { _ in 0 }) -> Parsed? {
        let bytes = Array(text)
        return bytes.withUnsafeBytes { parseISO(bytes: $0, assumedOffset: assumedOffset) }
    }

    /// Parses ISO 8601 / RFC 3339 from raw bytes (no allocation).
    public static func parseISO(bytes raw: UnsafeRawBufferPointer, assumedOffset: (Timestamp) -> Int64 = { _ in 0 }) -> Parsed? {
        var end = raw.count
        // Trim trailing spaces.
        while end > 0 && raw[end - 1] == 0x20 { end -= 1 }
        let b = UnsafeRawBufferPointer(rebasing: raw[0..<end])
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard month >= 1 && month <= 12 && day >= 1 && day <= Civil.daysInMonth(year: year, month: month) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, micros: Int64 = 0
        if i < b.count && (b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20) {
            i += 1
            guard let h = digits(2), expect(0x3A), let mi = digits(2) else { return nil }
            hour = h; minute = mi
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < b.count && (b[i] == 0x2E || b[i] == 0x2C) {
                    i += 1
                    var n = 0
                    var frac: Int64 = 0
                    while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                        if n < 6 { frac = frac * 10 + Int64(b[i] - 0x30) }
                        n += 1; i += 1
                    }
                    guard n > 0 else { return nil }
                    var k = n
                    while k < 6 { frac *= 10; k += 1 }
                    micros = frac
                }
            }
            guard hour <= 23 && minute <= 59 && second <= 60 else { return nil }
            if second == 60 { second = 59; micros = 999_999 } // leap second: clamp, keep order
        }
        let local = Timestamp.utc(year: year, month: month, day: day, hour: hour, minute: minute, second: second, micros: micros)
        if i == b.count {
            let off = assumedOffset(local)
            return Parsed(timestamp: Timestamp(micros: local.micros - off * 1_000_000), hadZone: false)
        }
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
            return i == b.count ? Parsed(timestamp: local, hadZone: true) : nil
        }
        if b[i] == 0x20 { i += 1 }
        guard i < b.count, b[i] == 0x2B || b[i] == 0x2D else { return nil }
        let sign: Int64 = b[i] == 0x2D ? -1 : 1
        i += 1
        guard let oh = digits(2) else { return nil }
        let colon = expect(0x3A)
        // `+05`, `+0530` and `+05:30` are offsets; `+05:` and `+05:3` are not.
        guard let om = digits(2) ?? (colon ? nil : 0) else { return nil }
        guard i == b.count, oh <= 23, om <= 59 else { return nil }
        let off = sign * (oh * 3600 + om * 60)
        return Parsed(timestamp: Timestamp(micros: local.micros - off * 1_000_000), hadZone: true)
    }

    /// Reads an epoch number, choosing the unit by magnitude: < 1e11 seconds, < 1e14 milliseconds,
    /// otherwise microseconds. Fractional seconds are kept to the microsecond.
    public static func parseEpoch(_ text: String) -> Timestamp? {
        guard let v = Double(text), v.isFinite, v >= 0 else { return nil }
        if v < 1e11 {
            let whole = v.rounded(.down)
            return Timestamp(micros: Int64(whole) * 1_000_000 + Int64(((v - whole) * 1e6).rounded()))
        }
        if v < 1e14 { return Timestamp(micros: Int64((v * 1000).rounded())) }
        if v < 1e17 { return Timestamp(micros: Int64(v.rounded())) }
        return Timestamp(micros: Int64((v / 1000).rounded()))
    }
}
