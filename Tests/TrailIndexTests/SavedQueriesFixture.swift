import Collectors
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

/// Builds small real stores from planted events and runs the repository's saved queries
/// (`queries/*.sql`) on them through `Investigation`, the way `sealtrail query --saved` does.
enum SavedQueries {
    /// The repository's `queries/` directory, found from this file's path (no `/work/shared`, no CLI).
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }        // …/Tests/TrailIndexTests/<file> → repo root
        return url.appendingPathComponent("queries").path
    }()

    /// Every saved query, by name (loaded once).
    static func all() throws -> [String: SavedQuery] { try SavedQuery.load(directory: directory) }

    /// The saved query `name`; a missing file is a test failure with the name in it.
    static func named(_ name: String) throws -> SavedQuery {
        guard let q = try all()[name] else { throw FixtureError("no saved query '\(name)' in \(directory)") }
        return q
    }

    /// A new store in a temp dir holding `events` (sealed) and the `quarantined` records.
    static func store(_ events: [TrailEvent], quarantined: [QuarantinedRecord] = [], name: String = "saved") throws -> Store {
        let dir = NSTemporaryDirectory() + "sealtrail-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let store = try Store.initialize(path: dir, origin: "test.local/saved-queries")
        let writer = try TrailWriter(store: store, threads: 1)
        for e in events { _ = try writer.accept(e, identity: e.id.map { .sourceId($0) }) }
        for q in quarantined { try writer.quarantine(q) }
        try writer.close()
        return store
    }

    /// Runs saved query `name` with `params` as investigator `actor`, and returns its rows by column.
    static func run(_ name: String, on store: Store, _ params: [String: String] = [:],
                    actor: String = "investigator@test") throws -> Rows {
        let inv = Investigation(store: store, actor: actor)
        return Rows(try inv.run(saved: try named(name), params: params))
    }

    /// Stops a test with a message.
    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}

/// A query result read by column name; every value as text (`NULL` for null) so expectations stay short.
struct Rows {
    let result: QueryRunner.Result

    init(_ result: QueryRunner.Result) { self.result = result }

    var count: Int { result.rows.count }
    var columns: [String] { result.columns }

    /// The values of one column, top to bottom.
    func column(_ name: String) -> [String] {
        guard let k = result.columns.firstIndex(of: name) else { return ["<no column \(name)>"] }
        return result.rows.map { Rows.text($0[k]) }
    }

    /// Several columns per row, e.g. `rows.tuples("actor", "calls")` → `[["svc:a", "3"], …]`.
    func tuples(_ names: String...) -> [[String]] {
        (0..<count).map { r in names.map { name in column(name)[r] } }
    }

    /// The comma-separated values of a `group_concat` cell as a set (SQLite does not order them).
    func set(_ name: String, row: Int) -> Set<String> {
        guard row < count else { return ["<no row \(row)>"] }
        return Set(column(name)[row].split(separator: ",").map(String.init))
    }

    static func text(_ cell: QueryRunner.Cell) -> String {
        switch cell {
        case .null: return "NULL"
        case let .int(i): return String(i)
        case let .real(d): return String(d)
        case let .text(s): return s
        case let .blob(b): return "<\(b.count) bytes>"
        }
    }
}

/// Planted events: app events built field by field, and real collector input parsed by the
/// collectors' own parsers (so a query is tested against what the collectors really produce).
enum Plant {
    /// Monday 2 March 2026, 00:00 UTC: day 0 of every scenario.
    static let monday = Timestamp.utc(year: 2026, month: 3, day: 2)

    /// `day` days after Monday 2 March 2026, at `h:m:s` UTC.
    static func at(_ day: Int64, _ h: Int64, _ m: Int64, _ s: Int64 = 0) -> Timestamp {
        Timestamp(micros: monday.micros + ((day * 24 + h) * 3600 + m * 60 + s) * 1_000_000)
    }

    /// The index's text form of `at(…)`, for `from`/`to` parameters and expected times.
    static func text(_ day: Int64, _ h: Int64, _ m: Int64, _ s: Int64 = 0) -> String { at(day, h, m, s).rfc3339 }

