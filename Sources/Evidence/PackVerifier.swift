import Archive
import Crypto
import Foundation
import Sealing
import SegmentStore
import TrailModel

/// Checks an evidence pack offline: every file against the manifest (none missing, none extra,
/// none changed), the manifest's signature, the checkpoint's and every seal's signature, every
/// proof against the checkpoint, every cited record against its leaf hash and its segment root,
/// and that every event a control's findings or sample cite has a proof. With a store, also that
/// the pack's checkpoint is consistent with the live trail (an RFC 6962 consistency proof).
public struct PackVerifier {
    /// One thing wrong, named by the pack file it is in.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// What the check established.
    public struct Report: Sendable {
        public var problems: [Problem] = []
        public var files = 0
        public var seals = 0
        public var provenRecords = 0
        public var citedEvents = 0
        public var trailSize: UInt64 = 0
        public var keyId = ""
        public var framework = ""
        /// With a store: the live trail's size the pack's checkpoint was proven consistent with.
        public var liveSize: UInt64?
        public var ok: Bool { problems.isEmpty }
    }

    /// Files whose bytes the checks need (the others are only hashed, in bounded memory).
    static func keeps(_ name: String) -> Bool {
        name == Manifest.name || name == Manifest.signatureName || name.hasPrefix("trail/") || name.hasPrefix("proofs/")
            || (name.hasPrefix("controls/") && (name.hasSuffix("/findings.json") || name.hasSuffix("/sample.json")))
    }

