import Foundation
import TrailModel

/// HTTP access logs, one line per record: nginx/Apache `combined` and `common`, any nginx `log_format`,
/// AWS Application Load Balancer logs and Amazon S3 server access logs.
///
/// Format names: `nginx-combined` (also `apache-combined`), `apache-common`, `aws-alb`, `aws-s3-access`,
/// and `nginx-custom` (or a name you choose) for `AccessLogParser(logFormat:)`.
///
/// How a line maps onto the event (DESIGN.md, "The event"):
///
/// | event field | nginx / Apache | AWS ALB | Amazon S3 |
/// | --- | --- | --- | --- |
/// | `id` | `$request_id`, else nil | `trace_id`, else nil | `request_id` |
/// | `time` | `$msec`, else `$time_iso8601`, else `$time_local` (with its offset); else `received` | `time` | `[time]` (with its offset) |
/// | `actor` | `$remote_user` | nil | `requester` |
/// | `action` | `METHOD /path` from `$request` | `METHOD /path` from `request` | `operation` (`REST.GET.OBJECT`) |
/// | `resource` | path of `$request` | path of the request URL | `bucket/key` (`bucket` when key is `-`) |
/// | `outcome` | `$status` | `elb_status_code` | `http_status` |
/// | `origin` | `$remote_addr` | `client` without its port | `remote_ip` |
/// | `session` | `$request_id` | `trace_id` | `request_id` |
///
/// An ALB `trace_id` is not an `id`: clients can set `X-Amzn-Trace-Id`, and two requests sharing one
/// must never be merged as duplicates (ALB records are keyed by file and byte offset instead).
/// | `attributes` | every other variable by name, plus `request` and `status` | every other field by its AWS name, plus `request`, `elb_status_code`, `client_port` (`target:port_list` is `target_port_list`) | every other field by its AWS name, plus `http_status` |
/// | `raw` | the line as read (base64, `rawEncoding: "base64"`, when not UTF-8) | same | same |
/// | `format`, `source`, `received` | the format name, `context.source`, `context.received` | same | same |
///
/// - Outcome: HTTP 1xx–3xx → `success`; 4xx and 5xx → `failure` (401 and 403 are access denied); a
///   missing (`-`) or out-of-range status → `unknown`.
/// - Paths drop the query string; the whole request line stays in `attributes.request`. A request that
///   is not `METHOD target …` (`-`, TLS bytes sent to an HTTP port) gives a nil action and resource.
/// - A field written as `-` is absent (left out of `attributes`, nil in the event). Counts, times in
///   seconds and status codes are JSON numbers (`.number`); other fields are strings with Apache/nginx
///   escapes (`\"`, `\\`, `\xHH`) decoded.
/// - The built-in formats keep text after the last known field as `attributes.extra_fields` (AWS adds
///   fields at the end over time); a custom `log_format` refuses it unless `allowTrailingFields` is set.
/// - `apache-*` read Apache's identd field (`%l`) as `remote_ident`; `nginx-combined` wants the literal `-`.
/// - A line that does not match names the field in its `ParseFailure` (`expected '] "' before request`)
///   and gives the byte offset; field values never appear in the reason.
public struct AccessLogParser: RecordParser, Sendable {
    public let format: String
    let pattern: AccessLogPattern
    /// Index of the field that gives `time`, if any.
    let timeField: Int?
    /// Attribute order for writing lines straight from the spans.
    let layout: AccessLogLineLayout

    /// Compiles an nginx `log_format` (as written in nginx config, single quotes allowed, or bare).
    ///
    /// ```swift
    /// let p = try AccessLogParser(logFormat: #"'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_id'"#)
    /// ```
    public init(logFormat: String, format: String = "nginx-custom", allowTrailingFields: Bool = false) throws(AccessLogFormatError) {
        self.init(pattern: try AccessLogPattern(format: logFormat, tolerant: allowTrailingFields, vocabulary: Self.nginxVocabulary),
                  format: format)
    }

    init(pattern: AccessLogPattern, format: String) {
        self.pattern = pattern
        self.format = format
        layout = AccessLogLineLayout(pattern)
        // The most precise time wins: $msec, then $time_iso8601, then $time_local.
        func rank(_ k: AccessLogPattern.Kind) -> Int { k == .epoch ? 0 : k == .timeISO ? 1 : 2 }
        timeField = pattern.fields.indices.filter { pattern.fields[$0].role == .time }
            .min { rank(pattern.fields[$0].kind) < rank(pattern.fields[$1].kind) }
    }

    /// The line written straight from the spans (see `prepare(_:context:into:)`).
    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> PreparedEvent {
        let out = ByteWriter(capacity: record.count * 3 + 512)
        var prepared = try prepare(record, context: context, into: out)
        prepared.line = out.array()
        return prepared
    }

    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        var n = record.count
        while n > 0 && (record[n - 1] == 0x0A || record[n - 1] == 0x0D) { n -= 1 }
        guard n > 0 else { throw ParseFailure("empty line") }
        let b = UnsafeRawBufferPointer(rebasing: record[0..<n])
        let m = try pattern.match(b)

        var time = context.received
        var clock: String? = "received"
        var id: String?, session: String?, actor: String?, action: String?, resource: String?, origin: String?
        var bucket: String?, key: String?
        var outcome = Outcome.unknown
        var attributes: [(String, JSONValue)] = []
        attributes.reserveCapacity(pattern.fields.count + 1)

