@testable import Collectors
import Foundation
import Testing
import TrailModel

/// One pgaudit input holding exactly one record, and what the parser must read from it.
struct PgAuditCase: Sendable, CustomTestStringConvertible {
    var name: String
    var layout: PgAuditParser.Layout = .csv
    var input: String
    var action: String
    var actor: String? = "alice"
    var resource: String?
    var outcome: Outcome = .success
    var origin: String? = nil
    var session: String? = nil
    var id: String? = nil
    var time = "2015-08-12T20:13:43.123000Z"
    var clock: String? = nil
    /// Attributes that must be present with these values (others may exist).
    var attributes: [(String, JSONValue)] = []

    var testDescription: String { name }
}

/// Inputs that must give exactly one `RecordFailure`.
struct PgAuditBadCase: Sendable, CustomTestStringConvertible {
    var name: String
    var layout: PgAuditParser.Layout = .csv
    var input: String
    /// Events read before the failure.
    var eventsBefore: Int
    /// Records read after it (events or not).
    var eventsAfter = 0
    var offset: Int
    var line: Int
    var reasonContains: String
    var testDescription: String { name }
}

@Suite struct PgAuditTests {
    static let context = ParseContext(source: "pg-prod", received: Timestamp.utc(year: 2015, month: 8, day: 13))

    static func scan(_ text: String, layout: PgAuditParser.Layout = .csv, nonAudit: PgAuditParser.NonAuditPolicy = .skip,
                     context: ParseContext = context) -> PgAuditScan {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { PgAuditParser(layout: layout, nonAudit: nonAudit).scan(in: $0, context: context) }
    }

    /// A csvlog line with the given user, session line, severity, message (already CSV-quoted) and host.
    static func csv(_ message: String, severity: String = "LOG", user: String = "alice", line: Int = 7,
                    from: String = "10.1.2.3:51234", time: String = "2015-08-12 16:13:43.123 EDT") -> String {
        "\(time),\"\(user)\",\"shop\",4242,\"\(from)\",55cb70b8.1092,\(line),\"SELECT\",2015-08-12 16:13:40 EDT,"
            + "3/12,0,\(severity),00000,\(message),,,,,,,,,\"psql\"\n"
    }

