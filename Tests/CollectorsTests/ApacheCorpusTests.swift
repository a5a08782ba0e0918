import Foundation
@testable import Collectors
import Gzip
import Testing
import TrailModel

/// The whole real Apache combined log (10,000 lines, see Fixtures/README.md): every complete line
/// parses with the fields a regular expression reads from it; the one truncated line is refused.
@Suite struct ApacheCorpusTests {
    static func lines() throws -> [[UInt8]] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/apache_combined_access.log", withExtension: "gz"))
        let text = try Gzip.decompress(Array(try Data(contentsOf: url)))
        return text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    @Test func everyCompleteLineParsesWithItsFields() throws {
        let lines = try Self.lines()
        #expect(lines.count == 10_000)
        let context = ParseContext(source: "web", received: Timestamp.utc(year: 2015, month: 6, day: 1))
        let pattern = try NSRegularExpression(pattern: #"^(\S+) \S+ (\S+) \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\S+) "([^"]*)" "([^"]*)"$"#)
        var parsed = 0
        var refused: [(Int, String)] = []
        for (i, line) in lines.enumerated() {
            do {
                let e = try line.withUnsafeBytes { try AccessLogParser.apacheCombined.parse($0, context: context) }
                parsed += 1
                let text = String(decoding: line, as: UTF8.self)
                guard let m = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
                    Issue.record("line \(i + 1) parsed but the reference regex does not match it"); continue
                }
                func g(_ k: Int) -> String { String(text[Range(m.range(at: k), in: text)!]) }
                #expect(e.origin == g(1), "line \(i + 1)")
                #expect(e.actor == (g(2) == "-" ? nil : g(2)), "line \(i + 1)")
                #expect(e.action?.hasPrefix(g(4) + " ") == true, "line \(i + 1)")
                let status = Int(g(6))!
                #expect(e.outcome == (status < 400 ? .success : .failure), "line \(i + 1)")
                #expect(e.raw == text)
            } catch {
                refused.append((i + 1, "\(error)"))
            }
        }
        #expect(parsed == 9_999)
        #expect(refused.count == 1)
        #expect(refused.first?.0 == 8_899)
        #expect(refused.first?.1.contains("http_user_agent") == true, "\(refused)")
    }
}
