import Foundation
import SegmentStore
import TrailModel

/// Retention's own events in the trail (source `sealtrail`, format `sealtrail-audit`): sweeps,
/// deletions, overrides, holds and policy changes are themselves part of the record.
public enum RetentionEvents {
    /// Who runs this process: `$SEALTRAIL_ACTOR`, else `$USER`, else the uid.
    public static func defaultActor() -> String {
        let env = ProcessInfo.processInfo.environment
        return env["SEALTRAIL_ACTOR"] ?? env["USER"] ?? "uid:\(getuid())"
    }

    /// Builds the event and hands it to the trail (directly, or through the spool when a writer runs).
    @discardableResult
    public static func record(store: Store, action: String, actor: String, resource: String, outcome: Outcome = .success,
                              attributes: [(String, JSONValue)], at now: Timestamp = .now) throws -> String? {
        let host = ProcessInfo.processInfo.hostName
        let record: JSONValue = .object(attributes + [("action", .string(action)), ("actor", .string(actor)), ("host", .string(host)),
                                                      ("time", .string(now.rfc3339))])
        let event = TrailEvent(id: action + "-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                               format: "sealtrail-audit", actor: actor, action: action, resource: resource, outcome: outcome,
                               origin: host, session: nil, attributes: attributes,
                               raw: String(decoding: CanonicalJSON.encode(record), as: UTF8.self))
        return try AuditSpool.record(store: store, event)
    }
}
