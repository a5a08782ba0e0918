import Foundation
import TrailModel

/// AWS CloudTrail records, in the three shapes they are delivered in:
///
/// - S3-delivered log files, `{"Records":[…]}` (one event per element, in order);
/// - one record per line (CloudWatch Logs / Firehose exports; extra members such as `@timestamp` are kept);
/// - the EventBridge envelope `{"version":"0","id":…,"detail-type":"AWS API Call via CloudTrail",
///   "source":"aws.…","time":…,"detail":{…record…}}`.
///
/// How a record maps onto the event (DESIGN.md, "The event"):
///
/// | event field | CloudTrail |
/// | --- | --- |
/// | `id` | `eventID` |
/// | `time` | `eventTime` (a zone-less time gets the collector's zone, recorded in `clock`) |
/// | `actor` | `userIdentity.arn`, else `.principalId`, else `.invokedBy`, else `.userName` |
/// | `action` | `eventSource:eventName` (`signin.amazonaws.com:ConsoleLogin`) |
/// | `resource` | `resources[0].ARN`, else the request parameter naming the target (`bucketName/key`, `userName`, `roleName`, `keyId`, trail `name`, …) |
/// | `outcome` | `failure` when `errorCode` is present, or when `responseElements.<eventName>` is `"Failure"` (ConsoleLogin, SwitchRole, CheckMfa); else `success` |
/// | `origin` | `sourceIPAddress` |
/// | `session` | `requestID`, else `userIdentity.accessKeyId` |
/// | `attributes` | the whole record minus `eventID eventTime eventSource eventName`, and minus `sourceIPAddress` / `requestID` when they were used; an EventBridge envelope's other members go under `eventBridge` |
/// | `raw` | the record's exact bytes, sliced from the document (for an envelope, the whole envelope) |
///
/// CloudTrail's digest files (`digestStartTime`, `digestEndTime`, `previousDigestSignature`, …) are not
/// events: `isDigest(_:)` recognises them and `events(in:)` refuses them, so the caller can skip them.
/// Failures name the record index and the field (`record 3: field eventTime: missing`); field values
/// never appear in the reason.
public struct CloudTrailParser: RecordParser, Sendable {
    public let format: String

    public init() { format = "cloudtrail" }

    /// True when `document` is a CloudTrail digest file rather than a log file.
    public func isDigest(_ document: UnsafeRawBufferPointer) -> Bool {
        let start = AWSDocumentScan.trimmed(document).lowerBound
        guard let members = AWSDocumentScan.members(of: document, objectAt: start) else { return false }
        return Self.isDigest(keys: members.map(\.0))
    }

    static func isDigest(keys: [String]) -> Bool {
        if keys.contains("Records") || keys.contains("eventID") { return false }
        return (keys.contains("digestStartTime") && keys.contains("digestEndTime"))
            || keys.contains("previousDigestSignature") || keys.contains("digestSignatureAlgorithm")
    }

    /// Every event in one input document (a whole file's bytes, or one JSON line), in order.
    public func events(in document: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> [TrailEvent] {
        let root = try AWSDocumentScan.parse(document)
        guard case let .object(members) = root else { throw ParseFailure("not a JSON object") }
        if Self.isDigest(keys: members.map(\.0)) { throw ParseFailure("CloudTrail digest file, not events") }
        let whole = AWSDocumentScan.trimmed(document)
        if let records = root["Records"] {
            return try AWSDocumentScan.mapRecords(records, in: document) { item, k, raw throws(ParseFailure) in
                try map(item, index: k, raw: raw, envelope: nil, context: context)
            }
        }
        if let detail = root["detail"], root["detail-type"] != nil {
            guard case .object = detail else { throw ParseFailure("record 0: field detail: not an object") }
            let envelope = members.filter { $0.0 != "detail" }
            return [try map(detail, index: 0, raw: AWSDocumentScan.text(document, whole), envelope: envelope, context: context)]
        }
        return [try map(root, index: 0, raw: AWSDocumentScan.text(document, whole), envelope: nil, context: context)]
    }

    /// Parses a document that holds exactly one record (a JSON line or an EventBridge envelope).
    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        let all = try events(in: record, context: context)
        guard all.count == 1 else { throw ParseFailure("document holds \(all.count) records; read it with events(in:)") }
        return all[0]
    }

    /// Request parameters that name the target of a call, tried in this order after `bucketName`.
    static let targetParameters = [
        "userName", "roleName", "groupName", "roleArn", "policyArn", "keyId", "trailName", "name", "instanceId",
        "functionName", "tableName", "secretId", "dBInstanceIdentifier", "dBClusterIdentifier", "topicArn",
        "queueUrl", "logGroupName", "clusterName", "repositoryName", "stackName", "detectorId", "groupId",
        "volumeId", "snapshotId", "resourceArn", "key",
    ]