    static let cases: [PgAuditCase] = [
        PgAuditCase(
            name: "csv SESSION READ with quoted statement",
            input: csv(#""AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,""select * from account"",<not logged>""#),
            action: "READ:SELECT", resource: "public.account", origin: "10.1.2.3", session: "55cb70b8.1092",
            id: "55cb70b8.1092:7",
            attributes: [("auditType", .string("SESSION")), ("statementId", .number("1")), ("substatementId", .number("1")),
                         ("class", .string("READ")), ("command", .string("SELECT")), ("objectType", .string("TABLE")),
                         ("objectName", .string("public.account")), ("statement", .string("select * from account")),
                         ("parameter", .string("<not logged>")), ("database", .string("shop")),
                         ("application", .string("psql")), ("processId", .number("4242")), ("port", .number("51234")),
                         ("sessionLine", .number("7")), ("severity", .string("LOG"))]),
        PgAuditCase(
            name: "csv OBJECT WRITE, multi-line statement with doubled quotes and commas",
            input: csv("\"AUDIT: OBJECT,3,2,WRITE,UPDATE,TABLE,public.account,\"\"update account\n   set \"\"\"\"name\"\"\"\" = 'a,b'\n where id = 1;\"\",<none>\"",
                       severity: "WARNING", from: "[local]"),
            action: "WRITE:UPDATE", resource: "public.account", origin: "[local]", session: "55cb70b8.1092",
            id: "55cb70b8.1092:7",
            attributes: [("auditType", .string("OBJECT")), ("statementId", .number("3")), ("substatementId", .number("2")),
                         ("statement", .string("update account\n   set \"name\" = 'a,b'\n where id = 1;")),
                         ("parameter", .string("<none>"))]),
        PgAuditCase(
            name: "csv DDL without object falls back to the database; ERROR severity is a failure",
            input: csv(#""AUDIT: SESSION,4,1,DDL,CREATE SCHEMA,,,create schema s;,<not logged>""#, severity: "ERROR"),
            action: "DDL:CREATE SCHEMA", resource: "shop", outcome: .failure, origin: "10.1.2.3", session: "55cb70b8.1092",
            id: "55cb70b8.1092:7", attributes: [("objectType", .null), ("objectName", .null), ("statement", .string("create schema s;"))]),
        PgAuditCase(
            name: "csv numeric offset, IPv6 client, newer 26-column layout",
            input: "2015-08-12 22:13:43.123 +02,\"bob\",\"shop\",9,\"::1:5432\",abc.1,1,\"INSERT\",,,,LOG,00000,"
                + "\"AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,public.t,\"\"insert into t values ($1)\"\",\"\"1,x\"\"\",,,,,,,,,\"app\",client backend,,-4711\n",
            action: "WRITE:INSERT", actor: "bob", resource: "public.t", origin: "::1", session: "abc.1", id: "abc.1:1",
            time: "2015-08-12T20:13:43.123000Z",
            attributes: [("parameter", .string("1,x")), ("backendType", .string("client backend")), ("queryId", .number("-4711"))]),
        PgAuditCase(
            name: "csv zone-less time takes the collector zone",
            input: csv(#""AUDIT: SESSION,1,1,MISC,SET,,,set x = 1;,<none>""#, time: "2015-08-12 20:13:43.123"),
            action: "MISC:SET", resource: "shop", origin: "10.1.2.3", session: "55cb70b8.1092", id: "55cb70b8.1092:7",
            clock: "assumed:UTC"),
        PgAuditCase(
            name: "stderr with user@db prefix",
            layout: .stderr,
            input: "2015-08-12 16:13:43.123 EDT [1234] alice@shop LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,select 1,<not logged>\n",
            action: "READ:SELECT", resource: "public.account",
            attributes: [("database", .string("shop")), ("processId", .number("1234")), ("statement", .string("select 1"))]),
        PgAuditCase(
            name: "stderr with tab continuation lines inside a quoted statement",
            layout: .stderr,
            input: "2015-08-12 16:13:43.123 CDT [77] alice@shop NOTICE:  AUDIT: OBJECT,5,1,FUNCTION,EXECUTE,FUNCTION,public.f,\"select\n"
                + "\t  public.f(1, \"\"x\"\")\n\t\tfrom dual\",<none>\n",
            action: "FUNCTION:EXECUTE", resource: "public.f", time: "2015-08-12T21:13:43.123000Z",
            attributes: [("statement", .string("select\n  public.f(1, \"x\")\n\tfrom dual")), ("severity", .string("NOTICE"))]),
        PgAuditCase(
            name: "stderr %t time and empty user",
            layout: .stderr,
            input: "2015-08-12 16:13:43 UTC [5] @shop LOG:  AUDIT: SESSION,1,1,ROLE,GRANT,,,grant x to y;,<none>\r\n",
            action: "ROLE:GRANT", actor: nil, resource: "shop", time: "2015-08-12T16:13:43.000000Z"),
    ]

    @Test(arguments: cases)
    func readsRecord(_ c: PgAuditCase) throws {
        let scan = Self.scan(c.input, layout: c.layout)
        #expect(scan.results.count == 1)
        let e = try #require(try scan.results.first?.get())
        #expect(e.format == c.layout.rawValue)
        #expect(e.action == c.action)
        #expect(e.actor == c.actor)
        #expect(e.resource == c.resource)
        #expect(e.outcome == c.outcome)
        #expect(e.origin == c.origin)
        #expect(e.session == c.session)
        #expect(e.id == c.id)
        #expect(e.time.rfc3339 == c.time)
        #expect(e.clock == c.clock)
        #expect(e.source == "pg-prod")
        var raw = c.input
        if raw.hasSuffix("\n") || raw.hasSuffix("\r\n") { raw.removeLast() }
        #expect(e.raw == raw)
        #expect(!e.rawIsBase64)
        let attributes = JSONValue.object(e.attributes)
        for (k, v) in c.attributes { #expect(attributes[k] == v, "attribute \(k)") }
    }

    static let bad: [PgAuditBadCase] = [
        PgAuditBadCase(name: "unterminated quote at EOF",
                       input: csv(#""AUDIT: SESSION,1,1,MISC,SET,,,set x;,<none>""#) + "2015-08-12 16:13:44 UTC,\"bob,shop\n,1\n",
                       eventsBefore: 1, offset: 192, line: 2, reasonContains: "unterminated quoted field"),
        PgAuditBadCase(name: "too few columns", input: "2015-08-12 16:13:44 UTC,a,b\n" + csv(#""AUDIT: SESSION,1,1,MISC,SET,,,s,<none>""#),
                       eventsBefore: 0, eventsAfter: 1, offset: 0, line: 1, reasonContains: "at least 23"),
        PgAuditBadCase(name: "garbage after closing quote", input: "x,\"a\"b,c\n", eventsBefore: 0, offset: 0, line: 1,
                       reasonContains: "after the closing quote"),
        PgAuditBadCase(name: "unknown zone", input: csv(#""AUDIT: SESSION,1,1,MISC,SET,,,s,<none>""#, time: "2015-08-12 16:13:43 XYZT"),
                       eventsBefore: 0, offset: 0, line: 1, reasonContains: "unknown zone"),
        PgAuditBadCase(name: "AUDIT message with too few fields", input: csv(#""AUDIT: SESSION,1,1,READ""#),
                       eventsBefore: 0, offset: 0, line: 1, reasonContains: "AUDIT message"),
        PgAuditBadCase(name: "stderr line without the prefix", layout: .stderr,
                       input: "2015-08-12 16:13:43 UTC [5] a@b LOG:  AUDIT: SESSION,1,1,MISC,SET,,,s,<none>\n\tmore\nhello world\n",
                       eventsBefore: 1, offset: 83, line: 3, reasonContains: "log_line_prefix"),
        PgAuditBadCase(name: "stderr continuation first", layout: .stderr, input: "\torphan\n",
                       eventsBefore: 0, offset: 0, line: 1, reasonContains: "continuation"),
    ]

    @Test(arguments: bad)
    func refusesRecord(_ c: PgAuditBadCase) throws {
        let results = Self.scan(c.input, layout: c.layout).results
        #expect(results.count == c.eventsBefore + 1 + c.eventsAfter)
        for r in results.prefix(c.eventsBefore) { _ = try r.get() }
        guard case let .failure(f)? = results.dropFirst(c.eventsBefore).first else {
            Issue.record("expected a failure"); return
        }
        #expect(f.offset == c.offset)
        #expect(f.line == c.line)
        #expect(f.reason.contains(c.reasonContains), "\(f.reason)")
        let bytes = Array(c.input.utf8)
        #expect(f.bytes.count > 0 && Array(bytes[f.offset..<(f.offset + f.bytes.count)]) == f.bytes)
    }

    @Test func nonAuditLinesAreSkippedAndCountedOrKept() throws {
        let text = Self.csv(#""connection authorized: user=alice database=shop""#)
            + Self.csv(#""password authentication failed for user ""mallory""""#, severity: "FATAL", user: "mallory", line: 8)
            + Self.csv(#""AUDIT: SESSION,1,1,READ,SELECT,,,select 1;,<none>""#, line: 9)
        let skipped = Self.scan(text)
        #expect(skipped.results.count == 1)
        #expect(skipped.skipped == ["not an AUDIT message (LOG)": 1, "not an AUDIT message (FATAL)": 1])
        let kept = Self.scan(text, nonAudit: .keep).results.map { try? $0.get() }
        #expect(kept.map { $0?.action } == ["postgres.log", "postgres.fatal", "READ:SELECT"])
        #expect(kept.map { $0?.outcome } == [.unknown, .failure, .success])
        #expect(kept[1]?.actor == "mallory")
        #expect(JSONValue.object(kept[1]?.attributes ?? [])["message"] == .string("password authentication failed for user \"mallory\""))
    }

    // MARK: The pgaudit project's own csvlog (PgAuditCorpus.swift)

    @Test func corpusYieldsItsAuditRecords() throws {
        #expect(pgAuditCorpusCSV.utf8.count == 67_378)
        let scan = Self.scan(pgAuditCorpusCSV)
        let events = try scan.results.map { try $0.get() }
        #expect(events.count == 182)
        #expect(scan.skippedCount == 40)
        let types = Dictionary(grouping: events) { JSONValue.object($0.attributes)["auditType"]?.scalarText ?? "?" }.mapValues(\.count)
        #expect(types == ["SESSION": 155, "OBJECT": 27])
        let actions = Dictionary(grouping: events) { $0.action ?? "" }.mapValues(\.count)
        #expect(actions["READ:SELECT"] == 32)
        #expect(actions["WRITE:INSERT"] == 21)
        #expect(actions["ROLE:GRANT"] == 15)
        #expect(actions.count == 38)
        #expect(Set(events.map(\.format)) == ["pgaudit-csv"])
        #expect(Set(events.compactMap(\.id)).count == 182)
    }

    @Test(arguments: [
        // (index among AUDIT events, id, actor, action, resource, statement, parameter)
        (0, "55cb70b8.5854:3", "vagrant", "ROLE:CREATE ROLE", "postgres", "create role pgaudit_owner;", "<not logged>"),
        (5, "55cb70b8.5854:8", "vagrant", "ROLE:GRANT", "postgres", "grant usage\n   on schema pgaudit\n   to pgaudit_etl;", "<not logged>"),
        (46, "55cb70b8.585a:4", "user2", "READ:SELECT", "public.test2", "<previously logged>", "<previously logged>"),
        (134, "55cb70b8.5863:48", "vagrant", "FUNCTION:DO", "postgres",
         "DO $$\nDECLARE\n\ttable_name TEXT = 'do_table';\nBEGIN\n\tEXECUTE 'CREATE TABLE ' || table_name || ' (\"weird name\" INT)';\n\tEXECUTE 'DROP table ' || table_name;\nEND $$;",
         "<none>"),
        (175, "55cb70b8.5863:90", "vagrant", "WRITE:UPDATE", "public.bbb", "UPDATE bbb set id = new.id + 1", ",,,,,,,,,,,,,"),
        (181, "55cb70b8.5863:96", "vagrant", "ROLE:DROP ROLE", "postgres", "DROP ROLE auditor;", "<not logged>"),
    ])
    func corpusRecord(_ c: (Int, String, String, String, String, String, String)) throws {
        let events = try Self.scan(pgAuditCorpusCSV).results.map { try $0.get() }
        let e = events[c.0]
        #expect(e.id == c.1)
        #expect(e.actor == c.2)
        #expect(e.action == c.3)
        #expect(e.resource == c.4)
        #expect(e.outcome == .success)
        #expect(e.origin == "[local]")
        let a = JSONValue.object(e.attributes)
        #expect(a["statement"] == .string(c.5))
        #expect(a["parameter"] == .string(c.6))
        #expect(e.time.dateString == "2015-08-12")
    }

    @Test func corpusRawRecordsRebuildTheFile() throws {
        let events = try Self.scan(pgAuditCorpusCSV, nonAudit: .keep).results.map { try $0.get() }
        #expect(events.count == 222)
        #expect(events.filter { $0.action?.hasPrefix("postgres.") == true }.count == 40)
        #expect(events.map(\.raw).joined(separator: "\n") + "\n" == pgAuditCorpusCSV)
        #expect(events[0].time.rfc3339 == "2015-08-12T16:13:43.810000Z")
    }
}
