import Foundation
import Sealing
import TrailModel

/// A segment's seal (DESIGN.md, "Seals"): what the segment holds, its hashes, its place in the hash
/// chain, its retention, and an Ed25519 signature over the canonical JSON without `signature`.
///
/// Hashes are lowercase hex (as `sha256sum` prints them); the signature is base64. The seal file
/// holds exactly `canonicalBytes` (no trailing newline), so `sha256sum` of the file is the seal hash.
public struct Seal: Sendable, Equatable {
    public static let format = "sealtrail-seal/1"

    public var trail: String
    public var segment: UInt64
    public var source: String
    public var path: String
    public var records: Int64
    public var firstTime: String
    public var lastTime: String
    public var sealedAt: String
    public var merkleRoot: Hash32
    public var contentSHA256: Hash32
    public var fileSHA256: Hash32
    public var fileBytes: Int64
    public var previousSeal: Hash32?
    public var retainUntil: String
    public var retentionMode: String
    /// The retention policy that set `retainUntil` and `retentionMode` (absent in seals made before
    /// policies existed).
    public var retentionPolicy: String? = nil
    public var keyId: String
    public var signature: [UInt8]?

    private func object(withSignature: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("contentSHA256", .string(contentSHA256.hex)),
            ("fileBytes", .number(String(fileBytes))),
            ("fileSHA256", .string(fileSHA256.hex)),
            ("firstTime", .string(firstTime)),
            ("format", .string(Self.format)),
            ("keyId", .string(keyId)),
            ("lastTime", .string(lastTime)),
            ("merkleRoot", .string(merkleRoot.hex)),
            ("path", .string(path)),
            ("previousSeal", previousSeal.map { .string($0.hex) } ?? .null),
            ("records", .number(String(records))),
            ("retainUntil", .string(retainUntil)),
            ("retentionMode", .string(retentionMode)),
            ("sealedAt", .string(sealedAt)),
            ("segment", .number(String(segment))),
            ("source", .string(source)),
            ("trail", .string(trail)),
        ]
        if let retentionPolicy { m.append(("retentionPolicy", .string(retentionPolicy))); m.sort { $0.0 < $1.0 } }
        if withSignature { m.append(("signature", .string(Data(signature ?? []).base64EncodedString()))) }
        return .object(m)
    }

    /// Where this seal's segment must be: `segments/source=<source>/date=<first event's date>/<segment>.jsonl.gz`.
    public var expectedPath: String {
        StoreLayout.segmentRelativePath(source: source, date: String(firstTime.prefix(10)), seq: segment)
    }

    /// The bytes the signature covers: canonical JSON of every field but `signature`.
    public var signingBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: false)) }

    /// The seal file's bytes: canonical JSON with `signature`.
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(object(withSignature: true)) }

    /// `SHA-256(canonicalBytes)`: what the next seal's `previousSeal` holds.
    public var sealHash: Hash32 { Hash32.sha256(canonicalBytes) }

    /// The seal's leaf in the trail log: `SHA-256(0x00 ‖ canonicalBytes)`.
    public var trailLeaf: Hash32 { Merkle.leafHash(canonicalBytes) }

    /// Signs the seal.
    public mutating func sign(with key: SigningKey) throws {
        keyId = key.publicKey.keyId
        signature = try key.sign(signingBytes)
    }

    /// Parses a seal file strictly: every field present with the right type, and the bytes must be
    /// exactly the canonical encoding (so no byte can change without changing the seal hash).
    public static func decode(_ bytes: [UInt8], path: String) throws -> Seal {
        let f = try StrictFields(bytes: bytes, path: path, prefix: "")
        guard try f.string("format") == format else { throw f.fail("unknown format") }
        let policy = try f.optionalString("retentionPolicy")
        let prev: Hash32? = f.object["previousSeal"] == .null ? nil : try f.hash("previousSeal")
        let seal = Seal(trail: try f.string("trail"), segment: UInt64(try f.count("segment")), source: try f.string("source"),
                        path: try f.string("path"), records: try f.count("records"), firstTime: try f.string("firstTime"),
                        lastTime: try f.string("lastTime"), sealedAt: try f.string("sealedAt"), merkleRoot: try f.hash("merkleRoot"),
                        contentSHA256: try f.hash("contentSHA256"), fileSHA256: try f.hash("fileSHA256"), fileBytes: try f.count("fileBytes"),
                        previousSeal: prev, retainUntil: try f.string("retainUntil"), retentionMode: try f.string("retentionMode"),
                        retentionPolicy: policy, keyId: try f.string("keyId"), signature: try f.signature())
        try f.requireCanonical(seal.canonicalBytes, bytes)
        return seal
    }
}
