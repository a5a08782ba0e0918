import Foundation
import TrailModel

/// Why one input record was refused; it goes to quarantine with this reason.
public struct ParseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    /// Byte offset of the problem inside the record, when known.
    public var offset: Int?

    public init(_ reason: String, offset: Int? = nil) { self.reason = reason; self.offset = offset }

    public var description: String { offset.map { "\(reason) (at byte \($0) of the record)" } ?? reason }
}

/// Everything a parser needs to know about where a record came from.
public struct ParseContext: Sendable {
    public var source: String
    public var received: Timestamp
    /// Zone for times written without one (IANA name); nil means UTC.
    public var timeZone: TimeZone?

    public init(source: String, received: Timestamp, timeZone: TimeZone? = nil) {
        self.source = source; self.received = received; self.timeZone = timeZone
    }
}

/// A parser of one record format into events.
public protocol RecordParser {
    /// The `format` name written into events (`app-json`, …).
    var format: String { get }
    /// Parses one record (one line for line formats).
    func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent
    /// Parses one record straight to its stored form; the default goes through `parse`.
    func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> PreparedEvent
    /// Parses one record and appends its stored line to `out` (nothing on failure); the returned
    /// event's `line` is empty. Lets a block of records share one buffer instead of an array each.
    func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext, into out: ByteWriter) throws(ParseFailure) -> PreparedEvent
}

extension RecordParser {
    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> PreparedEvent {
        PreparedEvent(event: try parse(record, context: context))
    }

    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext, into out: ByteWriter) throws(ParseFailure) -> PreparedEvent {
        var prepared = try prepare(record, context: context)
        prepared.line.withUnsafeBytes { out.append($0) }
        prepared.line = []
        return prepared
    }
}

/// Application events as JSON Lines: one JSON object per line, mapped through a `FieldMapping`.
public struct AppJSONParser: RecordParser {
    public let format: String
    public var mapping: FieldMapping { compiled.mapping }
    let compiled: CompiledMapping

    let fast: AppJSONFastPath

    public init(mapping: FieldMapping = .appJSON, format: String = "app-json") {
        self.format = format
        compiled = CompiledMapping(mapping)
        fast = AppJSONFastPath(mapping: compiled)
    }

    /// The fast path for the common shape; anything unusual takes `parse`, with the same result.
    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> PreparedEvent {
        let out = ByteWriter(capacity: record.count * 3 + 512)
        var prepared = try prepare(record, context: context, into: out)
        prepared.line = out.array()
        return prepared
    }

