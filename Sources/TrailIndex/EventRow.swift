import GRDB
import Sealing
import TrailModel

/// One event line turned into the `events` table's columns.
struct EventRow {
    static let insertSQL = """
        INSERT INTO events(segment, record, sealed, source, format, id, time, received, actor, action, resource,
                           outcome, origin, session, clock, attributes, raw, raw_encoding, leaf)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Decodes a canonical event line (as sealed or in a WAL) into the insert's arguments.
    static func arguments(line: UnsafeRawBufferPointer, segment: UInt64?, record: Int, leaf: Hash32) throws -> StatementArguments {
        let v: JSONValue
        do { v = try JSONParser.parse(Array(line)) } catch {
            throw IndexError.badRecord(where: position(segment, record), reason: "\(error)")
        }
        guard case .object = v else { throw IndexError.badRecord(where: position(segment, record), reason: "not a JSON object") }
        func s(_ k: String) -> String? { v[k]?.scalarText }
        func need(_ k: String) throws -> String {
            guard let x = s(k) else { throw IndexError.badRecord(where: position(segment, record), reason: "missing field \(k)") }
            return x
        }
        let attributes = CanonicalJSON.encode(.object(v["attributes"]?.objectMembers ?? []))
        let values: [DatabaseValueConvertible?] = [
            segment.map { Int64($0) }, Int64(record), segment == nil ? 0 : 1,
            try need("source"), try need("format"), s("id"), try need("time"), try need("received"),
            s("actor"), s("action"), s("resource"), try need("outcome"), s("origin"), s("session"), s("clock"),
            String(decoding: attributes, as: UTF8.self), try need("raw"), s("rawEncoding"), leaf.hex,
        ]
        return StatementArguments(values)
    }

    static func position(_ segment: UInt64?, _ record: Int) -> String {
        if let segment { return "segment \(StoreLayoutName.name(segment)) record \(record)" }
        return "open segment record \(record)"
    }
}

/// Segment names as the store prints them.
enum StoreLayoutName {
    static func name(_ seq: UInt64) -> String {
        let s = String(seq)
        return String(repeating: "0", count: max(0, 12 - s.count)) + s
    }
}
