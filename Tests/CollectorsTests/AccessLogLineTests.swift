import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The access-log line writer (straight from the spans) against the general path (`parse` +
/// `canonicalLine`): byte-identical lines, or the same refusal, for every parser on every test line,
/// the whole Apache corpus, and mutated lines.
@Suite struct AccessLogLineTests {
    static let context = ParseContext(source: "web", received: Timestamp.utc(year: 2026, month: 3, day: 15, hour: 9))

    static func parsers() throws -> [AccessLogParser] {
        try AccessLogParser.builtInFormats.map { try #require(AccessLogParser(named: $0)) } + [
            try AccessLogParser(logFormat: AccessLogTests.customFormat),
            try AccessLogParser(logFormat: #"$time_iso8601 $msec $remote_addr "$request" $status $request_id $upstream_status"#, format: "iso"),
        ]
    }

    static func result(_ line: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> [UInt8]) -> String {
        do { return "line " + String(decoding: try line.withUnsafeBytes(body), as: UTF8.self) } catch { return "refused \(error)" }
    }

    static func check(_ line: [UInt8], _ parser: AccessLogParser, sourceLocation: SourceLocation = #_sourceLocation) {
        let general = result(line) { try parser.parse($0, context: context).canonicalLine() }
        let direct = result(line) { raw in
            let out = ByteWriter(capacity: 16)
            out.append("prefix")
            _ = try parser.prepare(raw, context: context, into: out)
            return out.array(from: 6)
        }
        #expect(direct == general, "\(parser.format): \(String(decoding: line, as: UTF8.self).prefix(300))", sourceLocation: sourceLocation)
    }

    @Test func everyTestLineInEveryParser() throws {
        let parsers = try Self.parsers()
        for c in AccessLogTests.cases {
            for p in parsers { Self.check(Array(c.line.utf8), p) }
        }
    }

    @Test func apacheCorpus() throws {
        let lines = try ApacheCorpusTests.lines()
        for p in [AccessLogParser.apacheCombined, AccessLogParser.nginxCombined] {
            for line in lines { Self.check(line, p) }
        }
    }

    @Test func mutatedLines() throws {
        let parsers = try Self.parsers()
        var rng = SystemRandomNumberGenerator()
        let inserts: [[UInt8]] = [[0x5C], [0x22], [0x5C, 0x22], [0x5C, 0x78, 0x43, 0x33], [0x5C, 0x78, 0x46, 0x46], [0xC3, 0xA9],
                                  [0xFF], [0x2D], [0x20], [0x3F], [0x0D], [0x3A], Array("://".utf8), Array(" HTTP/1.1".utf8), [0x01]]
        for c in AccessLogTests.cases {
            let line = Array(c.line.utf8)
            for _ in 0..<40 {
                var m = line
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = Int.random(in: 0...m.count, using: &rng)
                    if Bool.random(using: &rng), at < m.count {
                        m.remove(at: at)
                    } else {
                        m.insert(contentsOf: inserts.randomElement(using: &rng)!, at: at)
                    }
                }
                for p in parsers { Self.check(m, p) }
            }
        }
    }
}
