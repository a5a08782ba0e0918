import Foundation
import GRDB
import Sealing
import TrailModel

/// A finding as the index stores it (the Rules module makes them; the index only keeps them).
public struct StoredFinding: Sendable, Equatable {
    public var id: String
    public var rule: String
    public var title: String
    public var severity: String
    public var controls: [String]
    public var key: String
    public var start: String
    public var end: String
    public var events: [String]
    public var status: String

    public init(id: String, rule: String, title: String, severity: String, controls: [String], key: String,
                start: String, end: String, events: [String], status: String = "open") {
        self.id = id; self.rule = rule; self.title = title; self.severity = severity; self.controls = controls
        self.key = key; self.start = start; self.end = end; self.events = events; self.status = status
    }
}

extension TrailIndex {
    /// Stores findings; one already stored (same id) is left as it is. Returns how many were new.
    @discardableResult
    public func store(findings: [StoredFinding], mode: String, at now: Timestamp = .now) throws -> Int {
        try db.write { db in
            var added = 0
            let stmt = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO findings(id, rule, title, severity, controls, key, start, end, events, status, found_at, mode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for f in findings {
                let controls = String(decoding: CanonicalJSON.encode(.array(f.controls.map(JSONValue.string))), as: UTF8.self)
                let events = String(decoding: CanonicalJSON.encode(.array(f.events.map(JSONValue.string))), as: UTF8.self)
                try stmt.execute(arguments: [f.id, f.rule, f.title, f.severity, controls, f.key, f.start, f.end, events, f.status, now.rfc3339, mode])
                added += db.changesCount
            }
            return added
        }
    }

    /// Calls `body` with every event whose time is in [from, to), in time order, and its leaf hash.
    public func forEachEvent(from: Timestamp, to: Timestamp, _ body: (TrailEvent, String) throws -> Void) throws {
        try db.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, time, received, source, format, actor, action, resource, outcome, origin, session, clock,
                       attributes, raw, raw_encoding, leaf
                FROM events WHERE time >= ? AND time < ? ORDER BY time, rowid
                """, arguments: [from.rfc3339, to.rfc3339])
            while let r = try rows.next() { try body(try Self.event(r), r[15]) }
        }
    }

    static func event(_ r: Row) throws -> TrailEvent {
        func time(_ k: Int) throws -> Timestamp {
            let s: String = r[k]
            guard let p = TimeParser.parseISO(s[...].utf8) else { throw IndexError.badRecord(where: "index row", reason: "bad time \(s)") }
            return p.timestamp
        }
        var attributes: [(String, JSONValue)] = []
        if let a: String = r[12], let v = try? JSONParser.parse(a), case let .object(m) = v { attributes = m }
        let outcome = Outcome(rawValue: r[8] as String) ?? .unknown
        return TrailEvent(id: r[0], time: try time(1), received: try time(2), source: r[3], format: r[4], actor: r[5], action: r[6],
                          resource: r[7], outcome: outcome, origin: r[9], session: r[10], attributes: attributes, raw: r[13],
                          rawIsBase64: (r[14] as String?) == "base64", clock: r[11], rawIsEncrypted: (r[14] as String?) == "encrypted")
    }

    /// A throw-away index holding only `events` (for rule tests of `sql` rules). Returns the leaf
    /// hash of each event, in order.
    public static func scratch(path: String, events: [TrailEvent]) throws -> [String] {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let q = try DatabaseQueue(path: path, configuration: configuration(readonly: false))
        try Schema.migrator.migrate(q)
        var leaves: [String] = []
        try q.write { db in
            let insert = try db.makeStatement(sql: EventBatch.insertSQL)
            var batch = EventBatch(segment: 0, capacity: 1 << 16)
            for (k, e) in events.enumerated() {
                let line = e.canonicalLine()
                let leaf = line.withUnsafeBytes { Merkle.leafHash($0) }
                batch.removeAll()
                try line.withUnsafeBytes { try batch.append(line: $0, record: k, leaf: leaf) }
                try batch.insert(row: 0, into: insert)
                leaves.append(leaf.hex)
            }
        }
        try q.close()
        return leaves
    }
}
