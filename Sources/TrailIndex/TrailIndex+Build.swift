import Dispatch
import Foundation
import GRDB
import SegmentStore

extension TrailIndex {
    /// Builds the investigation indexes and the full-text index of a freshly loaded index file at
    /// once, on two connections and two cores (SQLite builds each index on one thread):
    ///
    /// - this connection creates the B-tree indexes (their sorts may also use a worker thread,
    ///   `PRAGMA threads`);
    /// - a second connection reads the loaded events and fills an FTS5 table of the same definition
    ///   in a scratch file beside the index.
    ///
    /// The index file is switched to WAL mode first, so that the second connection reads a stable
    /// snapshot while this one writes (its transaction is DEFERRED: an IMMEDIATE one would take the
    /// write lock of the index file as well and stop this connection until it ends). Last, FTS5's
    /// shadow tables are copied from the scratch file into an empty `events_fts` here, in one
    /// transaction, and the scratch file is removed. An external-content FTS5 table keeps nothing but
    /// those shadow tables, so the copy is the index `INSERT INTO events_fts(events_fts)
    /// VALUES('rebuild')` builds; the tests check it with FTS5's `integrity-check` and by comparing
    /// searches with an index built row by row.
    ///
    /// If either connection fails, the indexes are built one after the other on this connection
    /// instead (the migration does it), so a rebuild never fails for want of parallelism; the
    /// returned note says why. The file is back in `journal_mode=OFF` on return.
    static func buildIndexes(_ q: DatabaseQueue, path: String) throws -> String? {
        let scratch = path + ".fts"
        func removeScratch() {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
        }
        removeScratch()
        defer { removeScratch() }
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; PRAGMA threads=\(ProcessInfo.processInfo.activeProcessorCount)")
        }
        // A first read in WAL mode creates the WAL and its index before the second connection opens.
        _ = try q.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_schema") }
        let failure = FailureBox()
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            do {
                let f = try DatabaseQueue(path: scratch, configuration: configuration(readonly: false))
                try f.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA main.journal_mode=OFF; PRAGMA main.synchronous=OFF; PRAGMA main.cache_size=-65536")
                    try db.execute(sql: "ATTACH DATABASE ? AS loaded", arguments: [path])
                    try db.inTransaction(.deferred) {
                        try db.execute(sql: Schema.ftsTableSQL)
                        try db.execute(sql: """
                            INSERT INTO events_fts(rowid, actor, action, resource, raw)
                            SELECT rowid, actor, action, resource, raw FROM loaded.events ORDER BY rowid
                            """)
                        return .commit
                    }
                    try db.execute(sql: "DETACH DATABASE loaded")
                }
                try f.close()
            } catch {
                failure.set(error)
            }
        }
        var parallelFailure: Error?
        do {
            try q.writeWithoutTransaction { db in try db.execute(sql: Schema.btreeIndexesSQL) }
        } catch { parallelFailure = error }
        done.wait()
        parallelFailure = parallelFailure ?? failure.peek()
        // Back to no journal (as for loading): the index pages are moved from the WAL into the file
        // once, and the full-text tables below are written straight into it, not through the WAL.
        try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode=OFF") }
        if parallelFailure == nil {
            // Without a journal a failed copy cannot be rolled back: it fails the rebuild (the old
            // index stays in place) rather than fall back on a half-filled table.
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS built", arguments: [scratch])
                defer { try? db.execute(sql: "DETACH DATABASE built") }
                try db.inTransaction {
                    try db.execute(sql: Schema.ftsTableSQL)
                    for table in Schema.ftsShadowTables {
                        try db.execute(sql: "DELETE FROM main.\(table); INSERT INTO main.\(table) SELECT * FROM built.\(table)")
                    }
                    return .commit
                }
            }
        }
        return parallelFailure.map { "indexes built one after the other (the parallel build failed: \($0))" }
    }

    /// SQLite's `integrity_check` of the index file and FTS5's own check of the full-text index
    /// against the events; empty when both pass.
    public static func integrityProblems(path: String) throws -> [String] {
        let q = try DatabaseQueue(path: path, configuration: configuration(readonly: false))
        defer { try? q.close() }
        return try q.writeWithoutTransaction { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            do {
                try db.execute(sql: "INSERT INTO events_fts(events_fts) VALUES('integrity-check')")
            } catch let e as DatabaseError {
                problems.append("full-text index: \(e.message ?? "\(e)")")
            }
            return problems
        }
    }
}
