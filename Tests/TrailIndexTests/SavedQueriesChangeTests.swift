import Foundation
import SegmentStore
import Testing
import TrailModel

/// Change and data-access queries on planted events: privilege grants and removals, unapproved
/// changes, off-hours admin work, logging tampering, detokenize calls, bulk reads and SCA retries.
/// Day 0 is Monday 2 March 2026; each scenario has its own day.
@Suite("Saved queries: changes and data access", .serialized)
struct SavedQueriesChangeTests {
    typealias P = Plant

    static let store: Result<Store, Error> = Result {
        var events: [TrailEvent] = []
        func attrs(_ pairs: (String, String)...) -> [(String, JSONValue)] { pairs.map { ($0.0, .string($0.1)) } }
        // Day 0: privilege changes from the app, Linux and AWS IAM.
        events += [
            P.app(P.at(0, 9, 0), "admin:alice", "role.grant", "role:payments-admin", attributes: attrs(("grantee", "admin:dave"), ("change", "CHG-1"))),
            P.app(P.at(0, 9, 30), "admin:bob", "role.revoke", "role:support-agent", attributes: attrs(("grantee", "admin:erin"))),
            P.app(P.at(0, 9, 45), "admin:bob", "config.change", "config:fraud.threshold", attributes: attrs(("old", "0.8"), ("new", "0.9"))),
        ]
        events += try P.syslog(["<86>1 \(P.text(0, 10, 0)) web1 gpasswd 300 - - user frank added by root to group sudo"])
        events += try P.cloudTrail([
            P.trail(P.at(0, 11, 0), "iam.amazonaws.com", "AttachUserPolicy", identity: P.iamUser("admin"), ip: "192.0.2.1",
                    parameters: #"{"userName":"gina","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"#),
        ])
        // Day 1: changes and their approvals.
        events += [
            P.app(P.at(1, 8, 50), "admin:carol", "change.approve", "change:CHG-11"),
            P.app(P.at(1, 9, 0), "admin:alice", "role.grant", "role:fraud-analyst", attributes: attrs(("grantee", "admin:dave"), ("change", "CHG-11"))),
            P.app(P.at(1, 9, 10), "admin:alice", "role.grant", "role:key-custodian", attributes: attrs(("grantee", "admin:dave"), ("change", "CHG-12"))),
            P.app(P.at(1, 9, 15), "admin:alice", "change.approve", "change:CHG-13"),
            P.app(P.at(1, 9, 20), "admin:alice", "role.grant", "role:platform-admin", attributes: attrs(("grantee", "admin:alice"), ("change", "CHG-13"))),
            P.app(P.at(1, 9, 30), "admin:alice", "role.grant", "role:support-agent", attributes: attrs(("grantee", "admin:erin"), ("change", "CHG-14"))),
            P.app(P.at(1, 9, 35), "admin:carol", "change.approve", "change:CHG-14"),
            P.app(P.at(1, 9, 40), "admin:bob", "config.change", "config:tls.min_version", attributes: attrs(("old", "1.2"), ("new", "1.3"))),
            P.app(P.at(1, 9, 45), "admin:bob", "config.change", "config:tls.min_version", .failure),
        ]
        // Days 7–12: admin work around business hours (Monday 9 March to Saturday 14 March).
        events += [
            P.app(P.at(7, 7, 59), "admin:olga", "admin.login", "admin:olga"),
            P.app(P.at(7, 8, 0), "admin:olga", "config.change", "config:session.idle_timeout_min"),
            P.app(P.at(7, 17, 59), "admin:olga", "key.rotate", "key:kms/webhook-hmac"),
            P.app(P.at(7, 18, 0), "admin:olga", "admin.logout", "admin:olga"),
            P.app(P.at(7, 3, 0), "user:u-1", "user.login", "user:u-1"),
            P.app(P.at(12, 12, 0), "admin:olga", "user.disable", "user:u-5"),
        ]
        // Day 2: logging stopped, lost and reconfigured (and look-alikes that are not).
        events += try P.cloudTrail([
            P.trail(P.at(2, 1, 0), "cloudtrail.amazonaws.com", "StopLogging", identity: P.iamUser("mallory"), ip: "198.51.100.99",
                    parameters: #"{"name":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"}"#),
            P.trail(P.at(2, 1, 5), "cloudtrail.amazonaws.com", "DescribeTrails", identity: P.iamUser("mallory"), ip: "198.51.100.99"),
        ])
        events += try P.journal([
            P.journalRecord(P.at(2, 2, 0), ["SYSLOG_IDENTIFIER": "systemd-journald", "MESSAGE": "Journal stopped", "_PID": "312"]),
            P.journalRecord(P.at(2, 2, 0, 30), ["SYSLOG_IDENTIFIER": "systemd-journald", "MESSAGE": "Journal started", "_PID": "313"]),
            P.journalRecord(P.at(2, 2, 1), ["SYSLOG_IDENTIFIER": "systemd-journald", "MESSAGE": "Runtime Journal (/run/log/journal/b007) is 8.0M, max 64.0M.", "_PID": "313"]),
            P.journalRecord(P.at(2, 2, 2), ["SYSLOG_IDENTIFIER": "systemd", "MESSAGE": "Stopped Security Auditing Service.", "UNIT": "auditd.service", "_PID": "1"]),
            P.journalRecord(P.at(2, 2, 3), ["SYSLOG_IDENTIFIER": "systemd", "MESSAGE": "Stopped Daily apt upgrade.", "UNIT": "apt-daily.service", "_PID": "1"]),
            P.journalRecord(P.at(2, 2, 4), ["SYSLOG_IDENTIFIER": "systemd", "MESSAGE": "Started Security Auditing Service.", "UNIT": "auditd.service", "_PID": "1"]),
        ])
        events += try P.syslog([
            "<86>1 \(P.text(2, 3, 0)) pay-1 auditd 812 - - The audit daemon is exiting.",
            "<86>1 \(P.text(2, 3, 1)) pay-1 sudo 900 - - mallory : TTY=pts/0 ; PWD=/home/mallory ; USER=root ; COMMAND=/usr/sbin/auditctl -e 0",
            "<86>1 \(P.text(2, 3, 2)) pay-1 sudo 901 - - mallory : TTY=pts/0 ; PWD=/home/mallory ; USER=root ; COMMAND=/usr/bin/apt update",
        ])
        events += [
            P.app(P.at(2, 4, 0), "admin:bob", "config.change", "config:audit.retention_days", attributes: attrs(("old", "2555"), ("new", "30"))),
            P.app(P.at(2, 4, 1), "admin:bob", "config.change", "config:fraud.threshold", attributes: attrs(("old", "0.9"), ("new", "0.8"))),
        ]
        // Day 3: card detokenize calls and other bulk reads.
        for k in 0..<5 {
            events.append(P.app(P.at(3, 4, Int64(k)), "svc:data-export", "card.detokenize", "card:tok_\(k)", session: "exp-1",
                                attributes: attrs(("purpose", "bulk_export"))))
        }
        for (k, card) in ["card:tok_a", "card:tok_a", "card:tok_b"].enumerated() {
            events.append(P.app(P.at(3, 5, Int64(k)), "svc:recurring", "card.detokenize", card, k == 2 ? .failure : .success,
                                session: "rec-\(k)", attributes: attrs(("purpose", "recurring_charge"))))
        }
        events.append(P.app(P.at(3, 6, 0), "admin:alice", "card.detokenize", "card:tok_z", session: "sup-1", attributes: attrs(("purpose", "support"))))
        events.append(P.app(P.at(4, 6, 0), "admin:alice", "card.detokenize", "card:tok_y", session: "sup-2"))
        for k in 0..<4 {
            events.append(P.app(P.at(3, 7, Int64(k)), "arn:aws:sts::111122223333:assumed-role/etl/run", "s3.amazonaws.com:GetObject",
                                "exports/part-\(k).csv"))
        }
        // Day 5: SCA retries per session.
        func sca(_ m: Int64, _ session: String, _ outcome: Outcome, _ user: String = "user:u-1", pay: String? = nil) -> TrailEvent {
            P.app(P.at(5, 10, m), user, "sca.verify", "payment:pay-\(pay ?? session)", outcome, session: session,
                  attributes: outcome == .failure ? attrs(("reason", "otp_mismatch")) : [])
        }
        events += [sca(0, "s-a", .failure), sca(1, "s-a", .failure), sca(2, "s-a", .success),
                   sca(3, "s-b", .failure, "user:u-2"), sca(4, "s-b", .failure, "user:u-2"),
                   sca(5, "s-c", .success, "user:u-3"),
                   sca(6, "s-d", .success, "user:u-4"), sca(7, "s-d", .failure, "user:u-4"),
                   sca(8, "s-e", .failure, "user:u-5"), sca(9, "s-e", .success, "user:u-5"), sca(10, "s-e", .failure, "user:u-5"),
                   sca(11, "s-f", .failure, "user:u-6", pay: "f1"), sca(12, "s-f", .success, "user:u-6", pay: "f2")]
        return try SavedQueries.store(events, name: "changes")
    }

    func run(_ name: String, _ params: [String: String]) throws -> Rows {
        try SavedQueries.run(name, on: try Self.store.get(), params)
    }

    /// App role grant/revoke, a Linux group join and an IAM policy attach, with privilege and subject; not the config change.
    @Test func privilegeChanges() throws {
        let rows = try run("privilege-changes", ["from": "2026-03-02", "to": "2026-03-03"])
        #expect(rows.tuples("actor", "action", "change", "privilege", "subject", "change_ref") == [
            ["admin:alice", "role.grant", "grant", "role:payments-admin", "admin:dave", "CHG-1"],
            ["admin:bob", "role.revoke", "remove", "role:support-agent", "admin:erin", "NULL"],
            ["root", "group.member-add", "grant", "group:sudo", "frank", "NULL"],
            ["arn:aws:iam::111122223333:user/admin", "iam.amazonaws.com:AttachUserPolicy", "grant",
             "arn:aws:iam::aws:policy/AdministratorAccess", "gina", "NULL"],
        ])
    }

