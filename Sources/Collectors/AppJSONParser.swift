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
}

/// Application events as JSON Lines: one JSON object per line, mapped through a `FieldMapping`.
public struct AppJSONParser: RecordParser {
    public let format = "app-json"
    public var mapping: FieldMapping

    public init(mapping: FieldMapping = .appJSON) { self.mapping = mapping }

    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        let value: JSONValue
        do { value = try JSONParser.parse(record) } catch { throw ParseFailure("not valid JSON: \(error.reason)", offset: error.offset) }
        guard case let .object(members) = value else { throw ParseFailure("not a JSON object") }
        return try Self.mapObject(value, members: members, mapping: mapping, format: format,
                                  raw: String(decoding: record, as: UTF8.self), context: context)
    }

    /// Maps a parsed object to an event (shared by the JSON-array and CloudEvents readers).
    static func mapObject(_ value: JSONValue, members: [(String, JSONValue)], mapping: FieldMapping, format: String,
                          raw: String, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        var consumed: Set<String> = []
        func pick(_ paths: [String]) -> JSONValue? {
            for p in paths {
                guard let v = value.value(atPath: p) else { continue }
                if case .null = v { continue }
                if case .object = v { continue }
                if case .array = v { continue }
                if !p.contains(".") || value[p] != nil { consumed.insert(p) }
                return v
            }
            return nil
        }
        func text(_ paths: [String]) -> String? { pick(paths)?.scalarText }

        let received = context.received
        var time = received
        var clock: String? = "received"
        if let t = pick(mapping.time) {
            (time, clock) = try Self.readTime(t, context: context)
        }
        let id = text(mapping.id)
        let event = TrailEvent(
            id: id, time: time, received: received, source: context.source, format: format,
            actor: text(mapping.actor), action: text(mapping.action), resource: text(mapping.resource),
            outcome: Outcome.normalize(pick(mapping.outcome)), origin: text(mapping.origin), session: text(mapping.session),
            attributes: members.filter { !consumed.contains($0.0) }, raw: raw, clock: clock)
        return event
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