    public static func verify(path: String, store: Store? = nil, progress: ((String) -> Void)? = nil) throws -> Report {
        var report = Report()
        func problem(_ file: String, _ reason: String) { report.problems.append(Problem(file: file, reason: reason)) }

        // 1. Read every entry: size and SHA-256 of all, bytes of those the checks need.
        guard FS.exists(path) else { throw EvidenceError.io(path: path, reason: "no such file") }
        var hashes: [String: (bytes: Int64, sha256: String)] = [:]
        var kept: [String: [UInt8]] = [:]
        var order: [String] = []
        var current = ""
        var hasher = SHA256()
        var count: Int64 = 0
        var buffer: [UInt8]?
        do {
            // Directory entries (which a pack never has, but a re-zipped copy may) hold nothing to check.
            var directory = false
            try ArchiveReader.stream(path: path, begin: { e in
                current = e.name; hasher = SHA256(); count = 0
                directory = e.name.hasSuffix("/") && e.size == 0
                buffer = keeps(e.name) && !directory ? [] : nil
            }, chunk: { c in
                hasher.update(bufferPointer: c)
                count += Int64(c.count)
                buffer?.append(contentsOf: c)
            }, end: {
                if directory { return }
                if hashes[current] != nil { problem(current, "appears twice in the archive") }
                hashes[current] = (count, Hash32(hasher.finalize()).hex)
                if let b = buffer { kept[current] = b }
                order.append(current)
            })
        } catch {
            problem(current.isEmpty ? FS.baseName(path) : current, "the archive cannot be read here: \(error)")
            return report
        }
        report.files = order.count
        progress?("read \(order.count) files")

        // 2. The manifest: every file listed, present and unchanged; nothing else.
        guard let manifestBytes = kept[Manifest.name] else { problem(Manifest.name, "missing: this is not an evidence pack, or its manifest was removed"); return report }
        guard let m = try? JSONParser.parse(manifestBytes), case let .array(files)? = m["files"] else {
            problem(Manifest.name, "not a manifest (not JSON, or no file list)"); return report
        }
        guard m["format"]?.scalarText == Manifest.format else { problem(Manifest.name, "unknown format \(m["format"]?.scalarText ?? "none")"); return report }
        var listed = Set<String>()
        for f in files {
            guard let name = f["path"]?.scalarText, let size = f["bytes"]?.scalarText.flatMap({ Int64($0) }),
                  let sha = f["sha256"]?.scalarText else { problem(Manifest.name, "a file entry lacks path, bytes or sha256"); continue }
            listed.insert(name)
            guard let found = hashes[name] else { problem(name, "missing (listed in the manifest)"); continue }
            if found.sha256 != sha || found.bytes != size {
                problem(name, "modified: SHA-256 \(found.sha256) (\(found.bytes) bytes), the manifest says \(sha) (\(size) bytes)")
            }
        }
        for name in order where !listed.contains(name) && name != Manifest.name && name != Manifest.signatureName {
            problem(name, "extra file: not in the manifest")
        }

        // 3. Keys, then the manifest's signature.
        report.framework = m["framework"]?.scalarText ?? ""
        let origin = m["trail"]?.scalarText ?? ""
        var keys: [String: VerifyingKey] = [:]
        for (name, bytes) in kept.sorted(by: { $0.key < $1.key }) where name.hasPrefix("trail/keys/") && name.hasSuffix(".pem") {
            guard let key = try? VerifyingKey(pem: String(decoding: bytes, as: UTF8.self)) else { problem(name, "not an Ed25519 public key (PEM)"); continue }
            guard name == "trail/keys/\(key.keyId).pem" else { problem(name, "holds key \(key.keyId), not the key its name says"); continue }
            if let raw = kept["trail/keys/\(key.keyId).pub"], raw != key.raw { problem("trail/keys/\(key.keyId).pub", "differs from \(name)") }
            keys[key.keyId] = key
        }
        let keyId = m["keyId"]?.scalarText ?? ""
        report.keyId = keyId
        if let key = keys[keyId] {
            if let sig = kept[Manifest.signatureName] {
                if !key.isValid(signature: sig, for: manifestBytes) {
                    problem(Manifest.signatureName, "bad signature: manifest.json is not signed by trail/keys/\(keyId).pem")
                }
            } else {
                problem(Manifest.signatureName, "missing: the manifest is not signed")
            }
        } else {
            problem("trail/keys/\(keyId).pem", "missing: the manifest names key \(keyId), which the pack does not hold")
        }

        // 4. The checkpoint.
        let cpName = m["checkpoint"]?.scalarText ?? ""
        var checkpoint: Checkpoint?
        if let note = kept[cpName] {
            do {
                let cp = try Checkpoint.open(note: String(decoding: note, as: UTF8.self), keys: keys.values.sorted { $0.keyId < $1.keyId })
                if cp.origin != origin { problem(cpName, "is for trail \(cp.origin), the manifest says \(origin)") }
                if String(cp.size) != m["trailSize"]?.scalarText || cp.root.hex != m["trailRoot"]?.scalarText {
                    problem(cpName, "size \(cp.size) and root \(cp.root.hex) differ from the manifest's")
                }
                checkpoint = cp
                report.trailSize = cp.size
            } catch {
                problem(cpName, "\(error) (with the keys in trail/keys/)")
            }
        } else {
            problem(cpName.isEmpty ? Manifest.name : cpName, "missing: the pack's checkpoint")
        }

        // 5. Seals and proofs.
        var seals: [UInt64: Seal] = [:]
        for (name, bytes) in kept.sorted(by: { $0.key < $1.key }) where name.hasPrefix("trail/seals/") {
            let seal: Seal
            do { seal = try Seal.decode(bytes, path: name) } catch { problem(name, "not a seal: \(error)"); continue }
            guard name == "trail/seals/\(StoreLayout.segmentName(seal.segment)).seal.json" else { problem(name, "is the seal of segment \(seal.segment)"); continue }
            guard let key = keys[seal.keyId] else { problem(name, "signed by key \(seal.keyId), which trail/keys/ does not hold"); continue }
            guard key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) else { problem(name, "bad signature"); continue }
            if seal.trail != origin { problem(name, "belongs to trail \(seal.trail), not \(origin)") }
            seals[seal.segment] = seal
        }
        report.seals = seals.count
        var proven = Set<String>()
        var provedSeals = Set<UInt64>()
        for (name, bytes) in kept.sorted(by: { $0.key < $1.key }) where name.hasPrefix("proofs/") {
            checkProof(name: name, bytes: bytes, seals: seals, checkpoint: checkpoint, cpName: cpName, problem: problem) { leaf in
                proven.insert(leaf)
            } sealed: { provedSeals.insert($0) }
        }
        for seq in seals.keys.sorted() where !provedSeals.contains(seq) {
            problem("trail/seals/\(StoreLayout.segmentName(seq)).seal.json", "no proof places this seal in the checkpointed trail")
        }
        report.provenRecords = proven.count
        progress?("checked \(seals.count) seals and \(proven.count) records")

        // 6. Every event a control cites has a proof.
        var cited = Set<String>()
        for (name, bytes) in kept.sorted(by: { $0.key < $1.key }) where name.hasPrefix("controls/") {
            guard case let .array(items)? = try? JSONParser.parse(bytes) else { problem(name, "not a JSON array"); continue }
            var unproven: [String] = []
            defer {
                if let first = unproven.first {
                    problem(name, "cites \(unproven.count) event(s) that no proof in proofs/ proves (first: \(first))")
                }
            }
            for item in items {
                var leaves: [String] = []
                if name.hasSuffix("/sample.json") {
                    leaves = item["leaf"]?.scalarText.map { [$0] } ?? []
                } else if let text = item["events"]?.scalarText, case let .array(refs)? = try? JSONParser.parse(Array(text.utf8)) {
                    leaves = refs.compactMap(\.scalarText)
                }
                for leaf in leaves {
                    cited.insert(leaf)
                    if !proven.contains(leaf) { unproven.append(leaf) }
                }
            }
        }
        report.citedEvents = cited.count

