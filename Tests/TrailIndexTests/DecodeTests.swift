import Foundation
import SegmentStore
import Testing
import TrailIndex
import TrailModel

/// The index's byte-level line decoder must give exactly the fields of the reference decoder
/// (`TrailEvent.decode`) for every kind of value a trail can hold.
@Suite struct DecodeTests {
    static let t = Timestamp.utc(year: 2026, month: 7, day: 1, hour: 9)

    /// Events whose fields stress escaping: quotes, backslashes, control bytes, non-ASCII, astral
    /// characters (surrogate pairs), nulls, base64 raw, a clock note and nested attributes.
    static let cases: [(String, TrailEvent)] = [
        ("plain", TrailEvent(id: "a", time: t, received: t, source: "app", format: "app-json", actor: "u", action: "x",
                             resource: "r", outcome: .success, origin: "10.0.0.1", session: "s", raw: "{}")),
        ("nulls", TrailEvent(id: nil, time: t, received: t, source: "app", format: "app-json", raw: "line")),
        ("escapes", TrailEvent(id: "q\"\\/", time: t, received: t, source: "app", format: "app-json", actor: "tab\there",
                               action: "nl\nand\rcr", resource: "\u{01}\u{1F}\u{7F}", outcome: .failure,
                               raw: "{\"k\":\"v\\\\\"}\u{08}\u{0C}")),
        ("unicode", TrailEvent(id: "é✓", time: t, received: t, source: "app", format: "app-json", actor: "Zoë 😀 𝄞",
                               resource: "日本語", raw: "€ \u{2028} \u{FEFF}")),
        ("attributes", TrailEvent(id: "n", time: t, received: t, source: "app", format: "app-json",
                                  attributes: [("z", .array([.number("1.5e3"), .bool(true), .null])),
                                               ("a", .object([("y", .string("}{\"],[")), ("b", .object([]))])),
                                               ("m", .string("😀"))], raw: "r")),
        ("base64 and clock", TrailEvent(id: "b", time: t, received: t, source: "app", format: "syslog", raw: "/w==",
                                        rawIsBase64: true, clock: "assumed:Europe/Berlin")),
    ]

    @Test func indexColumnsEqualTheReferenceDecoder() throws {
        let dir = IndexFixture.tempDir("decode")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/index")
        let w = try TrailWriter(store: store)
        for (k, (_, e)) in Self.cases.enumerated() { _ = try w.accept(e, identity: .sourceId("case-\(k)")) }
        try w.commit()
        // First through the WAL path, then (after sealing) through the segment path of a rebuild.
        for pass in ["open", "sealed"] {
            if pass == "sealed" { try w.close(); try TrailIndex.rebuild(store: store) } else { try TrailIndex(store: store).catchUp() }
            let rows = try QueryRunner(indexPath: TrailIndex.path(store.layout)).run(sql: """
                SELECT id, time, received, source, format, actor, action, resource, outcome, origin, session, clock,
                       attributes, raw, raw_encoding FROM events ORDER BY record
                """).rows
            #expect(rows.count == Self.cases.count)
            for ((name, e), row) in zip(Self.cases, rows) {
                let ref = try TrailEvent.decode(line: e.canonicalLine())
                let expected: [String?] = [ref.id, ref.time.rfc3339, ref.received.rfc3339, ref.source, ref.format, ref.actor,
                                           ref.action, ref.resource, ref.outcome.rawValue, ref.origin, ref.session, ref.clock,
                                           String(decoding: CanonicalJSON.encode(.object(ref.attributes)), as: UTF8.self),
                                           ref.raw, ref.rawIsBase64 ? "base64" : nil]
                #expect(row.map(\.text) == expected, "\(pass) \(name)")
            }
        }
    }

    static let badLines: [(String, String)] = [
        ("not an object", "[1]"),
        ("missing raw", #"{"attributes":{},"format":"f","outcome":"success","received":"r","source":"s","time":"t"}"#),
        ("unterminated string", #"{"source":"abc"#),
        ("bad escape", #"{"source":"a\qb"}"#),
        ("lone surrogate", #"{"source":"\ud800x"}"#),
        ("trailing data", #"{"source":"a"} x"#),
    ]

    @Test func malformedLinesInAWALAreRefusedWithTheirPosition() throws {
        for (name, line) in Self.badLines {
            let dir = IndexFixture.tempDir("badline")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try Store.initialize(path: dir, origin: "test.local/index")
            let wal = try WALWriter(path: store.layout.walFile(source: "app"), validLength: 0)
            try Array(line.utf8).withUnsafeBytes { try wal.append(line: $0, time: 0, key: nil) }
            try wal.commit()
            #expect(throws: IndexError.self, "\(name)") { try TrailIndex(store: store).catchUp() }
            do { try TrailIndex(store: store).catchUp() } catch {
                #expect("\(error)".contains("open segment record 0: not an event line"), "\(name): \(error)")
            }
        }
    }
}
