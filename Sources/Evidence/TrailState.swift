import Foundation
import Sealing
import SegmentStore
import TrailModel

/// The trail as a pack relies on it: the seals made at or before `asOf`, their Merkle tree, the
/// signed checkpoint of exactly that size, and the keys that signed them.
struct TrailState {
    let seals: [Seal]
    let tree: MerkleTree
    let checkpoint: Checkpoint
    let checkpointNote: String
    /// The key that signed the checkpoint.
    let signer: VerifyingKey
    /// The store's signing key (signs the manifest).
    let signing: SigningKey
    let keys: [String: VerifyingKey]

    var size: UInt64 { UInt64(seals.count) }
    var root: Hash32 { tree.root }
    var checkpointPath: String { "trail/checkpoints/\(size).checkpoint" }

    init(store: Store, asOf: Timestamp) throws {
        let all = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let cut = asOf.rfc3339
        var n = 0
        while n < all.seals.count && all.seals[n].sealedAt <= cut { n += 1 }
        guard n > 0 else { throw EvidenceError.store("no segment had been sealed by \(cut): nothing a pack could prove") }
        seals = Array(all.seals.prefix(n))
        tree = MerkleTree(leaves: Array(all.leaves.prefix(n)))
        let path = store.layout.checkpointFile(size: UInt64(n))
        guard let note = try? FS.readString(path) else {
            throw EvidenceError.store("\(path) is missing: the trail of \(n) seals has no checkpoint; run 'sealtrail verify'")
        }
        checkpointNote = note
        keys = try KeyRing.publicKeys(layout: store.layout)
        var found: (Checkpoint, VerifyingKey)?
        for key in keys.values.sorted(by: { $0.keyId < $1.keyId }) {
            if let cp = try? Checkpoint.open(note: note, keys: [key]) { found = (cp, key); break }
        }
        guard let (cp, key) = found else { throw EvidenceError.store("\(path): no signature by a key of this store") }
        guard cp.size == UInt64(n), cp.root == tree.root, cp.origin == store.manifest.origin else {
            throw EvidenceError.store("\(path) does not match the seals (size \(cp.size), root \(cp.root.hex)); run 'sealtrail verify'")
        }
        checkpoint = cp
        signer = key
        guard let ring = try KeyRing.load(layout: store.layout) else { throw EvidenceError.store("the store has no signing key") }
        signing = ring.signing
    }

    /// The public keys that signed the seals of `segments`, the checkpoint and the manifest, by key id.
    func keys(for segments: [UInt64]) -> [VerifyingKey] {
        var out: [String: VerifyingKey] = [signer.keyId: signer]
        out[signing.publicKey.keyId] = signing.publicKey
        for s in segments { if let k = keys[seals[Int(s)].keyId] { out[k.keyId] = k } }
        return out.values.sorted { $0.keyId < $1.keyId }
    }

    /// Segments whose events overlap [from, to).
    func overlapping(from: Timestamp, to: Timestamp) -> [UInt64] {
        let f = from.rfc3339, t = to.rfc3339
        return seals.filter { $0.firstTime < t && $0.lastTime >= f }.map(\.segment)
    }
}

/// The signed list of a pack's files (`manifest.json`, canonical JSON without a trailing
/// newline) and where its signature goes (`manifest.sig`: the 64 raw bytes of an Ed25519
/// signature over the exact bytes of `manifest.json`).
struct Manifest {
    static let name = "manifest.json"
    static let signatureName = "manifest.sig"
    static let format = "sealtrail-evidence/1"

    var request: PackRequest
    var trail: TrailState
    var origin: String
    var controls: [String]
    var keyId: String
    var files: [PackArchive.Entry]

    func encoded() -> [UInt8] {
        let doc: JSONValue = .object([
            ("format", .string(Self.format)),
            ("trail", .string(origin)),
            ("framework", .string(request.framework.qualified)),
            ("from", .string(request.from.rfc3339)),
            ("to", .string(request.to.rfc3339)),
            ("asOf", .string(request.asOf.rfc3339)),
            ("selection", .array(request.controls.map(JSONValue.string))),
            ("controls", .array(controls.map(JSONValue.string))),
            ("sample", .number(String(request.sample))),
            ("seed", .string(request.seed)),
            ("trailSize", .number(String(trail.size))),
            ("trailRoot", .string(trail.root.hex)),
            ("checkpoint", .string(trail.checkpointPath)),
            ("keyId", .string(keyId)),
            ("key", .string("trail/keys/\(keyId).pem")),
            ("files", .array(files.map { f in
                .object([("path", .string(f.path)), ("bytes", .number(String(f.bytes))), ("sha256", .string(f.sha256))])
            })),
        ])
        return CanonicalJSON.encode(doc)
    }
}
