import Foundation
import Testing

/// `rules test`, `rules eval`, `rules findings`, `rules coverage` and `ingest --rules` through the binary.
@Suite struct RulesCLITests {
    static let rules = """
        rules:
          - id: failed-payment
            title: Failed payment authorisation
            severity: high
            controls: [pci-dss@4.0:10.2.1.4]
            kind: match
            where: {action: payment.authorize, outcome: failure}
            tests:
              - {name: hit, events: [{time: 2026-07-01T10:00:00Z, action: payment.authorize, outcome: failure}], expect: 1}
              - {name: miss, events: [{time: 2026-07-01T10:00:00Z, action: payment.authorize, outcome: success}], expect: 0}
          - id: refund
            title: Refund issued
            severity: low
            controls: [pci-dss@4.0:10.2.1.2]
            kind: match
            where: {action: refund.create}
            tests:
              - {name: hit, events: [{time: 2026-07-01T10:00:00Z, action: refund.create}], expect: 1}
              - {name: miss, events: [{time: 2026-07-01T10:00:00Z, action: refund.cancel}], expect: 0}
        """
    static let controls = """
        framework: pci-dss
        version: "4.0"
        title: PCI DSS v4.0 (test)
        controls:
          - {id: 10.2.1.4, title: Invalid access attempts, meaning: m, coverage: automated}
          - {id: 10.2.1.2, title: Admin actions, meaning: m, coverage: partial, note: n}
          - {id: 10.4.3, title: Exceptions addressed, meaning: m, coverage: manual, note: reviewed by hand}
          - {id: 10.9.9, title: Not here, meaning: m, coverage: n/a, note: no such system}
        """

    func setUp(_ name: String) throws -> (dir: String, store: String, rules: String) {
        let dir = CLI.tempDir(name)
        let rules = dir + "/rules"
        try FileManager.default.createDirectory(atPath: rules + "/controls", withIntermediateDirectories: true)
        try Self.rules.write(toFile: rules + "/pack.yaml", atomically: true, encoding: .utf8)
        try Self.controls.write(toFile: rules + "/controls/pci-dss.yaml", atomically: true, encoding: .utf8)
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try CLI.events(300).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        return (dir, store, rules)
    }

    @Test func streamingBatchFindingsAndCoverage() throws {
        let (dir, store, rules) = try setUp("rules-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = try CLI.run(["rules", "test", "--rules", rules])
        #expect(t.status == 0 && t.stdout.contains("rules test: 2 rules, 4 tests passed, 0 failed; crosswalk: 1 frameworks, 4 controls, 0 problems"), "\(t.stdout)")
        // Streaming while ingesting: 300 authorisations, every fourth failed → 75 findings.
        let ing = try CLI.run(["ingest", "--store", store, "--source", "payments-api", "--rules", rules, dir + "/in.jsonl"])
        #expect(ing.status == 0 && ing.stderr.contains("rules: 75 findings while ingesting (75 new)"), "\(ing.stderr)")
        // Batch over the same period finds the same ones: nothing new.
        let ev = try CLI.run(["rules", "eval", "--store", store, "--rules", rules, "--from", "2026-07-01", "--to", "2026-07-02"])
        #expect(ev.status == 0 && ev.stdout.contains("75 findings (0 new)"), "\(ev.stdout)")
        let csv = try CLI.run(["rules", "findings", "--store", store, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\r\n").count == 76 && csv.stdout.hasPrefix("id,rule,severity,controls,key,start,end,events,status\r\n"))
        let cov = try CLI.run(["rules", "coverage", "--store", store, "--rules", rules, "--framework", "pci-dss@4.0",
                               "--from", "2026-07-01", "--to", "2026-07-02", "--format", "csv"])
        #expect(cov.status == 0, "\(cov.stderr)")
        let rows = cov.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",") }
        #expect(rows == ["control,status,coverage,rules,events,findings", "10.2.1.4,alarm,automated,failed-payment,75,75",
                         "10.2.1.2,ok,partial,refund,0,0", "10.4.3,manual,manual,,0,0", "10.9.9,n/a,n/a,,0,0"], "\(cov.stdout)")
    }

    @Test func aFailingRuleTestOrABrokenCrosswalkExitsOne() throws {
        let (dir, _, rules) = try setUp("rules-cli-fail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.rules.replacingOccurrences(of: "outcome: failure}], expect: 1}", with: "outcome: failure}], expect: 2}")
            .write(toFile: rules + "/pack.yaml", atomically: true, encoding: .utf8)
        let t = try CLI.run(["rules", "test", "--rules", rules])
        #expect(t.status == 1 && t.stdout.contains("FAIL failed-payment / hit") && t.stdout.contains("expected 2 finding(s), got 1"), "\(t.stdout)")
        try Self.rules.write(toFile: rules + "/pack.yaml", atomically: true, encoding: .utf8)
        try Self.controls.replacingOccurrences(of: "10.2.1.2, title", with: "10.2.1.3, title")
            .write(toFile: rules + "/controls/pci-dss.yaml", atomically: true, encoding: .utf8)
        let c = try CLI.run(["rules", "test", "--rules", rules])
        #expect(c.status == 1)
        #expect(c.stdout.contains("rule refund names pci-dss@4.0:10.2.1.2, which pci-dss@4.0 does not list"), "\(c.stdout)")
        #expect(c.stdout.contains("control 10.2.1.3 is partial but no rule names it"), "\(c.stdout)")
    }
}