    func map(_ record: JSONValue, index: Int, raw: String, envelope: [(String, JSONValue)]?,
             context: ParseContext) throws(ParseFailure) -> TrailEvent {
        guard case let .object(members) = record else { throw ParseFailure("record \(index): not a JSON object") }
        func required(_ key: String) throws(ParseFailure) -> String {
            try AWSDocumentScan.requiredString(record, key, index: index)
        }
        let eventID = try required("eventID")
        let eventTime = try required("eventTime")
        guard let when = AWSDocumentScan.readTime(eventTime, context: context) else {
            throw ParseFailure("record \(index): field eventTime: not an RFC 3339 time")
        }
        let eventSource = try required("eventSource")
        let eventName = try required("eventName")

        let identity = record["userIdentity"]
        let actor = AWSDocumentScan.text(identity?["arn"]) ?? AWSDocumentScan.text(identity?["principalId"])
            ?? AWSDocumentScan.text(identity?["invokedBy"]) ?? AWSDocumentScan.text(identity?["userName"])

        var consumed: Set<String> = ["eventID", "eventTime", "eventSource", "eventName"]
        let origin = AWSDocumentScan.text(record["sourceIPAddress"])
        if origin != nil { consumed.insert("sourceIPAddress") }
        var session = AWSDocumentScan.text(record["requestID"])
        if session != nil { consumed.insert("requestID") } else { session = AWSDocumentScan.text(identity?["accessKeyId"]) }

        var outcome = Outcome.success
        if let code = record["errorCode"], code != .null, code != .string("") {
            outcome = .failure
        } else if case let .string(s)? = record["responseElements"]?[eventName], s == "Failure" {
            outcome = .failure
        }

        var attributes = members.filter { !consumed.contains($0.0) }
        if let envelope { attributes.append(("eventBridge", .object(envelope))) }
        return TrailEvent(
            id: eventID, time: when.0, received: context.received, source: context.source, format: format,
            actor: actor, action: eventSource + ":" + eventName, resource: Self.resource(of: record), outcome: outcome,
            origin: origin, session: session, attributes: attributes, raw: raw, clock: when.1)
    }

    /// `resources[0].ARN`, else the request parameter that names the target.
    static func resource(of record: JSONValue) -> String? {
        if case let .array(items)? = record["resources"], let first = items.first,
           let arn = AWSDocumentScan.text(first["ARN"]) ?? AWSDocumentScan.text(first["arn"]) {
            return arn
        }
        guard let p = record["requestParameters"], case .object = p else { return nil }
        if let bucket = AWSDocumentScan.text(p["bucketName"]) {
            if let key = AWSDocumentScan.text(p["key"]) { return bucket + "/" + key }
            return bucket
        }
        for name in targetParameters {
            if let v = AWSDocumentScan.text(p[name]) { return v }
        }
        if case let .array(items)? = p["instancesSet"]?["items"], let id = AWSDocumentScan.text(items.first?["instanceId"]) {
            return id
        }
        return nil
    }
}

// MARK: - Record spans in JSON documents (shared by the CloudTrail and DynamoDB Streams parsers)

/// Byte spans inside a JSON document, so each record's `raw` is the exact bytes it had in the file.
///
/// Callers parse the document with `JSONParser` first (which validates it); this scanner then walks
/// the same bytes without building values, skipping strings (with their escapes) and nested
/// containers. It is bounds-checked and returns nil on anything malformed, so it is also safe to use
/// on unvalidated input (`CloudTrailParser.isDigest`). Hand-written: `JSONParser` reports no spans.
enum AWSDocumentScan {
    /// Maps each element of a `Records` array with its exact bytes as `raw`, in order.
    static func mapRecords(_ records: JSONValue, in document: UnsafeRawBufferPointer,
                           _ map: (JSONValue, Int, String) throws(ParseFailure) -> TrailEvent) throws(ParseFailure) -> [TrailEvent] {
        guard case let .array(items) = records else { throw ParseFailure("field Records: not an array") }
        let spans = try recordSpans(in: document, count: items.count)
        var out: [TrailEvent] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() { out.append(try map(item, k, text(document, spans[k]))) }
        return out
    }

    /// A field that must be a non-empty string; the error names the record index and the field.
    static func requiredString(_ record: JSONValue, _ key: String, index: Int) throws(ParseFailure) -> String {
        guard let v = record[key] else { throw ParseFailure("record \(index): field \(key): missing") }
        guard case let .string(s) = v, !s.isEmpty else { throw ParseFailure("record \(index): field \(key): not a non-empty string") }
        return s
    }

    /// Parses the whole document, turning a JSON error into a `ParseFailure` with its offset.
    static func parse(_ document: UnsafeRawBufferPointer) throws(ParseFailure) -> JSONValue {
        do { return try JSONParser.parse(document) } catch {
            throw ParseFailure("not valid JSON: \(error.reason)", offset: error.offset)
        }
    }

    /// The document without leading and trailing JSON whitespace.
    static func trimmed(_ d: UnsafeRawBufferPointer) -> Range<Int> {
        var s = 0, e = d.count
        while s < e, isSpace(d[s]) { s += 1 }
        while e > s, isSpace(d[e - 1]) { e -= 1 }
        return s..<e
    }

