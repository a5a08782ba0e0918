import Foundation
import Retention
import SegmentStore
import Testing
import TrailIndex
import TrailModel

@Suite struct PolicyTests {
    /// Bad policy files: each must be refused naming the file, the line and the field.
    static let badFiles: [(name: String, yaml: String, line: Int, field: String, reason: String)] = [
        ("unknown unit", """
            default:
              retain: 7x
              hot: 90d
              mode: compliance
            """, 2, "default.retain", "is not a period"),
        ("hot longer than retention", """
            default:
              retain: 30d
              hot: 3m
              mode: compliance
            """, 3, "default.hot", "longer than the retention"),
        ("archive before hot window ends", """
            default:
              retain: 7y
              hot: 90d
              archiveAfter: 30d
              mode: compliance
            """, 4, "default.archiveAfter", "shorter than the hot window"),
        ("archive after retention", """
            default:
              retain: 1y
              hot: 90d
              archiveAfter: 2y
              mode: compliance
            """, 4, "default.archiveAfter", "longer than the retention"),
        ("unknown mode", """
            default:
              retain: 7y
              hot: 90d
              mode: forever
            """, 4, "default.mode", "is not a mode"),
        ("unknown key", """
            default:
              retain: 7y
              hot: 90d
              mode: compliance
              keep: always
            """, 5, "default.keep", "unknown key"),
        ("missing retain", """
            default:
              hot: 90d
              mode: compliance
            """, 2, "default.retain", "missing"),
        ("overlapping conflicting modes", """
            policies:
              - name: a
                match: { sources: ["pay-*"] }
                retain: 1y
                hot: 90d
                mode: compliance
              - name: b
                match: { classes: [application] }
                retain: 30d
                hot: 30d
                mode: governance
            default: { retain: 7y, hot: 90d, mode: compliance }
            """, 7, "match", "overlaps policy 'a'"),
        ("unknown class", """
            policies:
              - name: a
                match: { classes: [ledger] }
                retain: 1y
                hot: 90d
                mode: compliance
            default: { retain: 7y, hot: 90d, mode: compliance }
            """, 3, "policies[0].match.classes", "unknown class"),
        ("duplicate name", """
            policies:
              - { name: a, match: { sources: [x] }, retain: 1y, hot: 90d, mode: compliance }
              - { name: a, match: { sources: [y] }, retain: 2y, hot: 90d, mode: compliance }
            default: { retain: 7y, hot: 90d, mode: compliance }
            """, 3, "name", "also defined"),
        ("no default", """
            policies:
              - { name: a, match: { sources: [x] }, retain: 1y, hot: 90d, mode: compliance }
            """, 0, "default", "no default policy"),
        ("match everything", """
            policies:
              - { name: a, match: {}, retain: 1y, hot: 90d, mode: compliance }
            default: { retain: 7y, hot: 90d, mode: compliance }
            """, 2, "policies[0].match", "matches everything"),
    ]