    public func prepare(_ record: UnsafeRawBufferPointer, context: ParseContext, into out: ByteWriter) throws(ParseFailure) -> PreparedEvent {
        do {
            let written = try fast.write(record, format: format, context: context, into: out)
            return PreparedEvent(line: [], time: written.time, source: context.source, id: written.id)
        } catch let f as ParseFailure {
            throw f
        } catch {
            let event = try parse(record, context: context)
            event.writeCanonical(into: out)
            return PreparedEvent(line: [], time: event.time, source: event.source, id: event.id)
        }
    }

    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        let value: JSONValue
        do { value = try JSONParser.parse(record) } catch { throw ParseFailure("not valid JSON: \(error.reason)", offset: error.offset) }
        guard case let .object(members) = value else { throw ParseFailure("not a JSON object") }
        return try Self.mapObject(value, members: members, mapping: compiled, format: format,
                                  raw: String(decoding: record, as: UTF8.self), context: context)
    }

    /// Maps a parsed object to an event (shared by the JSON-array and CloudEvents readers).
    static func mapObject(_ value: JSONValue, members: [(String, JSONValue)], mapping: CompiledMapping, format: String,
                          raw: String, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        var picked = [JSONValue?](repeating: nil, count: CompiledMapping.fieldCount)
        var rank = [Int](repeating: Int.max, count: CompiledMapping.fieldCount)
        var memberOf = [Int](repeating: -1, count: CompiledMapping.fieldCount)
        // One pass over the members: each key that is a top-level candidate competes by its rank.
        for (i, (key, v)) in members.enumerated() {
            guard let hits = mapping.topLevel[key] else { continue }
            if !v.isScalar { continue }
            for (field, r) in hits where r < rank[field] {
                rank[field] = r; picked[field] = v; memberOf[field] = i
            }
        }
        // Nested candidates (`user.email`) only matter when they rank before the top-level winner.
        for (field, r, parts) in mapping.nested where r < rank[field] {
            var cur: JSONValue? = value
            for p in parts { cur = cur?[p] }
            if let v = cur, v.isScalar { rank[field] = r; picked[field] = v; memberOf[field] = -1 }
        }
        var consumed = [Bool](repeating: false, count: members.count)
        for i in memberOf where i >= 0 { consumed[i] = true }
        var attributes: [(String, JSONValue)] = []
        attributes.reserveCapacity(members.count)
        for (i, m) in members.enumerated() where !consumed[i] { attributes.append(m) }

        let received = context.received
        var time = received
        var clock: String? = "received"
        if let t = picked[CompiledMapping.time] {
            (time, clock) = try Self.readTime(t, context: context)
        }
        func text(_ f: Int) -> String? { picked[f]?.scalarText }
        return TrailEvent(
            id: text(CompiledMapping.id), time: time, received: received, source: context.source, format: format,
            actor: text(CompiledMapping.actor), action: text(CompiledMapping.action), resource: text(CompiledMapping.resource),
            outcome: Outcome.normalize(picked[CompiledMapping.outcome]), origin: text(CompiledMapping.origin),
            session: text(CompiledMapping.session), attributes: attributes, raw: raw, clock: clock)
    }

    /// Reads a time value: RFC 3339 text (a zone-less one in the collector's zone) or epoch numbers.
    static func readTime(_ v: JSONValue, context: ParseContext) throws(ParseFailure) -> (Timestamp, String?) {
        switch v {
        case let .string(s):
            if let p = TimeParser.parseISO(s[...].utf8, assumedOffset: { local in Self.offset(of: context.timeZone, at: local) }) {
                return (p.timestamp, p.hadZone ? nil : "assumed:" + (context.timeZone?.identifier ?? "UTC"))
            }
            if s.allSatisfy({ $0.isNumber || $0 == "." }), let t = TimeParser.parseEpoch(s) { return (t, nil) }
            throw ParseFailure("field time: unreadable time '\(s.prefix(40))'")
        case let .number(n):
            guard let t = TimeParser.parseEpoch(n) else { throw ParseFailure("field time: unreadable epoch '\(n.prefix(40))'") }
            return (t, nil)
        default:
            throw ParseFailure("field time: not a string or number")
        }
    }

    /// Seconds east of UTC of `zone` at a local wall-clock time.
    static func offset(of zone: TimeZone?, at local: Timestamp) -> Int64 {
        guard let zone else { return 0 }
        // The offset at the instant read as UTC is right except within hours of a transition; one
        // correction step makes it right there too.
        let guess = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local.seconds))))
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local.seconds - guess))))
    }
}

/// A `FieldMapping` prepared for one pass over an object's members.
struct CompiledMapping: Sendable {
    static let id = 0, time = 1, actor = 2, action = 3, resource = 4, outcome = 5, origin = 6, session = 7
    static let fieldCount = 8

    let mapping: FieldMapping
    /// Top-level key → (field, rank) for every candidate without a dot.
    let topLevel: [String: [(Int, Int)]]
    /// Dotted candidates: (field, rank, path parts).
    let nested: [(Int, Int, [String])]

    init(_ m: FieldMapping) {
        mapping = m
        var top: [String: [(Int, Int)]] = [:]
        var nested: [(Int, Int, [String])] = []
        let lists = [m.id, m.time, m.actor, m.action, m.resource, m.outcome, m.origin, m.session]
        for (field, paths) in lists.enumerated() {
            for (rank, path) in paths.enumerated() {
                top[path, default: []].append((field, rank))
                if path.utf8.contains(0x2E) {
                    nested.append((field, rank, path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)))
                }
            }
        }
        topLevel = top
        self.nested = nested
    }
}

extension JSONValue {
    /// True for strings, numbers and booleans.
    var isScalar: Bool {
        switch self {
        case .string, .number, .bool: return true
        default: return false
        }
    }
}
