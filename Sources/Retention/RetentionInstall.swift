import Foundation
import Sealing
import SegmentStore
import TrailModel

/// Installs checked policies into a store.
public enum RetentionInstall {
    /// Writes `retention.json` and records the change in the trail (with a hash of the new
    /// policies, so an auditor can tie every seal's stamp to the policies in force).
    @discardableResult
    public static func install(_ config: RetentionConfig, store: Store, from path: String, actor: String) throws -> String? {
        let bytes = try config.encoded()
        try FS.writeAtomically(store.layout.retentionPolicies, bytes)
        let summary = (config.policies + [config.defaultPolicy]).map { "\($0.name): \($0.retain) hot \($0.hot) \($0.mode)" }
        return try RetentionEvents.record(store: store, action: "retention.policies.set", actor: actor, resource: "retention.json", attributes: [
            ("from", .string(path)), ("sha256", .string(Hash32.sha256(bytes).hex)),
            ("policies", .array(summary.map { .string($0) })),
        ])
    }
}
