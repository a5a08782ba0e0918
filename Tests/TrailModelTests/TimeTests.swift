import Testing
import TrailModel

/// One ISO 8601 / RFC 3339 input: what it must parse to (as RFC 3339 UTC), or nil for a rejection.
struct ISOCase: Sendable, CustomTestStringConvertible {
    var input: String
    var assumedOffset: Int64 = 0
    var expected: String?
    var hadZone = true
    var testDescription: String { "\"\(input)\"" + (assumedOffset != 0 ? " @\(assumedOffset)s" : "") }

    static func ok(_ input: String, _ expected: String, assumed: Int64 = 0, zone: Bool = true) -> ISOCase {
        ISOCase(input: input, assumedOffset: assumed, expected: expected, hadZone: zone)
    }

    static func bad(_ input: String) -> ISOCase { ISOCase(input: input, expected: nil) }
}

@Suite("Time parsing and rendering")
struct TimeTests {
    static let isoCases: [ISOCase] = [
        // Zones.
        .ok("2024-03-01T12:34:56Z", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01T12:34:56z", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01t12:34:56Z", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01T12:34:56+00:00", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01T12:34:56-00:00", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01T12:34:56+05:30", "2024-03-01T07:04:56.000000Z"),
        .ok("2024-03-01T12:34:56-08:00", "2024-03-01T20:34:56.000000Z"),
        .ok("2024-03-01T12:34:56+0530", "2024-03-01T07:04:56.000000Z"),
        .ok("2024-03-01T12:34:56+05", "2024-03-01T07:34:56.000000Z"),
        .ok("2024-03-01T20:00:00-08:00", "2024-03-02T04:00:00.000000Z"),
        .ok("2024-01-01T01:00:00+05:30", "2023-12-31T19:30:00.000000Z"),
        .ok("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.000000Z"),
        .ok("2024-03-01T12:34:56 +02:00", "2024-03-01T10:34:56.000000Z"),
        // Space separator, no seconds, date only.
        .ok("2024-03-01 12:34:56Z", "2024-03-01T12:34:56.000000Z"),
        .ok("2024-03-01 12:34:56.5+01:00", "2024-03-01T11:34:56.500000Z"),
        .ok("2024-03-01T12:34Z", "2024-03-01T12:34:00.000000Z"),
        // No zone: the assumed offset applies and hadZone is false.
        .ok("2024-03-01T12:34:56", "2024-03-01T12:34:56.000000Z", zone: false),
        .ok("2024-03-01T12:34:56", "2024-03-01T11:34:56.000000Z", assumed: 3600, zone: false),
        .ok("2024-03-01T12:34:56", "2024-03-01T17:34:56.000000Z", assumed: -18000, zone: false),
        .ok("2024-03-01T00:10:00", "2024-02-29T22:10:00.000000Z", assumed: 7200, zone: false),
        .ok("2024-03-01", "2024-03-01T00:00:00.000000Z", zone: false),
        .ok("2024-03-01 12:34:56.25", "2024-03-01T07:04:56.250000Z", assumed: 19800, zone: false),
        .ok("2024-03-01T12:34:56 ", "2024-03-01T12:34:56.000000Z", zone: false),
        // The assumed offset is ignored when the text has a zone.
        .ok("2024-03-01T12:34:56Z", "2024-03-01T12:34:56.000000Z", assumed: 3600),
        // Fractions of 1…9 digits (microseconds kept, the rest truncated), dot or comma.
        .ok("2024-03-01T12:34:56.1Z", "2024-03-01T12:34:56.100000Z"),
        .ok("2024-03-01T12:34:56.12Z", "2024-03-01T12:34:56.120000Z"),
        .ok("2024-03-01T12:34:56.123Z", "2024-03-01T12:34:56.123000Z"),
        .ok("2024-03-01T12:34:56.1234Z", "2024-03-01T12:34:56.123400Z"),
        .ok("2024-03-01T12:34:56.12345Z", "2024-03-01T12:34:56.123450Z"),
        .ok("2024-03-01T12:34:56.123456Z", "2024-03-01T12:34:56.123456Z"),
        .ok("2024-03-01T12:34:56.1234567Z", "2024-03-01T12:34:56.123456Z"),
        .ok("2024-03-01T12:34:56.12345678Z", "2024-03-01T12:34:56.123456Z"),
        .ok("2024-03-01T12:34:56.123456789Z", "2024-03-01T12:34:56.123456Z"),
        .ok("2024-03-01T12:34:56.999999999Z", "2024-03-01T12:34:56.999999Z"),
        .ok("2024-03-01T12:34:56,5Z", "2024-03-01T12:34:56.500000Z"),
        .ok("2024-03-01T12:34:56.000001-00:30", "2024-03-01T13:04:56.000001Z"),
        // Leap second: clamped to the last microsecond of the minute, so order is kept.
        .ok("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z"),
        .ok("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999999Z"),
        .ok("2016-12-31T23:59:60+01:00", "2016-12-31T22:59:59.999999Z"),
        // Leap days.
        .ok("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000000Z"),
        .ok("2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000000Z"),
        .ok("1600-02-29T00:00:00Z", "1600-02-29T00:00:00.000000Z"),
        // Before 1970 and after 2100.
        .ok("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        .ok("1900-01-01T00:00:00+01:00", "1899-12-31T23:00:00.000000Z"),
        .ok("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000000Z"),
        .ok("2100-12-31T23:59:59Z", "2100-12-31T23:59:59.000000Z"),
        .ok("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
        // Invalid calendar dates.
        .bad("2023-02-29T00:00:00Z"),
        .bad("1900-02-29T00:00:00Z"),
        .bad("2100-02-29T00:00:00Z"),
        .bad("2024-02-30T00:00:00Z"),
        .bad("2024-04-31T00:00:00Z"),
        .bad("2024-13-01T00:00:00Z"),
        .bad("2024-00-10T00:00:00Z"),
        .bad("2024-01-00T00:00:00Z"),
        .bad("2024-01-32T00:00:00Z"),
        // Invalid clock times and zones.
        .bad("2024-03-01T24:00:00Z"),
        .bad("2024-03-01T12:60:00Z"),
        .bad("2024-03-01T12:34:61Z"),
        .bad("2024-03-01T12:34:56+24:00"),
        .bad("2024-03-01T12:34:56+05:60"),
        .bad("2024-03-01T12:34:56+05:3"),
        .bad("2024-03-01T12:34:56+05:"),
        .bad("2024-03-01T12:34:56+"),
        .bad("2024-03-01T12:34:56ZZ"),
        .bad("2024-03-01T12:34:56Z junk"),
        .bad("2024-03-01T12:34:56+05:30x"),
        .bad("2024-03-01T12:34:56 UTC"),
        .bad("2024-03-01T12:34:56.Z"),
        .bad("2024-03-01T12:34:56."),
        // Garbage and partial forms.
        .bad(""),
        .bad("garbage"),
        .bad("2024"),
        .bad("2024-03"),
        .bad("2024-3-01"),
        .bad("2024/03/01"),
        .bad("24-03-01T12:00:00Z"),
        .bad("2024-03-01T"),
        .bad("2024-03-01T12"),
        .bad("2024-03-01T1:00:00Z"),
        .bad("2024-03-01X12:34:56Z"),
        .bad("+2024-03-01T12:34:56Z"),
        .bad("2024-03-01T12:34:56\u{00A0}Z"),
    ]

    @Test("TimeParser.parseISO", arguments: isoCases)
    func parseISO(_ c: ISOCase) {
        let off = c.assumedOffset
        let parsed = TimeParser.parseISO(c.input[...].utf8, assumedOffset: { _ in off })
        guard let expected = c.expected else {
            #expect(parsed == nil, "accepted as \(parsed.map { $0.timestamp.rfc3339 } ?? "")")
            return
        }
        #expect(parsed?.timestamp.rfc3339 == expected)
        #expect(parsed?.hadZone == c.hadZone)
    }

    @Test func assumedOffsetSeesTheLocalTime() {
        // The closure receives the zone-less wall time read as UTC (so a DST rule can be looked up).
        var seen: [Int64] = []
        let p = TimeParser.parseISO("2024-07-01T09:00:00"[...].utf8) { local in seen.append(local.micros); return 7200 }
        #expect(seen == [Timestamp.utc(year: 2024, month: 7, day: 1, hour: 9).micros])
        #expect(p?.timestamp.rfc3339 == "2024-07-01T07:00:00.000000Z")
    }

    struct EpochCase: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String?
        var testDescription: String { "\"\(input)\"" }
    }

    static let epochCases: [EpochCase] = [
        // Seconds (< 1e11).
        EpochCase(input: "0", expected: "1970-01-01T00:00:00.000000Z"),
        EpochCase(input: "1700000000", expected: "2023-11-14T22:13:20.000000Z"),
        EpochCase(input: "1700000000.5", expected: "2023-11-14T22:13:20.500000Z"),
        EpochCase(input: "1700000000.123456", expected: "2023-11-14T22:13:20.123456Z"),
        EpochCase(input: "1700000000.000001", expected: "2023-11-14T22:13:20.000001Z"),
        EpochCase(input: "2147483648", expected: "2038-01-19T03:14:08.000000Z"),
        EpochCase(input: "1e9", expected: "2001-09-09T01:46:40.000000Z"),
        EpochCase(input: "99999999999", expected: "5138-11-16T09:46:39.000000Z"),
        // Milliseconds (< 1e14).
        EpochCase(input: "100000000000", expected: "1973-03-03T09:46:40.000000Z"),
        EpochCase(input: "1700000000123", expected: "2023-11-14T22:13:20.123000Z"),
        EpochCase(input: "1700000000999", expected: "2023-11-14T22:13:20.999000Z"),
        // Microseconds.
        EpochCase(input: "1700000000123456", expected: "2023-11-14T22:13:20.123456Z"),
        EpochCase(input: "100000000000000", expected: "1973-03-03T09:46:40.000000Z"),
        // Nanoseconds are brought down to microseconds.
        EpochCase(input: "1700000000000000000", expected: "2023-11-14T22:13:20.000000Z"),
        // Rejections.
        EpochCase(input: "", expected: nil),
        EpochCase(input: "-1", expected: nil),
        EpochCase(input: "abc", expected: nil),
        EpochCase(input: "12abc", expected: nil),
        EpochCase(input: "nan", expected: nil),
        EpochCase(input: "inf", expected: nil),
        EpochCase(input: " 1700000000", expected: nil),
        EpochCase(input: "2024-03-01", expected: nil),
    ]

    @Test("TimeParser.parseEpoch", arguments: epochCases)
    func parseEpoch(_ c: EpochCase) {
        #expect(TimeParser.parseEpoch(c.input)?.rfc3339 == c.expected)
    }

    struct RenderCase: Sendable, CustomTestStringConvertible {
        var micros: Int64
        var rfc3339: String
        var testDescription: String { rfc3339 }
        init(_ seconds: Int64, _ micros: Int64, _ rfc3339: String) {
            self.micros = seconds * 1_000_000 + micros; self.rfc3339 = rfc3339
        }
        init(_ seconds: Int64, _ rfc3339: String) { self.init(seconds, 0, rfc3339) }
    }

    /// Epoch seconds from Python's `datetime` (proleptic Gregorian, UTC).
    static let renderCases: [RenderCase] = [
        RenderCase(0, "1970-01-01T00:00:00.000000Z"),
        RenderCase(0, -1, "1969-12-31T23:59:59.999999Z"),
        RenderCase(-1, "1969-12-31T23:59:59.000000Z"),
        RenderCase(-1, -999_999, "1969-12-31T23:59:58.000001Z"),
        RenderCase(-86_400, "1969-12-31T00:00:00.000000Z"),
        RenderCase(-86_401, "1969-12-30T23:59:59.000000Z"),
        RenderCase(-310_498_185, 250_000, "1960-02-29T06:30:15.250000Z"),
        RenderCase(-2_208_988_800, "1900-01-01T00:00:00.000000Z"),
        RenderCase(-12_219_292_800, "1582-10-15T00:00:00.000000Z"),
        RenderCase(-11_670_912_000, "1600-03-01T00:00:00.000000Z"),
        RenderCase(-62_135_596_800, "0001-01-01T00:00:00.000000Z"),
        RenderCase(2_147_483_648, "2038-01-19T03:14:08.000000Z"),
        RenderCase(4_107_542_399, 999_999, "2100-02-28T23:59:59.999999Z"),
        RenderCase(4_107_542_400, "2100-03-01T00:00:00.000000Z"),
        RenderCase(13_574_606_400, 1, "2400-02-29T12:00:00.000001Z"),
        RenderCase(253_402_300_799, 999_999, "9999-12-31T23:59:59.999999Z"),
    ]

    @Test("Timestamp.rfc3339 and dateString", arguments: renderCases)
    func render(_ c: RenderCase) {
        let t = Timestamp(micros: c.micros)
        #expect(t.rfc3339 == c.rfc3339)
        #expect(t.dateString == String(c.rfc3339.prefix(10)))
        // Rendering and parsing are inverse.
        #expect(TimeParser.parseISO(t.rfc3339[...].utf8)?.timestamp == t)
        // seconds is the floor.
        #expect(t.seconds * 1_000_000 <= t.micros && t.micros < (t.seconds + 1) * 1_000_000)
    }

    @Test func utcBuilderMatchesRendering() {
        let t = Timestamp.utc(year: 1955, month: 11, day: 5, hour: 6, minute: 15, second: 0, micros: 42)
        #expect(t.rfc3339 == "1955-11-05T06:15:00.000042Z")
        #expect(Timestamp(seconds: -1, micros: 500_000).rfc3339 == "1969-12-31T23:59:59.500000Z")
        #expect(Timestamp(micros: -1) < Timestamp(micros: 0))
    }

    @Test("Civil calendar: consecutive dates are consecutive day numbers", arguments: [1, 1582, 1896, 1968, 2096, 2396, 9996])
    func civilCalendar(startYear: Int64) {
        var expected = Civil.days(year: startYear, month: 1, day: 1)
        for year in startYear..<(startYear + 8) {
            var daysInYear: Int64 = 0
            for month in Int64(1)...12 {
                for day in 1...Civil.daysInMonth(year: year, month: month) {
                    let n = Civil.days(year: year, month: month, day: day)
                    #expect(n == expected, "\(year)-\(month)-\(day)")
                    let back = Civil.civil(fromDays: n)
                    #expect(back == (year, month, day), "\(year)-\(month)-\(day) from day \(n)")
                    expected += 1
                    daysInYear += 1
                }
            }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            #expect(daysInYear == (leap ? 366 : 365), "year \(year)")
        }
    }

    @Test func monthAbbreviationsInAnyCase() {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for (k, name) in names.enumerated() {
            for form in [name, name.lowercased(), name.uppercased()] {
                let b = Array(form.utf8)
                #expect(Civil.month(b[0], b[1], b[2]) == Int64(k + 1), "\(form)")
            }
        }
        for other in ["Jux", "J@N", "000", "Ja ", "\u{7F}an"] {
            let b = Array(other.utf8)
            #expect(Civil.month(b[0], b[1], b[2]) == nil, "\(other)")
        }
    }
}
