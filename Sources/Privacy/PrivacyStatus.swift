import Foundation
import SegmentStore

/// What `sealtrail privacy show` reports: the settings in force and the state of the keys.
public struct PrivacyStatus: Sendable {
    public var config: PersonalDataConfig?
    public var masterPath: String
    /// `present (0600)`, `missing`, or why it cannot be used.
    public var master: String
    public var liveKeys: Int
    public var erasedKeys: Int
    /// Problems found in erasure records (bad signature, erased key still present).
    public var problems: [String]

    public static func of(store: Store) throws -> PrivacyStatus {
        let config = try PersonalDataConfig.load(layout: store.layout)
        let path = PersonalDataKeys.masterPath(store.layout)
        var s = PrivacyStatus(config: config, masterPath: path, master: "missing", liveKeys: 0, erasedKeys: 0, problems: [])
        guard FS.exists(path) else { return s }
        do {
            let keys = try PersonalDataKeys.open(layout: store.layout)
            s.master = String(format: "present (mode %o)", FS.mode(path) ?? 0)
            s.liveKeys = keys.allKeyIds().count
            s.erasedKeys = try keys.allErasures().count
            s.problems = try Erasure.checkRecords(store: store)
        } catch {
            s.master = "unusable: \(error)"
        }
        return s
    }
}
