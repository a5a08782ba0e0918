import Foundation
import SegmentStore
import Testing
import TrailModel

/// Queries about the trail itself: who read it, what was quarantined, which sources went quiet.
@Suite("Saved queries: the trail itself", .serialized)
struct SavedQueriesTrailTests {
    typealias P = Plant

    /// Two sources with known last events and silences, and three quarantined records.
    static let store: Result<Store, Error> = Result {
        let auth = [P.at(0, 10, 0), P.at(0, 10, 5), P.at(0, 10, 40), P.at(0, 10, 40, 50), P.at(0, 10, 45), P.at(0, 11, 30)].map {
            P.app($0, "root", "sudo.command", "root", source: "auth")
        }
        let app = [P.app(P.at(0, 9, 0), "user:u-1", "user.login", "user:u-1"),
                   P.app(P.at(0, 12, 0), "user:u-1", "user.logout", "user:u-1")]
        let quarantined = [
            QuarantinedRecord(source: "auth", format: "syslog", file: "/var/log/auth.log", line: 3, offset: 100,
                              reason: "expected a month name", bytes: Array("0123456789".utf8)),
            QuarantinedRecord(source: "auth", format: "syslog", file: "/var/log/auth.log.1", line: 9, offset: 900,
                              reason: "expected a month name", bytes: Array("01234567890123456789".utf8)),
            QuarantinedRecord(source: "app", format: "app-json", file: "/data/app.jsonl", line: 1, offset: 0,
                              reason: "not valid JSON", bytes: Array("{oops".utf8)),
        ]
        return try SavedQueries.store(auth + app, quarantined: quarantined, name: "trail")
    }

    func run(_ name: String, _ params: [String: String] = [:]) throws -> Rows {
        try SavedQueries.run(name, on: try Self.store.get(), params)
    }

    /// Quarantine grouped by source, format and reason, most unresolved first, with files and bytes.
    @Test func quarantineSummary() throws {
        let rows = try run("quarantine-summary")
        #expect(rows.tuples("source", "format", "reason", "records", "unresolved", "files", "bytes") == [
            ["auth", "syslog", "expected a month name", "2", "2", "2", "30"],
            ["app", "app-json", "not valid JSON", "1", "1", "1", "5"],
        ])
    }

    /// The newest event per source and its age at `as_of`: auth is 50 minutes old (stale past 30),
    /// app 20 (fresh). The `sealtrail` source (these tests' own query records) comes last.
    @Test func sourceFreshness() throws {
        let rows = try run("source-freshness", ["as_of": P.text(0, 12, 20), "max_age_minutes": "30"])
        #expect(Array(rows.tuples("source", "events", "last_time", "age_minutes", "status").prefix(2)) == [
            ["auth", "6", P.text(0, 11, 30), "50.0", "stale"],
            ["app", "2", P.text(0, 12, 0), "20.0", "fresh"],
        ])
        #expect(rows.column("source").dropFirst(2).allSatisfy { $0 == "sealtrail" })
        let bad = try run("source-freshness", ["as_of": "last tuesday"])
        #expect(Set(bad.column("status")) == ["invalid as_of"])
    }

    /// Silences of one source at least `min_gap_minutes` long, including the period's silent end,
    /// and a period with no event at all; two events in one minute do not hide a gap.
    @Test func sourceGaps() throws {
        let period = ["source": "auth", "from": P.text(0, 9, 50), "to": P.text(0, 12, 30)]
        let rows = try run("source-gaps", period)
        #expect(rows.tuples("gap_start", "gap_end", "gap_minutes", "kind") == [
            [P.text(0, 10, 5), P.text(0, 10, 40), "35.0", "between events"],
            [P.text(0, 10, 45), P.text(0, 11, 30), "45.0", "between events"],
            [P.text(0, 11, 30), P.text(0, 12, 30), "60.0", "to period end"],
        ])
        let fine = try run("source-gaps", period.merging(["min_gap_minutes": "5"]) { $1 })
        // 10:40:50 → 10:45 is 4.2 minutes: measured from the last event of a minute, not its first.
        #expect(fine.column("kind") == ["from period start"] + Array(repeating: "between events", count: 3) + ["to period end"])
        #expect(fine.column("gap_minutes") == ["10.0", "5.0", "35.0", "45.0", "60.0"])
        let quiet = try run("source-gaps", ["source": "auth", "from": P.text(1, 0, 0), "to": P.text(1, 1, 0)])
        #expect(quiet.tuples("gap_minutes", "kind") == [["60.0", "whole period"]])
    }

    /// App audit queries and CloudTrail LookupEvents in March; then this store's own query runs
    /// (source `sealtrail`): a saved query, a refused run with its failure, named by investigator.
    @Test func auditTrailAccess() throws {
        let store = try SavedQueries.store([
            P.app(P.at(0, 9, 0), "admin:alice", "audit.query", "audit:trail", attributes: [("query", .string("actor = bob")), ("rows", .number("12"))]),
            P.app(P.at(0, 9, 30), "role:external-auditor", "audit.query", "audit:trail", attributes: [("query", .string("action = role.grant"))]),
            P.app(P.at(0, 9, 45), "admin:alice", "audit.export", "audit:trail"),
        ] + (try P.cloudTrail([P.trail(P.at(0, 10, 0), "cloudtrail.amazonaws.com", "LookupEvents", identity: P.iamUser("carol"),
                                       ip: "192.0.2.5", parameters: #"{"maxResults":50}"#)])), name: "audit")
        let march = try SavedQueries.run("audit-trail-access", on: store, ["from": "2026-03-02", "to": "2026-03-03"])
        #expect(march.tuples("time", "actor", "query", "rows") == [
            [P.text(0, 9, 0), "admin:alice", "actor = bob", "12"],
            [P.text(0, 9, 30), "role:external-auditor", "action = role.grant", "NULL"],
            [P.text(0, 10, 0), "arn:aws:iam::111122223333:user/carol", "LookupEvents", "NULL"],
        ])

        _ = try SavedQueries.run("actor-timeline", on: store, ["actor": "admin:alice", "from": "2026-03-02", "to": "2026-03-03"],
                                 actor: "auditor@test")
        #expect(throws: (any Error).self) {
            try SavedQueries.run("actor-timeline", on: store, ["actor": "x", "from": "2026-03-02", "to": "soon"], actor: "auditor@test")
        }
        let now = Timestamp.now.micros, day: Int64 = 86_400_000_000
        let recent = try SavedQueries.run("audit-trail-access", on: store, [
            "from": Timestamp(micros: now - day).rfc3339, "to": Timestamp(micros: now + day).rfc3339,
        ], actor: "reviewer@test")
        #expect(recent.tuples("actor", "source", "query", "rows", "outcome") == [
            ["investigator@test", "sealtrail", "saved:audit-trail-access", "3", "success"],
            ["auditor@test", "sealtrail", "saved:actor-timeline", "2", "success"],
            ["auditor@test", "sealtrail", "saved:actor-timeline", "NULL", "failure"],
        ])
        #expect(recent.column("params").dropFirst().first?.contains(#""actor":"admin:alice""#) == true)
    }
}
