import Foundation
import GRDB
import Sealing
import SegmentStore

extension TrailIndex {
    /// Deletes the rows of `segments` from the hot index (their events stay in the trail) and marks
    /// the segments `state` (`cold`, `archived` or `expired`). Returns how many rows went.
    @discardableResult
    public func prune(segments: [UInt64], state: String) throws -> Int {
        guard !segments.isEmpty else { return 0 }
        do {
            var removed = 0
            try db.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let delete = try db.makeStatement(sql: "DELETE FROM events WHERE segment = ?")
                    let mark = try db.makeStatement(sql: "UPDATE segments SET state = ? WHERE segment = ?")
                    var sources = Set<String>()
                    for seq in segments {
                        try delete.execute(arguments: [Int64(seq)])
                        removed += db.changesCount
                        try mark.execute(arguments: [state, Int64(seq)])
                        if let s = try String.fetchOne(db, sql: "SELECT source FROM segments WHERE segment = ?", arguments: [Int64(seq)]) {
                            sources.insert(s)
                        }
                    }
                    for source in sources.sorted() { try Self.refreshSource(db, source) }
                    return .commit
                }
            }
            return removed
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
    }

    /// Reads `seals`' segments back into the index (after a restore from the archive tier),
    /// verifying every byte against the seal as it reads; rows already there are replaced.
    /// Catches up first, so the segments are known to the index.
    @discardableResult
    public func reindex(seals: [Seal], progress: ((String) -> Void)? = nil) throws -> Int {
        try catchUp()
        let layout = store.layout
        let trail = try Trail.load(layout: layout, origin: store.manifest.origin)
        let keys = try KeyRing.publicKeys(layout: layout)
        var inserted = 0
        do {
            try db.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let insert = try db.makeStatement(sql: EventBatch.insertSQL)
                    for (n, seal) in seals.enumerated() {
                        let seq = Int(seal.segment)
                        let previous = seq == 0 ? nil : trail.seals[seq - 1].sealHash
                        try db.execute(sql: "DELETE FROM events WHERE segment = ?", arguments: [Int64(seq)])
                        var batch = EventBatch(segment: seal.segment)
                        func flush() throws {
                            for i in 0..<batch.count { try batch.insert(row: i, into: insert) }
                            inserted += batch.count
                            batch = EventBatch(segment: seal.segment)
                        }
                        try VerifiedRead.eachRecord(layout: layout, seal: seal, keys: keys, previousSeal: previous) { i, line, leaf in
                            try batch.append(line: line, record: i, leaf: leaf)
                            if batch.count == 2048 { try flush() }
                        }
                        try flush()
                        try db.execute(sql: "UPDATE segments SET state = 'hot' WHERE segment = ?", arguments: [Int64(seq)])
                        try Self.refreshSource(db, seal.source)
                        progress?("re-indexed segment \(StoreLayout.segmentName(seal.segment)) (\(n + 1) of \(seals.count))")
                    }
                    return .commit
                }
            }
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
        return inserted
    }

    /// Segment numbers with rows in the index, and each segment's state.
    public func segmentStates() throws -> [UInt64: (state: String, rows: Bool)] {
        do {
            return try db.read { db in
                var out: [UInt64: (String, Bool)] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT segment, state FROM segments")
                while let r = try rows.next() { out[UInt64(r["segment"] as Int64)] = (r["state"], false) }
                let withRows = try Int64.fetchAll(db, sql: "SELECT DISTINCT segment FROM events WHERE segment IS NOT NULL")
                for s in withRows { out[UInt64(s), default: ("hot", false)].1 = true }
                return out
            }
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
    }

    static func refreshSource(_ db: Database, _ source: String) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO sources(source, events, sealed_events, first_time, last_time, formats)
            SELECT ?, count(*), total(sealed), min(time), max(time), coalesce(group_concat(DISTINCT format), '')
            FROM events WHERE source = ?
            """, arguments: [source, source])
    }
}

extension TrailIndex {
    /// Whether the index holds an event of `actor` in `segment`.
    public func segment(_ segment: UInt64, hasActor actor: String) throws -> Bool {
        do {
            return try db.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM events WHERE actor = ? AND segment = ?)",
                                  arguments: [actor, Int64(segment)]) ?? false
            }
        } catch let e as DatabaseError {
            throw IndexError.sqlError(e.message ?? "\(e)")
        }
    }
}
