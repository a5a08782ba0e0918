import Foundation
import SegmentStore
import Testing
import TrailModel

/// Who-did-what queries on planted events: timelines, resources, origins, logins, disabled users,
/// root and break-glass use, access keys, full-text search. Day 0 is Monday 2 March 2026; each
/// scenario has its own day so the scenarios cannot see each other.
@Suite("Saved queries: access", .serialized)
struct SavedQueriesAccessTests {
    typealias P = Plant

    static let store: Result<Store, Error> = Result {
        var events: [TrailEvent] = []
        // Day 0: timelines, resources, sessions by origin.
        events += [
            P.app(P.at(0, 9, 0), "admin:alice", "admin.login", "admin:alice", origin: "203.0.113.66", session: "s-1"),
            P.app(P.at(0, 9, 5), "admin:alice", "customer.read", "customer:c-42", origin: "203.0.113.66", session: "s-1"),
            P.app(P.at(0, 9, 6), "admin:bob", "customer.read", "customer:c-42", origin: "10.1.1.1", session: "s-9"),
            P.app(P.at(0, 9, 10), "admin:alice", "customer.update", "customer:c-42", .failure, origin: "203.0.113.66", session: "s-1"),
            P.app(P.at(0, 9, 20), "admin:alice", "customer.read", "customer:c-7", origin: "198.51.100.1", session: "s-1"),
            P.app(P.at(0, 10, 0), "user:mallory", "user.login", "user:mallory", origin: "203.0.113.66", session: "s-2"),
            P.app(P.at(0, 10, 1), "user:mallory", "payment.initiate", "payment:p-1", .failure, origin: "203.0.113.66", session: "s-2"),
            P.app(P.at(1, 0, 0), "admin:alice", "admin.logout", "admin:alice", origin: "203.0.113.66", session: "s-1"),
            P.app(P.at(2, 8, 0), "admin:carol", "customer.read", "customer:c-42", origin: "10.1.1.2", session: "s-8"),
        ]
        // Day 3: failed logins from four origins, through three collectors.
        events += [
            P.app(P.at(3, 0, 30), "user:u-0", "user.login", "user:u-0", origin: "198.51.100.7"),
            P.app(P.at(3, 1, 0), "user:u-1", "user.login", "user:u-1", .failure, origin: "198.51.100.7"),
            P.app(P.at(3, 1, 1), "user:u-2", "user.login", "user:u-2", .failure, origin: "198.51.100.7"),
            P.app(P.at(3, 1, 2), "user:u-3", "user.login", "user:u-3", .failure, origin: "198.51.100.7"),
            P.app(P.at(3, 1, 3), "user:u-3", "user.login", "user:u-3", origin: "198.51.100.7"),
            P.app(P.at(3, 1, 4), "user:u-3", "payment.initiate", "payment:p-2", .failure, origin: "198.51.100.7"),
            P.app(P.at(3, 2, 0), "admin:dave", "admin.login", "admin:dave", .failure, origin: "198.51.100.8"),
            P.app(P.at(3, 2, 1), "user:u-4", "user.login", "user:u-4", origin: "198.51.100.9"),
        ]
        events += try P.syslog([
            "<38>1 \(P.text(3, 3, 0)) bastion sshd 4242 - - Failed password for root from 192.0.2.50 port 50122 ssh2",
            "<38>1 \(P.text(3, 3, 1)) bastion sshd 4242 - - Failed password for invalid user oracle from 192.0.2.50 port 50124 ssh2",
        ])
        events += try P.cloudTrail([
            P.trail(P.at(3, 4, 0), "signin.amazonaws.com", "ConsoleLogin", identity: P.iamUser("erin"), ip: "203.0.113.99",
                    response: #"{"ConsoleLogin":"Failure"}"#),
        ])
        // Day 4: disabled, re-enabled, twice-disabled and deleted accounts.
        events += [
            P.app(P.at(4, 9, 0), "user:u-9", "user.login", "user:u-9"),
            P.app(P.at(4, 10, 0), "admin:alice", "user.disable", "user:u-9"),
            P.app(P.at(4, 11, 0), "user:u-9", "user.login", "user:u-9", origin: "198.51.100.20"),
            P.app(P.at(4, 10, 0), "admin:alice", "user.disable", "user:u-8"),
            P.app(P.at(4, 10, 30), "admin:alice", "user.enable", "user:u-8"),
            P.app(P.at(4, 11, 0), "user:u-8", "user.login", "user:u-8"),
            P.app(P.at(4, 10, 0), "admin:alice", "user.disable", "user:u-7"),
            P.app(P.at(4, 12, 0), "admin:bob", "user.disable", "user:u-7"),
            P.app(P.at(4, 13, 0), "user:u-7", "payment.initiate", "payment:p-3"),
        ]
        events += try P.syslog([
            "<86>1 \(P.text(4, 14, 0)) web1 userdel 900 - - delete user 'bob'",
            "<38>1 \(P.text(4, 15, 0)) web1 sshd 901 - - Accepted publickey for bob from 10.9.9.9 port 40000 ssh2",
        ])
        // Day 5: root and break-glass use; access keys.
        events += try P.cloudTrail([
            P.trail(P.at(5, 1, 0), "signin.amazonaws.com", "ConsoleLogin", identity: P.root, ip: "192.0.2.10",
                    response: #"{"ConsoleLogin":"Success"}"#),
            P.trail(P.at(5, 1, 5), "iam.amazonaws.com", "ListUsers", identity: P.iamUser("mallory"), ip: "192.0.2.11"),
            P.trail(P.at(5, 2, 0), "iam.amazonaws.com", "CreateAccessKey", identity: P.role("Admin", "alice"), ip: "203.0.113.7",
                    parameters: #"{"userName":"bob"}"#,
                    response: #"{"accessKey":{"accessKeyId":"AKIAI44QH8DHBEXAMPLE","status":"Active","userName":"bob"}}"#),
            P.trail(P.at(5, 2, 5), "iam.amazonaws.com", "CreateAccessKey", identity: P.iamUser("carol"), ip: "203.0.113.8",
                    parameters: #"{"userName":"carol"}"#,
                    response: #"{"accessKey":{"accessKeyId":"AKIACAROLEXAMPLE0001","status":"Active","userName":"carol"}}"#),
            P.trail(P.at(5, 2, 10), "iam.amazonaws.com", "CreateAccessKey", identity: P.iamUser("mallory"), ip: "192.0.2.11",
                    parameters: #"{"userName":"admin"}"#, extra: #""errorCode":"AccessDenied","errorMessage":"not authorized","#),
        ])
        events += [P.app(P.at(5, 3, 0), "admin:break-glass", "config.change", "config:mfa.required_for_admins")]
        events += try P.syslog(["<38>1 \(P.text(5, 4, 0)) db1 sshd 77 - - Accepted password for root from 10.0.0.9 port 22 ssh2"])
        return try SavedQueries.store(events, name: "access")
    }

    func run(_ name: String, _ params: [String: String]) throws -> Rows {
        try SavedQueries.run(name, on: try Self.store.get(), params)
    }

    /// The actor's events of the period only (`to` exclusive: the logout at midnight is out), oldest
    /// first, each with a sealed `SEGMENT:RECORD` ref; `limit` cuts.
    @Test func actorTimeline() throws {
        let rows = try run("actor-timeline", ["actor": "admin:alice", "from": P.text(0, 0, 0), "to": P.text(1, 0, 0)])
        #expect(rows.tuples("time", "action", "resource", "outcome") == [
            [P.text(0, 9, 0), "admin.login", "admin:alice", "success"],
            [P.text(0, 9, 5), "customer.read", "customer:c-42", "success"],
            [P.text(0, 9, 10), "customer.update", "customer:c-42", "failure"],
            [P.text(0, 9, 20), "customer.read", "customer:c-7", "success"],
        ])
        #expect(rows.column("ref").allSatisfy { $0.wholeMatch(of: #/\d+:\d+/#) != nil })
        let two = try run("actor-timeline", ["actor": "admin:alice", "from": "2026-03-02", "to": "2026-03-03", "limit": "2"])
        #expect(two.column("time") == [P.text(0, 9, 0), P.text(0, 9, 5)])
    }

    /// One row per actor that touched the resource in the period, with counts, failures and actions;
    /// `to` is exclusive, and a wider period brings in carol.
    @Test func resourceAccess() throws {
        // carol's read on day 2 falls on the `to` date itself: outside.
        let rows = try run("resource-access", ["resource": "customer:c-42", "from": "2026-03-02", "to": "2026-03-04"])
        #expect(rows.tuples("actor", "events", "failures", "origins", "first_time", "last_time") == [
            ["admin:alice", "2", "1", "1", P.text(0, 9, 5), P.text(0, 9, 10)],
            ["admin:bob", "1", "0", "1", P.text(0, 9, 6), P.text(0, 9, 6)],
        ])
        #expect(rows.set("actions", row: 0) == ["customer.read", "customer.update"])
        let wider = try run("resource-access", ["resource": "customer:c-42", "from": "2026-03-02", "to": "2026-03-05"])
        #expect(wider.column("actor") == ["admin:alice", "admin:bob", "admin:carol"])
    }

    /// Sessions from one origin: only that origin's events count (alice's s-1 event from elsewhere does not).
    @Test func sessionsByOrigin() throws {
        let rows = try run("sessions-by-origin", ["origin": "203.0.113.66", "from": "2026-03-02", "to": "2026-03-03"])
        #expect(rows.tuples("session", "actors", "events", "failures", "first_time", "last_time") == [
            ["s-1", "admin:alice", "3", "1", P.text(0, 9, 0), P.text(0, 9, 10)],
            ["s-2", "user:mallory", "2", "1", P.text(0, 10, 0), P.text(0, 10, 1)],
        ])
    }

    /// Failed app, SSH and console logins per origin, most first; a failed payment is not a login;
    /// only the success after the first failure from the sprayed origin is counted; `min_failures` filters.
    @Test func failedLoginsByOrigin() throws {
        let rows = try run("failed-logins-by-origin", ["from": "2026-03-05", "to": "2026-03-06"])
        #expect(rows.tuples("origin", "failures", "accounts", "successes_after") == [
            ["198.51.100.7", "3", "3", "1"],
            ["192.0.2.50", "2", "2", "0"],
            ["198.51.100.8", "1", "1", "0"],
            ["203.0.113.99", "1", "1", "0"],
        ])
        #expect(rows.set("account_list", row: 1) == ["root", "oracle"])
        #expect(rows.set("actions", row: 3) == ["signin.amazonaws.com:ConsoleLogin"])
        let many = try run("failed-logins-by-origin", ["from": "2026-03-05", "to": "2026-03-06", "min_failures": "2"])
        #expect(many.column("origin") == ["198.51.100.7", "192.0.2.50"])
    }

    /// Exactly the events after a disable/delete that was not undone: u-9 after its disable, u-7 once
    /// (after the second disable), bob's SSH login after userdel; not u-8 (re-enabled) nor u-9 before.
    @Test func disabledUserActivity() throws {
        let rows = try run("disabled-user-activity", ["from": "2026-03-06", "to": "2026-03-07"])
        #expect(rows.tuples("time", "actor", "action", "disabled_at", "disabled_by", "status_change") == [
            [P.text(4, 11, 0), "user:u-9", "user.login", P.text(4, 10, 0), "admin:alice", "user.disable"],
            [P.text(4, 13, 0), "user:u-7", "payment.initiate", P.text(4, 12, 0), "admin:bob", "user.disable"],
            [P.text(4, 15, 0), "bob", "ssh.login", P.text(4, 14, 0), "userdel", "user.delete"],
        ])
    }

    /// The AWS root identity and the named accounts (Linux root, the app's break-glass admin); an
    /// IAM user is not root; `accounts` narrows the named list.
    @Test func rootAndBreakGlassUse() throws {
        let rows = try run("root-breakglass-use", ["from": "2026-03-07", "to": "2026-03-08"])
        #expect(rows.tuples("time", "actor", "action", "kind") == [
            [P.text(5, 1, 0), "arn:aws:iam::111122223333:root", "signin.amazonaws.com:ConsoleLogin", "aws-root"],
            [P.text(5, 3, 0), "admin:break-glass", "config.change", "named-account"],
            [P.text(5, 4, 0), "root", "ssh.login", "named-account"],
        ])
        let named = try run("root-breakglass-use", ["from": "2026-03-07", "to": "2026-03-08", "accounts": "admin:break-glass"])
        #expect(named.column("actor") == ["arn:aws:iam::111122223333:root", "admin:break-glass"])
        // The failed root SSH attempts of day 3 are outside this period.
        let day3 = try run("root-breakglass-use", ["from": "2026-03-05", "to": "2026-03-06"])
        #expect(day3.tuples("actor", "action") == [["root", "ssh.login"]])
    }

    /// Each CreateAccessKey: the key id, the user it is for, whether that is someone else, failures too.
    @Test func newAccessKeys() throws {
        let rows = try run("new-access-keys", ["from": "2026-03-07", "to": "2026-03-08"])
        #expect(rows.tuples("actor", "user", "access_key_id", "for_other_user", "outcome", "error") == [
            ["arn:aws:sts::111122223333:assumed-role/Admin/alice", "bob", "AKIAI44QH8DHBEXAMPLE", "1", "success", "NULL"],
            ["arn:aws:iam::111122223333:user/carol", "carol", "AKIACAROLEXAMPLE0001", "0", "success", "NULL"],
            ["arn:aws:iam::111122223333:user/mallory", "admin", "NULL", "1", "failure", "AccessDenied"],
        ])
    }

    /// Full-text search finds the events naming a word in actor, resource or raw record, in the period.
    @Test func eventSearch() throws {
        let rows = try run("event-search", ["terms": "mallory", "from": "2026-03-02", "to": "2026-03-09"])
        #expect(rows.tuples("time", "action") == [
            [P.text(0, 10, 0), "user.login"], [P.text(0, 10, 1), "payment.initiate"],
            [P.text(5, 1, 5), "iam.amazonaws.com:ListUsers"], [P.text(5, 2, 10), "iam.amazonaws.com:CreateAccessKey"],
        ])
        let day0 = try run("event-search", ["terms": "mallory", "from": "2026-03-02", "to": "2026-03-03", "limit": "1"])
        #expect(day0.column("action") == ["user.login"])
    }
}
