#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A UTC instant with microsecond precision, rendered as RFC 3339 (`2026-07-01T12:00:00.000000Z`).
///
/// Hand-written (no Foundation `DateFormatter`): parsing and printing run once per event on the hot
/// path, and the fixed six-digit form makes the rendered strings sort like the instants they name.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    /// The current wall-clock time.
    public static var now: Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(micros: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }

    public init(seconds: Int64, micros: Int64 = 0) { self.micros = seconds * 1_000_000 + micros }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.micros < b.micros }

    /// Whole seconds since the epoch (floor).
    public var seconds: Int64 { micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000 }

    /// The UTC calendar date, `YYYY-MM-DD`.
    public var dateString: String {
        let (y, m, d) = Civil.civil(fromDays: floorDiv(seconds, 86_400))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// Days since 1970-01-01 (UTC).
    public var dayNumber: Int64 { floorDiv(seconds, 86_400) }

    /// Appends the RFC 3339 form (27 bytes) to `out` without building a String.
    public func writeRFC3339(into out: inout [UInt8]) {
        let w = ByteWriter(capacity: 64)
        writeRFC3339(into: w)
        out.appendBytes(w.bytes)
    }

    /// Appends the RFC 3339 form (27 bytes for years 0–9999) to a writer.
    public func writeRFC3339(into out: ByteWriter) {
        let secs = seconds
        var frac = micros - secs * 1_000_000
        let days = floorDiv(secs, 86_400)
        let sod = secs - days * 86_400
        let (y, m, d) = Civil.civil(fromDays: days)
        // Years outside 0–9999 are written as plain numbers before the fixed "-MM-DD…" tail.
        let four = y >= 0 && y <= 9999
        if !four { out.appendUTF8(String(y)) }
        out.reserve(27)
        let o = out.base + out.used
        let s = four ? 0 : 4
        @inline(__always) func two(_ at: Int, _ v: Int64) { o[at - s] = UInt8(48 + v / 10); o[at - s + 1] = UInt8(48 + v % 10) }
        if four { two(0, y / 100); two(2, y % 100) }
        o[4 - s] = 0x2D; two(5, m); o[7 - s] = 0x2D; two(8, d); o[10 - s] = 0x54
        two(11, sod / 3600); o[13 - s] = 0x3A; two(14, (sod % 3600) / 60); o[16 - s] = 0x3A; two(17, sod % 60); o[19 - s] = 0x2E
        for k in stride(from: 25, through: 20, by: -1) { o[k - s] = UInt8(48 + frac % 10); frac /= 10 }
        o[26 - s] = 0x5A
        out.used += four ? 27 : 23
    }

    /// RFC 3339 in UTC with six fractional digits.
    public var rfc3339: String {
        let secs = seconds
        let frac = micros - secs * 1_000_000
        let days = floorDiv(secs, 86_400)
        let sod = secs - days * 86_400
        let (y, m, d) = Civil.civil(fromDays: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(sod / 3600, 2) + ":"
            + pad((sod / 60) % 60, 2) + ":" + pad(sod % 60, 2) + "." + pad(frac, 6) + "Z"
    }

    /// Builds an instant from calendar fields read as UTC.
    public static func utc(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0,
                           second: Int64 = 0, micros: Int64 = 0) -> Timestamp {
        let days = Civil.days(year: year, month: month, day: day)
        return Timestamp(micros: ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + micros)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : (a - b + 1) / b
}

@inline(__always) func pad(_ v: Int64, _ width: Int) -> String {
    var s = String(v)
    if s.count < width { s = String(repeating: "0", count: width - s.count) + s }
    return s
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's `days_from_civil`).
public enum Civil {
    /// Days since 1970-01-01 for a calendar date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day number (days since 1970-01-01).
    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// The month (1–12) named by an English three-letter abbreviation in any case (`Jan`, `oct`),
    /// bytes folded with `| 0x20`; nil for anything else. No allocation (hot in log-time parsing).
    public static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int64? {
        switch UInt32(a | 0x20) << 16 | UInt32(b | 0x20) << 8 | UInt32(c | 0x20) {
        case 0x6A_616E: return 1   // jan
        case 0x66_6562: return 2   // feb
        case 0x6D_6172: return 3   // mar
        case 0x61_7072: return 4   // apr
        case 0x6D_6179: return 5   // may
        case 0x6A_756E: return 6   // jun
        case 0x6A_756C: return 7   // jul
        case 0x61_7567: return 8   // aug
        case 0x73_6570: return 9   // sep
        case 0x6F_6374: return 10  // oct
        case 0x6E_6F76: return 11  // nov
        case 0x64_6563: return 12  // dec
        default: return nil
        }
    }

    /// Days in a month, leap years included.
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        }
    }
}
