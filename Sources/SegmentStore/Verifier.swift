import Dispatch
import Foundation
import Sealing
import TrailModel

/// Checks a store end to end (DESIGN.md principle 4): every segment's bytes, records and root
/// against its seal, every seal's signature and place in the hash chain, the trail root, and every
/// stored checkpoint's signature and consistency with the trail. Read-only; takes no lock.
public struct Verifier {
    /// Which segments get their content re-read (seals, chain and checkpoints are always checked).
    public struct Selection: Sendable {
        public var segment: UInt64?
        public var from: Timestamp?
        public var to: Timestamp?
        public init(segment: UInt64? = nil, from: Timestamp? = nil, to: Timestamp? = nil) {
            self.segment = segment; self.from = from; self.to = to
        }
    }

    public let store: Store
    public var selection = Selection()
    /// Checkpoints held outside the store (e.g. one an auditor kept): the trail must extend each.
    public var trustedCheckpoints: [(name: String, note: String)] = []
    /// Worker threads for segment checks.
    public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Called after each segment check with (done, total).
    public var progress: ((Int, Int) -> Void)?
    /// Also re-read archived segments from their bundles (`verify --archives`); without it, a
    /// bundle holding an offline segment is checked by its size and SHA-256 only.
    public var checkArchives = false

    public init(store: Store) { self.store = store }

    public func run() -> VerifyReport {
        let layout = store.layout
        let origin = store.manifest.origin
        var report = VerifyReport(origin: origin, trailSize: 0, trailRoot: "")
        let keys = (try? KeyRing.publicKeys(layout: layout)) ?? [:]
        if keys.isEmpty { report.add(.unknownKey, path: "keys/", "no public keys in keys/: signatures cannot be checked") }

        // Seals: parse, signature, chain.
        var seals: [UInt64: Seal] = [:]
        var unreadable: Set<UInt64> = []
        for name in FS.list(layout.seals) {
            let rel = "seals/" + name
            guard name.hasSuffix(".seal.json"), name.count == 22, let seq = UInt64(name.prefix(12)) else {
                report.add(.extraFile, path: rel, "unknown file in seals/")
                continue
            }
            do {
                let seal = try Seal.decode(try FS.read(layout.root + "/" + rel), path: rel)
                if seal.segment != seq {
                    report.add(.badSeal, segment: seq, path: rel, "seal file \(name) claims segment \(seal.segment)")
                }
                seals[seq] = seal
            } catch {
                unreadable.insert(seq)
                report.add(.badSeal, segment: seq, path: rel, "\(error)")
            }
        }
        let checkpointFiles = loadCheckpoints(keys: keys, report: &report)
        let highest = max(seals.keys.max().map { $0 + 1 } ?? 0, unreadable.max().map { $0 + 1 } ?? 0,
                          checkpointFiles.map(\.cp.size).max() ?? 0)
        var trailLeaves: [Hash32] = []
        var leavesValid = true
        var previous: Seal?
        for seq in 0..<highest {
            guard let seal = seals[seq] else {
                if !unreadable.contains(seq) {
                    report.add(.missingSeal, segment: seq, path: "seals/\(StoreLayout.segmentName(seq)).seal.json", "seal is missing")
                }
                leavesValid = false
                previous = nil
                continue
            }
            report.sealsChecked += 1
            if seal.trail != origin {
                report.add(.badSeal, segment: seq, "seal belongs to trail '\(seal.trail)', not '\(origin)'")
            }
            if let key = keys[seal.keyId] {
                if !key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) {
                    report.add(.badSignature, segment: seq, path: "seals/\(StoreLayout.segmentName(seq)).seal.json",
                               "seal signature does not verify with key \(seal.keyId)")
                }
            } else {
                report.add(.unknownKey, segment: seq, "seal is signed by unknown key \(seal.keyId)")
            }
            if seq == 0 {
                if seal.previousSeal != nil { report.add(.brokenChain, segment: seq, "first seal must have previousSeal null") }
            } else if let prev = previous, seal.previousSeal != prev.sealHash {
                report.add(.brokenChain, segment: seq, "previousSeal does not match the hash of seal \(StoreLayout.segmentName(seq - 1))",
                           expected: prev.sealHash.hex, found: seal.previousSeal?.hex ?? "null")
            }
            if seal.path != seal.expectedPath {
                report.add(.badSeal, segment: seq, "seal names path \(seal.path), expected \(seal.expectedPath)")
            }
            if leavesValid { trailLeaves.append(seal.trailLeaf) }
            previous = seal
        }
        report.trailSize = UInt64(trailLeaves.count)
        report.trailRoot = Merkle.root(trailLeaves).hex
        // Checkpoints are checked against the unbroken prefix of seals; one that reaches past a
        // missing seal cannot be matched and is reported as a rollback.
        let sealsPastGap = seals.keys.contains { $0 >= UInt64(trailLeaves.count) }
        checkTrail(leaves: trailLeaves, checkpoints: checkpointFiles, sealsPastGap: sealsPastGap, report: &report)

