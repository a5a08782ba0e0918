import Crypto
import Foundation
import Sealing
import SegmentStore
import TrailModel

/// Deliberate key backups: the only way keys leave a store.
///
/// A backup file (mode 0600) is canonical JSON: `format` (`sealtrail-privacy-keys/1`), `trail`,
/// `createdAt`, `kdf` (`pbkdf2-hmac-sha256`, `iterations`, base64 `salt`), the counts `subjectKeys`
/// and `erasures`, and `payload`: base64 of AES-256-GCM (`nonce ‖ ciphertext ‖ tag`) under the
/// passphrase-derived key, authenticating the canonical JSON of every other field. The payload
/// holds the master key, every live subject key file (still wrapped under the master) and every
/// signed erasure record. Exporting and importing are recorded in the trail.
///
/// Importing never brings back an erased key: keys with an erasure record (in the store or in the
/// backup) or named by the caller (the `privacy.erase` events of the trail) are skipped.
public enum KeyBackup {
    public static let format = "sealtrail-privacy-keys/1"
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    public static let minimumPassphrase = 12

    public struct Summary: Sendable, Equatable {
        public var subjectKeys = 0
        public var erasures = 0
        /// Keys skipped on import because they were erased.
        public var skippedErased = 0
        /// Keys the store already had.
        public var alreadyPresent = 0
        public var masterRestored = false
        public var note: String?
    }

