import Foundation
import TrailModel

/// The header of one syslog line, split from its message (RFC 5424 or RFC 3164 / BSD).
struct SyslogHeader {
    /// The PRI value (facility * 8 + severity), when the line carried `<PRI>`.
    var priority: Int?
    var time: Timestamp
    /// `assumed:<zone>` for a zone-less time, `received` for the RFC 5424 NILVALUE time, else nil.
    var clock: String?
    var host: String?
    var app: String?
    var pid: String?
    /// RFC 5424 only: MSGID (nil for `-`).
    var msgid: String?
    var isRFC5424 = false
    /// RFC 5424 only: one object per SD-ID, parameters in order (a repeated name becomes an array).
    var structuredData: [(String, JSONValue)]?
    var message: String
}

/// A byte cursor over one line; every failure names what was expected and where.
struct SyslogScanner {
    let b: UnsafeRawBufferPointer
    var i = 0

    init(_ b: UnsafeRawBufferPointer) { self.b = b }

    var atEnd: Bool { i >= b.count }
    var peek: UInt8? { i < b.count ? b[i] : nil }

    func fail(_ what: String, at offset: Int? = nil) -> ParseFailure {
        let at = offset ?? i
        return ParseFailure("expected \(what) at byte \(at)", offset: at)
    }

    func text(_ r: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self) }

    mutating func expect(_ c: UInt8, _ what: String) throws(ParseFailure) {
        guard peek == c else { throw fail(what) }
        i += 1
    }

    /// Bytes up to the next space or the end (possibly empty).
    mutating func token() -> Range<Int> {
        let start = i
        while i < b.count, b[i] != 0x20 { i += 1 }
        return start..<i
    }

    /// `n` to `m` ASCII digits as a number.
    mutating func digits(_ n: Int, _ m: Int) -> Int64? {
        let start = i
        var v: Int64 = 0
        while i < b.count, i - start < m, b[i] >= 0x30 && b[i] <= 0x39 { v = v * 10 + Int64(b[i] - 0x30); i += 1 }
        if i - start < n { i = start; return nil }
        return v
    }

    /// The rest of the line as text.
    mutating func rest() -> String {
        defer { i = b.count }
        return i < b.count ? text(i..<b.count) : ""
    }
}

