import Foundation
import GRDB
import TrailModel

/// Where an indexed event is in the trail: its sealed segment, its record index and its leaf hash.
public struct EventPosition: Sendable, Equatable, Hashable {
    public var segment: UInt64
    public var record: Int
    /// Hex SHA-256(0x00 ‖ event line).
    public var leaf: String

    public init(segment: UInt64, record: Int, leaf: String) {
        self.segment = segment; self.record = record; self.leaf = leaf
    }
}

extension TrailIndex {
    /// The query `forEachSealedEvent` runs, with `:from`, `:to` and `:trailSize` bound: every event
    /// whose time is in [from, to) and whose segment is one of the first `trailSize` sealed ones,
    /// ordered by time and then by position in the trail (which no rebuild of the index changes).
    public static let sealedEventsSQL = """
        SELECT id, time, received, source, format, actor, action, resource, outcome, origin, session, clock,
               attributes, raw, raw_encoding, leaf, segment, record
        FROM events
        WHERE time >= :from AND time < :to AND sealed = 1 AND segment < :trailSize
        ORDER BY time, segment, record
        """

    /// Calls `body` with every sealed event of the period in the first `trailSize` segments, in the
    /// order of `sealedEventsSQL`, with its position. Rows are read from a cursor: memory stays flat.
    public func forEachSealedEvent(from: Timestamp, to: Timestamp, trailSize: UInt64,
                                   _ body: (TrailEvent, EventPosition) throws -> Void) throws {
        try db.read { db in
            let rows = try Row.fetchCursor(db, sql: Self.sealedEventsSQL, arguments: [
                "from": from.rfc3339, "to": to.rfc3339, "trailSize": Int64(clamping: trailSize),
            ])
            while let r = try rows.next() {
                let seg: Int64 = r[16]
                try body(try Self.event(r), EventPosition(segment: UInt64(seg), record: r[17], leaf: r[15]))
            }
        }
    }
}
