import Foundation
import TrailModel

/// An action or resource: absent, a value, derived from the request line in field `k` (which has
/// escapes to decode first), or from the method and path spans of a plain request line.
enum AccessLogDerived {
    case absent, text(String), request(Int)
    case spans(method: Range<Int>, path: Range<Int>?)

    init(_ s: String?) { self = s.map(AccessLogDerived.text) ?? .absent }
}

/// The order in which a pattern's attributes appear in a canonical line, worked out once per pattern
/// so that each line is written straight from its field spans, without a `TrailEvent` or a sort.
struct AccessLogLineLayout: Sendable {
    enum Source: Sendable { case field, port, extra }

    /// One possible attribute: its `"name":` bytes, the field it comes from and how.
    struct Attribute: Sendable {
        var key: [UInt8]
        var field: Int
        var source: Source
    }

    /// Every attribute a line can have, sorted by name bytes (the canonical order).
    let attributes: [Attribute]
    /// False when two attributes could share a name; such patterns take the general path.
    let usable: Bool

    init(_ pattern: AccessLogPattern) {
        var list: [(String, Int, Source)] = []
        for (k, f) in pattern.fields.enumerated() {
            switch f.role {
            case .attribute, .time, .request, .status: list.append((f.name, k, .field))
            case .originWithPort: list.append((f.name + "_port", k, .port))
            default: break
            }
        }
        list.append(("extra_fields", -1, .extra))
        list.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        usable = Set(list.map(\.0)).count == list.count
        attributes = list.map { name, field, source in
            let w = ByteWriter(capacity: 64)
            w.appendJSONString(name)
            w.append(0x3A)
            return Attribute(key: w.array(), field: field, source: source)
        }
    }
}

