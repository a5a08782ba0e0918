import Foundation
import Sealing
import SegmentStore
import Testing
import TrailIndex
import TrailModel

/// Queries are read-only, bounded in time, bound (never spliced) and audited in the trail.
@Suite struct QueryTests {
    static let refusals: [(sql: String, expect: String)] = [
        ("DELETE FROM events", "DELETE from events"),
        ("INSERT INTO events(record, sealed, source, format, time, received, outcome, attributes, raw, leaf) VALUES (0,0,'x','x','t','t','success','{}','','')", "INSERT into events"),
        ("UPDATE events SET actor = 'nobody'", "UPDATE of events"),
        ("DROP TABLE events", "changing the schema"),
        ("CREATE TABLE evil(x)", "changing the schema"),
        ("ATTACH DATABASE '/tmp/other.sqlite' AS other", "ATTACH"),
        ("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode"),
        ("PRAGMA writable_schema = 1", "PRAGMA writable_schema"),
        ("BEGIN IMMEDIATE", "transaction"),
        ("SELECT 1; DELETE FROM events", "DELETE from events"),
        ("SELECT 1; SELECT 2", "one statement per query"),
    ]

    @Test func writesAttachAndPragmaChangesAreRefusedAndNothingChanges() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 20, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inv = Investigation(store: store, actor: "tester")
        _ = try inv.run(sql: "SELECT 1")
        let probe = "SELECT rowid, segment, record, actor, action, raw FROM events WHERE source <> 'sealtrail' ORDER BY rowid"
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        let before = try runner.run(sql: probe).rows
        for (sql, expect) in Self.refusals {
            #expect {
                _ = try inv.run(sql: sql)
            } throws: { e in
                guard case let IndexError.refused(m) = e else { return false }
                return m.contains(expect)
            }
        }
        #expect(try runner.run(sql: probe).rows == before && before.count == 20, "no event row changed")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/other.sqlite"))
        // Reading pragmas that only report are fine.
        #expect(try inv.run(sql: "PRAGMA table_info(events)").rows.count == 20)
    }

    @Test func aQueryPastItsTimeLimitStops() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 5, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var inv = Investigation(store: store, actor: "tester")
        inv.timeout = 0.3
        let started = Date()
        #expect(throws: IndexError.timeout(seconds: 0.3)) {
            _ = try inv.run(sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func syntaxErrorsAndUnknownColumnsAreClearErrors() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 5, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inv = Investigation(store: store, actor: "tester")
        #expect(throws: IndexError.sqlError("near \"SELEC\": syntax error")) { _ = try inv.run(sql: "SELEC 1") }
        #expect(throws: IndexError.sqlError("no such column: nope")) { _ = try inv.run(sql: "SELECT nope FROM events") }
    }

    @Test func parametersAreBoundNeverSpliced() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 30, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inv = Investigation(store: store, actor: "tester")
        let sql = "SELECT count(*) FROM events WHERE actor = :actor"
        #expect(try inv.run(sql: sql, params: ["actor": "user:u-1"]).rows == [[.int(5)]])
        // An injection attempt is just a value that matches nothing.
        #expect(try inv.run(sql: sql, params: ["actor": "x' OR '1'='1"]).rows == [[.int(0)]])
    }

    static let savedQuery = """
        -- name: failures-by-actor
        -- description: Failed actions of one actor since a time.
        -- params: actor:text, since:time, limit:int=100
        -- controls: pci-dss@4.0:10.2.1.4
        SELECT id, time FROM events WHERE actor = :actor AND outcome = 'failure' AND time >= :since ORDER BY time LIMIT :limit
        """

    static let badParameters: [(params: [String: String], message: String)] = [
        ([:], "saved query 'failures-by-actor' needs --param actor=<text>"),
        (["actor": "user:u-0"], "saved query 'failures-by-actor' needs --param since=<time>"),
        (["actor": "user:u-0", "since": "yesterday"], "parameter 'since' must be a time (RFC 3339 or YYYY-MM-DD), got 'yesterday'"),
        (["actor": "user:u-0", "since": "2026-07-01", "limit": "ten"], "parameter 'limit' must be an integer, got 'ten'"),
        (["actor": "user:u-0", "since": "2026-07-01", "who": "x"], "saved query 'failures-by-actor' has no parameter 'who' (it takes: actor, since, limit)"),
    ]

    @Test func savedQueryParametersAreCheckedAndTyped() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 30, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let q = try SavedQuery.parse(Self.savedQuery, path: "failures-by-actor.sql")
        #expect(q.parameters.map(\.name) == ["actor", "since", "limit"] && q.controls == ["pci-dss@4.0:10.2.1.4"])
        let inv = Investigation(store: store, actor: "tester")
        for (params, message) in Self.badParameters {
            #expect(throws: IndexError.badParameter(message)) { _ = try inv.run(saved: q, params: params) }
        }
        // u-0 acts at n = 0, 7, 14, 21, 28; failures are n % 5 == 0: n = 0 and 28... at 09:00:00 and 09:00:28.
        let rows = try inv.run(saved: q, params: ["actor": "user:u-0", "since": "2026-07-01T09:00:01Z"]).rows
        #expect(rows.map { $0[0] } == [])
        let all = try inv.run(saved: q, params: ["actor": "user:u-0", "since": "2026-07-01"]).rows
        #expect(all.map { $0[0] } == [.text("evt-app-0-0")])
    }

    @Test func savedQueryFilesAreValidated() throws {
        #expect(throws: IndexError.badSavedQuery(path: "x.sql", line: 1, reason: "header has no '-- name:' line")) {
            _ = try SavedQuery.parse("-- description: d\nSELECT 1", path: "x.sql")
        }
        #expect(throws: IndexError.badSavedQuery(path: "x.sql", line: 3, reason: "parameter 'a:date' must be NAME:TYPE[=DEFAULT] with TYPE text, int, real or time")) {
            _ = try SavedQuery.parse("-- name: x\n-- description: d\n-- params: a:date\nSELECT 1", path: "x.sql")
        }
        #expect(throws: IndexError.badSavedQuery(path: "x.sql", line: 1, reason: "no SQL after the header")) {
            _ = try SavedQuery.parse("-- name: x\n-- description: d\n", path: "x.sql")
        }
    }

    @Test func everyRunIsAnEventInTheTrail() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 10, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inv = Investigation(store: store, actor: "alice@investigations")
        let sql = "SELECT id FROM events WHERE actor = :actor"
        _ = try inv.run(sql: sql, params: ["actor": "user:u-2"])
        _ = try? inv.run(sql: "DELETE FROM events")
        // The runs are in the trail (open segment of source `sealtrail`) and in query_log.
        let log = try inv.run(sql: "SELECT actor, sql, sql_sha256, params, rows, outcome, error FROM query_log ORDER BY at")
        #expect(log.rows.count == 2)
        #expect(log.rows[0][0] == .text("alice@investigations") && log.rows[0][1] == .text(sql))
        #expect(log.rows[0][2] == .text(Hash32.sha256(Array(sql.utf8)).hex))
        #expect(log.rows[0][3] == .text("{\"actor\":\"user:u-2\"}") && log.rows[0][4] == .int(2) && log.rows[0][5] == .text("success"))
        #expect(log.rows[1][5] == .text("failure") && (log.rows[1][6].text ?? "").contains("DELETE from events"))
        // Sealing makes them part of a signed segment like any other event.
        let w = try TrailWriter(store: store)
        try w.close()
        let sealed = try inv.run(sql: "SELECT count(*) FROM events WHERE source = 'sealtrail' AND action = 'trail.query' AND sealed = 1")
        #expect(sealed.rows == [[.int(3)]], "the two runs plus the query_log read itself")
        #expect(Verifier(store: store).run().ok)
    }

    @Test func whileAnotherWriterHoldsTheStoreRunsAreSpooledAndHandedOver() throws {
        let (store, dir) = try IndexFixture.store(days: 1, perDay: 10, sources: ["app"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var writer: TrailWriter? = try TrailWriter(store: store)
        var clock = Timestamp.now
        writer!.now = { clock }
        let inv = Investigation(store: store, actor: "bob")
        _ = try inv.run(sql: "SELECT count(*) FROM events")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.layout.spool).count == 1)
        // The running writer takes spooled records at its next commit, a second later.
        clock = Timestamp(micros: clock.micros + 1_500_000)
        try writer!.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.layout.spool).isEmpty)
        try writer!.close()
        writer = nil
        let n = try inv.run(sql: "SELECT count(*) FROM events WHERE source = 'sealtrail' AND actor = 'bob'")
        #expect(n.rows == [[.int(1)]], "stored exactly once")
    }
}

