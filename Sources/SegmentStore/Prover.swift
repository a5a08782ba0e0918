import Foundation
import Gzip
import Sealing
import TrailModel

/// Builds and checks self-contained inclusion proofs: record → segment root (via its seal) → trail
/// root (via a signed checkpoint). The proof file carries everything needed to check it offline.
///
/// ```json
/// {"checkpoint": "<signed note>", "format": "sealtrail-proof/1", "leafHash": "<hex>",
///  "publicKey": "<PEM>", "record": "<exact segment line>", "recordIndex": 7,
///  "seal": "<exact seal bytes>", "segmentPath": ["<hex>", …],
///  "trailIndex": 3, "trailPath": ["<hex>", …], "trailSize": 9}
/// ```
public enum Prover {
    public static let format = "sealtrail-proof/1"

    /// Finds an event by reference: `SEGMENT:INDEX` (e.g. `12:345`), or an event id.
    public static func locate(store: Store, ref: String) throws -> (seal: Seal, index: Int, line: [UInt8]) {
        try locate(store: store, trail: try Trail.load(layout: store.layout, origin: store.manifest.origin), ref: ref)
    }

    static func locate(store: Store, trail: Trail, ref: String) throws -> (seal: Seal, index: Int, line: [UInt8]) {
        let parts = ref.split(separator: ":")
        if parts.count == 2, let seg = UInt64(parts[0]), let idx = Int(parts[1]) {
            guard seg < trail.size else { throw StoreError.eventNotFound(ref: ref) }
            let seal = trail.seals[Int(seg)]
            var found: [UInt8]?
            try eachLine(store: store, seal: seal) { i, line in
                if i == idx { found = Array(line); return false }
                return true
            }
            guard let line = found else { throw StoreError.eventNotFound(ref: ref) }
            return (seal, idx, line)
        }
        // By id: a cheap byte search for the encoded id, confirmed by decoding the line.
        var needle = Array("\"id\":".utf8)
        CanonicalJSON.writeString(ref, into: &needle)
        for seal in trail.seals.reversed() {
            var hit: (Int, [UInt8])?
            try eachLine(store: store, seal: seal) { i, line in
                if contains(line, needle), let ev = try? TrailEvent.decode(line: Array(line)), ev.id == ref {
                    hit = (i, Array(line)); return false
                }
                return true
            }
            if let (i, line) = hit { return (seal, i, line) }
        }
        throw StoreError.eventNotFound(ref: ref)
    }

    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Calls `body(index, line)` for each record of a segment until it returns false.
    static func eachLine(store: Store, seal: Seal, _ body: (Int, UnsafeRawBufferPointer) throws -> Bool) throws {
        let path = store.layout.absolute(seal.path)
        let reader = LineReader(GzipSource(try FileSource(path: path), allowConcatenatedMembers: true), maxLineBytes: 64 << 20)
        var i = 0
        struct Stop: Error {}
        do {
            try reader.forEach { item in
                if case let .line(bytes, _, _) = item {
                    if try !body(i, bytes) { throw Stop() }
                }
                i += 1
            }
        } catch is Stop {}
    }

    /// Builds the proof document for one record.
    public static func prove(store: Store, ref: String) throws -> [UInt8] {
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let (seal, index, line) = try locate(store: store, trail: trail, ref: ref)
        // The sealed leaf list when it is authentic (no second pass over the segment), else re-read it.
        var leaves = SegmentCheck.sealedLeaves(layout: store.layout, seal: seal) ?? []
        if leaves.isEmpty {
            try eachLine(store: store, seal: seal) { _, l in leaves.append(Merkle.leafHash(l)); return true }
        }
        guard Merkle.root(leaves) == seal.merkleRoot, index < leaves.count, leaves[index] == Merkle.leafHash(line) else {
            throw StoreError.badSeal(path: seal.path, reason: "segment does not match its seal; run 'sealtrail verify'")
        }
        let segmentPath = Proofs.inclusionProof(index: index, leaves: leaves)
        let size = trail.size
        let note = try FS.readString(store.layout.checkpointFile(size: size))
        let keys = try KeyRing.publicKeys(layout: store.layout)
        guard let key = keys[seal.keyId] else { throw StoreError.badSeal(path: seal.path, reason: "unknown key \(seal.keyId)") }
        let cp = try Checkpoint.open(note: note, keys: Array(keys.values))
        guard cp.root == trail.root else { throw StoreError.badSeal(path: "checkpoints/\(size).checkpoint", reason: "latest checkpoint does not match the trail; run 'sealtrail verify'") }
        let trailPath = Proofs.inclusionProof(index: Int(seal.segment), leaves: trail.leaves)
        let doc: JSONValue = .object([
            ("format", .string(format)),
            ("record", .string(String(decoding: line, as: UTF8.self))),
            ("recordIndex", .number(String(index))),
            ("leafHash", .string(Merkle.leafHash(line).hex)),
            ("segmentPath", .array(segmentPath.map { .string($0.hex) })),
            ("seal", .string(String(decoding: seal.canonicalBytes, as: UTF8.self))),
            ("trailIndex", .number(String(seal.segment))),
            ("trailSize", .number(String(size))),
            ("trailPath", .array(trailPath.map { .string($0.hex) })),
            ("checkpoint", .string(note)),
            ("publicKey", .string(key.pem)),
        ])
        return CanonicalJSON.encode(doc) + [0x0A]
    }

