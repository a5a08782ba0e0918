import GRDB
import GRDBSQLite
import Sealing
import SegmentStore
import TrailModel

/// Event lines decoded into the `events` table's columns, many rows in one byte buffer.
///
/// Hand-written because indexing is bound by this step: the lines are Sealtrail's own canonical
/// JSON (already verified against their seals), so a byte scanner copies each field's text once
/// into the batch and the insert binds it straight from there. Going through a JSON value tree and
/// boxed statement arguments was three times slower. String escapes are decoded; `attributes` is
/// kept as the exact canonical object text.
struct EventBatch {
    /// Column order of `insertSQL` after `segment, record, sealed`.
    static let fields = ["source", "format", "id", "time", "received", "actor", "action", "resource", "outcome",
                         "origin", "session", "clock", "attributes", "raw", "rawEncoding"]
    static let required: Set<Int> = [0, 1, 3, 4, 8, 12, 13]
    static let insertSQL = """
        INSERT INTO events(segment, record, sealed, source, format, id, time, received, actor, action, resource,
                           outcome, origin, session, clock, attributes, raw, raw_encoding, leaf)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    var bytes: [UInt8] = []
    /// Per row, per field: offset and length in `bytes` (length -1: NULL).
    var spans: [Int32] = []
    var records: [Int] = []
    var leaves: [Hash32] = []
    var segment: UInt64?

    var count: Int { records.count }

    init(segment: UInt64?, capacity: Int = 1 << 20) {
        self.segment = segment
        bytes.reserveCapacity(capacity)
    }

    /// Empties the batch, keeping its storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true); spans.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true); leaves.removeAll(keepingCapacity: true)
    }

    /// Decodes one event line and appends it as a row.
    mutating func append(line: UnsafeRawBufferPointer, record: Int, leaf: Hash32) throws {
        let base = spans.count
        spans.append(contentsOf: repeatElement(-1, count: Self.fields.count * 2))
        var p = LineScanner(line: line)
        do {
            try p.expect(0x7B)
            if p.peek() == 0x7D { throw p.fail("empty object") }
            while true {
                let key = try p.key()
                try p.expect(0x3A)
                if let k = Self.fieldIndex(key) {
                    let start = bytes.count
                    if try p.value(into: &bytes, keepObject: k == 12) {
                        spans[base + 2 * k] = Int32(start)
                        spans[base + 2 * k + 1] = Int32(bytes.count - start)
                    }
                } else {
                    try p.skipValue()
                }
                if p.peek() == 0x2C { p.at += 1; continue }
                try p.expect(0x7D)
                break
            }
            guard p.at == line.count else { throw p.fail("data after the object") }
        } catch let e as LineScanner.Failure {
            spans.removeLast(Self.fields.count * 2)
            throw IndexError.badRecord(where: Self.position(segment, record), reason: e.reason)
        }
        for k in Self.required where spans[base + 2 * k + 1] < 0 {
            spans.removeLast(Self.fields.count * 2)
            throw IndexError.badRecord(where: Self.position(segment, record), reason: "missing field \(Self.fields[k])")
        }
        records.append(record)
        leaves.append(leaf)
    }

    static func fieldIndex(_ key: UnsafeRawBufferPointer) -> Int? {
        for (k, name) in fields.enumerated() where name.utf8.count == key.count && name.utf8.elementsEqual(key) { return k }
        return nil
    }

    /// Binds row `i` to `statement` (prepared from `insertSQL`) and runs it.
    func insert(row i: Int, into statement: Statement) throws {
        let stmt = statement.sqliteStatement
        sqlite3_reset(stmt)
        if let segment { sqlite3_bind_int64(stmt, 1, Int64(segment)) } else { sqlite3_bind_null(stmt, 1) }
        sqlite3_bind_int64(stmt, 2, Int64(records[i]))
        sqlite3_bind_int64(stmt, 3, segment == nil ? 0 : 1)
        let hex = leaves[i].hex
        let rc: Int32 = bytes.withUnsafeBufferPointer { buf in
            let p = UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            for k in 0..<Self.fields.count {
                let off = spans[i * Self.fields.count * 2 + 2 * k], len = spans[i * Self.fields.count * 2 + 2 * k + 1]
                if len < 0 { sqlite3_bind_null(stmt, Int32(4 + k)) } else {
                    // The buffer outlives the step below, so SQLite need not copy it.
                    sqlite3_bind_text(stmt, Int32(4 + k), p + Int(off), len, nil)
                }
            }
            sqlite3_bind_text(stmt, 19, hex, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            return sqlite3_step(stmt)
        }
        guard rc == SQLITE_DONE else {
            throw IndexError.sqlError(String(cString: sqlite3_errmsg(sqlite3_db_handle(stmt))))
        }
    }

    static func position(_ segment: UInt64?, _ record: Int) -> String {
        if let segment { return "segment \(StoreLayout.segmentName(segment)) record \(record)" }
        return "open segment record \(record)"
    }
}
