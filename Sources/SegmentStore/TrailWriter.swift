#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Logging
import Sealing
import TrailModel

/// The fsyncs a `beginCommit()` started; `wait()` may run on any thread.
public struct CommitTicket: @unchecked Sendable {
    let syncs: [(DispatchGroup, FailureBox)]

    public func wait() throws {
        for (group, failure) in syncs {
            group.wait()
            if let e = failure.take() { throw e }
        }
    }
}

/// The one writer of a store: appends events to per-source WALs and open segments, acknowledges
/// them with `commit()` (fsync), and seals segments on thresholds, on `seal()` and on `close()`.
///
/// Holds an exclusive lock on the store for its lifetime. Opening it recovers from any crash: a torn
/// WAL tail is truncated and reported, a seal cut short is finished or redone, and open segments are
/// rebuilt from their WALs, so no acknowledged record is lost and none is stored twice.
public final class TrailWriter: EventSink {
    public let store: Store
    private let keys: KeyRing
    public private(set) var trail: Trail
    private let lock: FileLock
    private var open: [String: OpenSegment] = [:]
    private let dedupe: DedupeStore
    private let threads: Int
    private let logger: Logger?
    private let quarantineWriter: QuarantineWriter
    /// The retention policies stamped into seals (`retention.json`, else the store defaults).
    public private(set) var retention: RetentionConfig
    /// Encrypts the personal fields of configured formats (`privacy.json`; nil without one).
    public let personalData: PersonalDataProtector?
    /// The line stored for the last accepted event when `personalData` rewrote it, else nil.
    public private(set) var lastProtectedLine: [UInt8]?
    private var scopeCache: (source: String, day: Int64, date: String, scope: String)?
    /// What recovery found and did, one line each (empty after a clean shutdown).
    public private(set) var recoveryNotes: [String] = []
    /// Called after each seal is durable.
    public var onSeal: ((Seal) -> Void)?
    /// The clock; tests replace it.
    public var now: () -> Timestamp = { .now }
    /// Spooled events accepted but not yet acknowledged (removed after the next WAL fsync).
    private var drainedSpool: [String] = []
    private var lastSpoolCheck: Int64 = 0

    final class OpenSegment {
        let source: String
        let date: String
        /// The format of the segment's first event (it picks the retention policy).
        var format = ""
        let wal: WALWriter
        let builder: SegmentBuilder
        let opened: Timestamp
        init(source: String, date: String, wal: WALWriter, builder: SegmentBuilder, opened: Timestamp) {
            self.source = source; self.date = date; self.wal = wal; self.builder = builder; self.opened = opened
        }
    }