extension SyslogParser {
    static let months: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Splits the header from the message; the two RFC forms are told apart by `VERSION SP` after PRI.
    static func readHeader(_ line: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> SyslogHeader {
        var s = SyslogScanner(line)
        guard !line.isEmpty else { throw ParseFailure("expected a syslog header (PRI, month name or timestamp) at byte 0, found an empty line", offset: 0) }
        var priority: Int?
        if s.peek == 0x3C {
            s.i += 1
            guard let p = s.digits(1, 3), p <= 191 else { throw s.fail("a priority 0-191 after '<'", at: 1) }
            try s.expect(0x3E, "'>' closing the priority")
            priority = Int(p)
        }
        let mark = s.i
        if let version = s.digits(1, 3), s.peek == 0x20 {
            guard version == 1 else { throw ParseFailure("expected syslog protocol version 1 at byte \(mark), found \(version)", offset: mark) }
            s.i += 1
            var h = try read5424(&s, context: context)
            h.priority = priority
            return h
        }
        s.i = mark
        var h = try read3164(&s, context: context)
        h.priority = priority
        return h
    }

    /// `TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]`.
    static func read5424(_ s: inout SyslogScanner, context: ParseContext) throws(ParseFailure) -> SyslogHeader {
        let start = s.i
        let stamp = s.token()
        guard !stamp.isEmpty else { throw s.fail("an RFC 3339 timestamp or '-'") }
        var time = context.received, clock: String? = "received"
        if !(stamp.count == 1 && s.b[stamp.lowerBound] == 0x2D) {
            (time, clock) = try isoTime(UnsafeRawBufferPointer(rebasing: s.b[stamp]), at: start, context: context)
        }
        func field(_ name: String) throws(ParseFailure) -> String? {
            try s.expect(0x20, "a space before \(name)")
            let r = s.token()
            guard !r.isEmpty else { throw s.fail(name) }
            return r.count == 1 && s.b[r.lowerBound] == 0x2D ? nil : s.text(r)
        }
        let host = try field("HOSTNAME"), app = try field("APP-NAME"), pid = try field("PROCID"), msgid = try field("MSGID")
        try s.expect(0x20, "a space before STRUCTURED-DATA")
        var sd: [(String, JSONValue)]?
        if s.peek == 0x2D {
            s.i += 1
        } else if s.peek == 0x5B {
            sd = try readStructuredData(&s)
        } else {
            throw s.fail("structured data ('[' or '-')")
        }
        var message = ""
        if !s.atEnd {
            try s.expect(0x20, "a space before MSG")
            if s.b.count - s.i >= 3, s.b[s.i] == 0xEF, s.b[s.i + 1] == 0xBB, s.b[s.i + 2] == 0xBF { s.i += 3 }
            message = s.rest()
        }
        return SyslogHeader(time: time, clock: clock, host: host, app: app, pid: pid, msgid: msgid, isRFC5424: true,
                            structuredData: sd, message: message)
    }

    /// One or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]`; `\"`, `\\` and `\]` are unescaped, any other
    /// backslash is kept (RFC 5424 §6.3.3). A repeated SD-ID is merged into the first.
    static func readStructuredData(_ s: inout SyslogScanner) throws(ParseFailure) -> [(String, JSONValue)] {
        var elements: [(String, [(String, [String])])] = []
        func name(_ what: String) throws(ParseFailure) -> String {
            let start = s.i
            while let c = s.peek, c > 0x20, c < 0x7F, c != 0x3D, c != 0x5D, c != 0x22 { s.i += 1 }
            guard s.i > start else { throw s.fail(what) }
            return s.text(start..<s.i)
        }
        while s.peek == 0x5B {
            s.i += 1
            let id = try name("an SD-ID after '['")
            var params: [(String, [String])] = []
            while s.peek == 0x20 {
                s.i += 1
                let key = try name("a parameter name")
                try s.expect(0x3D, "'=' after parameter \(key)")
                try s.expect(0x22, "'\"' opening the value of \(key)")
                let open = s.i - 1
                var value: [UInt8] = []
                while true {
                    guard let c = s.peek else { throw s.fail("'\"' closing the value opened", at: open) }
                    if c == 0x22 { s.i += 1; break }
                    if c == 0x5C, s.i + 1 < s.b.count, [0x22, 0x5C, 0x5D].contains(s.b[s.i + 1]) {
                        value.append(s.b[s.i + 1]); s.i += 2
                    } else {
                        value.append(c); s.i += 1
                    }
                }
                let v = String(decoding: value, as: UTF8.self)
                if let k = params.firstIndex(where: { $0.0 == key }) { params[k].1.append(v) } else { params.append((key, [v])) }
            }
            try s.expect(0x5D, "']' or a parameter in element \(id)")
            if let k = elements.firstIndex(where: { $0.0 == id }) {
                for (key, vs) in params {
                    if let j = elements[k].1.firstIndex(where: { $0.0 == key }) { elements[k].1[j].1 += vs } else { elements[k].1.append((key, vs)) }
                }
            } else {
                elements.append((id, params))
            }
        }
        return elements.map { id, params in
            (id, .object(params.map { key, vs in (key, vs.count == 1 ? .string(vs[0]) : .array(vs.map { .string($0) })) }))
        }
    }

    /// `TIMESTAMP SP HOSTNAME SP TAG[PID]: MSG`, TIMESTAMP being `Mmm dd hh:mm:ss` or RFC 3339.
    static func read3164(_ s: inout SyslogScanner, context: ParseContext) throws(ParseFailure) -> SyslogHeader {
        let start = s.i
        let time: Timestamp, clock: String?
        if let c = s.peek, c >= 0x30 && c <= 0x39 {
            let r = s.token()
            (time, clock) = try isoTime(UnsafeRawBufferPointer(rebasing: s.b[r]), at: start, context: context)
        } else {
            time = try bsdTime(&s, context: context)
            clock = "assumed:" + (context.timeZone?.identifier ?? "UTC")
        }
        try s.expect(0x20, "a space before the hostname")
        let hostRange = s.token()
        guard !hostRange.isEmpty else { throw s.fail("a hostname") }
        let host = s.text(hostRange)
        var app: String?, pid: String?
        if s.peek == 0x20 {
            s.i += 1
            let tagStart = s.i
            while let c = s.peek, c != 0x5B, c != 0x3A, c != 0x20 { s.i += 1 }
            let tag = tagStart..<s.i
            if s.peek == 0x5B, let close = s.b[s.i...].firstIndex(of: 0x5D), close + 1 == s.b.count || s.b[close + 1] == 0x3A || s.b[close + 1] == 0x20 {
                pid = s.text((s.i + 1)..<close)
                s.i = close + 1
                if s.peek == 0x3A { s.i += 1 }
                app = tag.isEmpty ? nil : s.text(tag)
            } else if s.peek == 0x3A {
                s.i += 1
                app = tag.isEmpty ? nil : s.text(tag)
            } else {
                s.i = tagStart // no tag: the whole rest is the message
            }
            if app != nil || pid != nil, s.peek == 0x20 { s.i += 1 }
        }
        return SyslogHeader(time: time, clock: clock, host: host, app: app, pid: pid, message: s.rest())
    }

    /// An RFC 3339 timestamp token; a zone-less one is read in the collector's zone.
    static func isoTime(_ bytes: UnsafeRawBufferPointer, at offset: Int, context: ParseContext) throws(ParseFailure) -> (Timestamp, String?) {
        let zone = context.timeZone
        guard let p = TimeParser.parseISO(bytes: bytes, assumedOffset: { AppJSONParser.offset(of: zone, at: $0) }) else {
            throw ParseFailure("expected an RFC 3339 timestamp at byte \(offset)", offset: offset)
        }
        return (p.timestamp, p.hadZone ? nil : "assumed:" + (zone?.identifier ?? "UTC"))
    }

    /// `Mmm dd hh:mm:ss[.ffffff]` (day space-padded or not), the year inferred (see `SyslogParser`).
    static func bsdTime(_ s: inout SyslogScanner, context: ParseContext) throws(ParseFailure) -> Timestamp {
        let start = s.i
        guard s.b.count - s.i >= 3 else { throw s.fail("a month name (Jan-Dec) or an RFC 3339 timestamp") }
        guard let month = Civil.month(s.b[s.i], s.b[s.i + 1], s.b[s.i + 2]) else {
            throw s.fail("a month name (Jan-Dec) or an RFC 3339 timestamp")
        }
        s.i += 3
        try s.expect(0x20, "a space after the month")
        if s.peek == 0x20 { s.i += 1 }
        let dayAt = s.i
        guard let day = s.digits(1, 2), day >= 1, day <= 31 else { throw s.fail("a day of the month (1-31)", at: dayAt) }
        try s.expect(0x20, "a space after the day")
        let clockAt = s.i
        func part(colon: Bool) -> Int64? {
            guard let v = s.digits(2, 2) else { return nil }
            if colon { guard s.peek == 0x3A else { return nil }; s.i += 1 }
            return v
        }
        guard let hour = part(colon: true), let minute = part(colon: true), var second = part(colon: false),
              hour <= 23, minute <= 59, second <= 60 else {
            throw s.fail("a time of day hh:mm:ss", at: clockAt)
        }
        var micros: Int64 = 0
        if s.peek == 0x2E {
            s.i += 1
            var n = 0
            while let c = s.peek, c >= 0x30 && c <= 0x39 {
                if n < 6 { micros = micros * 10 + Int64(c - 0x30) }
                n += 1; s.i += 1
            }
            guard n > 0 else { throw s.fail("fractional-second digits") }
            for _ in n..<max(n, 6) { micros *= 10 }
        }
        if second == 60 { second = 59; micros = 999_999 } // leap second: clamp, as TimeParser does
        return try inferYear(month: month, day: day, hour: hour, minute: minute, second: second, micros: micros,
                             context: context, at: start)
    }

    /// The year rule: the year of `received` in the collector's zone, or the one before when that puts
    /// the time more than a day after `received` (or the date does not exist in that year).
    static func inferYear(month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, micros: Int64,
                          context: ParseContext, at offset: Int) throws(ParseFailure) -> Timestamp {
        let zone = context.timeZone
        let received = context.received
        let receivedOffset = zone.map { Int64($0.secondsFromGMT(for: Date(timeIntervalSince1970: Double(received.seconds)))) } ?? 0
        let (year, _, _) = Civil.civil(fromDays: Timestamp(micros: received.micros + receivedOffset * 1_000_000).dayNumber)
        func instant(_ y: Int64) -> Timestamp? {
            guard day <= Civil.daysInMonth(year: y, month: month) else { return nil }
            let local = Timestamp.utc(year: y, month: month, day: day, hour: hour, minute: minute, second: second, micros: micros)
            return Timestamp(micros: local.micros - AppJSONParser.offset(of: zone, at: local) * 1_000_000)
        }
        if let t = instant(year), t.micros <= received.micros + 86_400_000_000 { return t }
        if let t = instant(year - 1) { return t }
        throw ParseFailure("expected a date that exists in \(year) or \(year - 1) (the years near the received time) at byte \(offset), found \(months[Int(month) - 1]) \(day)",
                           offset: offset)
    }
}
