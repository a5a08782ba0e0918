import Foundation
import Sealing
import SegmentStore
import TrailModel

/// Installs checked privacy settings into a store.
public enum PrivacyInstall {
    /// Writes `privacy.json` (creating the master key if the store has none) and records the change
    /// in the trail.
    ///
    /// Holds the writer lock while it does so: a running `ingest` or `tail` reads the settings when
    /// it starts and would keep storing under the old ones, so installing is refused while one runs.
    @discardableResult
    public static func install(_ config: PersonalDataConfig, store: Store, from path: String, actor: String,
                               at now: Timestamp = .now) throws -> PersonalDataKeys {
        try config.validate(path: path)
        // The master key first: a writer refuses to open a store whose privacy.json has no master key.
        let keys = try PersonalDataKeys.open(layout: store.layout, create: true)
        let writer: TrailWriter
        do { writer = try TrailWriter(store: store) } catch let StoreError.locked(p, what) {
            throw StoreError.locked(path: p, what: what + " (stop it, install the privacy settings, then start it again:"
                                     + " it reads them when it starts)")
        }
        let bytes = try config.encoded()
        try FS.writeAtomically(store.layout.privacyConfig, bytes)
        let summary = config.formats.keys.sorted().map { f -> JSONValue in
            let r = config.formats[f]!
            return .string("\(f): subject \(r.subject.joined(separator: "|"))\(r.subjectPrefix.map { " prefix \($0)" } ?? ""); fields \(r.fields.joined(separator: ", "))")
        }
        let event = PrivacyEvents.event(id: "privacy.settings.set-" + UUID().uuidString.lowercased(), action: "privacy.settings.set",
                                        actor: actor, resource: "privacy.json", attributes: [
                                            ("from", .string(path)), ("sha256", .string(Hash32.sha256(bytes).hex)),
                                            ("formats", .array(summary)),
                                        ], at: now)
        _ = try writer.accept(event, identity: event.id.map { .sourceId($0) })
        try writer.release()
        return keys
    }
}
