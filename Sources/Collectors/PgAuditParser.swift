import Foundation
import TrailModel

/// One record of a multi-line input that could not be read: where it starts, why, and its exact bytes
/// (so it can go to quarantine unchanged). Shared by the splitters of `PgAuditParser` and `JournaldParser`.
public struct RecordFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the record's first byte in the input.
    public var offset: Int
    /// 1-based line number of the record's first byte (counting every 0x0A byte before it).
    public var line: Int
    /// What was wrong; names positions, never the record's content.
    public var reason: String
    /// The record's bytes as found (through the point where reading could resume).
    public var bytes: [UInt8]

    public init(offset: Int, line: Int, reason: String, bytes: [UInt8]) {
        self.offset = offset; self.line = line; self.reason = reason; self.bytes = bytes
    }

    public var description: String { "record at byte \(offset) (line \(line)): \(reason)" }
}

/// PostgreSQL logs with pgaudit entries: `pgaudit-csv` (the csvlog, RFC 4180, records may span lines)
/// and `pgaudit-stderr` (stderr log lines with `log_line_prefix = '%m [%p] %q%u@%d '`).
///
/// A pgaudit entry is a log message starting `AUDIT: ` followed by CSV fields:
/// `AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,COMMAND,OBJECT_TYPE,OBJECT_NAME,STATEMENT,PARAMETER`, e.g.
/// `AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,"select * from account",<not logged>`.
///
/// | field | csvlog | stderr |
/// | --- | --- | --- |
/// | `time` | `log_time` (`2015-08-12 16:13:43.123 EDT`; numeric offsets or a known zone abbreviation¹) | the `%m`/`%t` prefix time |
/// | `actor` | `user_name` | `%u` |
/// | `action` | `CLASS:COMMAND` (`READ:SELECT`, `ROLE:GRANT`) | same |
/// | `resource` | `OBJECT_NAME`, else `database_name` | `OBJECT_NAME`, else `%d` |
/// | `outcome` | `failure` when `error_severity` is ERROR, FATAL or PANIC, else `success` | same |
/// | `origin` | host of `connection_from` without the port (`[local]` for the Unix socket) | null |
/// | `session` | `session_id` | null |
/// | `id` | `session_id:session_line_num` (unique per log line, so two entries of one statement differ) | null |
///
/// Attributes, in order: `auditType statementId substatementId class command objectType objectName
/// statement parameter` (ids as numbers, empty fields null; `parameter` as logged, e.g. `<not logged>`), then `database
/// application processId` (null when absent), then whichever of the remaining columns are not NULL:
/// `port sessionLine commandTag sessionStart virtualTransactionId transactionId severity sqlState detail
/// hint internalQuery internalQueryPos context query queryPos location backendType leaderPid queryId`.
///
/// **Lines that are not pgaudit entries** (connection logs, errors, notices) are skipped by default
/// and counted in `PgAuditScan.skipped` by reason; with `nonAudit: .keep` they become events with
/// action `postgres.<severity lowercased>` (`postgres.fatal`), outcome `failure` for ERROR/FATAL/PANIC
/// else `unknown`, and the message in `attributes.message`.
///
/// A time without a zone is read in `context.timeZone` and recorded as `clock: "assumed:<zone>"`; an
/// unknown zone abbreviation refuses the record rather than guess.
///
/// ¹ UTC GMT UT Z WET WEST BST CET CEST MET MEST EET EEST MSK IST(India) PKT JST KST HKT SGT AWST ACST
/// ACDT AEST AEDT NZST NZDT HST AKST AKDT PST PDT MST MDT CST CDT EST EDT AST ADT NST NDT BRT ART.
public struct PgAuditParser: Sendable {
    /// The two log layouts.
    public enum Layout: String, Sendable, CaseIterable {
        case csv = "pgaudit-csv"
        case stderr = "pgaudit-stderr"
    }

    /// What to do with log lines that are not pgaudit entries.
    public enum NonAuditPolicy: Sendable {
        /// Leave them out, counted in `PgAuditScan.skipped`.
        case skip
        /// Turn them into `postgres.<severity>` events.
        case keep
    }