        // 7. With the store: the pack's keys are the store's, and its checkpoint is a prefix of the live trail.
        if let store {
            let storeKeys = (try? KeyRing.publicKeys(layout: store.layout)) ?? [:]
            for (id, key) in keys.sorted(by: { $0.key < $1.key }) where storeKeys[id] != key {
                problem("trail/keys/\(id).pem", "is not a key of the store")
            }
            if let cp = checkpoint {
                report.liveSize = checkLive(store: store, checkpoint: cp, cpName: cpName, problem: problem)
            } else {
                problem(cpName, "cannot be compared with the live trail: it does not verify")
            }
        }
        return report
    }

    /// One proofs/<segment>.json: the seal's trail path to the checkpoint root, and each record's
    /// leaf hash and path to the seal's Merkle root.
    static func checkProof(name: String, bytes: [UInt8], seals: [UInt64: Seal], checkpoint: Checkpoint?, cpName: String,
                           problem: (String, String) -> Void, proven: (String) -> Void, sealed: (UInt64) -> Void) {
        guard let doc = try? JSONParser.parse(bytes), doc["format"]?.scalarText == ProofSet.format,
              let seq = doc["segment"]?.scalarText.flatMap({ UInt64($0) }) else { problem(name, "not a proof file"); return }
        guard let seal = seals[seq] else { problem(name, "proves segment \(seq), whose seal is not in trail/seals/ (or is bad)"); return }
        guard let cp = checkpoint else { problem(name, "cannot be checked without a good checkpoint"); return }
        guard doc["checkpoint"]?.scalarText == cpName, doc["trailSize"]?.scalarText == String(cp.size) else {
            problem(name, "refers to another checkpoint than the manifest's"); return
        }
        func hashes(_ v: JSONValue?) -> [Hash32]? {
            guard case let .array(items)? = v else { return nil }
            let out = items.compactMap { $0.scalarText.flatMap(Hash32.init(hex:)) }
            return out.count == items.count ? out : nil
        }
        guard let trailPath = hashes(doc["trailPath"]) else { problem(name, "trailPath is not a list of hashes"); return }
        do {
            try Proofs.verifyInclusion(index: seq, size: cp.size, leafHash: seal.trailLeaf, proof: trailPath, root: cp.root)
            sealed(seq)
        } catch {
            problem(name, "the seal of segment \(seq) is not in the checkpointed trail: \(error)"); return
        }
        guard case let .array(records)? = doc["records"] else { problem(name, "no records list"); return }
        for r in records {
            guard let index = r["recordIndex"]?.scalarText.flatMap({ UInt64($0) }), let leafHex = r["leafHash"]?.scalarText,
                  let line = r["record"]?.scalarText, let path = hashes(r["segmentPath"]) else {
                problem(name, "a record entry lacks recordIndex, leafHash, record or segmentPath"); continue
            }
            let leaf = Merkle.leafHash(Array(line.utf8))
            guard leaf.hex == leafHex else { problem(name, "record \(seq):\(index) does not hash to its leaf \(leafHex)"); continue }
            do {
                try Proofs.verifyInclusion(index: index, size: UInt64(seal.records), leafHash: leaf, proof: path, root: seal.merkleRoot)
                proven(leafHex)
            } catch {
                problem(name, "record \(seq):\(index) is not in the sealed segment: \(error)")
            }
        }
    }

    /// The live trail holds the pack's checkpoint: same root at the pack's size, and an RFC 6962
    /// consistency proof from it to the store's newest checkpoint (signature checked).
    static func checkLive(store: Store, checkpoint cp: Checkpoint, cpName: String, problem: (String, String) -> Void) -> UInt64? {
        do {
            guard cp.origin == store.manifest.origin else { problem(cpName, "is for trail \(cp.origin); the store is \(store.manifest.origin)"); return nil }
            let live = try Trail.load(layout: store.layout, origin: store.manifest.origin)
            let storeKeys = try KeyRing.publicKeys(layout: store.layout)
            guard live.size >= cp.size else { problem(cpName, "the live trail has \(live.size) seals, fewer than the pack's \(cp.size) (rolled back?)"); return nil }
            let note = try FS.readString(store.layout.checkpointFile(size: live.size))
            let head = try Checkpoint.open(note: note, keys: Array(storeKeys.values))
            guard head.root == live.root else { problem(cpName, "the store's newest checkpoint does not match its seals; run 'sealtrail verify'"); return nil }
            let proof = Proofs.consistencyProof(size1: Int(cp.size), leaves: live.leaves)
            try Proofs.verifyConsistency(size1: cp.size, size2: head.size, root1: cp.root, root2: head.root, proof: proof)
            return head.size
        } catch {
            problem(cpName, "not consistent with the live trail: \(error)")
            return nil
        }
    }
}
