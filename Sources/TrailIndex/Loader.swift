import Foundation
import GRDB
import Sealing
import SegmentStore
import TrailModel

/// Moves what the store holds into the index, inside the caller's transaction.
struct Loader {
    let store: Store
    let db: Database
    let progress: ((String) -> Void)?

    func catchUp() throws -> TrailIndex.Report {
        var report = TrailIndex.Report()
        let layout = store.layout
        let trail = try Trail.load(layout: layout, origin: store.manifest.origin)
        let keys = try KeyRing.publicKeys(layout: layout)
        let indexed = try Int64.fetchOne(db, sql: "SELECT max(segment) FROM segments").map { Int($0) + 1 } ?? 0
        var touched = Set<String>()
        let insert = try db.makeStatement(sql: EventBatch.insertSQL)
        // Sources with rows indexed from a WAL and not yet sealed. Asked once: rows become open only
        // in `indexWAL`, after the segments. In a rebuild there are none, and the table has no
        // index yet, so asking per segment would scan it once per segment (quadratic at 10M rows).
        let withOpenRows = Set(try String.fetchAll(db, sql: "SELECT DISTINCT source FROM events WHERE segment IS NULL"))
        if indexed < trail.seals.count {
            let todo = Array(trail.seals[indexed...])
            let offline = try OfflineSegments.load(store: store, seals: todo)
            let pipeline = DecodePipeline()
            pipeline.start(layout: layout, seals: todo, previous: indexed == 0 ? nil : trail.seals[indexed - 1].sealHash, keys: keys,
                           skip: Set(offline.keys))
            do {
                var current = -1
                var open: [Int: (rowid: Int64, leaf: String)] = [:]
                while let item = pipeline.next() {
                    switch item {
                    case let .failed(error):
                        throw error
                    case let .records(k, rows):
                        if k != current { current = k; open = try openRows(source: todo[k].source, among: withOpenRows) }
                        try store(rows, seal: todo[k], open: &open, insert: insert, report: &report)
                    case let .verified(k):
                        if k != current { current = k; open = try openRows(source: todo[k].source, among: withOpenRows) }
                        try finish(seal: todo[k], leftover: !open.isEmpty, state: offline[todo[k].segment] ?? "hot", report: &report)
                        touched.insert(todo[k].source)
                        progress?("indexed segment \(StoreLayout.segmentName(todo[k].segment)) (\(indexed + k + 1) of \(trail.seals.count))")
                    }
                }
            } catch {
                pipeline.cancel()
                throw error
            }
        }
        try checkpoints(layout: layout)
        // A source's open records: the WAL handed to the sealer (`.wal.sealing`, while its seal is
        // being made) followed by the live WAL, read as one sequence so that nothing acknowledged
        // drops out of the index while a seal is under way.
        let names = FS.list(layout.wal)
        let sources = Set(names.compactMap { n in
            n.hasSuffix(".wal") ? String(n.dropLast(4)) : n.hasSuffix(".wal.sealing") ? String(n.dropLast(12)) : nil
        })
        for source in sources.sorted() {
            let paths = [layout.sealingWAL(source: source), layout.walFile(source: source)].filter {
                names.contains(FS.baseName($0))
            }
            do {
                var added = 0
                // A savepoint per source: a WAL that vanishes mid-read (its seal just landed) leaves
                // that source's rows as they were; the next catch-up reads the seal.
                try db.inSavepoint {
                    added = try indexWAL(source: source, paths: paths, insert: insert)
                    return .commit
                }
                report.openEvents += added
                report.eventsInserted += added
                if added > 0 { touched.insert(source) }
            } catch let e as StoreError {
                // A WAL being rewritten by a writer right now: the next catch-up reads it.
                report.notes.append("\(source): open records skipped this time (\(e))")
            }
        }
        try quarantine(layout: layout)
        for source in touched.sorted() { try TrailIndex.refreshSource(db, source) }
        return report
    }