    nonisolated(unsafe) private static var serial = 0
    private static let lock = NSLock()

    private static func nextId() -> String {
        lock.lock(); defer { lock.unlock() }
        serial += 1
        return "evt-\(serial)"
    }

    /// One application event (source `app`, format `app-json`).
    static func app(_ time: Timestamp, _ actor: String, _ action: String, _ resource: String,
                    _ outcome: Outcome = .success, origin: String = "10.0.0.1", session: String? = nil,
                    attributes: [(String, JSONValue)] = [], source: String = "app") -> TrailEvent {
        TrailEvent(id: nextId(), time: time, received: time, source: source, format: "app-json", actor: actor,
                   action: action, resource: resource, outcome: outcome, origin: origin, session: session,
                   attributes: attributes, raw: "{\"actor\":\"\(actor)\",\"action\":\"\(action)\"}")
    }

    private static func context(_ source: String) -> ParseContext {
        ParseContext(source: source, received: at(30, 0, 0))
    }

    /// Syslog lines (RFC 5424 or BSD with an RFC 3339 time) read by `SyslogParser`.
    static func syslog(_ lines: [String], source: String = "auth") throws -> [TrailEvent] {
        try lines.map { line in
            try Array(line.utf8).withUnsafeBytes { buf in try SyslogParser().parse(buf, context: context(source)) }
        }
    }

    /// One `journalctl -o json` line per record, read by `JournaldParser`.
    static func journal(_ records: [[String: String]], source: String = "journal") throws -> [TrailEvent] {
        let lines = try records.map { r in
            String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
        }
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)
        return try input.withUnsafeBytes { buf in
            try JournaldParser(layout: .json).records(in: buf, context: context(source)).map { try $0.get() }
        }
    }

    /// A journal record's fields at `time` (`__REALTIME_TIMESTAMP`, a cursor, a boot id) plus `fields`.
    static func journalRecord(_ time: Timestamp, _ fields: [String: String]) -> [String: String] {
        fields.merging(["__REALTIME_TIMESTAMP": String(time.micros), "__CURSOR": "s=1;i=\(time.micros)",
                        "_BOOT_ID": "b00700000000000000000000000000aa", "_HOSTNAME": "pay-1"]) { a, _ in a }
    }

    /// CloudTrail records (one JSON object each) read by `CloudTrailParser` from one `{"Records":[…]}` file.
    static func cloudTrail(_ records: [String], source: String = "cloudtrail") throws -> [TrailEvent] {
        let document = Array(("{\"Records\":[" + records.joined(separator: ",") + "]}").utf8)
        return try document.withUnsafeBytes { buf in try CloudTrailParser().events(in: buf, context: context(source)) }
    }

    /// A CloudTrail record: `identity` is the `userIdentity` object, `extra` more members (JSON text).
    static func trail(_ time: Timestamp, _ service: String, _ name: String, identity: String, ip: String,
                      parameters: String = "null", response: String = "null", extra: String = "") -> String {
        let id = nextId()
        return #"{"eventVersion":"1.08","userIdentity":\#(identity),"eventTime":"\#(time.rfc3339)","eventSource":"\#(service)","#
            + #""eventName":"\#(name)","awsRegion":"eu-west-1","sourceIPAddress":"\#(ip)","userAgent":"aws-cli/2.15.0","#
            + #""requestParameters":\#(parameters),"responseElements":\#(response),\#(extra)"requestID":"req-\#(id)","#
            + #""eventID":"\#(id)","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#
    }

    /// `userIdentity` of an IAM user, of the account root, and of an assumed role.
    static func iamUser(_ name: String) -> String {
        #"{"type":"IAMUser","principalId":"AIDA\#(name.uppercased())","arn":"arn:aws:iam::111122223333:user/\#(name)","accountId":"111122223333","userName":"\#(name)"}"#
    }
    static let root = #"{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}"#
    static func role(_ role: String, _ session: String) -> String {
        #"{"type":"AssumedRole","principalId":"AROAEXAMPLE:\#(session)","arn":"arn:aws:sts::111122223333:assumed-role/\#(role)/\#(session)","accountId":"111122223333"}"#
    }
}
