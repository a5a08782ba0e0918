import Foundation

/// A cron schedule: five fields (minute hour day-of-month month day-of-week) as in crontab(5), or a
/// nickname (`@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`, `@yearly`/`@annually`).
///
/// Each field takes `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists `x,y,z`; months
/// and weekdays also take names (`jan`…`dec`, `sun`…`sat`; 0 and 7 are Sunday). As in Vixie cron, when
/// both day fields are restricted a day matches if *either* does. Times are UTC unless the text starts
/// with `CRON_TZ=<IANA zone> `; in a zone, a local time skipped by a daylight-saving jump does not run
/// that day and a local time that happens twice runs once, at its first occurrence.
///
/// Hand-written: no package of the mirror parses cron expressions.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    let minutes: UInt64      // bits 0...59
    let hours: UInt32        // bits 0...23
    let days: UInt32         // bits 1...31
    let months: UInt16       // bits 1...12
    let weekdays: UInt8      // bits 0...6, Sunday = 0
    let dayRestricted: Bool
    let weekdayRestricted: Bool
    let zone: String?

    public var description: String { text }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public let reason: String
        public var description: String { "cron schedule '\(text)': \(reason)" }
    }

    public init(_ text: String) throws {
        self.text = text
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var zone: String?
        if body.hasPrefix("CRON_TZ=") {
            let rest = body.dropFirst("CRON_TZ=".count)
            guard let space = rest.firstIndex(of: " ") else { throw ParseError(text: text, reason: "CRON_TZ= needs a schedule after the zone") }
            let name = String(rest[..<space])
            guard TimeZone(identifier: name) != nil else { throw ParseError(text: text, reason: "unknown time zone '\(name)'") }
            zone = name == "UTC" ? nil : name
            body = rest[space...].drop { $0 == " " }
        }
        self.zone = zone
        let expanded: String
        switch body {
        case "@hourly": expanded = "0 * * * *"
        case "@daily", "@midnight": expanded = "0 0 * * *"
        case "@weekly": expanded = "0 0 * * 0"
        case "@monthly": expanded = "0 0 1 * *"
        case "@yearly", "@annually": expanded = "0 0 1 1 *"
        default:
            if body.hasPrefix("@") { throw ParseError(text: text, reason: "unknown nickname '\(body)' (use @hourly, @daily, @weekly, @monthly or @yearly)") }
            expanded = String(body)
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5 else {
            throw ParseError(text: text, reason: "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        func parse(_ i: Int, _ name: String, _ range: ClosedRange<Int>, _ names: [String] = [], nameBase: Int = 0) throws -> (UInt64, Bool) {
            do {
                return try Self.field(fields[i], range: range, names: names, nameBase: nameBase)
            } catch let reason as FieldError {
                throw ParseError(text: text, reason: "\(name) field '\(fields[i])': \(reason.reason)")
            }
        }
        minutes = try parse(0, "minute", 0...59).0
        hours = UInt32(try parse(1, "hour", 0...23).0)
        let (d, dr) = try parse(2, "day-of-month", 1...31)
        days = UInt32(d); dayRestricted = dr
        months = UInt16(try parse(3, "month", 1...12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], nameBase: 1).0)
        var (w, wr) = try parse(4, "day-of-week", 0...7, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"])
        if w & (1 << 7) != 0 { w = (w | 1) & ~(1 << 7) }
        weekdays = UInt8(w); weekdayRestricted = wr
    }

    struct FieldError: Error { let reason: String }

    /// The bit set of one field and whether it restricts anything (is not a bare `*`).
    static func field(_ text: Substring, range: ClosedRange<Int>, names: [String], nameBase: Int) throws -> (UInt64, Bool) {
        var bits: UInt64 = 0
        func value(_ s: Substring) throws -> Int {
            if let n = Int(s) {
                guard range.contains(n) else { throw FieldError(reason: "\(n) is outside \(range.lowerBound)-\(range.upperBound)") }
                return n
            }
            if let i = names.firstIndex(of: s.lowercased()) { return i + nameBase }
            throw FieldError(reason: "'\(s)' is not a number\(names.isEmpty ? "" : " or a name")")
        }
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw FieldError(reason: "empty list item") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw FieldError(reason: "more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw FieldError(reason: "step '\(pieces[1])' must be a positive number") }
                step = s
            }
            let lo: Int, hi: Int
            if pieces[0] == "*" {
                (lo, hi) = (range.lowerBound, range.upperBound)
            } else if let dash = pieces[0].firstIndex(of: "-") {
                lo = try value(pieces[0][..<dash])
                hi = try value(pieces[0][pieces[0].index(after: dash)...])
                guard lo <= hi else { throw FieldError(reason: "range \(pieces[0]) runs backwards") }
            } else {
                lo = try value(pieces[0])
                hi = pieces.count == 2 ? range.upperBound : lo
            }
            for v in stride(from: lo, through: hi, by: step) { bits |= 1 << UInt64(v) }
        }
        return (bits, text != "*")
    }

    /// Whether a day (civil date, weekday with Sunday = 0) is one the schedule runs on.
    func runs(month: Int64, day: Int64, weekday: Int64) -> Bool {
        guard months & (1 << UInt16(month)) != 0 else { return false }
        let dayOK = days & (1 << UInt32(day)) != 0
        let weekdayOK = weekdays & (1 << UInt8(weekday)) != 0
        if dayRestricted && weekdayRestricted { return dayOK || weekdayOK }
        return dayOK && weekdayOK
    }

    /// The first time strictly after `after` (to the minute) when the schedule fires, or nil when none
    /// falls within the next eight years (e.g. `0 0 31 2 *`).
    public func next(after: Timestamp) -> Timestamp? {
        let tz = zone.flatMap { TimeZone(identifier: $0) }
        let start = floorDiv(after.seconds, 60) * 60 + 60          // the next whole minute, UTC
        // Local civil day of `start`, then walk day by day.
        let offset0 = Int64(tz?.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start))) ?? 0)
        var dayNumber = floorDiv(start + offset0, 86_400)
        for _ in 0 ..< 366 * 8 + 2 {
            let (y, m, d) = Civil.civil(fromDays: dayNumber)
            let weekday = (dayNumber % 7 + 11) % 7                 // 1970-01-01 was a Thursday (4)
            if runs(month: m, day: d, weekday: weekday) {
                for hour in 0 ..< 24 where hours & (1 << UInt32(hour)) != 0 {
                    for minute in 0 ..< 60 where minutes & (1 << UInt64(minute)) != 0 {
                        let local = (Civil.days(year: y, month: m, day: d) * 86_400) + Int64(hour * 3600 + minute * 60)
                        guard let utc = Self.utc(local: local, zone: tz), utc >= start else { continue }
                        return Timestamp(seconds: utc)
                    }
                }
            }
            dayNumber += 1
        }
        return nil
    }

    /// The UTC second of a local wall-clock second, nil when the zone skips it (a daylight-saving gap).
    /// When the wall-clock time happens twice, the earlier instant.
    static func utc(local: Int64, zone: TimeZone?) -> Int64? {
        guard let zone else { return local }
        var candidates: [Int64] = []
        for probe in [local - 86_400 / 2, local, local + 86_400 / 2] {
            let off = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(probe))))
            let utc = local - off
            if Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc)))) == off { candidates.append(utc) }
        }
        return candidates.min()
    }
}
