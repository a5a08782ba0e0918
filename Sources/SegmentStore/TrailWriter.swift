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
    /// The trail as the sealed segments make it (the sealer thread extends it).
    public var trail: Trail { sealer.trail }
    private let sealer: Sealer
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
    /// Called after each seal is durable, on the writer's thread (at its next commit, append or seal).
    public var onSeal: ((Seal) -> Void)?
    /// Segments handed to the sealer thread, oldest first; only the writer's thread touches the list.
    private var sealing: [SealJob] = []
    /// The first failure of the sealer thread: every later call rethrows it (reopen the store to recover).
    private var sealFailure: Error?
    /// Makes the temp file name of each new segment unique (a sealing one and its successor coexist).
    private var segmentCounter = 0
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
        for dir in [layout.wal, layout.segments, layout.seals, layout.checkpoints, layout.leaves, layout.state] { try FS.mkdirs(dir) }
        dedupe = DedupeStore(dir: layout.state + "/dedupe")
        quarantineWriter = QuarantineWriter(layout: layout)
        retention = try RetentionConfig.load(store: store)
        sealer = try Sealer(store: store, keys: ring, dedupe: dedupe, retention: retention, logger: logger)
        personalData = try PersonalDataProtector.load(store: store)
        try recover()
        dedupe.beforeEvictionFlush = { [unowned self] in for seg in self.open.values { try seg.wal.commit() } }
        try commit()
    }

    /// A writer dropped without `close()` (a simulated crash in tests) still finishes the seals it
    /// handed off before its lock is released, as a process would up to its exit.
    deinit {
        for job in sealing { job.done.wait() }
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
            // A new date hands the open segment to the sealer with its date's pending keys; this
            // record's key belongs to the new date and joins the next segment.
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
        try reapSeals()
        for seg in open.values { try seg.wal.commitInBackground() }
        // Records in a WAL handed to the sealer are acknowledged by its fsync, started at the hand-off.
        return CommitTicket(syncs: open.values.compactMap { $0.wal.backgroundSync } + sealing.compactMap(\.walSync))
    }

    public func finishCommit() throws {
        try reapSeals()
        try dedupe.flush(durable: false)
        try quarantineWriter.commit()
        for name in drainedSpool { try FS.remove(store.layout.spool + "/" + name) }
        drainedSpool.removeAll()
        try sealAged()
    }

    /// Moves every spooled audit event into the trail now; the next commit acknowledges them (their
    /// spool files go after its WAL fsync).
    public func drainSpoolNow() throws {
        try drainSpool()
        lastSpoolCheck = now().micros
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
        try reapSeals()
        let t0 = now()
        if t0.micros - lastSpoolCheck >= 1_000_000 { try drainSpool(); lastSpoolCheck = t0.micros }
        guard acknowledging else {
            for seg in open.values { try seg.wal.commitInBackground() }
            try sealAged()
            return
        }
        for seg in open.values { try seg.wal.commit() }
        for job in sealing { try job.awaitWAL() }
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
        segmentCounter += 1
        let builder = try SegmentBuilder(tempPath: store.layout.wal + "/\(source).\(segmentCounter).segment.tmp",
                                         level: store.manifest.sealing.gzipLevel, threads: threads)
        // New subject keys are durable before any record that uses them reaches the disk.
        if let personalData { wal.beforeWrite = { try personalData.sync() } }
        return OpenSegment(source: source, date: date, wal: wal, builder: builder, opened: now())
    }

    // MARK: Sealing

    /// Seals every open segment and returns once every seal is durable, with the new seals (those of
    /// segments handed to the sealer earlier and finished meanwhile among them).
    @discardableResult
    public func sealAll() throws -> [Seal] {
        for source in open.keys.sorted() { try seal(source: source) }
        return try awaitSeals(through: sealing.count - 1)
    }

    /// Returns once every segment handed to the sealer so far is sealed (after a commit that crossed
    /// a threshold, for example), delivering the seals to `onSeal`.
    public func awaitSeals() throws {
        try awaitSeals(through: sealing.count - 1)
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
        try awaitSeals(through: sealing.count - 1)
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

    /// Hands one source's open segment to the sealer thread and returns at once: appends go on into
    /// a new segment while the segment file is finished and fsync'd, signed, chained and
    /// checkpointed (most of a seal is waiting for the disk). At most one seal per source and two in
    /// all are in flight; past that this waits for the oldest. Failures surface at the next commit.
    func seal(source: String) throws {
        guard let seg = open[source] else { return }
        open[source] = nil
        if let same = sealing.lastIndex(where: { $0.seg.source == source }) { try awaitSeals(through: same) }
        if sealing.count >= 2 { try awaitSeals(through: sealing.count - 2) }
        try seg.wal.commitInBackground()
        let walPath = store.layout.sealingWAL(source: source)
        guard rename(store.layout.walFile(source: source), walPath) == 0 else {
            throw StoreError.io(path: store.layout.walFile(source: source), reason: FS.reason())
        }
        dedupe.handOff(scope: source + "/" + seg.date)
        let job = SealJob(seg: seg, walPath: walPath, walSync: seg.wal.backgroundSync)
        sealing.append(job)
        sealer.start(job, sealedAt: now)
    }

    /// Waits for the seals in flight up to `sealing[index]` (jobs finish in order) and delivers them.
    @discardableResult
    private func awaitSeals(through index: Int) throws -> [Seal] {
        guard index >= 0 else { try reapSeals(); return [] }
        for job in sealing[0...index] { job.done.wait() }
        return try reapSeals()
    }

    /// Delivers the seals finished so far to `onSeal`, in order; rethrows a sealer failure.
    @discardableResult
    private func reapSeals() throws -> [Seal] {
        if let sealFailure { throw sealFailure }
        var out: [Seal] = []
        while let job = sealing.first, job.finished {
            sealing.removeFirst()
            switch job.result! {
            case let .success(seal):
                out.append(seal)
                onSeal?(seal)
            case let .failure(error):
                sealFailure = error
                throw error
            }
        }
        return out
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
                try sealer.writeCheckpoint(size: m.segment + 1)
                try sealer.retireWAL(path: layout.wal + "/" + (m.wal ?? m.source + ".wal"), source: m.source)
                recoveryNotes.append("finished sealing segment \(StoreLayout.segmentName(m.segment)) of \(m.source) interrupted by a crash")
            } else {
                try FS.remove(layout.absolute(m.path))
                try FS.remove(path)
                recoveryNotes.append("redoing the seal of \(m.source) interrupted by a crash")
            }
        }
        if trail.size > 0 { try sealer.writeCheckpoint(size: trail.size) }
        for name in FS.list(layout.wal) where name.hasSuffix(".segment.tmp") { try FS.remove(layout.wal + "/" + name) }
        // A segment handed to the sealer and not sealed: replay its WAL and seal it now, before the
        // source's newer records (in `<source>.wal`, below) get a segment of their own.
        for name in FS.list(layout.wal) where name.hasSuffix(".wal.sealing") {
            let source = String(name.dropLast(12))
            let path = layout.wal + "/" + name
            guard let seg = try replay(path: path, source: source) else { continue }
            try dedupe.flush()
            let job = SealJob(seg: seg, walPath: path, walSync: nil)
            let seal = try sealer.seal(job, sealedAt: now())
            recoveryNotes.append("sealed segment \(StoreLayout.segmentName(seal.segment)) of \(source) (\(seal.records) acknowledged records) whose seal a crash interrupted")
        }
        // Open segments: replay each WAL into a fresh builder, re-adding its dedupe keys.
        for name in FS.list(layout.wal) where name.hasSuffix(".wal") {
            let source = String(name.dropLast(4))
            if let seg = try replay(path: layout.wal + "/" + name, source: source) { open[source] = seg }
        }
        try dedupe.flush()
    }

    /// Replays one WAL into a fresh segment builder (re-adding its dedupe keys): the replayed copy,
    /// without any torn tail, replaces the WAL. Nil (and the WAL removed) when it holds no record.
    private func replay(path: String, source: String) throws -> OpenSegment? {
        let layout = store.layout
        var current: OpenSegment?
        let scan = try WALReader.scan(path: path) { rec in
            let date = Timestamp(micros: rec.time).dateString
            if let key = rec.key { _ = try dedupe.insert(key, scope: source + "/" + date) }
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
            recoveryNotes.append("recovered \(scan.records) acknowledged records of \(source) from its WAL")
            return seg
        }
        try FS.remove(path)
        try FS.remove(path + ".recover")
        return nil
    }
}
