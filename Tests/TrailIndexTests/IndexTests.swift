import Foundation
import SegmentStore
import Testing
import TrailIndex
import TrailModel

/// The index is derived and fresh: it gives the same answers however it was built, shows events
/// before they are sealed, and refuses to index damaged segments.
@Suite struct IndexTests {
    @Test func rebuildGivesTheSameAnswersAsIncrementalCatchUp() throws {
        let (store, dir) = try IndexFixture.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Incremental: part of the trail first, then more sealed, then an open segment.
        let index = try TrailIndex(store: store)
        try index.catchUp()
        let w = try TrailWriter(store: store)
        for i in 100..<130 { _ = try w.accept(IndexFixture.event(i, source: "app", day: 5), identity: .sourceId("late-\(i)")) }
        try w.commit()
        try index.catchUp()
        _ = try w.sealAll()
        for i in 200..<210 { _ = try w.accept(IndexFixture.event(i, source: "web", day: 6), identity: .sourceId("open-\(i)")) }
        try w.release()
        let r = try index.catchUp()
        #expect(r.openEvents == 10)
        let before = try IndexFixture.answers(store)
        #expect(before[0].map { $0[1] } == [.int(150), .int(130)], "app: 3×40 + 30; web: 3×40 + 10 open")
        #expect(before[0].map { $0[2] } == [.int(150), .int(120)])

        let rebuilt = try TrailIndex.rebuild(store: store)
        #expect(rebuilt.sealedSegments == 7 && rebuilt.eventsInserted == 280 && rebuilt.openEvents == 10)
        // The indexes and the full-text index were built at once (no fallback note), and FTS5 finds
        // its copied index consistent with the events.
        #expect(!rebuilt.notes.contains { $0.contains("one after the other") }, "\(rebuilt.notes)")
        #expect(try TrailIndex.integrityProblems(path: TrailIndex.path(store.layout)) == [])
        let after = try IndexFixture.answers(store)
        for (k, probe) in IndexFixture.probes.enumerated() {
            #expect(before[k] == after[k], "answers differ after rebuild: \(probe)")
        }
        let plain = try QueryRunner(indexPath: TrailIndex.path(store.layout))
            .run(sql: "SELECT id FROM events WHERE action = 'card.detokenize' AND actor = 'user:u-3' ORDER BY id").rows
        #expect(after[7] == plain && plain.count == 28, "FTS finds exactly the detokenize calls of user u-3")
    }