    /// Listed: a change nobody approved, one approved only by its requester, one approved after the
    /// fact, a config change with no reference. Not listed: the approved grant and the failed change.
    @Test func unapprovedChanges() throws {
        let rows = try run("unapproved-changes", ["from": "2026-03-03", "to": "2026-03-04"])
        #expect(rows.tuples("time", "resource", "change_ref", "problem") == [
            [P.text(1, 9, 10), "role:key-custodian", "CHG-12", "change not approved"],
            [P.text(1, 9, 20), "role:platform-admin", "CHG-13", "approved only by the requester"],
            [P.text(1, 9, 30), "role:support-agent", "CHG-14", "change not approved"],
            [P.text(1, 9, 40), "config:tls.min_version", "NULL", "no change reference"],
        ])
    }

    /// Hours are [start, end): 07:59 and 18:00 are off-hours, 08:00 and 17:59 are not; Saturday
    /// counts unless weekends=0; a window wrapping midnight inverts; non-admins never appear.
    @Test func adminOffHours() throws {
        let week = ["from": "2026-03-09", "to": "2026-03-16"]
        let rows = try run("admin-off-hours", week)
        #expect(rows.tuples("time", "action", "hour_utc", "day") == [
            [P.text(7, 7, 59), "admin.login", "7", "weekday"],
            [P.text(7, 18, 0), "admin.logout", "18", "weekday"],
            [P.text(12, 12, 0), "user.disable", "12", "Sat"],
        ])
        let weekdays = try run("admin-off-hours", week.merging(["weekends": "0"]) { $1 })
        #expect(weekdays.column("time") == [P.text(7, 7, 59), P.text(7, 18, 0)])
        let night = try run("admin-off-hours", week.merging(["business_start": "22", "business_end": "6", "weekends": "0"]) { $1 })
        #expect(night.column("time") == [P.text(7, 7, 59), P.text(7, 8, 0), P.text(7, 17, 59), P.text(7, 18, 0), P.text(12, 12, 0)])
        let nobody = try run("admin-off-hours", week.merging(["admins": "ops:*"]) { $1 })
        #expect(nobody.count == 0)
    }

    /// StopLogging, the journal stopping, auditd stopped and exiting, `auditctl -e 0` under sudo and
    /// an audit retention change; not DescribeTrails, the journal starting and its size note, auditd starting, apt, or other config.
    @Test func loggingTampering() throws {
        let rows = try run("logging-tampering", ["from": "2026-03-04", "to": "2026-03-05"])
        #expect(rows.tuples("time", "kind", "action", "detail") == [
            [P.text(2, 1, 0), "cloud", "cloudtrail.amazonaws.com:StopLogging", #"{"name":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"}"#],
            [P.text(2, 2, 0), "log-daemon", "systemd-journald.message", "Journal stopped"],
            [P.text(2, 2, 2), "service", "systemd.message", "Stopped Security Auditing Service."],
            [P.text(2, 3, 0), "log-daemon", "auditd.message", "The audit daemon is exiting."],
            [P.text(2, 3, 1), "sudo", "sudo.command", "/usr/sbin/auditctl -e 0"],
            [P.text(2, 4, 0), "config", "config.change", "2555 -> 30"],
        ])
        #expect(rows.column("actor").dropFirst(4).first == "mallory")
    }

    /// Per actor: calls, failures, distinct cards and purposes, busiest first; day 4 is outside.
    @Test func cardDetokenizeByActor() throws {
        let rows = try run("card-detokenize-by-actor", ["from": "2026-03-05", "to": "2026-03-06"])
        #expect(rows.tuples("actor", "calls", "failures", "cards", "purposes", "sessions") == [
            ["svc:data-export", "5", "0", "5", "bulk_export", "1"],
            ["svc:recurring", "3", "1", "2", "recurring_charge", "3"],
            ["admin:alice", "1", "0", "1", "support", "1"],
        ])
    }

    /// Only actors at or above the threshold: the exporter (5) and the ETL role's S3 reads (4), not 3 or 1.
    @Test func bulkReads() throws {
        let rows = try run("bulk-reads", ["from": "2026-03-05", "to": "2026-03-06", "threshold": "4"])
        #expect(rows.tuples("actor", "reads", "succeeded", "resources", "actions") == [
            ["svc:data-export", "5", "5", "5", "card.detokenize"],
            ["arn:aws:sts::111122223333:assumed-role/etl/run", "4", "4", "4", "s3.amazonaws.com:GetObject"],
        ])
        #expect(try run("bulk-reads", ["from": "2026-03-05", "to": "2026-03-06"]).count == 0)
    }

    /// Sessions whose failures precede a success: s-a (2), s-e (1, the failure after does not count)
    /// and s-f (the success is on another payment of the session); not s-b (never passed), s-c (no
    /// failure), s-d (failed only after). min_failures=2 keeps s-a.
    @Test func scaFailuresThenSuccess() throws {
        let rows = try run("sca-failures-then-success", ["from": "2026-03-07", "to": "2026-03-08"])
        #expect(rows.tuples("session", "actor", "failures", "first_failure", "success_time", "reasons") == [
            ["s-a", "user:u-1", "2", P.text(5, 10, 0), P.text(5, 10, 2), "otp_mismatch"],
            ["s-e", "user:u-5", "1", P.text(5, 10, 8), P.text(5, 10, 9), "otp_mismatch"],
            ["s-f", "user:u-6", "1", P.text(5, 10, 11), P.text(5, 10, 12), "otp_mismatch"],
        ])
        #expect(rows.column("resources") == ["payment:pay-s-a", "payment:pay-s-e", "payment:pay-f1"])
        let twice = try run("sca-failures-then-success", ["from": "2026-03-07", "to": "2026-03-08", "min_failures": "2"])
        #expect(twice.column("session") == ["s-a"])
    }
}