    /// The bytes of `span` as text (valid UTF-8 once `JSONParser` accepted the document).
    static func text(_ d: UnsafeRawBufferPointer, _ span: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: d[span]), as: UTF8.self)
    }

    /// A non-empty scalar's text (strings as-is, numbers by their source text), else nil.
    static func text(_ v: JSONValue?) -> String? {
        guard let s = v?.scalarText, !s.isEmpty else { return nil }
        return s
    }

    /// Spans of the elements of the top-level object's `Records` array; `count` is how many the
    /// parser found, and a scan that disagrees is refused rather than guessed at.
    static func recordSpans(in d: UnsafeRawBufferPointer, count: Int) throws(ParseFailure) -> [Range<Int>] {
        guard let members = members(of: d, objectAt: trimmed(d).lowerBound),
              let span = members.first(where: { $0.0 == "Records" })?.1,
              let spans = elements(of: d, arrayAt: span.lowerBound), spans.count == count else {
            throw ParseFailure("field Records: record spans could not be found")
        }
        return spans
    }

    /// Time text (RFC 3339; a zone-less time in the collector's zone) and the `clock` it implies.
    static func readTime(_ text: String, context: ParseContext) -> (Timestamp, String?)? {
        guard let p = TimeParser.parseISO(text[...].utf8, assumedOffset: { AppJSONParser.offset(of: context.timeZone, at: $0) }) else {
            return nil
        }
        return (p.timestamp, p.hadZone ? nil : "assumed:" + (context.timeZone?.identifier ?? "UTC"))
    }

    /// The members (decoded key, value span) of the object starting at byte `start`.
    static func members(of d: UnsafeRawBufferPointer, objectAt start: Int) -> [(String, Range<Int>)]? {
        var i = start
        guard i < d.count, d[i] == 0x7B else { return nil }
        i += 1
        var out: [(String, Range<Int>)] = []
        skipSpace(d, &i)
        if i < d.count, d[i] == 0x7D { return out }
        while true {
            skipSpace(d, &i)
            guard i < d.count, d[i] == 0x22 else { return nil }
            let keyStart = i
            guard skipValue(d, &i), let key = decodeKey(d, keyStart..<i) else { return nil }
            skipSpace(d, &i)
            guard i < d.count, d[i] == 0x3A else { return nil }
            i += 1
            skipSpace(d, &i)
            let valueStart = i
            guard skipValue(d, &i) else { return nil }
            out.append((key, valueStart..<i))
            skipSpace(d, &i)
            guard i < d.count else { return nil }
            if d[i] == 0x2C { i += 1; continue }
            return d[i] == 0x7D ? out : nil
        }
    }

    /// The spans of the elements of the array starting at byte `start`.
    static func elements(of d: UnsafeRawBufferPointer, arrayAt start: Int) -> [Range<Int>]? {
        var i = start
        guard i < d.count, d[i] == 0x5B else { return nil }
        i += 1
        var out: [Range<Int>] = []
        skipSpace(d, &i)
        if i < d.count, d[i] == 0x5D { return out }
        while true {
            skipSpace(d, &i)
            let s = i
            guard skipValue(d, &i) else { return nil }
            out.append(s..<i)
            skipSpace(d, &i)
            guard i < d.count else { return nil }
            if d[i] == 0x2C { i += 1; continue }
            return d[i] == 0x5D ? out : nil
        }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    static func skipSpace(_ d: UnsafeRawBufferPointer, _ i: inout Int) {
        while i < d.count, isSpace(d[i]) { i += 1 }
    }

    /// Moves `i` past one value (string, container or scalar); false when the input ends first.
    static func skipValue(_ d: UnsafeRawBufferPointer, _ i: inout Int) -> Bool {
        guard i < d.count else { return false }
        switch d[i] {
        case 0x22:
            i += 1
            while i < d.count {
                let c = d[i]
                if c == 0x5C { i += 2; continue }
                i += 1
                if c == 0x22 { return true }
            }
            return false
        case 0x7B, 0x5B:
            var depth = 0
            while i < d.count {
                let c = d[i]
                if c == 0x22 {
                    guard skipValue(d, &i) else { return false }
                    continue
                }
                if c == 0x7B || c == 0x5B {
                    depth += 1
                } else if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                }
                i += 1
            }
            return false
        default:
            let s = i
            while i < d.count {
                let c = d[i]
                if c == 0x2C || c == 0x7D || c == 0x5D || isSpace(c) { break }
                i += 1
            }
            return i > s
        }
    }

    /// A quoted key's text; keys with escapes go through `JSONParser`.
    static func decodeKey(_ d: UnsafeRawBufferPointer, _ span: Range<Int>) -> String? {
        guard span.count >= 2 else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: d[(span.lowerBound + 1)..<(span.upperBound - 1)])
        if !inner.contains(0x5C) { return String(decoding: inner, as: UTF8.self) }
        guard case let .string(s)? = try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: d[span])) else { return nil }
        return s
    }
}