    /// Writes an encrypted backup of the store's keys to `path` (which must not exist).
    public static func export(store: Store, to path: String, passphrase: String, iterations: Int = defaultIterations,
                              actor: String, at now: Timestamp = .now) throws -> Summary {
        try checkPassphrase(passphrase)
        let keys = try PersonalDataKeys.open(layout: store.layout)
        var subjects: [(String, JSONValue)] = []
        for id in keys.allKeyIds().sorted() where !keys.isErased(id) {
            subjects.append((id, .string(Data(try FS.read(keys.keyPath(id))).base64EncodedString())))
        }
        let erasures = try keys.allErasures()
        let payload = CanonicalJSON.encode(.object([
            ("master", .string(Data(try FS.read(keys.masterPath)).base64EncodedString())),
            ("subjects", .object(subjects)),
            ("erasures", .array(erasures.map { .string(Data($0.canonicalBytes).base64EncodedString()) })),
        ]))
        var salt = [UInt8](repeating: 0, count: 16)
        var g = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0 ... 255, using: &g) }
        let header: [(String, JSONValue)] = [
            ("createdAt", .string(now.rfc3339)), ("erasures", .number(String(erasures.count))), ("format", .string(format)),
            ("kdf", .object([("iterations", .number(String(iterations))), ("name", .string("pbkdf2-hmac-sha256")),
                             ("salt", .string(Data(salt).base64EncodedString()))])),
            ("subjectKeys", .number(String(subjects.count))), ("trail", .string(store.manifest.origin)),
        ]
        let key = SymmetricKey(data: pbkdf2(Array(passphrase.utf8), salt: salt, iterations: iterations))
        let sealed = try AES.GCM.seal(payload, using: key, authenticating: CanonicalJSON.encode(.object(header))).combined!
        let file = CanonicalJSON.encode(.object(header + [("payload", .string(sealed.base64EncodedString()))]))
        try FS.writeAtomically(path, file, mode: 0o600, createOnly: true)
        var summary = Summary(subjectKeys: subjects.count, erasures: erasures.count)
        let event = PrivacyEvents.event(id: "privacy.keys.export-" + UUID().uuidString.lowercased(), action: "privacy.keys.export",
                                        actor: actor, resource: "privacy-keys", attributes: [
                                            ("file", .string(path)), ("sha256", .string(Hash32.sha256(file).hex)),
                                            ("subjectKeys", .number(String(subjects.count))), ("erasures", .number(String(erasures.count))),
                                        ], at: now)
        summary.note = try PrivacyEvents.record(store: store, event)
        return summary
    }

    /// Restores keys from a backup into the store (never an erased one; see the type's comment).
    public static func importKeys(store: Store, from path: String, passphrase: String, excluding erasedInTrail: Set<String> = [],
                                  actor: String, at now: Timestamp = .now) throws -> Summary {
        func fail(_ r: String) -> PersonalDataError { .backup(path: path, reason: r) }
        let bytes: [UInt8]
        do { bytes = try FS.read(path) } catch { throw fail("unreadable (\(error))") }
        guard let v = try? JSONParser.parse(bytes), case let .object(members) = v else { throw fail("not a key backup (not a JSON object)") }
        guard v["format"] == .string(format) else { throw fail("not a key backup (format is not \(format))") }
        guard v["trail"] == .string(store.manifest.origin) else {
            throw fail("is a backup of trail '\(v["trail"]?.scalarText ?? "?")', not of this store's '\(store.manifest.origin)'")
        }
        guard let kdf = v["kdf"], kdf["name"] == .string("pbkdf2-hmac-sha256"), let it = kdf["iterations"]?.scalarText.flatMap({ Int($0) }),
              it >= 1, it <= 100_000_000, let salt = kdf["salt"]?.scalarText.flatMap({ Data(base64Encoded: $0) }),
              let sealed = v["payload"]?.scalarText.flatMap({ Data(base64Encoded: $0) }) else {
            throw fail("damaged (kdf or payload missing or malformed)")
        }
        let header = CanonicalJSON.encode(.object(members.filter { $0.0 != "payload" }))
        let key = SymmetricKey(data: pbkdf2(Array(passphrase.utf8), salt: Array(salt), iterations: it))
        let payload: JSONValue
        do {
            let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: header)
            payload = try JSONParser.parse(Array(plain))
        } catch {
            throw fail("wrong passphrase, or the file was altered")
        }
        guard let master = payload["master"]?.scalarText.flatMap({ Data(base64Encoded: $0) }), master.count == 32 else {
            throw fail("damaged payload (master key)")
        }
        var summary = Summary()
        let masterPath = PersonalDataKeys.masterPath(store.layout)
        if FS.exists(masterPath), (try? FS.read(masterPath)) != Array(master) {
            // A master made after the keys were lost (by 'privacy set') may be replaced while
            // nothing depends on it yet; otherwise the two cannot be merged.
            let current = try PersonalDataKeys.open(layout: store.layout)
            guard current.allKeyIds().isEmpty, try current.allErasures().isEmpty else {
                throw fail("this store already has a different privacy master key with subject keys under it; keys under one cannot be restored under the other")
            }
            try FS.writeAtomically(masterPath, Array(master), mode: 0o600)
            summary.masterRestored = true
        } else if !FS.exists(masterPath) {
            try FS.mkdirs(store.layout.privacy)
            chmod(store.layout.privacy, 0o700)
            try FS.writeAtomically(masterPath, Array(master), mode: 0o600, createOnly: true)
            summary.masterRestored = true
        }
        let keys = try PersonalDataKeys.open(layout: store.layout)
        let pub = try KeyRing.publicKeys(layout: store.layout)
        var erasedInBackup = Set<String>()
        var items: [JSONValue] = []
        if case let .array(a)? = payload["erasures"] { items = a }
        for item in items {
            guard let rb = item.scalarText.flatMap({ Data(base64Encoded: $0) }) else { throw fail("damaged payload (erasure record)") }
            let record = try PersonalDataErasure.decode(Array(rb), path: path)
            if let p = record.problem(keys: pub) { throw fail("erasure record of \(record.key): \(p)") }
            erasedInBackup.insert(record.key)
            if !keys.isErased(record.key) {
                try FS.writeAtomically(keys.erasurePath(record.key), record.canonicalBytes, mode: 0o444, createOnly: true)
                summary.erasures += 1
            }
        }
        for (id, value) in payload["subjects"]?.objectMembers ?? [] {
            guard let wrapped = value.scalarText.flatMap({ Data(base64Encoded: $0) }), PersonalDataToken.isKeyId(id) else { throw fail("damaged payload (key \(id))") }
            if keys.isErased(id) || erasedInBackup.contains(id) || erasedInTrail.contains(id) { summary.skippedErased += 1; continue }
            let target = keys.keyPath(id)
            if FS.exists(target) { summary.alreadyPresent += 1; continue }
            try FS.mkdirs(FS.parent(target))
            try FS.writeAtomically(target, Array(wrapped), mode: 0o600, createOnly: true)
            guard (try? keys.loadKey(id)) != nil else {
                try FS.remove(target)
                throw fail("key \(id) does not unwrap under the backup's master key")
            }
            summary.subjectKeys += 1
        }
        let event = PrivacyEvents.event(id: "privacy.keys.import-" + UUID().uuidString.lowercased(), action: "privacy.keys.import",
                                        actor: actor, resource: "privacy-keys", attributes: [
                                            ("file", .string(path)), ("sha256", .string(Hash32.sha256(bytes).hex)),
                                            ("subjectKeys", .number(String(summary.subjectKeys))),
                                            ("skippedErased", .number(String(summary.skippedErased))),
                                            ("masterRestored", .bool(summary.masterRestored)),
                                        ], at: now)
        summary.note = try PrivacyEvents.record(store: store, event)
        return summary
    }

    static func checkPassphrase(_ p: String) throws {
        guard p.count >= minimumPassphrase else {
            throw PersonalDataError.invalidArgument("the passphrase must have at least \(minimumPassphrase) characters")
        }
    }

    /// PBKDF2 (RFC 8018) with HMAC-SHA256. (swift-crypto's PBKDF2 lives in `_CryptoExtras`, which
    /// this module does not link; this is the RFC's loop over swift-crypto's HMAC, checked
    /// against the RFC 7914 test vectors.)
    public static func pbkdf2(_ password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        let base = HMAC<SHA256>(key: SymmetricKey(data: password))
        var out: [UInt8] = []
        var block: UInt32 = 1
        while out.count < length {
            var h = base
            h.update(data: salt + withUnsafeBytes(of: block.bigEndian) { Array($0) })
            var u = Array(h.finalize())
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    var next = base
                    next.update(data: u)
                    u = Array(next.finalize())
                    for i in 0..<t.count { t[i] ^= u[i] }
                }
            }
            out += t
            block += 1
        }
        return Array(out.prefix(length))
    }
}
