import Foundation
import Testing

/// `query`, `show`, `timeline` and `index` through the binary: outputs, exit codes and messages.
@Suite struct QueryCLITests {
    /// A store with 300 events over two days, one segment per day.
    func store(_ name: String) throws -> (dir: String, store: String) {
        let dir = CLI.tempDir(name)
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try CLI.events(300).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", "--store", store, "--source", "payments-api", dir + "/in.jsonl"]).status == 0)
        return (dir, store)
    }

    @Test func queryOutputsTableCSVJSONAndNDJSON() throws {
        let (dir, store) = try store("query-formats")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sql = "SELECT actor, count(*) AS n FROM events WHERE outcome = 'failure' AND actor IN ('user:u-0', 'user:u-1') GROUP BY actor ORDER BY actor"
        let table = try CLI.run(["query", "--store", store, sql])
        #expect(table.status == 0, "\(table.stderr)")
        // u-0 acts at i ≡ 0 (mod 9), failures at i ≡ 0 (mod 4): i ≡ 0 (mod 36) → 9 of 300; u-1: i ≡ 28 (mod 36) → 8.
        #expect(table.stdout == "actor     n\n--------  -\nuser:u-0  9\nuser:u-1  8\n(2 rows)\n")
        #expect(try CLI.run(["query", "--store", store, "--format", "csv", sql]).stdout == "actor,n\r\nuser:u-0,9\r\nuser:u-1,8\r\n")
        #expect(try CLI.run(["query", "--store", store, "--format", "json", sql]).stdout
                == "[{\"actor\":\"user:u-0\",\"n\":9},{\"actor\":\"user:u-1\",\"n\":8}]\n")
        #expect(try CLI.run(["query", "--store", store, "--format", "ndjson", sql]).stdout
                == "{\"actor\":\"user:u-0\",\"n\":9}\n{\"actor\":\"user:u-1\",\"n\":8}\n")
        let bound = try CLI.run(["query", "--store", store, "--format", "csv", "SELECT count(*) FROM events WHERE actor = :a", "--param", "a=user:u-2"])
        #expect(bound.stdout == "count(*)\r\n34\r\n")
    }

    static let failures: [(args: [String], message: String)] = [
        (["SELEC 1"], "SQL error: near \"SELEC\": syntax error"),
        (["DELETE FROM events"], "refused: DELETE from events is not allowed"),
        (["ATTACH 'x.db' AS x"], "refused: ATTACH x.db is not allowed"),
        (["PRAGMA journal_mode = DELETE"], "refused: PRAGMA journal_mode is not allowed"),
        (["--saved", "no-such-query", "--queries", "QUERIES"], "no saved query named 'no-such-query'; saved queries: by-actor"),
        (["--saved", "by-actor", "--queries", "QUERIES"], "saved query 'by-actor' needs --param actor=<text>"),
        (["--saved", "by-actor", "--queries", "QUERIES", "--param", "actor=x", "--param", "n=lots"], "parameter 'n' must be an integer, got 'lots'"),
        (["--timeout", "0.2", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"],
         "query stopped after the time limit of 0.2 s"),
        (["--format", "xml", "SELECT 1"], "--format must be one of: table, csv, json, ndjson"),
    ]

    @Test func badQueriesFailWithOneLineAndChangeNothing() throws {
        let (dir, store) = try store("query-errors")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queries = dir + "/queries"
        try FileManager.default.createDirectory(atPath: queries, withIntermediateDirectories: true)
        try "-- name: by-actor\n-- description: one actor\n-- params: actor:text, n:int=5\nSELECT id FROM events WHERE actor = :actor LIMIT :n\n"
            .write(toFile: queries + "/by-actor.sql", atomically: true, encoding: .utf8)
        let count = "SELECT count(*) FROM events WHERE source = 'payments-api'"
        for (args, message) in Self.failures {
            let r = try CLI.run(["query", "--store", store] + args.map { $0 == "QUERIES" ? queries : $0 })
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.hasPrefix("sealtrail: error: \(message)"), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        }
        #expect(try CLI.run(["query", "--store", store, "--format", "csv", count]).stdout == "count(*)\r\n300\r\n")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test func showTimelineAndTheQueryLog() throws {
        let (dir, store) = try store("show")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let show = try CLI.run(["show", "--store", store, "e-200", "--proof-out", dir + "/p.json"], env: ["SEALTRAIL_ACTOR": "carol"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("actor      user:u-2") && show.stdout.contains("resource   payment:p-200"))
        #expect(show.stdout.contains("\"id\":\"e-200\""), "the raw record")
        #expect(show.stdout.contains("seal:      record 50 of segment 000000000001"))
        #expect(show.stdout.contains("proof:     verified"))
        #expect(try CLI.run(["verify-proof", dir + "/p.json"]).status == 0)
        let missing = try CLI.run(["show", "--store", store, "e-999"], env: ["SEALTRAIL_ACTOR": "erin"])
        #expect(missing.status == 1 && missing.stderr.contains("no event matches 'e-999'"))
        let tl = try CLI.run(["timeline", "--store", store, "--actor", "user:u-4", "--from", "2026-07-02", "--format", "csv"],
                             env: ["SEALTRAIL_ACTOR": "frank"])
        #expect(tl.status == 0, "\(tl.stderr)")
        let lines = tl.stdout.split(separator: "\r\n")
        // u-4 acts at i ≡ 4 (mod 9); day 2 holds i ≥ 150: i = 157, 166, …, 292 → 16 events.
        #expect(lines.count == 17 && lines[1].contains("payment:p-157") && lines[16].contains("payment:p-292"))
        #expect(lines[1].hasSuffix(",1:7"), "ref of a sealed event: \(lines[1])")
        let log = try CLI.run(["query", "--store", store, "--format", "csv", "SELECT actor, saved, outcome, rows FROM query_log ORDER BY at"],
                              env: ["SEALTRAIL_ACTOR": "dave"])
        #expect(log.stdout == "actor,saved,outcome,rows\r\ncarol,show,success,1\r\nerin,show,success,0\r\nfrank,timeline,success,16\r\n",
                "every read is logged, the empty lookup too: \(log.stdout)")
    }

    @Test func indexRebuildReportsWhatItVerified() throws {
        let (dir, store) = try store("rebuild")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["index", "rebuild", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 segments verified and indexed, 300 events added"), "\(r.stdout)")
    }
}
