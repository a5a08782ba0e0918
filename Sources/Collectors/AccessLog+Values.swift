import Foundation
import TrailModel

/// Reading access-log field text: escapes, numbers, times, request lines and `host:port` addresses.
enum AccessLogValues {
    static let dash: UInt8 = 0x2D

    /// True when the field is the single byte `-` (absent).
    @inline(__always) static func isDash(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        r.count == 1 && b[r.lowerBound] == dash
    }

    /// The field's text, nil for `-`. Escapes written by Apache and nginx (`\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\xHH`) are decoded when the result is valid UTF-8; otherwise the text is kept as written.
    static func text(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> String? {
        if isDash(b, r) { return nil }
        return withText(UnsafeRawBufferPointer(rebasing: b[r])) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with a field's bytes, escapes decoded when that gives valid UTF-8 (as `text`).
    static func withText<T>(_ s: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        guard s.count > 0, memchr(s.baseAddress!, 0x5C, s.count) != nil else { return body(s) }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == 0x5C && i + 1 < s.count {
                switch s[i + 1] {
                case 0x22, 0x5C: out.append(s[i + 1]); i += 2; continue
                case 0x6E: out.append(0x0A); i += 2; continue
                case 0x72: out.append(0x0D); i += 2; continue
                case 0x74: out.append(0x09); i += 2; continue
                case 0x78:
                    if i + 3 < s.count, let hi = hex(s[i + 2]), let lo = hex(s[i + 3]) {
                        out.append(hi << 4 | lo); i += 4; continue
                    }
                default: break
                }
            }
            out.append(c)
            i += 1
        }
        return String(validating: out, as: UTF8.self) == nil ? body(s) : out.withUnsafeBytes(body)
    }

    @inline(__always) static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Digits only, at least one.
    static func isWhole(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        for i in r where !isDigit(b[i]) { return false }
        return true
    }

    /// A whole number's JSON text (leading zeros dropped, `007` → `7`).
    static func wholeText(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> String {
        var s = r.lowerBound
        while s < r.upperBound - 1 && b[s] == 0x30 { s += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: b[s..<r.upperBound]), as: UTF8.self)
    }

    /// True when the bytes are a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    static func isJSONNumber(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        let end = r.upperBound
        if i < end && b[i] == dash { i += 1 }
        guard i < end, isDigit(b[i]) else { return false }
        if b[i] == 0x30 { i += 1 } else { while i < end && isDigit(b[i]) { i += 1 } }
        if i < end && b[i] == 0x2E {
            i += 1
            guard i < end, isDigit(b[i]) else { return false }
            while i < end && isDigit(b[i]) { i += 1 }
        }
        if i < end && (b[i] == 0x65 || b[i] == 0x45) {
            i += 1
            if i < end && (b[i] == 0x2B || b[i] == dash) { i += 1 }
            guard i < end, isDigit(b[i]) else { return false }
            while i < end && isDigit(b[i]) { i += 1 }
        }
        return i == end
    }