        let expired = checkTombstones(seals: seals, keys: keys, report: &report)

        // Segments: content, in parallel.
        let selected = seals.values.filter { isSelected($0) && $0.path == $0.expectedPath && !expired.contains($0.segment) }
            .sorted { $0.segment < $1.segment }
        let archived = archivedSegments(selected, report: &report)
        let results = checkSegments(selected.filter { !archived.contains($0.segment) })
        for r in results {
            report.problems.append(contentsOf: r.problems)
            report.recordsChecked += r.records
            report.bytesChecked += r.bytes
            report.segmentsChecked += 1
        }
        findExtraSegmentFiles(known: Set(seals.values.map(\.path)), report: &report)
        for name in FS.list(layout.wal) where name.hasSuffix(".wal") || name.hasSuffix(".wal.sealing") {
            let records = (try? WALReader.scan(path: layout.wal + "/" + name).records) ?? 0
            report.notes.append("wal/\(name): \(records) acknowledged records not yet sealed (run 'sealtrail seal')")
        }
        report.problems.sort { ($0.segment ?? "", $0.record ?? -1) < ($1.segment ?? "", $1.record ?? -1) }
        return report
    }

    /// Segments deleted by retention: a valid tombstone naming the seal turns a missing file into
    /// "expired by policy P on D". A bad tombstone, or one without a seal, is a problem.
    private func checkTombstones(seals: [UInt64: Seal], keys: [String: VerifyingKey], report: inout VerifyReport) -> Set<UInt64> {
        let layout = store.layout
        let (tombstones, errors) = Tombstone.loadAll(layout: layout)
        for (path, reason) in errors { report.add(.badTombstone, path: path, reason) }
        var expired: Set<UInt64> = []
        var groups: [String: [(UInt64, Int64)]] = [:]
        for (seq, t) in tombstones.sorted(by: { $0.key < $1.key }) {
            let rel = "tombstones/\(StoreLayout.segmentName(seq)).json"
            guard let seal = seals[seq] else {
                report.add(.badTombstone, segment: seq, path: rel, "tombstone for a segment that has no seal")
                continue
            }
            if let problem = t.problem(against: seal, keys: keys) {
                report.add(.badTombstone, segment: seq, path: rel, "tombstone \(problem)")
                continue
            }
            if FS.exists(layout.absolute(seal.path)) {
                report.notes.append("segment \(StoreLayout.segmentName(seq)): tombstoned by sweep \(t.sweep) but its file is still present (an interrupted sweep; the next 'sealtrail sweep --apply' finishes it)")
                continue
            }
            expired.insert(seq)
            report.segmentsExpired += 1
            let how = t.reason == "governance-override" ? "deleted early under a governance override by \(t.overrideBy ?? "?") (\(t.overrideReason ?? ""))" : "expired"
            groups["\(how) by policy \(t.policy) on \(t.deletedAt.prefix(10))", default: []].append((seq, seal.records))
        }
        // One note per policy, day and reason (a sweep may delete thousands of segments).
        for (what, segs) in groups.sorted(by: { $0.key < $1.key }) {
            let one = segs.count == 1
            report.notes.append("\(one ? "segment" : "segments") \(ArchiveTier.segmentList(segs.map(\.0))) (\(segs.reduce(Int64(0)) { $0 + $1.1 }) records): \(what) (signed tombstones)")
        }
        return expired
    }

    private func isSelected(_ seal: Seal) -> Bool {
        if let s = selection.segment, seal.segment != s { return false }
        if let from = selection.from, seal.lastTime < from.rfc3339 { return false }
        if let to = selection.to, seal.firstTime > to.rfc3339 { return false }
        return true
    }

    private func checkSegments(_ seals: [Seal]) -> [(problems: [VerifyReport.Problem], records: Int64, bytes: Int64)] {
        var results = [(problems: [VerifyReport.Problem], records: Int64, bytes: Int64)](repeating: ([], 0, 0), count: seals.count)
        let lock = NSLock()
        var done = 0
        let layout = store.layout
        let progress = self.progress
        let workers = min(threads, max(seals.count, 1))
        var next = 0
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < seals.count else { return }
                let r = SegmentCheck(layout: layout, seal: seals[i]).run()
                lock.lock()
                results[i] = r
                done += 1
                let d = done
                lock.unlock()
                progress?(d, seals.count)
            }
        }
        return results
    }

    private func loadCheckpoints(keys: [String: VerifyingKey], report: inout VerifyReport) -> [(name: String, cp: Checkpoint)] {
        var out: [(String, Checkpoint)] = []
        let files = FS.list(store.layout.checkpoints).map { ("checkpoints/" + $0, (try? FS.readString(store.layout.checkpoints + "/" + $0)) ?? "") }
        for (name, note) in files + trustedCheckpoints.map({ ($0.name, $0.note) }) {
            let base = FS.baseName(name)
            let isStored = name.hasPrefix("checkpoints/")
            if isStored && (!base.hasSuffix(".checkpoint") || UInt64(base.dropLast(11)) == nil) {
                report.add(.extraFile, path: name, "unknown file in checkpoints/")
                continue
            }
            report.checkpointsChecked += 1
            do {
                let cp = try Checkpoint.open(note: note, keys: Array(keys.values))
                if cp.origin != store.manifest.origin {
                    report.add(.badCheckpoint, path: name, "checkpoint is for trail '\(cp.origin)', not '\(store.manifest.origin)'")
                    continue
                }
                if isStored, UInt64(base.dropLast(11)) != cp.size {
                    report.add(.badCheckpoint, path: name, "file name says size \(base.dropLast(11)) but the note says \(cp.size)")
                }
                out.append((name, cp))
            } catch {
                report.add(.badCheckpoint, path: name, "\(error)")
            }
        }
        return out
    }

    /// Every checkpoint must be a prefix of the trail; consecutive checkpoints are checked with a
    /// real RFC 6962 consistency proof built from the seals.
    private func checkTrail(leaves: [Hash32], checkpoints: [(name: String, cp: Checkpoint)], sealsPastGap: Bool,
                            report: inout VerifyReport) {
        let size = UInt64(leaves.count)
        var good: [(String, Checkpoint)] = []
        // Each checkpoint's root is recomputed from the seals with one running tree (O(n log n) for
        // all of them, where a root per checkpoint from scratch was quadratic on long trails).
        var running = Merkle.RootBuilder()
        func consistency(_ a: (String, Checkpoint), _ b: (String, Checkpoint)) {
            let proof = Proofs.consistencyProof(size1: Int(a.1.size), leaves: Array(leaves.prefix(Int(b.1.size))))
            do {
                try Proofs.verifyConsistency(size1: a.1.size, size2: b.1.size, root1: a.1.root, root2: b.1.root, proof: proof)
            } catch {
                report.add(.checkpointFork, path: b.0, "not consistent with checkpoint \(a.1.size): \(error)")
            }
        }
        for (name, cp) in checkpoints.sorted(by: { $0.cp.size < $1.cp.size }) {
            if cp.size > size && sealsPastGap {
                // A seal is missing in the middle (already reported): this checkpoint cannot be matched.
                report.notes.append("\(name): not checked, it covers seal \(StoreLayout.segmentName(size)) which is missing")
                continue
            }
            if cp.size > size {
                report.add(.checkpointRollback, path: name,
                           "checkpoint commits to \(cp.size) seals but only \(size) unbroken seals are present: seals were removed or the store was rolled back")
                continue
            }
            if cp.size == 0 { continue }
            while running.count < Int(cp.size) { running.append(leaves[running.count]) }
            let root = running.root()
            if root != cp.root {
                // The first seal that differs from what the checkpoint committed to.
                let priorGood = good.last?.1.size ?? 0
                let culprit = priorGood < cp.size ? priorGood : cp.size - 1
                report.add(.checkpointFork, path: name,
                           "checkpoint root for size \(cp.size) does not match the trail: the trail forked or a seal was replaced",
                           expected: cp.root.hex, found: root.hex)
                if cp.size - priorGood == 1 {
                    report.add(.replacedSeal, segment: culprit, "seal \(StoreLayout.segmentName(culprit)) differs from the one checkpoint \(cp.size) committed to")
                }
                continue
            }
            // Both roots come from the same seals, so consecutive stored checkpoints are consistent by
            // construction; a real RFC 6962 consistency proof is still checked against every
            // checkpoint held outside the store, and between the oldest and the newest.
            if let prev = good.last, prev.1.size < cp.size, !name.hasPrefix("checkpoints/") || !prev.0.hasPrefix("checkpoints/") {
                consistency(prev, (name, cp))
            }
            good.append((name, cp))
        }
        if let first = good.first, let last = good.last, first.1.size < last.1.size { consistency(first, last) }
        if size > 0, !checkpoints.contains(where: { $0.cp.size == size }) {
            report.add(.badCheckpoint, path: "checkpoints/\(size).checkpoint", "no checkpoint for the current trail size \(size)")
        }
    }

    private func findExtraSegmentFiles(known: Set<String>, report: inout VerifyReport) {
        let root = store.layout.segments
        guard let e = FileManager.default.enumerator(atPath: root) else { return }
        while let rel = e.nextObject() as? String {
            let full = root + "/" + rel
            if FS.isDirectory(full) { continue }
            let storeRel = "segments/" + rel
            if !known.contains(storeRel) {
                report.add(.extraFile, path: storeRel, "file in segments/ that no seal accounts for")
            }
        }
    }
}
