import Foundation
import Gzip
import Sealing
@testable import SegmentStore
import Testing
import TrailModel

@Suite struct WriterTests {
    func records(_ dir: String) throws -> Int64 {
        let trail = try Trail.load(layout: StoreLayout(root: dir), origin: "test.local/trail")
        return trail.seals.reduce(0) { $0 + $1.records }
    }

    @Test func acknowledgedRecordsSurviveACrashAndATornTail() throws {
        let dir = Fixture.tempDir("torn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<25 { _ = try w.accept(Fixture.event(i), identity: .sourceId("a\(i)")) }
            try w.commit()
            // Crash: the writer is dropped without close; then a torn write lands at the WAL's end.
        }
        let wal = store.layout.walFile(source: "app")
        let fh = try FileHandle(forWritingTo: URL(fileURLWithPath: wal))
        fh.seekToEndOfFile()
        fh.write(Data([0x40, 0, 0, 0, 1, 2, 3]))
        try fh.close()
        let w2 = try TrailWriter(store: store)
        #expect(w2.recoveryNotes.contains { $0.contains("torn tail of 7 bytes") }, "\(w2.recoveryNotes)")
        #expect(w2.recoveryNotes.contains { $0.contains("recovered 25 acknowledged records") })
        // Dedupe survives the crash: re-sending the batch stores nothing.
        for i in 0..<25 { #expect(try w2.accept(Fixture.event(i), identity: .sourceId("a\(i)")) == false) }
        try w2.close()
        #expect(try records(dir) == 25)
        #expect(Verifier(store: store).run().ok)
    }

    /// A record of a new date seals the open segment, and sealing writes the pending dedupe keys to
    /// disk. The new record's key must not be among them: its record is only in memory until the next
    /// commit, so a crash there would leave a key without a record and a retry would skip it.
    @Test func aCrashAfterADateRolloverLosesNoRecordToDedupe() throws {
        let dir = Fixture.tempDir("rollover")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<10 { _ = try w.accept(Fixture.event(i, day: 0), identity: .sourceId("d0-\(i)")) }
            try w.commit()
            // Day 1 seals day 0; then the writer dies before any commit (the record is only in memory).
            #expect(try w.accept(Fixture.event(0, day: 1), identity: .sourceId("d1-0")))
        }
        let w2 = try TrailWriter(store: store)
        #expect(try w2.accept(Fixture.event(0, day: 1), identity: .sourceId("d1-0")), "the retried record was taken for a duplicate")
        #expect(try w2.accept(Fixture.event(3, day: 0), identity: .sourceId("d0-3")) == false)
        try w2.close()
        #expect(try records(dir) == 11)
    }

