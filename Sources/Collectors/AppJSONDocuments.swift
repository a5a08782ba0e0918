import Foundation
import TrailModel

// MARK: - app-json-array

/// Application events delivered as one JSON array of objects (`[{…},{…}]`, compact or pretty-printed).
///
/// Each element is mapped exactly as `AppJSONParser` maps a JSON line (same `FieldMapping`), and its
/// `raw` is the element's exact bytes, sliced from the input. An element that is not an object (or
/// whose time is unreadable) becomes a `RecordFailure` at the element's offset and line, naming its
/// index; the other elements still become events. An input that is not a JSON array is one failure
/// for the whole input; an input holding only whitespace has no records.
public struct AppJSONArrayParser: DocumentParser, Sendable {
    public let format: String
    public var unit: DocumentUnit { .wholeInput }
    public var mapping: FieldMapping { compiled.mapping }
    let compiled: CompiledMapping

    public init(mapping: FieldMapping = .appJSON, format: String = "app-json-array") {
        self.format = format
        compiled = CompiledMapping(mapping)
    }

    public func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        let root: (value: JSONValue, start: Int)
        switch JSONDocument.open(document) {
        case .empty: return []
        case let .refused(failures): return failures
        case let .root(value, start): root = (value, start)
        }
        guard case let .array(items) = root.value else { return JSONDocument.refuse(document, "not a JSON array (found \(JSONKind.of(root.value)))") }
        return JSONDocument.mapElements(document, items: items, arrayAt: root.start, label: "element",
                                        missingSpans: "element spans could not be found") { item, raw throws(ParseFailure) in
            guard case let .object(members) = item else { throw ParseFailure("not a JSON object (found \(JSONKind.of(item)))") }
            return try AppJSONParser.mapObject(item, members: members, mapping: compiled, format: format, raw: raw, context: context)
        }
    }
}

/// What reading a whole JSON document gives: nothing (blank input), its root, or the failure that
/// refuses it. Shared by the array and CloudEvents readers.
enum JSONDocument {
    case empty
    case root(JSONValue, start: Int)
    case refused([Result<TrailEvent, RecordFailure>])

    static func open(_ document: UnsafeRawBufferPointer) -> JSONDocument {
        let whole = AWSDocumentScan.trimmed(document)
        if whole.isEmpty { return .empty }
        do { return .root(try AWSDocumentScan.parse(document), start: whole.lowerBound) } catch {
            return .refused(refuse(document, error.description))
        }
    }

    /// The whole document as one failure.
    static func refuse(_ document: UnsafeRawBufferPointer, _ reason: String) -> [Result<TrailEvent, RecordFailure>] {
        [.failure(RecordFailure(offset: 0, line: 1, reason: reason, bytes: Array(document)))]
    }

    /// Maps each element of the array at `arrayAt` with its exact bytes as `raw`; an element that
    /// throws becomes a failure at its own offset and line, named `<label> k: reason`.
    static func mapElements(_ document: UnsafeRawBufferPointer, items: [JSONValue], arrayAt: Int, label: String, missingSpans: String,
                            _ map: (JSONValue, String) throws(ParseFailure) -> TrailEvent) -> [Result<TrailEvent, RecordFailure>] {
        guard let spans = AWSDocumentScan.elements(of: document, arrayAt: arrayAt), spans.count == items.count else {
            return refuse(document, missingSpans)
        }
        var lines = RecordLineCounter(document)
        var out: [Result<TrailEvent, RecordFailure>] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            let span = spans[k]
            do {
                out.append(.success(try map(item, AWSDocumentScan.text(document, span))))
            } catch {
                out.append(.failure(RecordFailure(offset: span.lowerBound, line: lines.line(at: span.lowerBound),
                                                  reason: "\(label) \(k): " + error.description,
                                                  bytes: Array(UnsafeRawBufferPointer(rebasing: document[span])))))
            }
        }
        return out
    }
}

// MARK: - CloudEvents

/// CloudEvents 1.0 in structured mode, JSON format: one event per line, or a JSON batch
/// (`application/cloudevents-batch+json`, an array of events) on one line.
///
/// | event field | CloudEvents |
/// | --- | --- |
/// | `id` | `<source>#<id>` (ids are unique per source only) |
/// | `time` | `time` (RFC 3339; zone-less gets the collector's zone); absent: received, clock `received` |
/// | `action` | `type` |
/// | `resource` | `subject` |
/// | `actor` | extension `authid` (the authcontext extension), else the mapping's actor candidates among the extension attributes, else among `data`'s members |
/// | `origin` `session` `outcome` | the mapping's candidates among the extension attributes, else among `data`'s members |
/// | `attributes` | every attribute except `id source type time subject` and the extension attributes used above; `data` stays whole under `data`, `data_base64` under `data_base64` |
/// | `raw` | the line (for a batch, the element's exact bytes) |
///
/// Refused (naming the attribute, and for a batch the element index): a missing or empty `id`,
/// `source`, `type` or `specversion`, a `specversion` other than `1.0`, an unreadable `time`, both
/// `data` and `data_base64`, and a `data_base64` that is not base64.
public struct CloudEventsParser: DocumentParser, Sendable {
    public let format: String
    public var unit: DocumentUnit { .line }
    public let mapping: FieldMapping
    /// The mapping's actor/origin/session/outcome candidates only (`authid` first for actor).
    let extensionMapping: CompiledMapping
    let dataMapping: CompiledMapping

