import Foundation
import SegmentStore
import TrailModel

/// The privacy settings' and erasures' own events in the trail (source `sealtrail`, format
/// `sealtrail-audit`): installing settings, erasing a subject and importing keys are part of the
/// record. A subject appears in them only as its blind-index reference.
public enum PrivacyEvents {
    /// Who runs this process: `$SEALTRAIL_ACTOR`, else `$USER`, else the uid.
    public static func defaultActor() -> String {
        let env = ProcessInfo.processInfo.environment
        if let a = env["SEALTRAIL_ACTOR"], !a.isEmpty { return a }
        return env["USER"] ?? "uid:\(getuid())"
    }

    /// The event (with a caller-chosen id, so that recording it again after a crash is a duplicate).
    static func event(id: String, action: String, actor: String, resource: String, attributes: [(String, JSONValue)],
                      at now: Timestamp) -> TrailEvent {
        let host = ProcessInfo.processInfo.hostName
        let record: JSONValue = .object(attributes + [("action", .string(action)), ("actor", .string(actor)), ("host", .string(host)),
                                                      ("time", .string(now.rfc3339))])
        return TrailEvent(id: id, time: now, received: now, source: "sealtrail", format: "sealtrail-audit", actor: actor,
                          action: action, resource: resource, outcome: .success, origin: host, session: nil,
                          attributes: attributes, raw: String(decoding: CanonicalJSON.encode(record), as: UTF8.self))
    }

    /// Hands an event to the trail (directly, or through the spool when a writer runs).
    @discardableResult
    static func record(store: Store, _ event: TrailEvent) throws -> String? {
        try AuditSpool.record(store: store, event)
    }
}
