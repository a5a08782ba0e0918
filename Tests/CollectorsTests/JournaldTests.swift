@testable import Collectors
import Foundation
import Testing
import TrailModel

/// One journal field for building export-format fixtures: text (`NAME=value`) or binary-safe.
enum JField: Sendable {
    case text(String, String)
    case binary(String, [UInt8])

    /// The field's bytes in `journalctl -o export` form.
    var exportBytes: [UInt8] {
        switch self {
        case let .text(k, v): return Array("\(k)=\(v)\n".utf8)
        case let .binary(k, data):
            var out = Array("\(k)\n".utf8)
            var n = UInt64(data.count).littleEndian
            withUnsafeBytes(of: &n) { out += $0 }
            return out + data + [0x0A]
        }
    }
}

/// One record (given in either layout) and what the parser must read from it.
struct JournaldCase: Sendable, CustomTestStringConvertible {
    var name: String
    var layout: JournaldParser.Layout
    var input: [UInt8]
    var action: String
    var actor: String?
    var resource: String? = nil
    var outcome: Outcome = .unknown
    var origin: String? = nil
    var rawIsBase64 = false
    /// Attributes that must be present with these values.
    var attributes: [(String, JSONValue)] = []
    /// Attributes that must be absent.
    var absent: [String] = ["__CURSOR", "__REALTIME_TIMESTAMP", "_BOOT_ID"]
    var testDescription: String { name }
}

@Suite struct JournaldTests {
    static let received = Timestamp.utc(year: 2026, month: 7, day: 1, hour: 12)
    static let context = ParseContext(source: "journal-web1", received: received)
    static let cursor = "s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8564fa0a3c2b4dcf1f1e2a1;m=1b1e3;t=5f6b3b0e3c1c1;x=2"
    static let boot = "6c7c6013a8564fa0a3c2b4dcf1f1e2a1"
    /// 2026-07-01T10:00:00.123456Z in microseconds.
    static let micros = "1782900000123456"

    static func common(_ extra: [JField]) -> [JField] {
        [.text("__CURSOR", cursor), .text("__REALTIME_TIMESTAMP", micros), .text("__MONOTONIC_TIMESTAMP", "111075"),
         .text("_BOOT_ID", boot), .text("_HOSTNAME", "web1")] + extra
    }

    static func export(_ records: [[JField]], separator: String = "\n") -> [UInt8] {
        records.map { $0.flatMap(\.exportBytes) }.joined(separator: Array(separator.utf8)).map { $0 }
    }