extension AccessLogParser {
    /// Writes the canonical line straight from the matched spans: the same bytes as
    /// `parse(_:context:)` + `canonicalLine()` (a test compares them on every fixture), with the
    /// same refusals in the same order. A line that is not UTF-8 takes the general path.
    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext, into out: ByteWriter) throws(ParseFailure) -> PreparedEvent {
        guard layout.usable, Self.isUTF8(record) else {
            let event = try parse(record, context: context)
            event.writeCanonical(into: out)
            return PreparedEvent(line: [], time: event.time, source: event.source, id: event.id)
        }
        var n = record.count
        while n > 0 && (record[n - 1] == 0x0A || record[n - 1] == 0x0D) { n -= 1 }
        guard n > 0 else { throw ParseFailure("empty line") }
        let b = UnsafeRawBufferPointer(rebasing: record[0..<n])
        let m = try pattern.match(b)

        var time = context.received
        var clock: String? = "received"
        var id: String?, session: String?, actor: String?, action: AccessLogDerived = .absent, resource: AccessLogDerived = .absent
        var origin: String?, bucket: String?, key: String?, port: String?
        var outcome = Outcome.unknown
        var present = [Bool](repeating: false, count: pattern.fields.count)
        for (k, f) in pattern.fields.enumerated() {
            let r = m.ranges[k]
            switch f.role {
            case .time where k == timeField:
                (time, clock) = try Self.readTime(f, b, r, zone: context.timeZone)
            case .origin:
                origin = AccessLogValues.text(b, r)
            case .originWithPort:
                guard let text = AccessLogValues.text(b, r) else { continue }
                let (host, p) = AccessLogValues.hostPort(text)
                origin = host
                if let p, p.utf8.count <= 9, let number = Int(p) { port = String(number) }
            case .actor:
                actor = AccessLogValues.text(b, r)
            case .request:
                guard !AccessLogValues.isDash(b, r) else { continue }
                present[k] = true
                let span = UnsafeRawBufferPointer(rebasing: b[r])
                if span.isEmpty || memchr(span.baseAddress!, 0x5C, span.count) == nil {
                    if let (method, path) = AccessLogValues.requestSpans(span) {
                        let at = r.lowerBound
                        action = .spans(method: (method.lowerBound + at)..<(method.upperBound + at),
                                        path: path.map { ($0.lowerBound + at)..<($0.upperBound + at) })
                        resource = action
                    }
                } else if AccessLogValues.withText(span, { AccessLogValues.requestSpans($0) != nil }) {
                    action = .request(k)
                    resource = .request(k)
                }
            case .status:
                present[k] = try Self.isPresent(f, b, r)
                if present[k], let code = AccessLogValues.status(b, r) { outcome = AccessLogValues.outcome(status: code) }
            case .id:
                id = AccessLogValues.text(b, r)
            case .session:
                session = AccessLogValues.text(b, r)
            case .operation:
                action = AccessLogDerived(AccessLogValues.text(b, r))
            case .bucket:
                bucket = AccessLogValues.text(b, r)
            case .key:
                key = AccessLogValues.text(b, r)
            case .attribute, .time:
                present[k] = try Self.isPresent(f, b, r)
            }
        }
        if let bucket { resource = .text(key.map { bucket + "/" + $0 } ?? bucket) }

        func opt(_ v: String?) { if let v { out.appendJSONString(v) } else { out.append("null") } }
        /// Action (`METHOD /path`) or resource (`/path`) from a request field, or a plain value.
        func requestPart(_ text: UnsafeRawBufferPointer, _ method: Range<Int>, _ path: Range<Int>?, withMethod: Bool) {
            out.append(0x22)
            if withMethod {
                out.appendJSONEscaped(UnsafeRawBufferPointer(rebasing: text[method]))
                out.append(0x20)
            }
            if let path { out.appendJSONEscaped(UnsafeRawBufferPointer(rebasing: text[path])) } else { out.append(0x2F) }
            out.append(0x22)
        }
        func derived(_ d: AccessLogDerived, withMethod: Bool) {
            switch d {
            case .absent: out.append("null")
            case let .text(s): out.appendJSONString(s)
            case let .spans(method, path): requestPart(b, method, path, withMethod: withMethod)
            case let .request(k):
                AccessLogValues.withText(UnsafeRawBufferPointer(rebasing: b[m.ranges[k]])) { text in
                    if let (method, path) = AccessLogValues.requestSpans(text) { requestPart(text, method, path, withMethod: withMethod) }
                }
            }
        }
        out.append("{\"action\":"); derived(action, withMethod: true)
        out.append(",\"actor\":"); opt(actor)
        out.append(",\"attributes\":{")
        var first = true
        for a in layout.attributes {
            switch a.source {
            case .field:
                guard present[a.field] else { continue }
                if !first { out.append(0x2C) }
                a.key.withUnsafeBytes { out.append($0) }
                Self.writeValue(pattern.fields[a.field], b, m.ranges[a.field], into: out)
            case .port:
                guard let port else { continue }
                if !first { out.append(0x2C) }
                a.key.withUnsafeBytes { out.append($0) }
                out.appendUTF8(port)
            case .extra:
                guard let extra = m.extra else { continue }
                if !first { out.append(0x2C) }
                a.key.withUnsafeBytes { out.append($0) }
                out.appendJSONString(UnsafeRawBufferPointer(rebasing: b[extra]))
            }
            first = false
        }
        out.append(0x7D)
        if let clock { out.append(",\"clock\":"); out.appendJSONString(clock) }
        out.append(",\"format\":"); out.appendJSONString(format)
        out.append(",\"id\":"); opt(id)
        out.append(",\"origin\":"); opt(origin)
        out.append(",\"outcome\":\""); out.append(outcome.literal)
        out.append("\",\"raw\":"); out.appendJSONString(record)
        out.append(",\"received\":\""); context.received.writeRFC3339(into: out)
        out.append("\",\"resource\":"); derived(resource, withMethod: false)
        out.append(",\"session\":"); opt(session ?? id)
        out.append(",\"source\":"); out.appendJSONString(context.source)
        out.append(",\"time\":\""); time.writeRFC3339(into: out)
        out.append("\"}")
        return PreparedEvent(line: [], time: time, source: context.source, id: id)
    }

    /// Checks a field as `value(_:_:_:)` does and says whether it is present, without building it.
    static func isPresent(_ f: AccessLogPattern.Field, _ b: UnsafeRawBufferPointer, _ r: Range<Int>) throws(ParseFailure) -> Bool {
        let dash = AccessLogValues.isDash(b, r)
        switch f.kind {
        case .text, .looseNumber:
            return !dash
        case let .status(dashAllowed):
            if dash && dashAllowed { return false }
            guard AccessLogValues.status(b, r) != nil else {
                throw ParseFailure("\(f.name) is not a 3-digit HTTP status code", offset: r.lowerBound)
            }
            return true
        case .count:
            if dash { return false }
            guard AccessLogValues.isWhole(b, r) else { throw ParseFailure("\(f.name) is not a whole number", offset: r.lowerBound) }
            return true
        case .decimal:
            if dash { return false }
            guard AccessLogValues.isJSONNumber(b, r) else { throw ParseFailure("\(f.name) is not a number", offset: r.lowerBound) }
            return true
        case .timeLocal, .timeISO, .epoch:
            if dash { return false }
            _ = try readTime(f, b, r, zone: nil)
            return true
        }
    }

    /// Writes a present field's value as `value(_:_:_:)` would encode it.
    static func writeValue(_ f: AccessLogPattern.Field, _ b: UnsafeRawBufferPointer, _ r: Range<Int>, into out: ByteWriter) {
        let span = UnsafeRawBufferPointer(rebasing: b[r])
        switch f.kind {
        case .status, .count:
            var s = r.lowerBound
            while s < r.upperBound - 1 && b[s] == 0x30 { s += 1 }
            out.append(UnsafeRawBufferPointer(rebasing: b[s..<r.upperBound]))
        case .decimal, .epoch:
            out.append(span)
        case .looseNumber where AccessLogValues.isJSONNumber(b, r):
            out.append(span)
        case .text, .looseNumber:
            AccessLogValues.withText(span) { out.appendJSONString($0) }
        case .timeLocal, .timeISO:
            out.appendJSONString(span)
        }
    }

    /// True when the bytes are valid UTF-8 (ASCII checked eight bytes at a time).
    static func isUTF8(_ record: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = record.count
        while i + 8 <= n {
            if record.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return String(validating: record, as: UTF8.self) != nil
            }
            i += 8
        }
        while i < n {
            if record[i] >= 0x80 { return String(validating: record, as: UTF8.self) != nil }
            i += 1
        }
        return true
    }
}
