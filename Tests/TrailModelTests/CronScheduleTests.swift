import Testing
import TrailModel

/// One schedule, a time, and the next firing it must give (RFC 3339 UTC, to the minute), or nil for none.
struct CronCase: Sendable, CustomTestStringConvertible {
    var schedule: String
    var after: String
    var next: String?
    var testDescription: String { "'\(schedule)' after \(after)" }
    init(_ schedule: String, _ after: String, _ next: String?) { (self.schedule, self.after, self.next) = (schedule, after, next) }
}

func instant(_ s: String) -> Timestamp {
    guard let t = TimeParser.parseISO(s.utf8[...])?.timestamp else { fatalError("bad test time \(s)") }
    return t
}

@Suite("Cron schedules")
struct CronScheduleTests {
    static let cases: [CronCase] = [
        // Every minute; strictly after, whole minutes.
        .init("* * * * *", "2026-11-23T10:00:00Z", "2026-11-23T10:01"),
        .init("* * * * *", "2026-11-23T10:00:30Z", "2026-11-23T10:01"),
        // Nightly at 02:30; before and after today's run.
        .init("30 2 * * *", "2026-11-23T01:00:00Z", "2026-11-23T02:30"),
        .init("30 2 * * *", "2026-11-23T02:30:00Z", "2026-11-24T02:30"),
        // Steps, ranges, lists.
        .init("*/15 * * * *", "2026-11-23T10:07:00Z", "2026-11-23T10:15"),
        .init("5/20 * * * *", "2026-11-23T10:46:00Z", "2026-11-23T11:05"),
        .init("0 9-17/4 * * *", "2026-11-23T13:01:00Z", "2026-11-23T17:00"),
        .init("0 8,20 * * *", "2026-11-23T08:00:00Z", "2026-11-23T20:00"),
        // Month ends, leap days, names.
        .init("0 0 31 * *", "2026-11-01T00:00:00Z", "2026-12-31T00:00"),
        .init("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00"),
        .init("0 0 1 jan,JUL *", "2026-07-01T00:00:00Z", "2027-01-01T00:00"),
        .init("0 12 * * mon-fri", "2026-11-27T12:00:00Z", "2026-11-30T12:00"),   // Fri → Mon
        .init("0 0 * * 7", "2026-11-23T00:00:00Z", "2026-11-29T00:00"),        // 7 is Sunday
        .init("0 0 * * 0", "2026-11-23T00:00:00Z", "2026-11-29T00:00"),
        // Both day fields restricted: either matches (13th or any Friday).
        .init("0 0 13 * fri", "2026-11-23T00:00:00Z", "2026-11-27T00:00"),
        .init("0 0 13 * fri", "2026-11-28T00:00:00Z", "2026-12-04T00:00"),
        .init("0 0 13 * fri", "2026-12-12T00:00:00Z", "2026-12-13T00:00"),
        // Nicknames.
        .init("@hourly", "2026-11-23T10:59:59Z", "2026-11-23T11:00"),
        .init("@daily", "2026-11-23T10:00:00Z", "2026-11-24T00:00"),
        .init("@weekly", "2026-11-23T10:00:00Z", "2026-11-29T00:00"),
        .init("@monthly", "2026-11-23T10:00:00Z", "2026-12-01T00:00"),
        .init("@yearly", "2026-11-23T10:00:00Z", "2027-01-01T00:00"),
        // Never: 31 February.
        .init("0 0 31 2 *", "2026-01-01T00:00:00Z", nil),
        // Zones: 02:00 Berlin is 01:00 UTC in winter, 00:00 UTC in summer.
        .init("CRON_TZ=Europe/Berlin 0 2 * * *", "2026-11-23T00:00:00Z", "2026-11-23T01:00"),
        .init("CRON_TZ=Europe/Berlin 0 2 * * *", "2026-07-01T00:30:00Z", "2026-07-02T00:00"),
        // 02:30 does not exist in Berlin on 2026-03-29 (clocks go 02:00 → 03:00): that day is skipped.
        .init("CRON_TZ=Europe/Berlin 30 2 * * *", "2026-03-28T02:00:00Z", "2026-03-30T00:30"),
        // 02:30 happens twice on 2026-10-25 (03:00 → 02:00): it runs once, at the first (00:30 UTC).
        .init("CRON_TZ=Europe/Berlin 30 2 * * *", "2026-10-24T23:00:00Z", "2026-10-25T00:30"),
        .init("CRON_TZ=Europe/Berlin 30 2 * * *", "2026-10-25T00:30:00Z", "2026-10-26T01:30"),
        .init("CRON_TZ=UTC 0 3 * * *", "2026-11-23T04:00:00Z", "2026-11-24T03:00"),
    ]

    @Test(arguments: cases)
    func nextFiring(_ c: CronCase) throws {
        let schedule = try CronSchedule(c.schedule)
        let next = schedule.next(after: instant(c.after))
        #expect(next.map { String($0.rfc3339.prefix(16)) } == c.next)
    }

    /// Each malformed schedule is refused with a reason naming the field and the fault.
    static let bad: [(String, String)] = [
        ("* * * *", "expected 5 fields"),
        ("* * * * * *", "expected 5 fields"),
        ("60 * * * *", "minute field '60': 60 is outside 0-59"),
        ("* 24 * * *", "hour field '24': 24 is outside 0-23"),
        ("* * 0 * *", "day-of-month field '0': 0 is outside 1-31"),
        ("* * * 13 *", "month field '13': 13 is outside 1-12"),
        ("* * * * 8", "day-of-week field '8': 8 is outside 0-7"),
        ("*/0 * * * *", "step '0' must be a positive number"),
        ("5-1 * * * *", "range 5-1 runs backwards"),
        ("1,,2 * * * *", "empty list item"),
        ("* * * foo *", "'foo' is not a number or a name"),
        ("x * * * *", "'x' is not a number"),
        ("@sometimes", "unknown nickname"),
        ("CRON_TZ=Mars/Olympus 0 0 * * *", "unknown time zone 'Mars/Olympus'"),
        ("CRON_TZ=Europe/Berlin", "needs a schedule after the zone"),
    ]

    @Test(arguments: bad)
    func refused(_ c: (String, String)) {
        do {
            _ = try CronSchedule(c.0)
            Issue.record("accepted '\(c.0)'")
        } catch {
            #expect("\(error)".contains(c.1), "\(error)")
            #expect("\(error)".hasPrefix("cron schedule '\(c.0)'"))
        }
    }
}