    /// Rows of `source` indexed from its WAL and not yet sealed, by position.
    private func openRows(source: String, among withOpenRows: Set<String>) throws -> [Int: (rowid: Int64, leaf: String)] {
        guard withOpenRows.contains(source) else { return [:] }
        var open: [Int: (rowid: Int64, leaf: String)] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, record, leaf FROM events WHERE segment IS NULL AND source = ?",
                                       arguments: [source])
        while let r = try rows.next() { open[r["record"]] = (r["rowid"], r["leaf"]) }
        return open
    }

    /// Stores decoded records of a sealed segment. Rows already indexed from its WAL (same source,
    /// same position, same leaf hash) are marked sealed in place; the rest are inserted.
    private func store(_ rows: EventBatch, seal: Seal,
                       open: inout [Int: (rowid: Int64, leaf: String)], insert: Statement, report: inout TrailIndex.Report) throws {
        let seq = Int64(seal.segment)
        for i in 0..<rows.count {
            let record = rows.records[i]
            if !open.isEmpty, let o = open[record], o.leaf == rows.leaves[i].hex {
                try db.cachedStatement(sql: "UPDATE events SET segment = ?, record = ?, sealed = 1 WHERE rowid = ?").execute(arguments: [seq, record, o.rowid])
                open[record] = nil
                report.eventsSealed += 1
            } else {
                try rows.insert(row: i, into: insert)
                report.eventsInserted += 1
            }
        }
    }

    /// After a segment matched its seal: drop open rows of its source that it did not account for
    /// (the WAL they came from is gone), reset the WAL position, and record the segment and seal.
    private func finish(seal: Seal, leftover: Bool, state: String, report: inout TrailIndex.Report) throws {
        let seq = Int64(seal.segment)
        if leftover {
            try db.execute(sql: "DELETE FROM events WHERE segment IS NULL AND source = ?", arguments: [seal.source])
        }
        try db.execute(sql: "DELETE FROM wal_state WHERE source = ?", arguments: [seal.source])
        try db.execute(sql: """
            INSERT INTO segments(segment, source, path, records, first_time, last_time, merkle_root, content_sha256,
                                 file_sha256, file_bytes, retain_until, retention_mode, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [seq, seal.source, seal.path, seal.records, seal.firstTime, seal.lastTime, seal.merkleRoot.hex,
                             seal.contentSHA256.hex, seal.fileSHA256.hex, seal.fileBytes, seal.retainUntil, seal.retentionMode, state])
        try db.execute(sql: """
            INSERT INTO seals(segment, seal_sha256, previous_seal, sealed_at, key_id, signature, body)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [seq, seal.sealHash.hex, seal.previousSeal?.hex, seal.sealedAt, seal.keyId,
                             Data(seal.signature ?? []).base64EncodedString(), String(decoding: seal.canonicalBytes, as: UTF8.self)])
        report.sealedSegments += 1
    }

    /// Indexes the open records of a source (its WALs in order, positions counted across them) past
    /// those already indexed. If the first record is not the one indexed before, the WAL was sealed
    /// and replaced since: its old rows are dropped here and come back sealed from the segment.
    private func indexWAL(source: String, paths: [String], insert: Statement) throws -> Int {
        let state = try Row.fetchOne(db, sql: "SELECT records, first_leaf FROM wal_state WHERE source = ?", arguments: [source])
        var done: Int = state?["records"] ?? 0
        let firstLeaf: String? = state?["first_leaf"]
        var k = 0
        var added = 0
        var first: String?
        var row = EventBatch(segment: nil, capacity: 1 << 16)
        for path in paths { try WALReader.scan(path: path) { rec in
            let leaf = Merkle.leafHash(rec.line)
            if k == 0 {
                first = leaf.hex
                if let firstLeaf, firstLeaf != leaf.hex {
                    try db.execute(sql: "DELETE FROM events WHERE segment IS NULL AND source = ?", arguments: [source])
                    done = 0
                }
            }
            if k >= done {
                row.removeAll()
                try row.append(line: rec.line, record: k, leaf: leaf)
                try row.insert(row: 0, into: insert)
                added += 1
            }
            k += 1
        } }
        if let first {
            try db.execute(sql: "INSERT OR REPLACE INTO wal_state(source, records, first_leaf) VALUES (?, ?, ?)",
                           arguments: [source, max(k, done), first])
        }
        return added
    }

    private func checkpoints(layout: StoreLayout) throws {
        let have = Set(try Int64.fetchAll(db, sql: "SELECT size FROM checkpoints"))
        for name in FS.list(layout.checkpoints) where name.hasSuffix(".checkpoint") {
            guard let size = Int64(name.dropLast(".checkpoint".count)), !have.contains(size) else { continue }
            let note = String(decoding: try FS.read(layout.checkpoints + "/" + name), as: UTF8.self)
            guard let cp = try? Checkpoint.parse(note: note) else { continue }
            try db.execute(sql: "INSERT INTO checkpoints(size, root, note) VALUES (?, ?, ?)", arguments: [size, cp.root.hex, note])
        }
    }

    private func quarantine(layout: StoreLayout) throws {
        try db.execute(sql: "DELETE FROM quarantine")
        for e in try QuarantineIndex.entries(layout: layout, source: nil) {
            try db.execute(sql: """
                INSERT OR REPLACE INTO quarantine(ref, source, format, file, line, offset, length, reason, sha256, resolved)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [e.ref, e.source, e.format, e.file, e.line, e.offset, e.length, e.reason, e.sha256, e.resolved])
        }
    }
}