    /// A segment handed to the sealer thread whose seal a crash cut short, in each state it can be left
    /// in: its WAL renamed (`app.wal.sealing`) beside the source's newer WAL, with or without a sealing
    /// marker and a half-written segment file. Reopening seals it first, then the newer records get
    /// the next segment: nothing lost, nothing twice, the chain in order, and `verify` passes.
    @Test(arguments: ["renamed WAL only", "marker and a partial segment file"])
    func aSealCutShortOnTheSealerThreadIsRedoneInOrder(state: String) throws {
        let dir = Fixture.tempDir("sealer"), scratch = Fixture.tempDir("sealer-scratch")
        defer { for d in [dir, scratch] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<10 { _ = try w.accept(Fixture.event(i, day: 0), identity: .sourceId("d0-\(i)")) }
            try w.commit()
        }
        // The newer records: day 1, acknowledged in the source's fresh WAL (written in another store).
        let other = try Store.initialize(path: scratch, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: other)
            for i in 0..<5 { _ = try w.accept(Fixture.event(i, day: 1), identity: .sourceId("d1-\(i)")) }
            try w.commit()
        }
        let layout = store.layout
        #expect(rename(layout.walFile(source: "app"), layout.sealingWAL(source: "app")) == 0)
        try FileManager.default.copyItem(atPath: other.layout.walFile(source: "app"), toPath: layout.walFile(source: "app"))
        if state.hasPrefix("marker") {
            let rel = StoreLayout.segmentRelativePath(source: "app", date: "2026-07-01", seq: 0)
            let marker = try JSONEncoder().encode(SealingMarker(segment: 0, path: rel, source: "app", wal: "app.wal.sealing"))
            try FS.writeAtomically(layout.sealingMarker(source: "app"), Array(marker))
            try FS.mkdirs(FS.parent(layout.absolute(rel)))
            try Data([0x1f, 0x8b, 8, 0]).write(to: URL(fileURLWithPath: layout.absolute(rel)))
        }
        let w2 = try TrailWriter(store: store)
        #expect(w2.recoveryNotes.contains { $0.contains("sealed segment 000000000000 of app (10 acknowledged records) whose seal a crash interrupted") },
                "\(w2.recoveryNotes)")
        #expect(w2.trail.size == 1)
        #expect(try w2.accept(Fixture.event(3, day: 0), identity: .sourceId("d0-3")) == false)
        #expect(try w2.accept(Fixture.event(2, day: 1), identity: .sourceId("d1-2")) == false)
        try w2.close()
        let trail = try Trail.load(layout: layout, origin: "test.local/trail")
        #expect(trail.seals.map(\.records) == [10, 5])
        #expect(trail.seals.map(\.firstTime) == [Fixture.event(0, day: 0).time.rfc3339, Fixture.event(0, day: 1).time.rfc3339])
        #expect(trail.seals[1].previousSeal == trail.seals[0].sealHash)
        #expect(FS.list(layout.wal).isEmpty, "\(FS.list(layout.wal))")
        let report = Verifier(store: store).run()
        #expect(report.ok, "\(report.problems)")
    }

    /// Between acknowledged points a batch ingest writes its WAL and lets the fsync run behind;
    /// nothing is acknowledged until `commit()`, which leaves every record durable and each key once.
    @Test func backgroundCommitsThenACommitStoreEverythingOnce() throws {
        let dir = Fixture.tempDir("bgcommit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<3_000 {
                _ = try w.accept(Fixture.event(i, day: i / 1_000), identity: .sourceId("bg-\(i)"))
                if i % 250 == 249 { try w.commitInBackground() }
            }
            try w.commit()
            // Crash after the acknowledging commit: every record must come back.
        }
        let w2 = try TrailWriter(store: store)
        for i in stride(from: 0, to: 3_000, by: 7) {
            #expect(try w2.accept(Fixture.event(i, day: i / 1_000), identity: .sourceId("bg-\(i)")) == false)
        }
        try w2.close()
        #expect(try records(dir) == 3_000)
        #expect(Verifier(store: store).run().ok)
    }

    @Test func corruptionInsideTheWALIsRefusedWithItsOffset() throws {
        let dir = Fixture.tempDir("walcorrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<10 { _ = try w.accept(Fixture.event(i), identity: nil) }
            try w.commit()
        }
        let wal = store.layout.walFile(source: "app")
        var bytes = try FS.read(wal)
        bytes[40] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: wal))
        #expect {
            _ = try TrailWriter(store: store)
        } throws: { error in
            guard case let StoreError.walCorrupt(path, offset, _) = error else { return false }
            return path == wal && offset == 16
        }
    }

    @Test func segmentsSplitByDateAndSize() throws {
        let dir = Fixture.tempDir("split")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var policy = StoreManifest.SealingPolicy.defaults
        policy.maxSegmentRecords = 7
        let store = try Store.initialize(path: dir, origin: "test.local/trail", sealing: policy)
        let w = try TrailWriter(store: store)
        for i in 0..<10 { _ = try w.accept(Fixture.event(i, day: 0), identity: nil) }
        for i in 0..<3 { _ = try w.accept(Fixture.event(i, day: 1), identity: nil) }
        try w.close()
        let trail = try Trail.load(layout: store.layout, origin: "test.local/trail")
        #expect(trail.seals.map(\.records) == [7, 3, 3])
        #expect(trail.seals.map { String($0.path.split(separator: "/")[2]) } == ["date=2026-07-01", "date=2026-07-01", "date=2026-07-02"])
        #expect(trail.seals[0].previousSeal == nil)
        #expect(trail.seals[1].previousSeal == trail.seals[0].sealHash)
        for s in trail.seals {
            #expect(FS.mode(store.layout.absolute(s.path)) == 0o444)
            #expect(FS.mode(store.layout.sealFile(seq: s.segment)) == 0o444)
        }
        #expect(FS.list(store.layout.checkpoints) == ["1.checkpoint", "2.checkpoint", "3.checkpoint"])
    }

    @Test func openSegmentsSealOnceTheyAreOldEnough() throws {
        let dir = Fixture.tempDir("age")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var policy = StoreManifest.SealingPolicy.defaults
        policy.maxSegmentAgeSeconds = 60
        let store = try Store.initialize(path: dir, origin: "test.local/trail", sealing: policy)
        let w = try TrailWriter(store: store)
        var clock = Timestamp.utc(year: 2026, month: 7, day: 1, hour: 12)
        w.now = { clock }
        _ = try w.accept(Fixture.event(1), identity: nil)
        clock = Timestamp(micros: clock.micros + 59_000_000)
        try w.commit()
        try w.awaitSeals()
        #expect(w.trail.size == 0)
        clock = Timestamp(micros: clock.micros + 2_000_000)
        try w.commit()
        try w.awaitSeals()
        #expect(w.trail.size == 1)
        #expect(w.trail.seals[0].sealedAt == clock.rfc3339)
        try w.close()
    }

    @Test func sealedFilesAreNeverOverwritten() throws {
        let (store, dir) = try Fixture.build(segments: 1, perSegment: 3, name: "writeonce")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sealPath = store.layout.sealFile(seq: 0)
        #expect(throws: StoreError.refusedOverwrite(path: sealPath)) {
            try FS.writeAtomically(sealPath, [1, 2, 3], mode: 0o444, createOnly: true)
        }
        // A file already where the next segment would go: sealing refuses instead of replacing it.
        let w = try TrailWriter(store: store)
        _ = try w.accept(Fixture.event(1, day: 5), identity: nil)
        let next = store.layout.absolute(StoreLayout.segmentRelativePath(source: "app", date: "2026-07-06", seq: 1))
        try FS.mkdirs((next as NSString).deletingLastPathComponent)
        try Data("planted".utf8).write(to: URL(fileURLWithPath: next))
        #expect(throws: StoreError.refusedOverwrite(path: next)) { try w.sealAll() }
        #expect(try String(contentsOfFile: next, encoding: .utf8) == "planted")
    }

    @Test func aSecondWriterIsRefused() throws {
        let (store, dir) = try Fixture.build(segments: 1, perSegment: 1, name: "lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try TrailWriter(store: store)
        #expect(throws: StoreError.self) { _ = try TrailWriter(store: store) }
        try w.close()
        _ = try TrailWriter(store: store)
    }

    @Test func parallelAndSingleThreadSegmentsAreIdentical() throws {
        var digests: [Hash32] = []
        for threads in [1, 2] {
            let dir = Fixture.tempDir("threads")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try Store.initialize(path: dir, origin: "test.local/trail")
            let w = try TrailWriter(store: store, threads: threads)
            for i in 0..<6000 { _ = try w.accept(Fixture.event(i), identity: nil) }
            try w.close()
            let seal = try Trail.load(layout: store.layout, origin: "test.local/trail").seals[0]
            digests.append(seal.fileSHA256)
            // Readable by the system gzip too.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/gzip")
            p.arguments = ["-t", store.layout.absolute(seal.path)]
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        #expect(digests[0] == digests[1])
    }
}
