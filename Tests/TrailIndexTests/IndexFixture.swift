import Foundation
import SegmentStore
import TrailIndex
import TrailModel

/// Small real stores for index tests.
enum IndexFixture {
    static func tempDir(_ name: String) -> String {
        NSTemporaryDirectory() + "sealtrail-index-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// A deterministic event: `n` picks the fields.
    static func event(_ n: Int, source: String = "app", day: Int = 0) -> TrailEvent {
        let t = Timestamp.utc(year: 2026, month: 7, day: Int64(1 + day), hour: 9, second: Int64(n % 3600), micros: Int64(n % 1000))
        return TrailEvent(id: "evt-\(source)-\(day)-\(n)", time: t, received: t, source: source, format: "app-json",
                          actor: "user:u-\(n % 7)", action: n % 3 == 0 ? "payment.initiate" : "card.detokenize",
                          resource: "payment:p-\(n)", outcome: n % 5 == 0 ? .failure : .success, origin: "10.0.0.\(n % 250)",
                          session: "s-\(n / 4)", attributes: [("amount", .number("\(n).50")), ("note", .string("é ✓ \"q\" \(n)"))],
                          raw: "{\"n\":\(n),\"q\":\"a,b\\nc\"}")
    }

    /// Writes `days` days of `perDay` events each for `sources`, sealing on close unless `leaveOpen`.
    static func store(days: Int = 3, perDay: Int = 40, sources: [String] = ["app", "web"], name: String = "store") throws -> (Store, String) {
        let dir = tempDir(name)
        let store = try Store.initialize(path: dir, origin: "test.local/index")
        let w = try TrailWriter(store: store, threads: 2)
        for d in 0..<days {
            for s in sources { for i in 0..<perDay { _ = try w.accept(event(i, source: s, day: d), identity: .sourceId("evt-\(s)-\(d)-\(i)")) } }
            try w.commit()
        }
        try w.close()
        return (store, dir)
    }

    /// Investigation queries whose answers must not depend on how the index was built.
    static let probes = [
        "SELECT source, count(*), sum(sealed), min(time), max(time) FROM events GROUP BY source ORDER BY source",
        "SELECT actor, action, outcome, count(*) FROM events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "SELECT segment, record, id, time, received, actor, action, resource, outcome, origin, session, attributes, raw, leaf FROM events ORDER BY segment, record",
        "SELECT segment, source, path, records, merkle_root, file_sha256 FROM segments ORDER BY segment",
        "SELECT segment, seal_sha256, previous_seal, body FROM seals ORDER BY segment",
        "SELECT size, root FROM checkpoints ORDER BY size",
        "SELECT source, events, sealed_events, first_time, last_time, formats FROM sources ORDER BY source",
        "SELECT e.id FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH 'detokenize AND \"u-3\"' ORDER BY e.id",
    ]

    /// Runs the probes straight on the index, without recording the runs.
    static func answers(_ store: Store) throws -> [[[QueryRunner.Cell]]] {
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        return try probes.map { try runner.run(sql: $0).rows }
    }
}
