import TrailModel

/// Which input fields become the event's normalized fields (DESIGN.md, "The event").
///
/// Each field has an ordered list of candidate paths (dotted for nested objects, e.g. `user.email`);
/// the first one present with a scalar value wins. Top-level fields a mapping consumes are left out
/// of `attributes`; everything else stays there, so nothing from the input is lost.
public struct FieldMapping: Sendable, Equatable {
    public var id: [String]
    public var time: [String]
    public var actor: [String]
    public var action: [String]
    public var resource: [String]
    public var outcome: [String]
    public var origin: [String]
    public var session: [String]

    /// The defaults for application JSON (documented in docs/collectors.md).
    public static let appJSON = FieldMapping(
        id: ["id", "eventId", "event_id", "eventID", "uuid"],
        time: ["time", "timestamp", "ts", "@timestamp", "eventTime", "event_time", "occurred_at", "occurredAt", "date"],
        actor: ["actor", "user", "userId", "user_id", "username", "principal", "subject", "actor.id", "user.id"],
        action: ["action", "event", "eventName", "event_name", "operation", "type"],
        resource: ["resource", "target", "object", "resource_id", "resourceId", "entity"],
        outcome: ["outcome", "result", "status", "success"],
        origin: ["origin", "ip", "sourceIp", "source_ip", "sourceIPAddress", "client_ip", "clientIp", "remote_addr", "remoteAddr"],
        session: ["session", "sessionId", "session_id", "requestId", "request_id", "traceId", "trace_id", "correlationId"])

    /// Field names, in the order they are documented and configured.
    public static let fieldNames = ["id", "time", "actor", "action", "resource", "outcome", "origin", "session"]

    /// Replaces the candidates of one field (`name` is one of `fieldNames`).
    public mutating func set(_ name: String, _ paths: [String]) {
        switch name {
        case "id": id = paths
        case "time": time = paths
        case "actor": actor = paths
        case "action": action = paths
        case "resource": resource = paths
        case "outcome": outcome = paths
        case "origin": origin = paths
        case "session": session = paths
        default: break
        }
    }
}