    static func json(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) + [0x0A] }

    static func jsonLine(_ extra: String) -> String {
        #"{"__CURSOR":"\#(cursor)","__REALTIME_TIMESTAMP":"\#(micros)","__MONOTONIC_TIMESTAMP":"111075","_BOOT_ID":"\#(boot)","_HOSTNAME":"web1",\#(extra)}"#
    }

    static func parse(_ bytes: [UInt8], _ layout: JournaldParser.Layout) -> [Result<TrailEvent, RecordFailure>] {
        bytes.withUnsafeBytes { JournaldParser(layout: layout).records(in: $0, context: context) }
    }

    static let sshd: [JField] = [.text("_UID", "0"), .text("_COMM", "sshd"), .text("SYSLOG_IDENTIFIER", "sshd"),
                                 .text("_SYSTEMD_UNIT", "ssh.service"), .text("_PID", "4242")]

    static let cases: [JournaldCase] = [
        JournaldCase(
            name: "export: sshd accepted login",
            layout: .export,
            input: export([common(sshd + [.text("MESSAGE", "Accepted publickey for alice from 203.0.113.7 port 52114 ssh2: ED25519 SHA256:abc")])]),
            action: "ssh.login", actor: "alice", resource: "ssh.service", outcome: .success, origin: "203.0.113.7",
            attributes: [("_HOSTNAME", .string("web1")), ("_UID", .string("0")), ("_COMM", .string("sshd")),
                         ("SYSLOG_IDENTIFIER", .string("sshd")), ("method", .string("publickey")), ("port", .number("52114"))],
            absent: ["__CURSOR", "__REALTIME_TIMESTAMP", "_BOOT_ID", "_SYSTEMD_UNIT"]),
        JournaldCase(
            name: "export: binary-safe multi-line UTF-8 message is a string",
            layout: .export,
            input: export([common([.text("_UID", "1000"), .text("SYSLOG_IDENTIFIER", "billing"),
                                   .binary("MESSAGE", Array("charge failed\n\tretry 2".utf8)), .text("PRIORITY", "3")])]),
            action: "billing.message", actor: "uid:1000",
            attributes: [("MESSAGE", .string("charge failed\n\tretry 2")), ("PRIORITY", .string("3"))],
            absent: ["_UID", "__CURSOR"]),
        JournaldCase(
            name: "export: non-UTF-8 binary field becomes {base64}, raw is base64",
            layout: .export,
            input: export([common([.text("_UID", "1000"), .text("_COMM", "scanner"), .text("_SYSTEMD_UNIT", "scan.service"),
                                   .binary("DATA", [0xFF, 0xFE, 0x00, 0x41]), .text("MESSAGE", "scan done")])]),
            action: "scanner.message", actor: "uid:1000", resource: "scan.service", rawIsBase64: true,
            attributes: [("DATA", .object([("base64", .string("//4AQQ=="))])), ("_COMM", .string("scanner"))]),
        JournaldCase(
            name: "export: repeated field becomes an array",
            layout: .export,
            input: export([common([.text("TAG", "a"), .text("MESSAGE", "hi"), .text("TAG", "b"), .text("TAG", "c")])]),
            action: "journal.message", actor: nil,
            attributes: [("TAG", .array([.string("a"), .string("b"), .string("c")]))]),
        JournaldCase(
            name: "json: sshd failed password, invalid user",
            layout: .json,
            input: json([jsonLine(#""_UID":"0","_COMM":"sshd","SYSLOG_IDENTIFIER":"sshd","_SYSTEMD_UNIT":"ssh.service","MESSAGE":"Failed password for invalid user bob from 198.51.100.9 port 40022 ssh2""#)]),
            action: "ssh.login", actor: "bob", resource: "ssh.service", outcome: .failure, origin: "198.51.100.9",
            attributes: [("invalidUser", .bool(true)), ("method", .string("password"))]),
        JournaldCase(
            name: "json: byte-array message, repeated and null fields, sudo session rule",
            layout: .json,
            input: json([jsonLine(#""_UID":"0","SYSLOG_IDENTIFIER":"sudo","MESSAGE":[112,97,109,95,117,110,105,120,40,115,117,100,111,58,115,101,115,115,105,111,110,41,58,32,115,101,115,115,105,111,110,32,111,112,101,110,101,100,32,102,111,114,32,117,115,101,114,32,114,111,111,116,40,117,105,100,61,48,41,32,98,121,32,97,108,105,99,101,40,117,105,100,61,49,48,48,48,41],"TAG":["x",[255,0]],"BIG":null,"ONE":["only"]"#)]),
            action: "sudo.session-open", actor: "alice", resource: "root", outcome: .success,
            attributes: [("MESSAGE", .string("pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)")),
                         ("TAG", .array([.string("x"), .object([("base64", .string("/wA="))])])), ("BIG", .null),
                         ("ONE", .array([.string("only")])), ("_UID", .string("0")), ("by", .string("alice"))]),
    ]

    @Test(arguments: cases)
    func readsRecord(_ c: JournaldCase) throws {
        let results = Self.parse(c.input, c.layout)
        #expect(results.count == 1)
        let e = try #require(try results.first?.get())
        #expect(e.format == c.layout.rawValue)
        #expect(e.id == Self.cursor)
        #expect(e.session == Self.boot)
        #expect(e.time.rfc3339 == "2026-07-01T10:00:00.123456Z")
        #expect(e.clock == nil)
        #expect(e.action == c.action)
        #expect(e.actor == c.actor)
        #expect(e.resource == c.resource)
        #expect(e.outcome == c.outcome)
        #expect(e.origin == c.origin)
        #expect(e.rawIsBase64 == c.rawIsBase64)
        let rawBytes = e.rawIsBase64 ? [UInt8](Data(base64Encoded: e.raw) ?? Data()) : Array(e.raw.utf8)
        // Export: everything up to the end; json: the line without its break.
        #expect(rawBytes == (c.layout == .json ? Array(c.input.dropLast()) : c.input))
        let a = JSONValue.object(e.attributes)
        for (k, v) in c.attributes { #expect(a[k] == v, "attribute \(k)") }
        for k in c.absent { #expect(a[k] == nil, "attribute \(k) must be absent") }
        #expect(a["__MONOTONIC_TIMESTAMP"] == .string("111075"))
    }

    @Test func bothLayoutsAgree() throws {
        let fields = Self.common(Self.sshd + [.binary("MESSAGE", Array("Accepted password for carol from 10.0.0.8 port 2 ssh2".utf8))])
        let exported = try #require(try Self.parse(Self.export([fields]), .export).first?.get())
        var members: [String] = []
        for f in fields {
            switch f {
            case let .text(k, v): members.append("\"\(k)\":\"\(v)\"")
            case let .binary(k, d): members.append("\"\(k)\":[" + d.map(String.init).joined(separator: ",") + "]")
            }
        }
        let json = try #require(try Self.parse(Array(("{" + members.joined(separator: ",") + "}\n").utf8), .json).first?.get())
        #expect(exported.action == "ssh.login" && exported.actor == "carol")
        var a = exported, b = json
        a.raw = ""; b.raw = ""; a.format = ""; b.format = ""; a.rawIsBase64 = false; b.rawIsBase64 = false
        #expect(a == b)
    }

    @Test(arguments: [("\n", "one blank line"), ("\n\n\n", "extra blank lines")])
    func splitsRecords(_ c: (String, String)) throws {
        let records: [[JField]] = [
            [.text("__REALTIME_TIMESTAMP", "1"), .binary("MESSAGE", Array("a\n\nb".utf8))],
            [.text("__REALTIME_TIMESTAMP", "2"), .text("MESSAGE", "second")],
            [.text("MESSAGE", "third, no time")],
        ]
        let input = Self.export(records, separator: c.0) + [0x0A]
        let events = try Self.parse(input, .export).map { try $0.get() }
        #expect(events.count == 3)
        #expect(events.map { JSONValue.object($0.attributes)["MESSAGE"] } == [.string("a\n\nb"), .string("second"), .string("third, no time")])
        #expect(events.map(\.time.micros) == [1, 2, Self.received.micros])
        #expect(events.map(\.clock) == [nil, nil, "received"])
        #expect(events.map { Array($0.raw.utf8) } == records.map { $0.flatMap(\.exportBytes) })
    }

    /// Inputs with one unreadable record among readable ones.
    static let bad: [(String, JournaldParser.Layout, [UInt8], Int, Int, Int, String)] = {
        let ok = export([[.text("MESSAGE", "ok")]])
        let truncated = Array("MESSAGE\n".utf8) + [0x40, 0, 0, 0, 0, 0, 0, 0] + Array("short".utf8)
        let noBreak = Array("DATA\n".utf8) + [0x02, 0, 0, 0, 0, 0, 0, 0] + Array("abX\nNEXT=1\n".utf8)
        return [
            // (name, layout, input, index of the failure, expected results, line, reason)
            ("truncated binary field at end", .export, ok + [0x0A] + truncated, 1, 2, 3, "binary field MESSAGE is truncated: length 64, 5 bytes left"),
            ("binary length incomplete", .export, ok + [0x0A] + Array("MESSAGE\n".utf8) + [1, 0], 1, 2, 3, "8-byte length is incomplete"),
            ("binary field without line break, then recovery", .export, ok + [0x0A] + noBreak + [0x0A] + ok, 1, 3, 3, "not followed by a line break"),
            ("invalid field name", .export, Array("bad name=1\nX=2\n\n".utf8) + ok, 0, 2, 1, "invalid field name"),
            ("unreadable realtime", .export, Array("__REALTIME_TIMESTAMP=soon\n\n".utf8) + ok, 0, 2, 1, "__REALTIME_TIMESTAMP"),
            ("json syntax error", .json, json([#"{"MESSAGE":"a"}"#, #"{"MESSAGE":"#, #"{"MESSAGE":"c"}"#]), 1, 3, 2, "not valid JSON"),
            ("json object value", .json, json([#"{"MESSAGE":{"x":1}}"#]), 0, 1, 1, "an object is not a journal value"),
        ]
    }()

    @Test(arguments: bad)
    func refusesRecord(_ c: (String, JournaldParser.Layout, [UInt8], Int, Int, Int, String)) throws {
        let results = Self.parse(c.2, c.1)
        #expect(results.count == c.4, "\(c.0)")
        for (i, r) in results.enumerated() where i != c.3 { #expect((try? r.get()) != nil, "\(c.0): record \(i)") }
        guard case let .failure(f) = results[c.3] else { Issue.record("\(c.0): expected a failure"); return }
        #expect(f.line == c.5, "\(c.0)")
        #expect(f.reason.contains(c.6), "\(c.0): \(f.reason)")
        #expect(Array(c.2[f.offset..<(f.offset + f.bytes.count)]) == f.bytes)
        #expect(f.offset == (c.3 == 0 ? 0 : c.1 == .json ? 16 : 12), "\(c.0)")
    }
}
