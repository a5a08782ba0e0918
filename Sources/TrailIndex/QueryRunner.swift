import Foundation
import GRDB
import GRDBSQLite
import SegmentStore

/// Runs investigators' SQL on a read-only connection to the index.
///
/// Three locks on the door: the connection is opened read-only; an SQLite authorizer allows only
/// reading (no writes, no ATTACH/DETACH, no PRAGMA, no transactions), so a refused statement fails
/// when it is compiled, before anything runs; and a progress handler stops a statement at its time
/// limit. Parameters are always bound, never spliced into the SQL.
public struct QueryRunner {
    public let indexPath: String
    public var timeout: Double = 30
    /// SQL functions added to the connection; by default `subject_ref` (see `PersonalDataView`),
    /// so saved queries behind legal holds and `sql` rules can find a data subject's events too.
    public var functions: [DatabaseFunction]

    public init(indexPath: String) {
        self.indexPath = indexPath
        // The index lives at <store>/index/trail.sqlite (TrailIndex.path).
        let root = URL(fileURLWithPath: indexPath).deletingLastPathComponent().deletingLastPathComponent().path
        functions = PersonalDataView.functions(reader: PersonalDataReader(layout: StoreLayout(root: root)))
    }

    /// A result: column names and rows of SQLite values.
    public struct Result: Sendable {
        public var columns: [String]
        public var rows: [[Cell]]

        public init(columns: [String], rows: [[Cell]]) { self.columns = columns; self.rows = rows }
    }

    /// One result value as SQLite typed it.
    public enum Cell: Sendable, Equatable {
        case null
        case int(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// Runs a saved query with its parameters checked and typed (not audited: `Investigation` is the
    /// audited door; this one serves benchmarks and tests).
    public func run(saved query: SavedQuery, params: [String: String]) throws -> Result {
        try run(sql: query.sql, arguments: try query.bind(params))
    }

    /// Runs `sql` with text values bound by name (`:name`).
    public func run(sql: String, textArguments: [String: String]) throws -> Result {
        try run(sql: sql, arguments: StatementArguments(textArguments.mapValues { $0 as DatabaseValueConvertible? }))
    }

    /// Compiles and runs `sql` with `arguments` bound by name (`:actor`) or position (`?`).
    public func run(sql: String, arguments: StatementArguments = StatementArguments()) throws -> Result {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: indexPath, configuration: TrailIndex.configuration(readonly: true))
        } catch let e as DatabaseError {
            throw IndexError.unavailable(path: indexPath, reason: e.message ?? "\(e)")
        }
        let guardian = Guardian(deadline: Date().timeIntervalSince1970 + timeout)
        return try queue.inDatabase { db in
            let handle = db.sqliteConnection
            let context = Unmanaged.passRetained(guardian)
            defer {
                sqlite3_set_authorizer(handle, nil, nil)
                sqlite3_progress_handler(handle, 0, nil, nil)
                context.release()
            }
            sqlite3_set_authorizer(handle, authorize, context.toOpaque())
            sqlite3_progress_handler(handle, 10_000, checkDeadline, context.toOpaque())
            for f in functions { db.add(function: f) }
            do {
                let statements = try db.allStatements(sql: sql, arguments: arguments)
                var result = Result(columns: [], rows: [])
                var count = 0
                while let statement = try statements.next() {
                    count += 1
                    guard count == 1 else { throw IndexError.refused("one statement per query") }
                    result.columns = statement.columnNames
                    let cursor = try Row.fetchCursor(statement)
                    while let row = try cursor.next() {
                        result.rows.append(row.databaseValues.map(Cell.init))
                    }
                }
                return result
            } catch let e as DatabaseError {
                if let refusal = guardian.refusal { throw IndexError.refused(refusal) }
                if guardian.timedOut { throw IndexError.timeout(seconds: timeout) }
                if e.resultCode == .SQLITE_READONLY { throw IndexError.refused("the statement writes") }
                if e.resultCode == .SQLITE_MISUSE { throw IndexError.badParameter(e.message ?? "\(e)") }
                throw IndexError.sqlError(e.message ?? "\(e)")
            }
        }
    }
}

