import Foundation
import Sealing
import TrailModel

/// The store's signing key and the history of public keys that ever signed for this trail.
///
/// Files: `keys/signing.key` (PKCS#8 PEM, mode 0600), `keys/<keyId>.pub` (32 raw bytes),
/// `keys/<keyId>.pem` (SubjectPublicKeyInfo PEM), `keys/keys.json` (history: key id, created, retired).
public struct KeyRing: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var keyId: String
        public var created: String
        public var retired: String?
    }

    public let signing: SigningKey
    /// Every public key that signed for this trail, by key id.
    public let verifiers: [String: VerifyingKey]

    /// Creates the key directory with a fresh key.
    public static func create(layout: StoreLayout, now: Timestamp) throws -> KeyRing {
        try FS.mkdirs(layout.keys)
        let key = SigningKey()
        try FS.writeAtomically(layout.signingKey, Array(key.pem.utf8), mode: 0o600, createOnly: true)
        try writePublic(layout: layout, key: key.publicKey)
        let history = [Entry(keyId: key.publicKey.keyId, created: now.rfc3339, retired: nil)]
        try writeHistory(layout: layout, history)
        return KeyRing(signing: key, verifiers: [key.publicKey.keyId: key.publicKey])
    }

    static func writePublic(layout: StoreLayout, key: VerifyingKey) throws {
        try FS.writeAtomically(layout.keys + "/\(key.keyId).pub", key.raw, mode: 0o444, createOnly: true)
        try FS.writeAtomically(layout.keys + "/\(key.keyId).pem", Array(key.pem.utf8), mode: 0o444, createOnly: true)
    }

    static func writeHistory(layout: StoreLayout, _ history: [Entry]) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FS.writeAtomically(layout.keyHistory, Array(try enc.encode(history)) + [0x0A])
    }

    /// Loads the signing key (needed to seal) and every public key in the history.
    public static func load(layout: StoreLayout, needSigning: Bool = true) throws -> KeyRing? {
        var verifiers: [String: VerifyingKey] = [:]
        for name in FS.list(layout.keys) where name.hasSuffix(".pub") {
            let path = layout.keys + "/" + name
            let key = try VerifyingKey(raw: try FS.read(path))
            guard name == key.keyId + ".pub" else {
                throw StoreError.badConfig(path: path, field: "name", reason: "file name does not match its key id \(key.keyId)")
            }
            verifiers[key.keyId] = key
        }
        guard needSigning else {
            return nil
        }
        let signing: SigningKey
        do { signing = try SigningKey(pem: try FS.readString(layout.signingKey)) } catch let e as SealingError {
            throw StoreError.badConfig(path: layout.signingKey, field: "key", reason: e.description)
        }
        if let mode = FS.mode(layout.signingKey), mode & 0o077 != 0 {
            throw StoreError.badConfig(path: layout.signingKey, field: "mode", reason: String(format: "is %o; must be 0600", mode))
        }
        verifiers[signing.publicKey.keyId] = signing.publicKey
        return KeyRing(signing: signing, verifiers: verifiers)
    }

    /// Public keys only (what `verify` needs): every `keys/*.pub`.
    public static func publicKeys(layout: StoreLayout) throws -> [String: VerifyingKey] {
        var verifiers: [String: VerifyingKey] = [:]
        for name in FS.list(layout.keys) where name.hasSuffix(".pub") {
            let path = layout.keys + "/" + name
            guard let key = try? VerifyingKey(raw: try FS.read(path)), name == key.keyId + ".pub" else { continue }
            verifiers[key.keyId] = key
        }
        return verifiers
    }
}
