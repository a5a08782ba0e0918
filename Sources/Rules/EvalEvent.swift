import TrailModel

/// An event as rules see it: the normalized fields and a reference that names it in findings (its
/// leaf hash in the index, its position in a rule test).
public struct EvalEvent: Sendable {
    public var event: TrailEvent
    public var ref: String

    public init(event: TrailEvent, ref: String) {
        self.event = event
        self.ref = ref
    }

    public var micros: Int64 { event.time.micros }

    /// The value of a field (`actor`, `attributes.card.last4`, …) or nil when missing or null.
    public func value(_ field: FieldPath) -> JSONValue? {
        let e = event
        switch field {
        case let .top(name):
            switch name {
            case .id: return e.id.map(JSONValue.string)
            case .time: return .string(e.time.rfc3339)
            case .received: return .string(e.received.rfc3339)
            case .source: return .string(e.source)
            case .format: return .string(e.format)
            case .actor: return e.actor.map(JSONValue.string)
            case .action: return e.action.map(JSONValue.string)
            case .resource: return e.resource.map(JSONValue.string)
            case .outcome: return .string(e.outcome.rawValue)
            case .origin: return e.origin.map(JSONValue.string)
            case .session: return e.session.map(JSONValue.string)
            case .clock: return e.clock.map(JSONValue.string)
            case .raw: return .string(e.raw)
            }
        case let .attribute(path):
            var v: JSONValue = .object(e.attributes)
            for k in path {
                guard case let .object(members) = v, let next = members.last(where: { $0.0 == k })?.1 else { return nil }
                v = next
            }
            if case .null = v { return nil }
            return v
        }
    }

    /// The text of a field for grouping (`-` when missing).
    public func text(_ field: FieldPath) -> String {
        guard let v = value(field) else { return "-" }
        return v.scalarText ?? String(decoding: CanonicalJSON.encode(v), as: UTF8.self)
    }
}

/// A field a rule can test: one of the event's fields, or a path into `attributes`.
public enum FieldPath: Sendable, Hashable, CustomStringConvertible {
    case top(TopField)
    case attribute([String])

    /// The event's own fields (resolved when a rule is read, so evaluation switches on a number).
    public enum TopField: String, Sendable, Hashable, CaseIterable {
        case id, time, received, source, format, actor, action, resource, outcome, origin, session, clock, raw
    }

    static let topFields: Set<String> = Set(TopField.allCases.map(\.rawValue))

    init?(_ name: String) {
        if let top = TopField(rawValue: name) { self = .top(top); return }
        if name.hasPrefix("attributes.") {
            let parts = name.dropFirst("attributes.".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else { return nil }
            self = .attribute(parts)
            return
        }
        return nil
    }

    public var description: String {
        switch self {
        case let .top(n): return n.rawValue
        case let .attribute(p): return "attributes." + p.joined(separator: ".")
        }
    }
}