    /// Attributes the CloudEvents 1.0 spec defines; every other top-level member is an extension.
    static let contextAttributes: Set<String> = [
        "specversion", "id", "source", "type", "time", "subject", "datacontenttype", "dataschema", "data", "data_base64",
    ]

    public init(mapping: FieldMapping = .appJSON, format: String = "cloudevents") {
        self.format = format
        self.mapping = mapping
        func restricted(_ m: FieldMapping, actorFirst: [String]) -> CompiledMapping {
            CompiledMapping(FieldMapping(id: [], time: [], actor: actorFirst + m.actor.filter { !actorFirst.contains($0) },
                                         action: [], resource: [], outcome: m.outcome, origin: m.origin, session: m.session))
        }
        extensionMapping = restricted(mapping, actorFirst: ["authid"])
        dataMapping = restricted(mapping, actorFirst: [])
    }

    public func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        let root: (value: JSONValue, start: Int)
        switch JSONDocument.open(document) {
        case .empty: return []
        case let .refused(failures): return failures
        case let .root(value, start): root = (value, start)
        }
        switch root.value {
        case let .object(members):
            do {
                return [.success(try map(root.value, members: members, raw: String(decoding: document, as: UTF8.self), context: context))]
            } catch {
                return JSONDocument.refuse(document, error.description)
            }
        case let .array(items):
            return JSONDocument.mapElements(document, items: items, arrayAt: root.start, label: "event",
                                            missingSpans: "batch: element spans could not be found") { item, raw throws(ParseFailure) in
                guard case let .object(members) = item else { throw ParseFailure("not a JSON object (found \(JSONKind.of(item)))") }
                return try map(item, members: members, raw: raw, context: context)
            }
        default:
            return JSONDocument.refuse(document, "not a CloudEvent (a JSON object) or a batch (a JSON array); found \(JSONKind.of(root.value))")
        }
    }

    /// Maps one structured-mode event object.
    func map(_ event: JSONValue, members: [(String, JSONValue)], raw: String, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        func attribute(_ key: String) -> JSONValue? {
            guard let v = event[key], v != .null else { return nil }
            return v
        }
        func required(_ key: String) throws(ParseFailure) -> String {
            guard let v = attribute(key) else { throw ParseFailure("attribute \(key): missing") }
            guard case let .string(s) = v, !s.isEmpty else { throw ParseFailure("attribute \(key): not a non-empty string") }
            return s
        }
        let specversion = try required("specversion")
        guard specversion == "1.0" else { throw ParseFailure("attribute specversion: not 1.0 (unsupported version)") }
        let id = try required("id")
        let source = try required("source")
        let type = try required("type")

        var time = context.received
        var clock: String? = "received"
        if let t = attribute("time") {
            guard case let .string(s) = t, let when = AWSDocumentScan.readTime(s, context: context) else {
                throw ParseFailure("attribute time: not an RFC 3339 time")
            }
            (time, clock) = when
        }
        var resource: String?
        if let s = attribute("subject") {
            guard let text = s.scalarText else { throw ParseFailure("attribute subject: not a string") }
            resource = text.isEmpty ? nil : text
        }
        let data = attribute("data")
        if let b = attribute("data_base64") {
            if data != nil { throw ParseFailure("attributes data and data_base64: both present") }
            guard case let .string(s) = b, Data(base64Encoded: s) != nil else {
                throw ParseFailure("attribute data_base64: not base64")
            }
        }

        // Extension attributes (everything the spec does not define) go through the mapping first.
        let extensions = members.filter { !Self.contextAttributes.contains($0.0) }
        let fromExtensions = try? AppJSONParser.mapObject(.object(extensions), members: extensions, mapping: extensionMapping,
                                                          format: format, raw: "", context: context)
        var fromData: TrailEvent?
        if let data, case let .object(dataMembers) = data {
            fromData = try? AppJSONParser.mapObject(data, members: dataMembers, mapping: dataMapping,
                                                    format: format, raw: "", context: context)
        }
        let keptExtensions = Set((fromExtensions?.attributes ?? extensions).map(\.0))

        var attributes: [(String, JSONValue)] = []
        attributes.reserveCapacity(members.count)
        for (key, value) in members {
            switch key {
            case "id", "source", "type", "time", "subject": continue
            default:
                if Self.contextAttributes.contains(key) || keptExtensions.contains(key) { attributes.append((key, value)) }
            }
        }
        var outcome = fromExtensions?.outcome ?? .unknown
        if outcome == .unknown { outcome = fromData?.outcome ?? .unknown }
        return TrailEvent(
            id: source + "#" + id, time: time, received: context.received, source: context.source, format: format,
            actor: fromExtensions?.actor ?? fromData?.actor, action: type, resource: resource, outcome: outcome,
            origin: fromExtensions?.origin ?? fromData?.origin, session: fromExtensions?.session ?? fromData?.session,
            attributes: attributes, raw: raw, clock: clock)
    }
}

/// A JSON value's kind, for failure reasons (never its content).
enum JSONKind {
    static func of(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
