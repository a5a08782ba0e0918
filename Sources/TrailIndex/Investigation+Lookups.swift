import GRDB
import SegmentStore
import TrailModel

extension Investigation {
    /// The common investigation without SQL: one actor's or one resource's events in a period,
    /// oldest first. (The SQL is chosen from fixed texts; values are bound.)
    public func timeline(actor: String?, resource: String?, from: Timestamp?, to: Timestamp?, limit: Int = 10_000) throws -> QueryRunner.Result {
        var conditions: [String] = []
        var args: [String: DatabaseValueConvertible?] = ["limit": limit]
        var params: [String: String] = ["limit": String(limit)]
        if let actor { conditions.append("actor = :actor"); args["actor"] = actor; params["actor"] = actor }
        if let resource { conditions.append("resource = :resource"); args["resource"] = resource; params["resource"] = resource }
        guard !conditions.isEmpty else { throw IndexError.badParameter("timeline needs --actor or --resource") }
        if let from { conditions.append("time >= :from"); args["from"] = from.rfc3339; params["from"] = from.rfc3339 }
        if let to { conditions.append("time < :to"); args["to"] = to.rfc3339; params["to"] = to.rfc3339 }
        let sql = """
            SELECT time, source, actor, action, resource, outcome, origin, session,
                   CASE WHEN sealed = 1 THEN segment || ':' || record ELSE 'open:' || source || ':' || record END AS ref
            FROM events WHERE \(conditions.joined(separator: " AND ")) ORDER BY time, rowid LIMIT :limit
            """
        return try run(sql: sql, arguments: StatementArguments(args), saved: "timeline", params: params)
    }

    /// One event with its seal status and, once sealed, its inclusion proof (built and checked).
    public struct Shown: Sendable {
        public var columns: [String]
        public var values: [QueryRunner.Cell]
        public var sealed: Bool
        /// The proof document (`sealtrail verify-proof` reads it); nil while the segment is open.
        public var proof: [UInt8]?
        public var verified: Prover.Verified?

        public func value(_ column: String) -> QueryRunner.Cell? {
            columns.firstIndex(of: column).map { values[$0] }
        }
    }

    /// Looks up `ref`: `SEGMENT:RECORD` (a sealed position), `open:SOURCE:RECORD`, or an event id.
    /// An id shared by events of several sources is an error that lists their positions.
    public func show(ref: String) throws -> Shown {
        let parts = ref.split(separator: ":", omittingEmptySubsequences: false)
        let sql: String
        var args: [String: DatabaseValueConvertible?] = [:]
        if parts.count == 2, let seg = Int64(parts[0]), let rec = Int64(parts[1]) {
            sql = "SELECT * FROM events WHERE segment = :segment AND record = :record"
            args = ["segment": seg, "record": rec]
        } else if parts.count == 3, parts[0] == "open", let rec = Int64(parts[2]) {
            sql = "SELECT * FROM events WHERE segment IS NULL AND source = :source AND record = :record"
            args = ["source": String(parts[1]), "record": rec]
        } else {
            sql = "SELECT * FROM events WHERE id = :id ORDER BY rowid LIMIT 20"
            args = ["id": ref]
        }
        let r = try run(sql: sql, arguments: StatementArguments(args), saved: "show", params: ["ref": ref])
        guard let row = r.rows.first else { throw StoreError.eventNotFound(ref: ref) }
        func col(_ name: String, _ row: [QueryRunner.Cell]) -> QueryRunner.Cell { r.columns.firstIndex(of: name).map { row[$0] } ?? .null }
        if r.rows.count > 1 {
            let refs = r.rows.map { row -> String in
                if case let .int(s) = col("segment", row), case let .int(i) = col("record", row) { return "\(s):\(i)" }
                return "open:\(col("source", row).text ?? ""):\(col("record", row).text ?? "")"
            }
            throw IndexError.badParameter("\(r.rows.count) events have id '\(ref)'; show one by position: \(refs.joined(separator: ", "))")
        }
        var shown = Shown(columns: r.columns, values: row, sealed: col("sealed", row) == .int(1))
        if shown.sealed, case let .int(seg) = col("segment", row), case let .int(rec) = col("record", row) {
            let proof = try Prover.prove(store: store, ref: "\(seg):\(rec)")
            shown.proof = proof
            let verified = try Prover.verify(proof: proof)
            guard try KeyRing.publicKeys(layout: store.layout)[verified.keyId] != nil else {
                throw StoreError.badSeal(path: "proof", reason: "signed by key \(verified.keyId), which is not one of this store's keys")
            }
            shown.verified = verified
        }
        return shown
    }
}
