import Foundation
import TrailModel

/// Amazon DynamoDB Streams records: the Lambda event `{"Records":[…]}` (also its tumbling-window form
/// and the `GetRecords` output, whose other members are ignored), and single stream records, one per line.
///
/// How a record maps onto the event (DESIGN.md, "The event"):
///
/// | event field | DynamoDB Streams |
/// | --- | --- |
/// | `id` | `eventID` |
/// | `time` | `dynamodb.ApproximateCreationDateTime` (epoch seconds; milliseconds by magnitude); else `received`, with `clock: "received"` |
/// | `actor` | `userIdentity.principalId` (`dynamodb.amazonaws.com` for TTL deletions), else nil |
/// | `action` | `eventName` (`INSERT`, `MODIFY`, `REMOVE`) |
/// | `resource` | table name from `eventSourceARN` (`…:table/NAME/stream/…`, else a `tableName` member) + `/` + the key attributes, sorted by name, as `name=value` joined by `,` (`Example-Table/key=binary,val=data`); the keys alone when the table is unknown |
/// | `outcome` | `success` (a stream only carries committed writes) |
/// | `origin` | `awsRegion` |
/// | `session` | `dynamodb.SequenceNumber` |
/// | `attributes` | the record's other members (`eventSource`, `eventVersion`, `eventSourceARN`, `userIdentity`, …) plus the members of `dynamodb` (`Keys`, `NewImage`, `OldImage`, `StreamViewType`, `SizeBytes`), typed AttributeValues kept as they are |
/// | `raw` | the record's exact bytes, sliced from the document |
///
/// Key values print by type: `S`, `N` and `B` (base64) as their text, `BOOL` as `true`/`false`,
/// `NULL` as `null`, anything else as canonical JSON. Failures name the record index and the field.
public struct DynamoDBStreamsParser: RecordParser, Sendable {
    public let format: String

    public init() { format = "dynamodb-streams" }

    /// Every event in one input document (a whole file's bytes, or one JSON line), in order.
    public func events(in document: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> [TrailEvent] {
        let root = try AWSDocumentScan.parse(document)
        guard case .object = root else { throw ParseFailure("not a JSON object") }
        if let records = root["Records"] {
            return try AWSDocumentScan.mapRecords(records, in: document) { item, k, raw throws(ParseFailure) in
                try map(item, index: k, raw: raw, context: context)
            }
        }
        return [try map(root, index: 0, raw: AWSDocumentScan.text(document, AWSDocumentScan.trimmed(document)), context: context)]
    }

    /// Parses a document that holds exactly one stream record.
    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        let all = try events(in: record, context: context)
        guard all.count == 1 else { throw ParseFailure("document holds \(all.count) records; read it with events(in:)") }
        return all[0]
    }

    func map(_ record: JSONValue, index: Int, raw: String, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        guard case let .object(members) = record else { throw ParseFailure("record \(index): not a JSON object") }
        func required(_ key: String) throws(ParseFailure) -> String {
            try AWSDocumentScan.requiredString(record, key, index: index)
        }
        let eventID = try required("eventID")
        let eventName = try required("eventName")
        guard let stream = record["dynamodb"] else { throw ParseFailure("record \(index): field dynamodb: missing") }
        guard case let .object(streamMembers) = stream else { throw ParseFailure("record \(index): field dynamodb: not an object") }

        var consumedStream: Set<String> = []
        var time = context.received
        var clock: String? = "received"
        if let t = stream["ApproximateCreationDateTime"], t != .null {
            let parsed: Timestamp?
            switch t {
            case let .number(n): parsed = TimeParser.parseEpoch(n)
            case let .string(s): parsed = TimeParser.parseEpoch(s) ?? AWSDocumentScan.readTime(s, context: context).map(\.0)
            default: parsed = nil
            }
            guard let parsed else {
                throw ParseFailure("record \(index): field dynamodb.ApproximateCreationDateTime: not an epoch time")
            }
            time = parsed; clock = nil
            consumedStream.insert("ApproximateCreationDateTime")
        }
        let session = AWSDocumentScan.text(stream["SequenceNumber"])
        if session != nil { consumedStream.insert("SequenceNumber") }

        var keyText: String?
        if let keys = stream["Keys"] {
            guard case let .object(keyMembers) = keys else { throw ParseFailure("record \(index): field dynamodb.Keys: not an object") }
            keyText = keyMembers.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
                .map { $0.0 + "=" + Self.keyValue($0.1) }.joined(separator: ",")
        }
        let table = Self.tableName(AWSDocumentScan.text(record["eventSourceARN"])) ?? AWSDocumentScan.text(record["tableName"])
        let resource = [table, keyText].compactMap { $0 }.joined(separator: "/")

        let consumed: Set<String> = ["eventID", "eventName", "awsRegion", "dynamodb"]
        var attributes = members.filter { !consumed.contains($0.0) }
        let topNames = Set(attributes.map(\.0))
        for (k, v) in streamMembers where !consumedStream.contains(k) {
            attributes.append((topNames.contains(k) ? "dynamodb." + k : k, v))
        }
        return TrailEvent(
            id: eventID, time: time, received: context.received, source: context.source, format: format,
            actor: AWSDocumentScan.text(record["userIdentity"]?["principalId"]), action: eventName,
            resource: resource.isEmpty ? nil : resource, outcome: .success,
            origin: AWSDocumentScan.text(record["awsRegion"]), session: session, attributes: attributes, raw: raw, clock: clock)
    }

    /// `NAME` from `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`, else nil.
    static func tableName(_ arn: String?) -> String? {
        guard let arn, let r = arn.range(of: ":table/") else { return nil }
        let name = arn[r.upperBound...].prefix { $0 != "/" }
        return name.isEmpty ? nil : String(name)
    }

    /// A typed AttributeValue (`{"N":"101"}`) as text (`101`).
    static func keyValue(_ v: JSONValue) -> String {
        if case let .object(m) = v, m.count == 1 {
            let (type, inner) = m[0]
            switch type {
            case "S", "N", "B", "BOOL":
                if let s = inner.scalarText { return s }
            case "NULL":
                return "null"
            default:
                break
            }
        }
        return CanonicalJSON.string(v)
    }
}
