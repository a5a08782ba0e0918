import Foundation
import Sealing
import SegmentStore
import TrailModel

/// GDPR Art. 17 erasure by crypto-shredding: destroys a data subject's keys, so every personal
/// value and raw record stored under them becomes unreadable for good, while the stored bytes —
/// and with them every leaf, root, seal, checkpoint and proof — stay exactly as they were.
///
/// Order, so that a crash at any point is finished by running it again: (1) a signed erasure
/// record per key (`keys/privacy/erasures/<ref>.<n>.json`), (2) the key files overwritten,
/// unlinked and their directory fsync'd, (3) a `privacy.erase` event in the trail whose id is
/// derived from the keys, so recording it again is a duplicate that dedupe drops.
public enum Erasure {
    public struct Result: Sendable, Equatable {
        public var subjectRef: String
        /// The key ids destroyed now (empty when the subject was already erased).
        public var destroyed: [String]
        /// Set when every key was destroyed before: when, as the first record says.
        public var alreadyErasedAt: String?
        public var event: String
        /// A note for the user (the audit event was spooled for a running writer).
        public var note: String?
    }

    /// Erases `subject` (the id as events carry it, with its format's `subjectPrefix`).
    ///
    /// Throws `PersonalDataError.unknownSubject` when nothing was ever stored under it, and
    /// refuses a reason that names the subject (the reason is kept in the trail and in the record).
    public static func erase(store: Store, subject: String, reason: String, by: String, at now: Timestamp = .now) throws -> Result {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw PersonalDataError.invalidArgument("--reason is required: say why (e.g. the request's ticket number)") }
        let id = PersonalDataKeys.normalize(subject)
        guard !id.isEmpty else { throw PersonalDataError.invalidArgument("--subject is empty") }
        // (Ids of under four characters are too likely to occur by chance in a ticket number.)
        if id.count >= 4, PersonalDataKeys.normalize(why).contains(id) || PersonalDataKeys.normalize(by).contains(id) {
            throw PersonalDataError.invalidArgument("the reason and --by must not contain the subject's id: they are kept in the trail, which outlives the erasure")
        }
        let keys: PersonalDataKeys
        do { keys = try PersonalDataKeys.open(layout: store.layout) } catch PersonalDataError.masterKey(_, "missing") {
            throw PersonalDataError.invalidArgument("this store holds no encrypted personal data (no privacy master key; see 'sealtrail privacy set')")
        }
        let ref = keys.ref(subject: id)
        let live = keys.keyIds(ref: ref)
        if live.isEmpty {
            let erased = keys.erasedKeyIds(ref: ref)
            guard !erased.isEmpty else { throw PersonalDataError.unknownSubject(ref: ref) }
            // Already erased: record the event again under its own id, in case a crash came before it.
            let records = try erased.compactMap { try keys.erasure($0) }
            var note: String?
            for group in Dictionary(grouping: records, by: \.event).values {
                let first = group[0]
                let at = TimeParser.parseISO(first.erasedAt[...].utf8)?.timestamp ?? now
                note = try PrivacyEvents.record(store: store, event(for: group, at: at)) ?? note
            }
            return Result(subjectRef: ref, destroyed: [], alreadyErasedAt: records.first?.erasedAt ?? "?",
                          event: records.last?.event ?? "", note: note)
        }
        guard let ring = try KeyRing.load(layout: store.layout) else {
            throw StoreError.notAStore(path: store.layout.root, reason: "no signing key")
        }
        let eventId = "privacy.erase-" + live.joined(separator: "+")
        var records: [PersonalDataErasure] = []
        for keyId in live {
            let path = keys.erasurePath(keyId)
            if let existing = try keys.erasure(keyId) {
                records.append(existing)   // written by a run that a crash cut short
                continue
            }
            var r = PersonalDataErasure(trail: store.manifest.origin, key: keyId, reason: why, by: by, erasedAt: now, event: eventId)
            try r.sign(with: ring.signing)
            try FS.writeAtomically(path, r.canonicalBytes, mode: 0o444, createOnly: true)
            records.append(r)
        }
        for keyId in live { try keys.destroy(keyId) }
        let at = TimeParser.parseISO(records[0].erasedAt[...].utf8)?.timestamp ?? now
        let note = try PrivacyEvents.record(store: store, event(for: records, at: at))
        return Result(subjectRef: ref, destroyed: live, alreadyErasedAt: nil, event: eventId, note: note)
    }

    /// The trail event of one erasure (the subject only as its reference).
    static func event(for records: [PersonalDataErasure], at: Timestamp) -> TrailEvent {
        let r = records[0]
        return PrivacyEvents.event(id: r.event, action: "privacy.erase", actor: r.by, resource: "subject-ref:" + r.subjectRef, attributes: [
            ("subjectRef", .string(r.subjectRef)), ("keys", .array(records.map { .string($0.key) })),
            ("reason", .string(r.reason)), ("records", .array(records.map { .string(Hash32.sha256($0.canonicalBytes).hex) })),
        ], at: at)
    }

    /// Checks every erasure record's signature against the store's public keys; returns the problems.
    public static func checkRecords(store: Store) throws -> [String] {
        let keys = try PersonalDataKeys.open(layout: store.layout)
        let pub = try KeyRing.publicKeys(layout: store.layout)
        var problems: [String] = []
        for r in try keys.allErasures() {
            if let p = r.problem(keys: pub) { problems.append("\(keys.erasurePath(r.key)): \(p)") }
            if FS.exists(keys.keyPath(r.key)) { problems.append("\(keys.keyPath(r.key)): erased key still present (run the erasure again to finish it)") }
        }
        return problems
    }
}
