import Foundation
import Sealing
import TrailModel

/// The signed record `sealtrail erase` leaves for each subject key it destroys: which key (by
/// subject reference and generation, never the subject's id), when, by whom, why, and the id of
/// the `privacy.erase` event that records the same erasure in the trail.
///
/// Stored as `keys/privacy/erasures/<ref>.<n>.json`, canonical JSON signed with the store's
/// Ed25519 key over the canonical bytes without `signature`, like seals and tombstones. Readers
/// show data under an erased key as `[erased]`; a key backup never brings an erased key back.
public struct PersonalDataErasure: Sendable, Equatable {
    public static let format = "sealtrail-erasure/1"

    public var trail: String
    public var subjectRef: String
    /// The destroyed key id (`<ref>.<generation>`).
    public var key: String
    public var reason: String
    public var by: String
    public var erasedAt: String
    /// The id of the trail event that records the erasure.
    public var event: String
    /// The signing key's id.
    public var keyId: String = ""
    public var signature: [UInt8]?

    public init(trail: String, key: String, reason: String, by: String, erasedAt: Timestamp, event: String) {
        self.trail = trail; self.key = key; subjectRef = String(key.prefix { $0 != "." })
        self.reason = reason; self.by = by; self.erasedAt = erasedAt.rfc3339; self.event = event
    }

    private func object(withSignature: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("by", .string(by)), ("erasedAt", .string(erasedAt)), ("event", .string(event)), ("format", .string(Self.format)),
            ("key", .string(key)), ("keyId", .string(keyId)), ("reason", .string(reason)), ("subjectRef", .string(subjectRef)),
            ("trail", .string(trail)),
        ]
        if withSignature { m.append(("signature", .string(Data(signature ?? []).base64EncodedString()))) }
        return .object(m)
    }

    public var signingBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: false)) }
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: true)) }

    public mutating func sign(with signer: SigningKey) throws {
        keyId = signer.publicKey.keyId
        signature = try signer.sign(signingBytes)
    }

    /// Nil when signed by one of `keys`, else what is wrong.
    public func problem(keys: [String: VerifyingKey]) -> String? {
        guard let k = keys[keyId] else { return "signed by unknown key \(keyId)" }
        return k.isValid(signature: signature ?? [], for: signingBytes) ? nil : "signature does not verify with key \(keyId)"
    }

    /// Strict parse: every field a string, bytes exactly canonical.
    public static func decode(_ bytes: [UInt8], path: String) throws -> PersonalDataErasure {
        func fail(_ r: String) -> PersonalDataError { .badKeyFile(path: path, reason: "erasure record: \(r)") }
        let v: JSONValue
        do { v = try JSONParser.parse(bytes) } catch { throw fail("not JSON") }
        func str(_ k: String) throws -> String {
            guard case let .string(s)? = v[k] else { throw fail("field \(k) missing or not a string") }
            return s
        }
        guard try str("format") == format else { throw fail("format is not \(format)") }
        guard let sig = Data(base64Encoded: try str("signature")) else { throw fail("signature is not base64") }
        var r = PersonalDataErasure(trail: try str("trail"), key: try str("key"), reason: try str("reason"), by: try str("by"),
                                    erasedAt: .now, event: try str("event"))
        r.erasedAt = try str("erasedAt")
        r.subjectRef = try str("subjectRef")
        r.keyId = try str("keyId")
        r.signature = Array(sig)
        guard r.canonicalBytes == bytes else { throw fail("not in canonical form") }
        return r
    }
}

extension PersonalDataKeys {
    /// The erasure record of a destroyed key, or nil.
    public func erasure(_ keyId: String) throws -> PersonalDataErasure? {
        let path = erasurePath(keyId)
        guard FS.exists(path) else { return nil }
        return try PersonalDataErasure.decode(try FS.read(path), path: path)
    }

    /// Every erasure record, oldest first.
    public func allErasures() throws -> [PersonalDataErasure] {
        try FS.list(erasuresDirectory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map {
            try PersonalDataErasure.decode(try FS.read(erasuresDirectory + "/" + $0), path: erasuresDirectory + "/" + $0)
        }.sorted { ($0.erasedAt, $0.key) < ($1.erasedAt, $1.key) }
    }
}
