import Foundation
import Sealing
import TrailModel

/// The signed record a retention sweep leaves when it deletes a segment (DESIGN.md, "Retention,
/// archive, erasure"): which segment, the hash of its seal, its root, the policy and sweep that
/// removed it, and why. The seal itself stays in `seals/`, so the hash chain, the trail log and
/// every remaining proof and checkpoint still verify; `verify` reports the segment as expired by
/// policy instead of missing.
///
/// Stored as `tombstones/<segment>.json`, canonical JSON (keys sorted, no whitespace) signed with
/// Ed25519 over the canonical bytes without `signature`, exactly like a seal.
public struct Tombstone: Sendable, Equatable {
    public static let format = "sealtrail-tombstone/1"

    public var trail: String
    public var segment: UInt64
    public var source: String
    public var path: String
    public var records: Int64
    public var firstTime: String
    public var lastTime: String
    public var sealSHA256: Hash32
    public var merkleRoot: Hash32
    public var fileSHA256: Hash32
    public var retainUntil: String
    public var retentionMode: String
    /// The policy named in the seal (or the store default).
    public var policy: String
    /// `expired` (retention ended) or `governance-override` (deleted early under a recorded override).
    public var reason: String
    /// For an override: who asked and why.
    public var overrideBy: String?
    public var overrideReason: String?
    public var sweep: String
    public var deletedAt: String
    public var keyId: String
    public var signature: [UInt8]?

    /// A tombstone for `seal`, unsigned.
    public init(seal: Seal, policy: String, reason: String, overrideBy: String? = nil, overrideReason: String? = nil,
                sweep: String, deletedAt: Timestamp) {
        trail = seal.trail; segment = seal.segment; source = seal.source; path = seal.path; records = seal.records
        firstTime = seal.firstTime; lastTime = seal.lastTime; sealSHA256 = seal.sealHash; merkleRoot = seal.merkleRoot
        fileSHA256 = seal.fileSHA256; retainUntil = seal.retainUntil; retentionMode = seal.retentionMode
        self.policy = policy; self.reason = reason; self.overrideBy = overrideBy; self.overrideReason = overrideReason
        self.sweep = sweep; self.deletedAt = deletedAt.rfc3339; keyId = ""; signature = nil
    }