    /// A three-digit HTTP status.
    static func status(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int? {
        guard r.count == 3, isWhole(b, r) else { return nil }
        let s = r.lowerBound
        return Int(b[s] - 0x30) * 100 + Int(b[s + 1] - 0x30) * 10 + Int(b[s + 2] - 0x30)
    }

    /// The outcome an HTTP status gives: 1xx–3xx success, 4xx–5xx failure (401 and 403 are access
    /// denied), anything else unknown.
    static func outcome(status: Int) -> Outcome {
        switch status {
        case 100...399: return .success
        case 400...599: return .failure
        default: return .unknown
        }
    }


    /// Reads `10/Oct/2000:13:55:36 -0700` (Apache `%t`, nginx `$time_local`, S3 `[time]`) with its offset.
    static func timeLocal(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Timestamp? {
        guard r.count == AccessLogPattern.timeLocalWidth else { return nil }
        let s = r.lowerBound
        func num(_ at: Int, _ width: Int) -> Int64? {
            var v: Int64 = 0
            for k in 0..<width {
                let c = b[s + at + k]
                guard isDigit(c) else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        guard b[s + 2] == 0x2F, b[s + 6] == 0x2F, b[s + 11] == 0x3A, b[s + 14] == 0x3A, b[s + 17] == 0x3A,
              b[s + 20] == 0x20, b[s + 21] == 0x2B || b[s + 21] == dash else { return nil }
        guard let month = Civil.month(b[s + 3], b[s + 4], b[s + 5]) else { return nil }
        guard let day = num(0, 2), let year = num(7, 4), let hour = num(12, 2), let minute = num(15, 2),
              var second = num(18, 2), let oh = num(22, 2), let om = num(24, 2) else { return nil }
        guard day >= 1, day <= Civil.daysInMonth(year: year, month: month), hour <= 23, minute <= 59, second <= 60,
              oh <= 23, om <= 59 else { return nil }
        var micros: Int64 = 0
        if second == 60 { second = 59; micros = 999_999 }  // leap second: clamp, as TimeParser does
        let local = Timestamp.utc(year: year, month: month, day: day, hour: hour, minute: minute, second: second, micros: micros)
        let offset = (oh * 3600 + om * 60) * (b[s + 21] == dash ? -1 : 1)
        return Timestamp(micros: local.micros - offset * 1_000_000)
    }

    /// Reads nginx `$msec` (`1696000000.123`): digits with an optional fraction.
    static func epoch(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Timestamp? {
        var dots = 0
        for i in r where !isDigit(b[i]) {
            guard b[i] == 0x2E else { return nil }
            dots += 1
        }
        guard dots <= 1, !r.isEmpty, isDigit(b[r.lowerBound]), isDigit(b[r.upperBound - 1]) else { return nil }
        return TimeParser.parseEpoch(String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self))
    }

    /// Splits an HTTP request line (`GET /a/b?q=1 HTTP/1.1`) into its method and path (query string
    /// dropped; an absolute-form target `http://host:80/a?q` gives `/a`). Nil when the line does not
    /// start with a method and a target (`-`, TLS bytes sent to a plain-HTTP port, …).
    static func request(_ line: String) -> (method: Substring, path: Substring)? {
        var line = line
        guard let (method, path) = line.withUTF8({ requestSpans(UnsafeRawBufferPointer($0)) }) else { return nil }
        let u = line.utf8
        func at(_ k: Int) -> String.Index { u.index(u.startIndex, offsetBy: k) }
        return (line[at(method.lowerBound)..<at(method.upperBound)],
                path.map { line[at($0.lowerBound)..<at($0.upperBound)] } ?? "/")
    }

    /// `request` on bytes: the method's and the path's byte ranges (a nil path stands for `/`, the
    /// path of an absolute-form target without one).
    static func requestSpans(_ u: UnsafeRawBufferPointer) -> (method: Range<Int>, path: Range<Int>?)? {
        @inline(__always) func find(_ c: UInt8, _ from: Int, _ to: Int) -> Int? {
            guard from < to, let p = memchr(u.baseAddress! + from, Int32(c), to - from) else { return nil }
            return UnsafeRawPointer(p) - u.baseAddress!
        }
        guard let sp = find(0x20, 0, u.count), sp != 0 else { return nil }
        for k in 0..<sp {
            let c = u[k]
            let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            guard letter || (k > 0 && (isDigit(c) || c == dash || c == 0x5F)) else { return nil }
        }
        var targetStart = sp + 1
        var targetEnd = u.count
        // The protocol is the last word when it starts with HTTP/.
        var last = u.count - 1
        while last >= targetStart && u[last] != 0x20 { last -= 1 }
        if last >= targetStart, u.count - (last + 1) >= 5, u[last + 1] == 0x48, u[last + 2] == 0x54, u[last + 3] == 0x54,
           u[last + 4] == 0x50, u[last + 5] == 0x2F {
            targetEnd = last
        }
        guard targetStart < targetEnd else { return nil }
        // Absolute form: skip `scheme://authority`.
        if let colon = find(0x3A, targetStart, targetEnd), colon != targetStart,
           u[targetStart..<colon].allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
           u[colon..<targetEnd].starts(with: "://".utf8) {
            if let slash = find(0x2F, colon + 3, targetEnd) {
                targetStart = slash
            } else {
                return (0..<sp, nil)
            }
        }
        let pathEnd = find(0x3F, targetStart, targetEnd) ?? targetEnd
        return (0..<sp, targetStart..<pathEnd)
    }

    /// Splits `host:port` (`10.0.0.1:443`, `[2001:db8::1]:443`, `2001:db8::1:443`) at its last colon;
    /// the port is nil when the text after it is not a number.
    static func hostPort(_ s: String) -> (host: String, port: String?) {
        guard let colon = s.lastIndex(of: ":") else { return (s, nil) }
        let port = s[s.index(after: colon)...]
        guard !port.isEmpty, port.utf8.allSatisfy(isDigit) else { return (s, nil) }
        var host = s[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return (String(host), String(port))
    }
}