    /// Opens the store for writing. `threads` is how many cores compress sealed segments.
    public init(store: Store, threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), logger: Logger? = nil) throws {
        self.store = store
        self.threads = threads
        self.logger = logger
        let layout = store.layout
        lock = try FileLock(path: layout.lock, what: "another writer (ingest, seal or tail)")
        guard let ring = try KeyRing.load(layout: layout) else { throw StoreError.notAStore(path: layout.root, reason: "no signing key") }
        keys = ring
        for dir in [layout.wal, layout.segments, layout.seals, layout.checkpoints, layout.leaves, layout.state] { try FS.mkdirs(dir) }
        trail = try Trail.load(layout: layout, origin: store.manifest.origin)
        dedupe = DedupeStore(dir: layout.state + "/dedupe")
        quarantineWriter = QuarantineWriter(layout: layout)
        retention = try RetentionConfig.load(store: store)
        personalData = try PersonalDataProtector.load(store: store)
        try recover()
        dedupe.beforeEvictionFlush = { [unowned self] in for seg in self.open.values { try seg.wal.commit() } }
        try commit()
    }

    // MARK: Appending

    /// Stores an event unless its identity is already in the trail. Not durable until `commit()`.
    public func accept(_ event: TrailEvent, identity: DedupeIdentity?) throws -> Bool {
        try accept(PreparedEvent(event: event, identity: identity))
    }

    public func accept(_ event: PreparedEvent) throws -> Bool {
        try event.line.withUnsafeBytes { try accept(event, line: $0) }
    }

    public func accept(_ event: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool {
        // Personal fields are encrypted before anything is stored (docs/privacy.md).
        if let personalData {
            lastProtectedLine = try personalData.protect(line: line)
            if let stored = lastProtectedLine {
                var protected = event
                protected.leafHash = nil
                return try stored.withUnsafeBytes { try append(protected, line: $0) }
            }
        }
        return try append(event, line: line)
    }

    private func append(_ event: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool {
        let identity = event.identity
        let day = event.time.dayNumber
        let date: String
        let scope: String
        if let cached = scopeCache, cached.source == event.source, cached.day == day {
            (date, scope) = (cached.date, cached.scope)
        } else {
            date = event.time.dateString
            scope = event.source + "/" + date
            scopeCache = (event.source, day, date, scope)
        }
        var key: DedupeKey?
        if let identity {
            let k = DedupeKey(source: event.source, identity: identity)
            // A new date seals the open segment, which writes every pending dedupe key to disk: do
            // that before this record's key is added, since its record is not in any WAL yet.
            if let open = open[event.source], open.date != date {
                guard try !dedupe.contains(k, scope: scope) else { return false }
                try seal(source: event.source)
            }
            guard try dedupe.insert(k, scope: scope) else { return false }
            key = k
        }
        let seg = try segment(source: event.source, date: date)
        if seg.format.isEmpty { seg.format = Self.format(of: line) }
        try seg.wal.append(line: line, time: event.time.micros, key: key)
        try seg.builder.append(line: line, time: event.time.micros, leaf: event.leafHash)
        let policy = store.manifest.sealing
        if seg.builder.contentBytes >= policy.maxSegmentBytes || seg.builder.records >= policy.maxSegmentRecords {
            try seal(source: event.source)
        }
        return true
    }

    public func quarantine(_ record: QuarantinedRecord) throws {
        try quarantineWriter.append(record, at: now())
    }

    /// Fsyncs every WAL, then the dedupe keys and quarantine: everything accepted is now acknowledged.
    /// Also seals segments that have grown older than the age threshold.
    public func commit() throws {
        try commit(acknowledging: true)
    }

    /// Writes the WALs and starts their fsync on another thread, acknowledging nothing: a batch
    /// ingest calls this between its acknowledged points, so the disk flushes one batch while the
    /// next is parsed. Dedupe keys and spooled files wait for the next `commit()` (a key must never be
    /// durable before its record); past `maxUnacknowledgedKeys` new keys this is a full `commit()`.
    public func commitInBackground() throws {
        try commit(acknowledging: dedupe.pendingKeys >= Self.maxUnacknowledgedKeys)
    }

    /// A commit in two steps, for a writer shared by concurrent requests (`sealtrail serve`): on the
    /// writer's thread `beginCommit()` writes the WALs and starts their fsyncs; anywhere else the
    /// ticket's `wait()` returns once they are on disk (appends may go on meanwhile: they belong to the
    /// next commit); then, on the writer's thread again, `finishCommit()` writes the dedupe keys and
    /// quarantine. Everything appended before `beginCommit()` is acknowledged after `wait()`.
    public func beginCommit() throws -> CommitTicket {
        for seg in open.values { try seg.wal.commitInBackground() }
        return CommitTicket(syncs: open.values.compactMap { $0.wal.backgroundSync })
    }

    public func finishCommit() throws {
        try dedupe.flush(durable: false)
        try quarantineWriter.commit()
        for name in drainedSpool { try FS.remove(store.layout.spool + "/" + name) }
        drainedSpool.removeAll()
        try sealAged()
    }

    /// Moves every spooled audit event into the trail now (not at most once a second) and commits.
    public func commitDrainingSpool() throws {
        try drainSpool()
        lastSpoolCheck = now().micros
        try commit()
    }

    /// New dedupe keys held until the next acknowledging commit (16 bytes each).
    static let maxUnacknowledgedKeys = 200_000

    private func commit(acknowledging: Bool) throws {
        let t0 = now()
        if t0.micros - lastSpoolCheck >= 1_000_000 { try drainSpool(); lastSpoolCheck = t0.micros }
        guard acknowledging else {
            for seg in open.values { try seg.wal.commitInBackground() }
            try sealAged()
            return
        }
        for seg in open.values { try seg.wal.commit() }
        // The keys of records in open WALs are re-added from the WALs on recovery: written, not fsync'd.
        try dedupe.flush(durable: false)
        try quarantineWriter.commit()
        for name in drainedSpool { try FS.remove(store.layout.spool + "/" + name) }
        drainedSpool.removeAll()
        try sealAged()
    }

    /// Seals the open segments older than the store's age threshold.
    private func sealAged() throws {
        let maxAge = store.manifest.sealing.maxSegmentAgeSeconds * 1_000_000
        let t = now()
        for (source, seg) in open where t.micros - seg.opened.micros >= maxAge { try seal(source: source) }
    }

    private func segment(source: String, date: String) throws -> OpenSegment {
        if let seg = open[source] {
            if seg.date == date { return seg }
            // Segments never straddle a UTC date: the Hive partition must hold only its own day.
            try seal(source: source)
        }
        try Names.validateSource(source)
        let wal = try WALWriter(path: store.layout.walFile(source: source), validLength: 0)
        let seg = try makeSegment(source: source, date: date, wal: wal)
        open[source] = seg
        return seg
    }

    private func makeSegment(source: String, date: String, wal: WALWriter) throws -> OpenSegment {
        let builder = try SegmentBuilder(tempPath: store.layout.wal + "/\(source).segment.tmp",
                                         level: store.manifest.sealing.gzipLevel, threads: threads)
        // New subject keys are durable before any record that uses them reaches the disk.
        if let personalData { wal.beforeWrite = { try personalData.sync() } }
        return OpenSegment(source: source, date: date, wal: wal, builder: builder, opened: now())
    }

    // MARK: Sealing

    /// Seals every open segment; returns the new seals.
    @discardableResult
    public func sealAll() throws -> [Seal] {
        var out: [Seal] = []
        for source in open.keys.sorted() { if let s = try seal(source: source) { out.append(s) } }
        return out
    }

    /// Commits, seals everything open and releases the store.
    public func close() throws {
        try commit()
        try sealAll()
        lock.release()
    }

    /// Commits and releases the store, leaving open segments in their WALs for the next writer (used
    /// by readers that only hand over their audit events: sealing a segment per read would litter
    /// the trail with one-record segments).
    public func release() throws {
        try commit()
        lock.release()
    }

    /// Moves spooled events (see `AuditSpool`) into the trail; their files go after the WAL fsync.
    private func drainSpool() throws {
        for (name, event) in try AuditSpool.pending(layout: store.layout) where !drainedSpool.contains(name) {
            _ = try accept(event, identity: event.id.map { .sourceId($0) })
            drainedSpool.append(name)
        }
    }

    /// The `format` field of a canonical event line (read once per segment).
    static func format(of line: UnsafeRawBufferPointer) -> String {
        (try? TrailEvent.decode(line: Array(line)))?.format ?? ""
    }

    struct SealingMarker: Codable { var segment: UInt64; var path: String; var source: String }

    /// Seals one source's open segment: write-once segment file, signed seal chained to the previous
    /// one, trail leaf, signed checkpoint; then the WAL is retired.
    @discardableResult
    func seal(source: String) throws -> Seal? {
        guard let seg = open[source] else { return nil }
        open[source] = nil
        let layout = store.layout
        try seg.wal.commit()
        // Keys of every source go to disk below, so every WAL must be durable first.
        for other in open.values { try other.wal.commit() }
        try dedupe.flush()
        let summary = try seg.builder.finish()
        let seq = trail.size
        let rel = StoreLayout.segmentRelativePath(source: source, date: seg.date, seq: seq)
        let marker = try JSONEncoder().encode(SealingMarker(segment: seq, path: rel, source: source))
        try FS.writeAtomically(layout.sealingMarker(source: source), Array(marker))
        let abs = layout.absolute(rel)
        try FS.mkdirs(FS.parent(abs))
        try FS.commit(temp: seg.builder.tempPath, to: abs, mode: 0o444, createOnly: true)
        let policy = retention.policy(source: source, format: seg.format)
        let last = Timestamp(micros: summary.lastTime)
        var seal = Seal(trail: trail.origin, segment: seq, source: source, path: rel, records: summary.records,
                        firstTime: Timestamp(micros: summary.firstTime).rfc3339, lastTime: last.rfc3339,
                        sealedAt: now().rfc3339, merkleRoot: summary.merkleRoot, contentSHA256: summary.contentSHA256,
                        fileSHA256: summary.fileSHA256, fileBytes: summary.fileBytes, previousSeal: trail.lastSealHash,
                        retainUntil: policy.retain.after(last).rfc3339, retentionMode: policy.mode, retentionPolicy: policy.name,
                        keyId: keys.signing.publicKey.keyId, signature: nil)
        try seal.sign(with: keys.signing)
        try FS.writeAtomically(layout.sealFile(seq: seq), seal.canonicalBytes, mode: 0o444, createOnly: true)
        try FS.writeAtomically(layout.leavesFile(seq: seq), summary.leaves)
        trail.append(seal)
        try writeCheckpoint(size: trail.size)
        try retireWAL(source: source)
        logger?.info("sealed segment", metadata: ["segment": "\(seq)", "source": "\(source)", "records": "\(summary.records)"])
        onSeal?(seal)
        return seal
    }

    private func writeCheckpoint(size: UInt64) throws {
        let path = store.layout.checkpointFile(size: size)
        if FS.exists(path) { return }
        let cp = Checkpoint(origin: trail.origin, size: size, root: trail.root(size: size))
        try FS.writeAtomically(path, Array(try cp.signedNote(key: keys.signing).utf8), mode: 0o444, createOnly: true)
    }

    private func retireWAL(source: String) throws {
        try FS.remove(store.layout.walFile(source: source))
        try FS.remove(store.layout.sealingMarker(source: source))
        try FS.fsyncDirectory(store.layout.wal)
    }

    // MARK: Recovery

    private func recover() throws {
        let layout = store.layout
        for dir in [layout.seals, layout.checkpoints, layout.keys, layout.root] {
            for name in FS.list(dir) where name.hasPrefix(".") && name.contains(".tmp-") { try FS.remove(dir + "/" + name) }
        }
        // A seal cut short: finish it if its seal is durable, otherwise undo the unsealed file.
        for name in FS.list(layout.wal) where name.hasSuffix(".sealing.json") {
            let path = layout.wal + "/" + name
            guard let m = try? JSONDecoder().decode(SealingMarker.self, from: Data(try FS.read(path))) else {
                throw StoreError.walCorrupt(path: path, offset: 0, reason: "unreadable sealing marker")
            }
            if m.segment < trail.size {
                try writeCheckpoint(size: m.segment + 1)
                try retireWAL(source: m.source)
                recoveryNotes.append("finished sealing segment \(StoreLayout.segmentName(m.segment)) of \(m.source) interrupted by a crash")
            } else {
                try FS.remove(layout.absolute(m.path))
                try FS.remove(path)
                recoveryNotes.append("redoing the seal of \(m.source) interrupted by a crash")
            }
        }
        if trail.size > 0 { try writeCheckpoint(size: trail.size) }
        for name in FS.list(layout.wal) where name.hasSuffix(".segment.tmp") { try FS.remove(layout.wal + "/" + name) }
        // Open segments: replay each WAL into a fresh builder, re-adding its dedupe keys.
        for name in FS.list(layout.wal) where name.hasSuffix(".wal") {
            let source = String(name.dropLast(4))
            let path = layout.wal + "/" + name
            var segments: [(String, [UInt8], Int64, DedupeKey?)] = []
            var current: OpenSegment?
            let scan = try WALReader.scan(path: path) { rec in
                let date = Timestamp(micros: rec.time).dateString
                if let key = rec.key { _ = try dedupe.insert(key, scope: source + "/" + date) }
                segments.removeAll(keepingCapacity: true)
                if current == nil {
                    let tmpWAL = try WALWriter(path: path + ".recover", validLength: 0)
                    current = try makeSegment(source: source, date: date, wal: tmpWAL)
                }
                if current!.format.isEmpty { current!.format = rec.line.withUnsafeBytes { Self.format(of: $0) } }
                try current!.wal.append(line: rec.line, time: rec.time, key: rec.key)
                try current!.builder.append(line: rec.line, time: rec.time)
            }
            if scan.tornBytes > 0 {
                recoveryNotes.append("\(path): truncated a torn tail of \(scan.tornBytes) bytes at offset \(scan.validLength) (a write cut short by a crash; those records were never acknowledged)")
            }
            if let seg = current {
                // The replayed copy becomes the WAL: records in it were already durable.
                try seg.wal.commit()
                guard rename(path + ".recover", path) == 0 else { throw StoreError.io(path: path, reason: FS.reason()) }
                try FS.fsyncDirectory(layout.wal)
                open[source] = seg
                recoveryNotes.append("recovered \(scan.records) acknowledged records of \(source) from its WAL")
            } else {
                try FS.remove(path)
                try FS.remove(path + ".recover")
            }
        }
        try dedupe.flush()
    }
}
