import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

extension BenchCommand {
    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index build rate (index rebuild) vs the sqlite3 CLI importing the same rows as CSV, and p50/p95 of every saved query.")
        @OptionGroup var common: Common
        @Option(help: "Directory of saved queries (default: as for 'query').") var queries: String?
        @Option(help: "Timed runs of each saved query.") var queryRuns: Int = 20
        @Flag(help: "Only time the saved queries, on the index a previous run left in --dir.") var queriesOnly = false
        @Option(help: "Period the saved queries cover: the last N days of the trail (default 0: the whole trail).")
        var windowDays: Int = 0
        func run() throws {
            try reportingErrors {
                let bench = try Bench(common: common)
                if queriesOnly {
                    try bench.benchQueries(indexPath: TrailIndex.path(StoreLayout(root: bench.store)), queriesDir: queries, runs: queryRuns,
                                           windowDays: windowDays)
                } else {
                    try bench.index(queriesDir: queries, queryRuns: queryRuns, windowDays: windowDays)
                }
            }
        }
    }
}

extension Bench {
    /// Builds a store of `count` simulated events once, then times: our rebuild (verify every seal,
    /// decompress, decode, load, index, full-text) and `sqlite3` loading the same rows from CSV into
    /// the same schema with the same indexes; then every saved query on the built index.
    func index(queriesDir: String?, queryRuns: Int, windowDays: Int) throws {
        let marker = store + "/.bench-\(common.count)-\(common.seed)"
        if !FileManager.default.fileExists(atPath: marker) {
            _ = try prepareInput()
            note("ingesting into \(store)")
            _ = try ingestOnce()
            _ = FileManager.default.createFile(atPath: marker, contents: Data())
        }
        let layout = StoreLayout(root: store)
        let indexPath = TrailIndex.path(layout)
        let csv = dir + "/events.csv"
        let script = dir + "/import.sql"
        var ours: [Spawn.Measured] = [], cli: [Spawn.Measured] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs): sealtrail index rebuild")
            let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) index rebuild --store \(Spawn.q(store)) > /dev/null")
            guard r.status == 0 else { throw CLIError("index rebuild exited with \(r.status)") }
            ours.append(r)
            if i == 0 {
                note("exporting the indexed rows as CSV for sqlite3")
                let e = try Spawn.shell("exec sqlite3 -csv \(Spawn.q(indexPath)) 'SELECT * FROM events ORDER BY rowid' > \(Spawn.q(csv))")
                guard e.status == 0 else { throw CLIError("sqlite3 export failed (is the sqlite3 CLI installed?)") }
                let schema = TrailIndex.schemaSQL
                let text = "PRAGMA journal_mode=OFF;\nPRAGMA synchronous=OFF;\nPRAGMA cache_size=-262144;\n" + schema.tables
                    + "\nBEGIN;\n.import --csv \(csv) events\nCOMMIT;\n" + schema.indexes + "\n"
                try text.write(toFile: script, atomically: true, encoding: .utf8)
            }
            note("run \(i + 1)/\(common.runs): sqlite3 .import of the same rows")
            let db = dir + "/cli.sqlite"
            try? FileManager.default.removeItem(atPath: db)
            let c = try Spawn.shell("exec sqlite3 \(Spawn.q(db)) < \(Spawn.q(script)) > /dev/null")
            guard c.status == 0 else { throw CLIError("sqlite3 import exited with \(c.status)") }
            cli.append(c)
            try? FileManager.default.removeItem(atPath: db)
        }
        let o = median(ours), c = median(cli)
        let csvMB = Double((try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int64) ?? 0) / 1e6
        print("bench index: \(common.count) events (\(f(csvMB)) MB as CSV), median of \(common.runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        row("command", "wall s", "events/s", "", "peak RSS MB")
        for (name, m) in [("sealtrail index rebuild", o), ("sqlite3 .import (CSV)", c)] {
            row(name, f(m.seconds), String(Int(Double(common.count) / m.seconds)), "", f(Double(m.peakRSSBytes) / 1e6))
        }
        print("ratio: index build rate = \(f(c.seconds / o.seconds))x sqlite3 CSV import (target >= 0.8); both build the same tables, indexes and FTS5")
        try? FileManager.default.removeItem(atPath: csv)
        try benchQueries(indexPath: indexPath, queriesDir: queriesDir, runs: queryRuns, windowDays: windowDays)
        if owned { cleanup() } else { note("kept \(dir) for --queries-only runs") }
    }

    /// p50/p95 of each saved query, with parameters picked from the data (a busy admin actor, a busy
    /// resource, the whole period or its last `windowDays` days). Runs go straight to the read-only
    /// runner (not audited: a bench store).
    func benchQueries(indexPath: String, queriesDir: String?, runs: Int, windowDays: Int = 0) throws {
        let saved = try SavedQuery.load(directory: try savedQueryDirectory(queriesDir, store: store))
        let runner = QueryRunner(indexPath: indexPath)
        func pick(_ sql: String) throws -> String? { try runner.run(sql: sql).rows.first?.first?.text }
        var period = try runner.run(sql: "SELECT min(time), max(time) FROM events").rows[0].map { $0.text ?? "" }
        if windowDays > 0, let end = try? parseTime(period[1]) {
            period[0] = Timestamp(micros: end.micros - Int64(windowDays) * 86_400_000_000).rfc3339
        }
        let picks: [String: String?] = [
            "actor": try pick("SELECT actor FROM events WHERE actor LIKE 'admin:%' GROUP BY actor ORDER BY count(*) DESC LIMIT 1"),
            "resource": try pick("SELECT resource FROM events WHERE action = 'card.detokenize' GROUP BY resource ORDER BY count(*) DESC LIMIT 1"),
            "origin": try pick("SELECT origin FROM events WHERE outcome = 'failure' AND origin IS NOT NULL LIMIT 1"),
            "session": try pick("SELECT session FROM events WHERE action = 'sca.verify' AND session IS NOT NULL LIMIT 1"),
            "source": try pick("SELECT source FROM events GROUP BY source ORDER BY count(*) DESC LIMIT 1"),
            // Full-text search: the token of a busy card resource (tokens are split at ':' and '-').
            "terms": try pick("SELECT resource FROM events WHERE action = 'card.detokenize' GROUP BY resource ORDER BY count(*) DESC LIMIT 1")
                .map { "\"" + $0.replacingOccurrences(of: "\"", with: "") + "\"" },
            "from": period[0], "to": period[1], "since": period[0], "until": period[1],
        ]
        print("\nsaved queries on \(common.count) events, period \(period[0]) to \(period[1]): \(runs) timed runs each after one warm-up")
        row("query", "p50 ms", "p95 ms", "rows", "")
        for q in saved.values.sorted(by: { $0.name < $1.name }) {
            var params: [String: String] = [:]
            for p in q.parameters where p.defaultValue == nil {
                if let v = picks[p.name] ?? nil { params[p.name] = v }
            }
            let args: [String: String] = params
            if let missing = q.parameters.first(where: { $0.defaultValue == nil && args[$0.name] == nil }) {
                row(q.name, "-", "-", "-", "skipped: no bench value for '\(missing.name)'")
                continue
            }
            var times: [Double] = []
            var rows = 0
            do {
                for k in 0...runs {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    rows = try runner.run(saved: q, params: args).rows.count
                    if k > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) }
                }
            } catch {
                row(q.name, "-", "-", "-", "failed: \(error)")
                continue
            }
            times.sort()
            row(q.name, f(times[times.count / 2]), f(times[min(times.count - 1, Int(Double(times.count) * 0.95))]), String(rows), "")
        }
    }
}