        for (k, f) in pattern.fields.enumerated() {
            let r = m.ranges[k]
            switch f.role {
            case .time where k == timeField:
                (time, clock) = try Self.readTime(f, b, r, zone: context.timeZone)
            case .origin:
                origin = AccessLogValues.text(b, r)
            case .originWithPort:
                guard let text = AccessLogValues.text(b, r) else { continue }
                let (host, port) = AccessLogValues.hostPort(text)
                origin = host
                if let port, port.utf8.count <= 9, let number = Int(port) { attributes.append((f.name + "_port", .number(String(number)))) }
            case .actor:
                actor = AccessLogValues.text(b, r)
            case .request:
                guard let text = AccessLogValues.text(b, r) else { continue }
                attributes.append((f.name, .string(text)))
                if let (method, path) = AccessLogValues.request(text) {
                    action = method + " " + path
                    resource = String(path)
                }
            case .status:
                let v = try Self.value(f, b, r)
                if let v {
                    attributes.append((f.name, v))
                    if let code = AccessLogValues.status(b, r) { outcome = AccessLogValues.outcome(status: code) }
                }
            case .id:
                id = AccessLogValues.text(b, r)
            case .session:
                session = AccessLogValues.text(b, r)
            case .operation:
                action = AccessLogValues.text(b, r)
            case .bucket:
                bucket = AccessLogValues.text(b, r)
            case .key:
                key = AccessLogValues.text(b, r)
            case .attribute, .time:
                if let v = try Self.value(f, b, r) { attributes.append((f.name, v)) }
            }
        }
        if let bucket { resource = key.map { bucket + "/" + $0 } ?? bucket }
        if let extra = m.extra {
            attributes.append(("extra_fields", .string(String(decoding: UnsafeRawBufferPointer(rebasing: b[extra]), as: UTF8.self))))
        }

        let raw: String
        var rawIsBase64 = false
        if let text = String(validating: record, as: UTF8.self) {
            raw = text
        } else {
            raw = Data(record).base64EncodedString()
            rawIsBase64 = true
        }
        return TrailEvent(id: id, time: time, received: context.received, source: context.source, format: format,
                          actor: actor, action: action, resource: resource, outcome: outcome, origin: origin,
                          session: session ?? id, attributes: attributes, raw: raw, rawIsBase64: rawIsBase64, clock: clock)
    }

    /// A field's attribute value after checking it against its kind; nil when absent (`-`).
    static func value(_ f: AccessLogPattern.Field, _ b: UnsafeRawBufferPointer, _ r: Range<Int>) throws(ParseFailure) -> JSONValue? {
        let dash = AccessLogValues.isDash(b, r)
        switch f.kind {
        case .text:
            return AccessLogValues.text(b, r).map(JSONValue.string)
        case let .status(dashAllowed):
            if dash && dashAllowed { return nil }
            guard AccessLogValues.status(b, r) != nil else {
                throw ParseFailure("\(f.name) is not a 3-digit HTTP status code", offset: r.lowerBound)
            }
            return .number(AccessLogValues.wholeText(b, r))
        case .count:
            if dash { return nil }
            guard AccessLogValues.isWhole(b, r) else { throw ParseFailure("\(f.name) is not a whole number", offset: r.lowerBound) }
            return .number(AccessLogValues.wholeText(b, r))
        case .decimal:
            if dash { return nil }
            guard AccessLogValues.isJSONNumber(b, r) else { throw ParseFailure("\(f.name) is not a number", offset: r.lowerBound) }
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self))
        case .looseNumber:
            if dash { return nil }
            if AccessLogValues.isJSONNumber(b, r) { return .number(String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self)) }
            return AccessLogValues.text(b, r).map(JSONValue.string)
        case .timeLocal, .timeISO, .epoch:
            if dash { return nil }
            _ = try readTime(f, b, r, zone: nil)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self)
            return f.kind == .epoch ? .number(text) : .string(text)
        }
    }

    /// Reads a time field; a zone-less ISO time is read in the collector's zone and noted in `clock`.
    static func readTime(_ f: AccessLogPattern.Field, _ b: UnsafeRawBufferPointer, _ r: Range<Int>,
                         zone: TimeZone?) throws(ParseFailure) -> (Timestamp, String?) {
        switch f.kind {
        case .timeLocal:
            guard let t = AccessLogValues.timeLocal(b, r) else {
                throw ParseFailure("\(f.name) is not a time like 10/Oct/2000:13:55:36 -0700", offset: r.lowerBound)
            }
            return (t, nil)
        case .epoch:
            guard let t = AccessLogValues.epoch(b, r) else {
                throw ParseFailure("\(f.name) is not an epoch time in seconds", offset: r.lowerBound)
            }
            return (t, nil)
        default:
            guard let p = TimeParser.parseISO(bytes: UnsafeRawBufferPointer(rebasing: b[r]),
                                              assumedOffset: { AppJSONParser.offset(of: zone, at: $0) }) else {
                throw ParseFailure("\(f.name) is not an ISO 8601 time", offset: r.lowerBound)
            }
            return (p.timestamp, p.hadZone ? nil : "assumed:" + (zone?.identifier ?? "UTC"))
        }
    }
}
