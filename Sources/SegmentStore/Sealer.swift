#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Logging
import Sealing
import TrailModel

/// What `wal/<source>.sealing.json` records while a segment is sealed: recovery finishes the seal
/// when segment `segment` is in the trail, else removes the unsealed file at `path` and seals again
/// from the WAL. `wal` names that WAL in `wal/` (absent in stores written before seals moved to their
/// own thread: then it is `<source>.wal`).
struct SealingMarker: Codable { var segment: UInt64; var path: String; var source: String; var wal: String? }

/// A segment handed to the sealer thread: its WAL (renamed to `wal/<source>.wal.sealing`, with its
/// fsync started at the hand-off), its builder, and the outcome once sealed.
final class SealJob: @unchecked Sendable {
    let seg: TrailWriter.OpenSegment
    let walPath: String
    /// The WAL's fsync started at the hand-off: a commit waits for it before acknowledging.
    let walSync: (DispatchGroup, FailureBox)?
    let done = DispatchGroup()
    /// Set by the sealer before `done` is left.
    var result: Result<Seal, Error>?

    init(seg: TrailWriter.OpenSegment, walPath: String, walSync: (DispatchGroup, FailureBox)?) {
        self.seg = seg; self.walPath = walPath; self.walSync = walSync
        done.enter()
    }

    var finished: Bool { done.wait(timeout: .now()) == .success }

    /// Waits until the records of the handed-off WAL are durable.
    func awaitWAL() throws {
        guard let (group, failure) = walSync else { return }
        group.wait()
        if let e = failure.peek() { throw e }
    }
}

/// Turns finished segments into sealed ones, one at a time and in order (so the chain and the trail
/// stay linear), on a thread of its own: most of a seal is waiting for the disk, and the writer goes
/// on appending meanwhile. Holds the trail; `TrailWriter` reads it through `trail`.
final class Sealer: @unchecked Sendable {
    let store: Store
    private let keys: KeyRing
    private let dedupe: DedupeStore
    private let retention: RetentionConfig
    private let logger: Logger?
    private let queue = DispatchQueue(label: "sealtrail.sealer")
    private let lock = NSLock()
    private var sealed: Trail

    init(store: Store, keys: KeyRing, dedupe: DedupeStore, retention: RetentionConfig, logger: Logger?) throws {
        self.store = store; self.keys = keys; self.dedupe = dedupe; self.retention = retention; self.logger = logger
        sealed = try Trail.load(layout: store.layout, origin: store.manifest.origin)
    }

    /// The trail of every seal made so far.
    var trail: Trail { lock.withLock { sealed } }

    /// Seals `job` on the sealer thread; `job.done` is left when it is sealed or has failed.
    func start(_ job: SealJob, sealedAt clock: @escaping () -> Timestamp) {
        queue.async { [self] in
            job.result = Result { try seal(job, sealedAt: clock()) }
            job.done.leave()
        }
    }

    /// Write-once segment file, signed seal chained to the previous one, trail leaf, signed
    /// checkpoint; then the handed-off WAL is retired. Each file is durable before a later step
    /// depends on it, so `TrailWriter`'s recovery finishes or redoes a seal cut short anywhere.
    func seal(_ job: SealJob, sealedAt: Timestamp) throws -> Seal {
        let seg = job.seg, source = seg.source, layout = store.layout
        try seg.wal.awaitBackgroundSync()
        // The segment's dedupe keys must be durable before its WAL goes.
        try dedupe.writeHandedOff(scope: source + "/" + seg.date)
        let summary = try seg.builder.finish()
        let (seq, previous) = lock.withLock { (sealed.size, sealed.lastSealHash) }
        let rel = StoreLayout.segmentRelativePath(source: source, date: seg.date, seq: seq)
        let marker = try JSONEncoder().encode(SealingMarker(segment: seq, path: rel, source: source, wal: FS.baseName(job.walPath)))
        try FS.writeAtomically(layout.sealingMarker(source: source), Array(marker))
        let abs = layout.absolute(rel)
        try FS.mkdirs(FS.parent(abs))
        try FS.commit(temp: seg.builder.tempPath, to: abs, mode: 0o444, createOnly: true)
        let policy = retention.policy(source: source, format: seg.format)
        let last = Timestamp(micros: summary.lastTime)
        var seal = Seal(trail: store.manifest.origin, segment: seq, source: source, path: rel, records: summary.records,
                        firstTime: Timestamp(micros: summary.firstTime).rfc3339, lastTime: last.rfc3339,
                        sealedAt: sealedAt.rfc3339, merkleRoot: summary.merkleRoot, contentSHA256: summary.contentSHA256,
                        fileSHA256: summary.fileSHA256, fileBytes: summary.fileBytes, previousSeal: previous,
                        retainUntil: policy.retain.after(last).rfc3339, retentionMode: policy.mode, retentionPolicy: policy.name,
                        keyId: keys.signing.publicKey.keyId, signature: nil)
        try seal.sign(with: keys.signing)
        try FS.writeAtomically(layout.sealFile(seq: seq), seal.canonicalBytes, mode: 0o444, createOnly: true)
        // The leaf list only speeds up naming a damaged record; a torn or missing one is ignored
        // (`SegmentCheck.sealedLeaves` checks it against the seal), so it is not fsync'd.
        try FS.writeAtomically(layout.leavesFile(seq: seq), summary.leaves, durable: false)
        lock.withLock { sealed.append(seal) }
        try writeCheckpoint(size: seq + 1)
        try retireWAL(path: job.walPath, source: source)
        logger?.info("sealed segment", metadata: ["segment": "\(seq)", "source": "\(source)", "records": "\(summary.records)"])
        return seal
    }

    /// The signed checkpoint of the trail's first `size` seals (kept if it exists: it is identical).
    func writeCheckpoint(size: UInt64) throws {
        let path = store.layout.checkpointFile(size: size)
        if FS.exists(path) { return }
        let cp = lock.withLock { Checkpoint(origin: sealed.origin, size: size, root: sealed.root(size: size)) }
        try FS.writeAtomically(path, Array(try cp.signedNote(key: keys.signing).utf8), mode: 0o444, createOnly: true)
    }

    /// Removes a sealed segment's WAL and its sealing marker.
    func retireWAL(path: String, source: String) throws {
        try FS.remove(path)
        try FS.remove(store.layout.sealingMarker(source: source))
        try FS.fsyncDirectory(store.layout.wal)
    }
}
