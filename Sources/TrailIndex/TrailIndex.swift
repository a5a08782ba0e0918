import Foundation
import GRDB
import Sealing
import SegmentStore
import TrailModel

/// The derived SQLite index of a store (`index/trail.sqlite`): every event, sealed or still in an
/// open segment, plus segments, seals, checkpoints, sources and quarantine (DESIGN.md, Queries).
///
/// It is never the record: `rebuild` recreates it from the sealed segments and the WALs, and
/// `catchUp` brings it up to date incrementally. The writer of the trail never touches it, so
/// ingest is never slowed or blocked by readers; readers catch up before they query.
public final class TrailIndex {
    public let store: Store
    let db: DatabaseQueue

    /// Where the index of `layout` lives.
    public static func path(_ layout: StoreLayout) -> String { layout.index + "/trail.sqlite" }

    /// The schema as SQL: the tables, then the indexes and full-text search (what `rebuild` runs, in
    /// that order, around loading the rows). The benchmark gives the same script to the `sqlite3` CLI.
    public static var schemaSQL: (tables: String, indexes: String) { (Schema.tablesSQL, Schema.indexesSQL) }

    /// Opens (creating and migrating if needed) the index of `store`.
    public init(store: Store) throws {
        self.store = store
        let path = Self.path(store.layout)
        do {
            try FileManager.default.createDirectory(atPath: store.layout.index, withIntermediateDirectories: true)
            db = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: false))
            try db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode=WAL") }
            try Schema.migrator.migrate(db)
        } catch let e as DatabaseError {
            throw IndexError.unavailable(path: path, reason: e.message ?? "\(e)")
        } catch let e as IndexError {
            throw e
        } catch {
            throw IndexError.unavailable(path: path, reason: "\(error)")
        }
    }

    /// Refreshes the planner's statistics (sampled, so it stays quick on large indexes). Without
    /// them SQLite may pick the low-selectivity `(outcome, time)` index for a lookup by resource or
    /// actor, which turns a rule's correlated subquery from milliseconds into minutes.
    static func analyze(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
    }

    static func configuration(readonly: Bool) -> Configuration {
        var c = Configuration()
        c.readonly = readonly
        c.busyMode = .timeout(30)
        c.label = readonly ? "sealtrail-index-reader" : "sealtrail-index"
        return c
    }

    /// What one catch-up (or rebuild) added.
    public struct Report: Sendable, Equatable {
        public var sealedSegments = 0
        public var eventsInserted = 0
        public var eventsSealed = 0
        public var openEvents = 0
        public var notes: [String] = []
    }

    /// Brings the index up to date: new seals (their segments verified while read; rows indexed
    /// from a WAL are marked sealed in place), new checkpoints, events in open segments (WALs),
    /// quarantine and per-source totals. One write transaction: concurrent catch-ups serialize.
    @discardableResult
    public func catchUp(progress: ((String) -> Void)? = nil) throws -> Report {
        do {
            var report = Report()
            try db.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    report = try Loader(store: store, db: db, progress: progress).catchUp()
                    return .commit
                }
                if report.eventsInserted >= 50_000 { try Self.analyze(db) }
            }
            return report
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
    }

    /// Recreates the index from the segments (verifying each seal, its signature, chain link and
    /// every byte as it reads) and the WALs, in a new file that replaces the old one only when
    /// complete. Loads rows first and builds the indexes after, which is several times faster; the
    /// full-text index is built on a second connection at the same time (`buildIndexes`).
    @discardableResult
    public static func rebuild(store: Store, progress: ((String) -> Void)? = nil) throws -> Report {
        let final = path(store.layout)
        let temp = final + ".rebuild"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        try FileManager.default.createDirectory(atPath: store.layout.index, withIntermediateDirectories: true)
        var report = Report()
        do {
            let q = try DatabaseQueue(path: temp, configuration: configuration(readonly: false))
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144")
            }
            try Schema.migrator.migrate(q, upTo: Schema.tablesMigration)
            let started = Date()
            try q.writeWithoutTransaction { db in
                try db.inTransaction {
                    report = try Loader(store: store, db: db, progress: progress).catchUp()
                    return .commit
                }
            }
            let loaded = Date()
            progress?("building indexes and full-text search")
            if let note = try buildIndexes(q, path: temp) {
                progress?(note)
                report.notes.append(note)
            }
            try Schema.migrator.migrate(q)
            try q.writeWithoutTransaction { try Self.analyze($0) }
            report.notes.append(String(format: "loaded rows in %.1f s, built indexes and full-text search in %.1f s",
                                       loaded.timeIntervalSince(started), Date().timeIntervalSince(loaded)))
            try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode=WAL") }
            try q.close()
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: final + suffix) }
        guard rename(temp, final) == 0 else {
            throw IndexError.unavailable(path: final, reason: String(cString: strerror(errno)))
        }
        return report
    }
}