    @Test(arguments: badFiles.map(\.name))
    func badPolicyFilesAreRefusedWithFileLineAndField(_ name: String) throws {
        let c = Self.badFiles.first { $0.name == name }!
        let path = RetentionFixture.tempDir("bad") + ".yaml"
        try c.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try PolicyFiles.load(path)
            Issue.record("\(name): accepted")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("\(path):\(c.line): \(c.field): "), "\(name): \(text)")
            #expect(text.contains(c.reason), "\(name): \(text)")
        }
    }

    @Test func overlappingPoliciesWithTheSameModeAreFineAndTheLongestWins() throws {
        let path = RetentionFixture.tempDir("ok") + ".yaml"
        try """
            policies:
              - { name: short, match: { sources: ["pay-*"] }, retain: 1y, hot: 90d, mode: compliance }
              - { name: long, match: { classes: [application] }, retain: 5y, hot: 90d, mode: compliance }
              - { name: dbg, match: { sources: ["debug-*"], classes: [system] }, retain: 30d, hot: 30d, mode: governance }
            default: { name: base, retain: 7y, hot: 90d, mode: compliance }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try PolicyFiles.load(path)
        #expect(c.policy(source: "pay-api", format: "app-json").name == "long")
        #expect(c.policy(source: "pay-api", format: "nginx-combined").name == "short")
        #expect(c.policy(source: "debug-host", format: "syslog").name == "dbg")
        #expect(c.policy(source: "other", format: "cloudtrail").name == "base")
    }

    @Test func theShippedPoliciesLoad() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = try PolicyFiles.load(repo.appendingPathComponent("retention").path)
        #expect(c.policies.map(\.name).sorted() == ["app-debug-30d", "financial-records-7y", "pci-dss-10.5.1"])
        let pci = c.policies.first { $0.name == "pci-dss-10.5.1" }!
        // PCI DSS 10.5.1: at least 12 months kept, at least 3 months immediately available.
        #expect(pci.retain >= RetentionPeriod(months: 12) && pci.hot >= RetentionPeriod(months: 3) && pci.mode == "compliance")
        #expect(c.policy(source: "payments-api", format: "app-json").name == "pci-dss-10.5.1")
        #expect(c.policy(source: "ledger", format: "qldb-journal").name == "financial-records-7y")
        #expect(c.policy(source: "debug-web", format: "app-json").name == "app-debug-30d")
        #expect(c.defaultPolicy.retain == RetentionPeriod(months: 84))
    }

    /// Calendar arithmetic of retention periods.
    static let periods: [(String, String, String)] = [
        ("7y", "2026-07-01T12:00:00.000000Z", "2033-07-01T12:00:00.000000Z"),
        ("1y", "2024-02-29T00:00:00.000000Z", "2025-02-28T00:00:00.000000Z"),
        ("13m", "2026-01-31T08:00:00.000000Z", "2027-02-28T08:00:00.000000Z"),
        ("1m", "2028-01-31T00:00:00.000000Z", "2028-02-29T00:00:00.000000Z"),
        ("30d", "2026-12-15T00:00:00.000000Z", "2027-01-14T00:00:00.000000Z"),
        ("2w", "2026-12-31T23:59:59.999999Z", "2027-01-14T23:59:59.999999Z"),
    ]

    @Test(arguments: periods.map(\.0).indices)
    func periodsAddCalendarTime(_ i: Int) throws {
        let (text, start, end) = Self.periods[i]
        let p = try #require(RetentionPeriod(text))
        #expect(p.description == text)
        #expect(p.after(try #require(TimeArgument.parse(start))).rfc3339 == end)
    }

    @Test(arguments: ["", "7", "y", "0d", "-1y", "3h", "1.5y", "7 y"])
    func malformedPeriodsAreRejected(_ text: String) {
        #expect(RetentionPeriod(text) == nil)
    }

    @Test func sealsAreStampedFromThePolicyInForceAndNeverChange() throws {
        let store = try RetentionFixture.store(policies: RetentionFixture.policies,
                                               segments: [("pay-api", "2026-03-10"), ("debug-app", "2026-03-10"), ("other", "2026-03-10")])
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let byName = Dictionary(uniqueKeysWithValues: trail.seals.map { ($0.source, $0) })
        let pay = try #require(byName["pay-api"]), dbg = try #require(byName["debug-app"]), other = try #require(byName["other"])
        #expect(pay.retentionPolicy == "pay-13m" && pay.retentionMode == "compliance")
        #expect(pay.retainUntil == RetentionPeriod(months: 13).after(try #require(TimeArgument.parse(pay.lastTime))).rfc3339)
        #expect(dbg.retentionPolicy == "debug-30d" && dbg.retentionMode == "governance")
        #expect(other.retentionPolicy == "default-7y" && other.retainUntil.hasPrefix("2033-03-10"))
        // Installing other policies later changes nothing already sealed.
        let before = try FS.read(store.layout.sealFile(seq: pay.segment))
        let path = RetentionFixture.tempDir("p2") + ".yaml"
        try "default: { retain: 1y, hot: 30d, mode: governance }".write(toFile: path, atomically: true, encoding: .utf8)
        try FS.writeAtomically(store.layout.retentionPolicies, try PolicyFiles.load(path).encoded())
        #expect(try FS.read(store.layout.sealFile(seq: pay.segment)) == before)
        #expect(Verifier(store: store).run().ok)
    }
}