    /// While a segment is being sealed its records are in `wal/<source>.wal.sealing` and the source's
    /// newer records in a fresh `wal/<source>.wal`: a catch-up then, and every catch-up after, still
    /// shows each acknowledged event exactly once.
    @Test func eventsStayQueryableWhileTheirSegmentIsBeingSealed() throws {
        let dir = IndexFixture.tempDir("sealing"), scratch = IndexFixture.tempDir("sealing-scratch")
        defer { for d in [dir, scratch] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try Store.initialize(path: dir, origin: "test.local/index")
        do {
            let w = try TrailWriter(store: store)
            for i in 0..<20 { _ = try w.accept(IndexFixture.event(i, day: 0), identity: .sourceId("a\(i)")) }
            try w.commit()
        }
        let index = try TrailIndex(store: store)
        try index.catchUp()
        // The hand-off to the sealer: the WAL renamed, the next records in a new WAL (written elsewhere).
        let other = try Store.initialize(path: scratch, origin: "test.local/index")
        do {
            let w = try TrailWriter(store: other)
            for i in 20..<25 { _ = try w.accept(IndexFixture.event(i, day: 1), identity: .sourceId("a\(i)")) }
            try w.commit()
        }
        let layout = store.layout
        let source = IndexFixture.event(0).source
        #expect(rename(layout.walFile(source: source), layout.sealingWAL(source: source)) == 0)
        try FileManager.default.copyItem(atPath: other.layout.walFile(source: source), toPath: layout.walFile(source: source))
        let runner = QueryRunner(indexPath: TrailIndex.path(layout))
        let probe = "SELECT count(*), count(DISTINCT id), sum(sealed) FROM events"
        try index.catchUp()
        #expect(try runner.run(sql: probe).rows[0] == [.int(25), .int(25), .int(0)])
        // The seal lands (here by recovery); the newer records stay open.
        let w = try TrailWriter(store: store)
        try w.release()
        try index.catchUp()
        #expect(try runner.run(sql: probe).rows[0] == [.int(25), .int(25), .int(20)])
        let w2 = try TrailWriter(store: store)
        try w2.close()
        try index.catchUp()
        #expect(try runner.run(sql: probe).rows[0] == [.int(25), .int(25), .int(25)])
    }

    @Test func acknowledgedEventsAreQueryableBeforeSealingAndMarkedSealedAfter() throws {
        let dir = IndexFixture.tempDir("fresh")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/index")
        let w = try TrailWriter(store: store)
        for i in 0..<25 { _ = try w.accept(IndexFixture.event(i), identity: .sourceId("a\(i)")) }
        try w.commit()
        // The writer still holds the store: a reader catches up from the WAL without waiting.
        let index = try TrailIndex(store: store)
        let started = Date()
        try index.catchUp()
        #expect(Date().timeIntervalSince(started) < 1.0)
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        let open = try runner.run(sql: "SELECT count(*), sum(sealed), count(segment) FROM events").rows[0]
        #expect(open == [.int(25), .int(0), .int(0)])
        for i in 25..<30 { _ = try w.accept(IndexFixture.event(i), identity: .sourceId("a\(i)")) }
        try w.commit()
        try index.catchUp()
        #expect(try runner.run(sql: "SELECT count(*) FROM events").rows[0] == [.int(30)])
        try w.close()
        let r = try index.catchUp()
        #expect(r.eventsSealed == 30 && r.eventsInserted == 0, "rows indexed from the WAL are marked sealed in place")
        let sealed = try runner.run(sql: "SELECT count(*), sum(sealed), count(DISTINCT segment), min(record), max(record) FROM events").rows[0]
        #expect(sealed == [.int(30), .int(30), .int(1), .int(0), .int(29)])
    }

    @Test func aWALSealedBetweenCatchUpsIsNotIndexedTwice() throws {
        let dir = IndexFixture.tempDir("race")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/index")
        let index = try TrailIndex(store: store)
        let w = try TrailWriter(store: store)
        for i in 0..<10 { _ = try w.accept(IndexFixture.event(i), identity: .sourceId("a\(i)")) }
        try w.commit()
        try index.catchUp()
        // Sealed and a new WAL started before the next catch-up.
        _ = try w.sealAll()
        for i in 10..<14 { _ = try w.accept(IndexFixture.event(i), identity: .sourceId("a\(i)")) }
        try w.commit()
        try index.catchUp()
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        let rows = try runner.run(sql: "SELECT sealed, count(*), count(DISTINCT id) FROM events GROUP BY sealed ORDER BY sealed").rows
        #expect(rows == [[.int(0), .int(4), .int(4)], [.int(1), .int(10), .int(10)]])
        try w.close()
    }

    @Test(arguments: ["flip a byte", "truncate", "replace the seal"])
    func rebuildRefusesADamagedSegmentAndKeepsTheOldIndex(damage: String) throws {
        let (store, dir) = try IndexFixture.store(days: 2, perDay: 20, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TrailIndex.rebuild(store: store)
        let before = try IndexFixture.answers(store)
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let seal = trail.seals[1]
        let path = store.layout.absolute(seal.path)
        chmod(path, 0o644)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "flip a byte": bytes[bytes.count / 2] ^= 0x01
        case "truncate": bytes.removeLast(9)
        default:
            var forged = seal
            forged.records += 1
            let sealPath = store.layout.sealFile(seq: seal.segment)
            chmod(sealPath, 0o644)
            try Data(forged.canonicalBytes).write(to: URL(fileURLWithPath: sealPath))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            try TrailIndex.rebuild(store: store)
        } throws: { e in
            "\(e)".contains("segment 000000000001")
        }
        #expect(try IndexFixture.answers(store) == before, "a failed rebuild leaves the old index in place")
    }
}