    private func object(withSignature: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("deletedAt", .string(deletedAt)), ("fileSHA256", .string(fileSHA256.hex)), ("firstTime", .string(firstTime)),
            ("format", .string(Self.format)), ("keyId", .string(keyId)), ("lastTime", .string(lastTime)),
            ("merkleRoot", .string(merkleRoot.hex)), ("path", .string(path)), ("policy", .string(policy)),
            ("reason", .string(reason)), ("records", .number(String(records))), ("retainUntil", .string(retainUntil)),
            ("retentionMode", .string(retentionMode)), ("sealSHA256", .string(sealSHA256.hex)),
            ("segment", .number(String(segment))), ("source", .string(source)), ("sweep", .string(sweep)), ("trail", .string(trail)),
        ]
        if let overrideBy { m.append(("overrideBy", .string(overrideBy))) }
        if let overrideReason { m.append(("overrideReason", .string(overrideReason))) }
        if withSignature { m.append(("signature", .string(Data(signature ?? []).base64EncodedString()))) }
        m.sort { $0.0 < $1.0 }
        return .object(m)
    }

    public var signingBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: false)) }
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: true)) }

    public mutating func sign(with key: SigningKey) throws {
        keyId = key.publicKey.keyId
        signature = try key.sign(signingBytes)
    }

    /// Whether this tombstone is signed by a trail key and names exactly `seal`.
    public func problem(against seal: Seal, keys: [String: VerifyingKey]) -> String? {
        guard let key = keys[keyId] else { return "signed by unknown key \(keyId)" }
        guard key.isValid(signature: signature ?? [], for: signingBytes) else { return "signature does not verify with key \(keyId)" }
        if segment != seal.segment { return "names segment \(segment), not \(seal.segment)" }
        if sealSHA256 != seal.sealHash { return "seal hash \(sealSHA256.hex) differs from the seal's \(seal.sealHash.hex)" }
        if merkleRoot != seal.merkleRoot { return "root differs from the seal's" }
        if fileSHA256 != seal.fileSHA256 || path != seal.path { return "file differs from the seal's" }
        return nil
    }

    /// Strict parse: every field with the right type, bytes exactly canonical.
    public static func decode(_ bytes: [UInt8], path file: String) throws -> Tombstone {
        let f = try StrictFields(bytes: bytes, path: file, prefix: "tombstone ")
        guard try f.string("format") == format else { throw f.fail("unknown format") }
        let t = Tombstone(trail: try f.string("trail"), segment: UInt64(try f.count("segment")), source: try f.string("source"),
                          path: try f.string("path"), records: try f.count("records"), firstTime: try f.string("firstTime"),
                          lastTime: try f.string("lastTime"), sealSHA256: try f.hash("sealSHA256"), merkleRoot: try f.hash("merkleRoot"),
                          fileSHA256: try f.hash("fileSHA256"), retainUntil: try f.string("retainUntil"),
                          retentionMode: try f.string("retentionMode"), policy: try f.string("policy"), reason: try f.string("reason"),
                          overrideBy: try f.optionalString("overrideBy"), overrideReason: try f.optionalString("overrideReason"),
                          sweep: try f.string("sweep"), deletedAt: try f.string("deletedAt"), keyId: try f.string("keyId"),
                          signature: try f.signature())
        try f.requireCanonical(t.canonicalBytes, bytes)
        return t
    }

    private init(trail: String, segment: UInt64, source: String, path: String, records: Int64, firstTime: String, lastTime: String,
                 sealSHA256: Hash32, merkleRoot: Hash32, fileSHA256: Hash32, retainUntil: String, retentionMode: String, policy: String,
                 reason: String, overrideBy: String?, overrideReason: String?, sweep: String, deletedAt: String, keyId: String,
                 signature: [UInt8]?) {
        self.trail = trail; self.segment = segment; self.source = source; self.path = path; self.records = records
        self.firstTime = firstTime; self.lastTime = lastTime; self.sealSHA256 = sealSHA256; self.merkleRoot = merkleRoot
        self.fileSHA256 = fileSHA256; self.retainUntil = retainUntil; self.retentionMode = retentionMode; self.policy = policy
        self.reason = reason; self.overrideBy = overrideBy; self.overrideReason = overrideReason; self.sweep = sweep
        self.deletedAt = deletedAt; self.keyId = keyId; self.signature = signature
    }

    /// Every tombstone file in the store, by segment; unreadable ones come back as errors by file.
    public static func loadAll(layout: StoreLayout) -> (tombstones: [UInt64: Tombstone], errors: [(path: String, reason: String)]) {
        var out: [UInt64: Tombstone] = [:]
        var errors: [(String, String)] = []
        for name in FS.list(layout.tombstones) where !name.hasPrefix(".") {
            let rel = "tombstones/" + name
            guard name.hasSuffix(".json"), let seq = UInt64(name.dropLast(5)) else {
                errors.append((rel, "unknown file in tombstones/"))
                continue
            }
            do {
                let t = try decode(try FS.read(layout.root + "/" + rel), path: rel)
                guard t.segment == seq else { errors.append((rel, "file name says segment \(seq), the tombstone \(t.segment)")); continue }
                out[seq] = t
            } catch {
                errors.append((rel, "\(error)"))
            }
        }
        return (out, errors)
    }

    /// Writes the tombstone (create-only: a segment is deleted once). An identical existing file is fine.
    public func write(layout: StoreLayout) throws {
        try FS.mkdirs(layout.tombstones)
        let path = layout.tombstoneFile(seq: segment)
        if FS.exists(path) {
            let existing = try Tombstone.decode(try FS.read(path), path: path)
            guard existing.sealSHA256 == sealSHA256 else { throw StoreError.refusedOverwrite(path: path) }
            return
        }
        try FS.writeAtomically(path, canonicalBytes, mode: 0o444, createOnly: true)
    }
}
