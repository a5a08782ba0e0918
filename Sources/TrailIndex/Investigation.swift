import Foundation
import GRDB
import Sealing
import SegmentStore
import TrailModel

/// An audited read of the trail (PCI DSS 10.2.1.3): bring the index up to date, run the query
/// read-only, and record who ran what, with which parameters and how many rows, as an event of
/// source `sealtrail` in the trail itself.
public struct Investigation {
    public let store: Store
    /// Who runs the query (`SEALTRAIL_ACTOR`, else the OS user at this host).
    public var actor: String
    public var timeout: Double = 30
    /// Called with one line for each thing worth telling the user (catch-up notes, audit hand-over).
    public var notes: ((String) -> Void)?

    public init(store: Store, actor: String = Investigation.defaultActor()) {
        self.store = store
        self.actor = actor
    }

    public static func defaultActor() -> String {
        let env = ProcessInfo.processInfo.environment
        if let a = env["SEALTRAIL_ACTOR"], !a.isEmpty { return a }
        let user = env["USER"] ?? env["LOGNAME"] ?? getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? String(geteuid())
        return user + "@" + ProcessInfo.processInfo.hostName
    }

    /// Runs ad hoc SQL with `params` bound as text by name (`:name`), and records the run.
    public func run(sql: String, params: [String: String] = [:]) throws -> QueryRunner.Result {
        try run(sql: sql, arguments: StatementArguments(params.mapValues { $0 as DatabaseValueConvertible? }), saved: nil, params: params)
    }

    /// Runs a saved query with its parameters checked and typed, and records the run.
    public func run(saved query: SavedQuery, params: [String: String] = [:]) throws -> QueryRunner.Result {
        let arguments: StatementArguments
        do { arguments = try query.bind(params) } catch {
            try record(sql: query.sql, saved: query.name, params: params, rows: nil, elapsedMs: 0, error: "\(error)")
            throw error
        }
        return try run(sql: query.sql, arguments: arguments, saved: query.name, params: params)
    }

    /// Runs `sql` (ad hoc, or the text of the saved or built-in query `saved`) and records the run.
    func run(sql: String, arguments: StatementArguments, saved: String?, params: [String: String]) throws -> QueryRunner.Result {
        let index = try TrailIndex(store: store)
        do {
            let r = try index.catchUp()
            for n in r.notes { notes?(n) }
        } catch {
            notes?("warning: the index could not catch up (\(error)); results cover what was indexed before")
        }
        var runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        runner.timeout = timeout
        let personal = PersonalDataReader(layout: store.layout)
        runner.functions = PersonalDataView.functions(reader: personal)
        let started = Date()
        let result: Result<QueryRunner.Result, Error>
        var shown = PersonalDataReader.Counts()
        do {
            var r = try runner.run(sql: sql, arguments: arguments)
            shown = PersonalDataView.reveal(&r, reader: personal)
            result = .success(r)
        } catch { result = .failure(error) }
        if let n = PersonalDataView.note(shown, reader: personal) { notes?(n) }
        let elapsed = Date().timeIntervalSince(started) * 1000
        var rows: Int?
        var failure: String?
        switch result {
        case let .success(r): rows = r.rows.count
        case let .failure(e): failure = "\(e)"
        }
        try record(sql: sql, saved: saved, params: params, rows: rows, elapsedMs: elapsed, error: failure, decrypted: shown.decrypted)
        return try result.get()
    }

    /// The audit event of one query run.
    public func auditEvent(sql: String, saved: String?, params: [String: String], rows: Int?, elapsedMs: Double,
                           error: String?, decrypted: Int = 0, at now: Timestamp = .now) -> TrailEvent {
        var attrs: [(String, JSONValue)] = [
            ("sql", .string(sql)), ("sqlSha256", .string(Hash32.sha256(Array(sql.utf8)).hex)),
            ("params", .object(params.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("elapsedMs", .number(String(format: "%.3f", elapsedMs))),
        ]
        if let saved { attrs.append(("saved", .string(saved))) }
        if let rows { attrs.append(("rows", .number(String(rows)))) }
        if let error { attrs.append(("error", .string(error))) }
        // Personal values shown in clear (docs/privacy.md): reading personal data is itself recorded.
        if decrypted > 0 { attrs.append(("personalDataDecrypted", .number(String(decrypted)))) }
        let host = ProcessInfo.processInfo.hostName
        let record: JSONValue = .object(attrs + [("actor", .string(actor)), ("host", .string(host)), ("time", .string(now.rfc3339))])
        return TrailEvent(id: "query-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                          format: "sealtrail-audit", actor: actor, action: "trail.query",
                          resource: saved.map { "saved-query:" + $0 } ?? "adhoc-query",
                          outcome: error == nil ? .success : .failure, origin: host, session: nil, attributes: attrs,
                          raw: String(decoding: CanonicalJSON.encode(record), as: UTF8.self))
    }

    private func record(sql: String, saved: String?, params: [String: String], rows: Int?, elapsedMs: Double, error: String?,
                        decrypted: Int = 0) throws {
        let (sql, params) = PersonalDataView.redact(sql: sql, params: params, layout: store.layout)
        let event = auditEvent(sql: sql, saved: saved, params: params, rows: rows, elapsedMs: elapsedMs, error: error, decrypted: decrypted)
        if let note = try AuditSpool.record(store: store, event) { notes?(note) }
    }
}