    /// What a proof check established.
    public struct Verified: Sendable {
        public var event: TrailEvent
        public var seal: Seal
        public var recordIndex: Int
        public var checkpoint: Checkpoint
        public var keyId: String
    }

    /// Checks a proof document offline. With `trustedKey`, the signer must be that key; otherwise
    /// the key inside the proof is used (the caller should compare its id with a trusted copy).
    public static func verify(proof bytes: [UInt8], trustedKey: VerifyingKey? = nil) throws -> Verified {
        func fail(_ m: String) -> StoreError { .badSeal(path: "proof", reason: m) }
        let doc: JSONValue
        do { doc = try JSONParser.parse(bytes) } catch { throw fail("not JSON: \(error)") }
        func str(_ k: String) throws -> String {
            guard case let .string(s)? = doc[k] else { throw fail("field \(k) missing") }
            return s
        }
        func num(_ k: String) throws -> UInt64 {
            guard case let .number(n)? = doc[k], let v = UInt64(n) else { throw fail("field \(k) missing") }
            return v
        }
        func hashes(_ k: String) throws -> [Hash32] {
            guard case let .array(items)? = doc[k] else { throw fail("field \(k) missing") }
            return try items.map { item in
                guard case let .string(s) = item, let h = Hash32(hex: s) else { throw fail("field \(k) holds a non-hash") }
                return h
            }
        }
        guard try str("format") == format else { throw fail("unknown proof format") }
        let record = Array(try str("record").utf8)
        let leaf = Merkle.leafHash(record)
        guard leaf.hex == (try str("leafHash")) else { throw fail("record does not hash to leafHash") }
        let seal = try Seal.decode(Array(try str("seal").utf8), path: "proof seal")
        let key = try trustedKey ?? VerifyingKey(pem: try str("publicKey"))
        guard key.keyId == seal.keyId else { throw fail("seal is signed by key \(seal.keyId), not the trusted key \(key.keyId)") }
        guard key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) else { throw fail("seal signature does not verify") }
        let index = try num("recordIndex")
        do {
            try Proofs.verifyInclusion(index: index, size: UInt64(seal.records), leafHash: leaf, proof: try hashes("segmentPath"), root: seal.merkleRoot)
        } catch { throw fail("record is not in the sealed segment: \(error)") }
        let cp: Checkpoint
        do { cp = try Checkpoint.open(note: try str("checkpoint"), keys: [key]) } catch { throw fail("\(error)") }
        guard cp.origin == seal.trail else { throw fail("checkpoint is for trail \(cp.origin), seal for \(seal.trail)") }
        guard try num("trailSize") == cp.size, try num("trailIndex") == seal.segment else { throw fail("trail position does not match the checkpoint") }
        do {
            try Proofs.verifyInclusion(index: seal.segment, size: cp.size, leafHash: seal.trailLeaf, proof: try hashes("trailPath"), root: cp.root)
        } catch { throw fail("seal is not in the checkpointed trail: \(error)") }
        let event: TrailEvent
        do { event = try TrailEvent.decode(line: record) } catch { throw fail("record is not an event line: \(error)") }
        return Verified(event: event, seal: seal, recordIndex: Int(index), checkpoint: cp, keyId: key.keyId)
    }
}