/// State shared with the C callbacks of one run.
final class Guardian {
    let deadline: TimeInterval
    var refusal: String?
    var timedOut = false
    init(deadline: TimeInterval) { self.deadline = deadline }
}

/// The authorizer: reading is allowed, everything else is refused with a reason kept for the error.
private func authorize(_ context: UnsafeMutableRawPointer?, _ action: Int32, _ a: UnsafePointer<CChar>?,
                       _ b: UnsafePointer<CChar>?, _ database: UnsafePointer<CChar>?, _ trigger: UnsafePointer<CChar>?) -> Int32 {
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_UPDATE where a.map({ String(cString: $0) }) == "sqlite_master":
        // SQLite reports this while an FTS5 table declares its columns on first use; the
        // connection is read-only, so no write can follow from it.
        return SQLITE_OK
    case SQLITE_PRAGMA:
        // Pragmas that only report (FTS5 itself reads data_version); any pragma given a value is refused.
        let name = a.map { String(cString: $0).lowercased() } ?? ""
        if b == nil, readingPragmas.contains(name) { return SQLITE_OK }
        if describingPragmas.contains(name) { return SQLITE_OK }
        fallthrough
    default:
        let guardian = Unmanaged<Guardian>.fromOpaque(context!).takeUnretainedValue()
        let detail = a.map { String(cString: $0) }.map { " \($0)" } ?? ""
        // CREATE and DROP first show up as a change to sqlite_master.
        let schema = detail == " sqlite_master" || detail == " sqlite_temp_master"
        if guardian.refusal == nil {
            guardian.refusal = schema ? "changing the schema (CREATE, DROP, ALTER) is not allowed" : "\(actionName(action))\(detail) is not allowed"
        }
        return SQLITE_DENY
    }
}

private let readingPragmas: Set<String> = [
    "data_version", "page_size", "page_count", "schema_version", "user_version", "compile_options", "freelist_count",
    "encoding", "function_list", "module_list", "pragma_list", "database_list", "table_list", "collation_list",
]
private let describingPragmas: Set<String> = ["table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"]

private func checkDeadline(_ context: UnsafeMutableRawPointer?) -> Int32 {
    let guardian = Unmanaged<Guardian>.fromOpaque(context!).takeUnretainedValue()
    if Date().timeIntervalSince1970 > guardian.deadline { guardian.timedOut = true; return 1 }
    return 0
}

private func actionName(_ code: Int32) -> String {
    switch code {
    case SQLITE_INSERT: return "INSERT into"
    case SQLITE_UPDATE: return "UPDATE of"
    case SQLITE_DELETE: return "DELETE from"
    case SQLITE_ATTACH: return "ATTACH"
    case SQLITE_DETACH: return "DETACH"
    case SQLITE_PRAGMA: return "PRAGMA"
    case SQLITE_TRANSACTION: return "a transaction statement"
    case SQLITE_CREATE_TABLE, SQLITE_CREATE_INDEX, SQLITE_CREATE_VIEW, SQLITE_CREATE_TRIGGER,
         SQLITE_CREATE_TEMP_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TEMP_TRIGGER,
         SQLITE_CREATE_VTABLE:
        return "CREATE"
    case SQLITE_DROP_TABLE, SQLITE_DROP_INDEX, SQLITE_DROP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_TEMP_TABLE,
         SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_VTABLE:
        return "DROP"
    case SQLITE_ALTER_TABLE: return "ALTER TABLE"
    case SQLITE_ANALYZE: return "ANALYZE"
    case SQLITE_REINDEX: return "REINDEX"
    case SQLITE_SAVEPOINT: return "SAVEPOINT"
    default: return "operation \(code)"
    }
}

extension QueryRunner.Cell {
    init(_ v: DatabaseValue) {
        switch v.storage {
        case .null: self = .null
        case let .int64(i): self = .int(i)
        case let .double(d): self = .real(d)
        case let .string(s): self = .text(s)
        case let .blob(d): self = .blob([UInt8](d))
        }
    }
}