    /// `pgaudit-csv` or `pgaudit-stderr`.
    public let format: String
    public let layout: Layout
    public let nonAudit: NonAuditPolicy

    /// The csvlog reader, skipping non-AUDIT lines.
    public init() { self.init(layout: .csv) }

    public init(layout: Layout, nonAudit: NonAuditPolicy = .skip) {
        self.layout = layout; self.nonAudit = nonAudit; format = layout.rawValue
    }

    /// Splits a whole input into records and maps each; returns, in order, for each record either its
    /// event or a failure with the record's byte offset, line number and exact bytes. Skipped
    /// (non-AUDIT) records are left out; `scan` also counts them.
    public func records(in input: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        scan(in: input, context: context).results
    }

    /// Like `records(in:context:)`, with the count of skipped records by reason.
    public func scan(in input: UnsafeRawBufferPointer, context: ParseContext) -> PgAuditScan {
        var out = PgAuditScan()
        var lines = RecordLineCounter(input)
        func emit(_ r: PgRawRecord) {
            let bytes = UnsafeRawBufferPointer(rebasing: input[r.start..<r.end])
            let line = lines.line(at: r.start)
            func fail(_ reason: String) {
                out.results.append(.failure(RecordFailure(offset: r.start, line: line, reason: reason, bytes: Array(bytes))))
            }
            if let reason = r.failure { return fail(reason) }
            do {
                if let event = try map(r.columns, raw: bytes, context: context) {
                    out.results.append(.success(event))
                } else {
                    let severity = r.columns[PgColumn.severity] ?? "no severity"
                    out.skipped["not an AUDIT message (\(severity))", default: 0] += 1
                }
            } catch {
                fail(error.description)
            }
        }
        switch layout {
        case .csv: PgAuditCSV.split(input, emit)
        case .stderr: PgAuditStderr.split(input, emit)
        }
        return out
    }
}

/// The outcome of `PgAuditParser.scan`: results in input order plus what was left out.
public struct PgAuditScan: Sendable {
    public var results: [Result<TrailEvent, RecordFailure>] = []
    /// Records skipped on purpose (not pgaudit entries), by reason.
    public var skipped: [String: Int] = [:]
    /// How many records were skipped in all.
    public var skippedCount: Int { skipped.values.reduce(0, +) }
}

/// One record found by a splitter: its byte range and either its csvlog columns or why it is unreadable.
struct PgRawRecord {
    var start: Int
    var end: Int
    /// At least `PgColumn.count` entries; nil is a NULL (unquoted empty) column.
    var columns: [String?] = []
    var failure: String?
}

/// Column positions of the PostgreSQL csvlog (23 columns; 24–26 in newer versions).
enum PgColumn {
    static let logTime = 0, user = 1, database = 2, pid = 3, connectionFrom = 4, sessionID = 5, sessionLine = 6
    static let commandTag = 7, sessionStart = 8, vxid = 9, xid = 10, severity = 11, sqlState = 12, message = 13
    static let detail = 14, hint = 15, internalQuery = 16, internalQueryPos = 17, context = 18, query = 19
    static let queryPos = 20, location = 21, application = 22, backendType = 23, leaderPID = 24, queryID = 25
    /// Columns every csvlog line has.
    static let required = 23
    /// Columns known by name.
    static let count = 26
}

/// Counts lines for failure reports as offsets increase (one pass over the input overall).
struct RecordLineCounter {
    let input: UnsafeRawBufferPointer
    var position = 0
    var lineNumber = 1

    init(_ input: UnsafeRawBufferPointer) { self.input = input }

    /// The 1-based line of `offset`; offsets must not decrease between calls.
    mutating func line(at offset: Int) -> Int {
        while position < offset {
            if input[position] == 0x0A { lineNumber += 1 }
            position += 1
        }
        return lineNumber
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as `raw` text, or base64 (with `true`) when they are not UTF-8.
    var trailRaw: (String, Bool) {
        if let text = String(validating: self, as: UTF8.self) { return (text, false) }
        return (Data(self).base64EncodedString(), true)
    }
}
