import Rules
import Testing

/// Rule files that are wrong say where (file, line, field) and why.
@Suite struct RuleLoadingTests {
    static let head = "rules:\n  - id: r1\n    title: t\n    severity: low\n    controls: [pci-dss@4.0:10.2.1]\n"

    static let cases: [(String, String)] = [
        (head + "    kind: match\n    where: {actor: {equalz: x}}\n", "bad.yaml:7: rules[0].where.actor.equalz: unknown operator"),
        (head + "    kind: match\n    where: {actr: x}\n", "bad.yaml:7: rules[0].where.actr: unknown field"),
        (head + "    kind: nearby\n", "bad.yaml:6: rules[0].kind: must be match, threshold, absence, sequence or sql"),
        (head + "    kind: threshold\n    where: {actor: x}\n    count: 3\n", "bad.yaml:2: rules[0].window: missing"),
        (head + "    kind: threshold\n    where: {actor: x}\n    count: 3\n    window: 5 minutes\n",
         "bad.yaml:9: rules[0].window: '5 minutes' is not a duration like 30s, 5m, 24h or 7d"),
        (head + "    kind: match\n    where: {origin: {cidr: 10.0.0.0/33}}\n", "bad.yaml:7: rules[0].where.origin.cidr: '10.0.0.0/33' is not a CIDR block"),
        (head + "    kind: match\n    where: {raw: {regex: \"(\"}}\n", "bad.yaml:7: rules[0].where.raw.regex: not a valid regular expression"),
        (head + "    kind: sequence\n    first: {action: a}\n    then: {action: b}\n    by: [session]\n    within: 5m\n    mode: sometimes\n",
         "bad.yaml:11: rules[0].mode: must be occurs, then-missing or first-missing"),
        ("rules:\n  - id: Bad_Id\n", "bad.yaml:2: rules[0].id: 'Bad_Id' must be lower-case letters, digits and '-'"),
        (head.replacingOccurrences(of: "low", with: "urgent") + "    kind: match\n", "bad.yaml:4: rules[0].severity: must be one of info, low, medium, high, critical"),
        (head.replacingOccurrences(of: "[pci-dss@4.0:10.2.1]", with: "[10.2.1]") + "    kind: match\n", "bad.yaml:5: rules[0].controls: '10.2.1' must be framework@version:control"),
        (head + "    kind: match\n    where: {actor: x}\n    colour: red\n", "bad.yaml:8: rules[0].colour: unknown key"),
        (head + "    kind: match\n    where: {actor: x}\n    tests:\n      - name: t\n        events: [{actor: x}]\n        expect: 1\n",
         "bad.yaml:10: rules[0].tests[0].events[0].time: missing"),
        (head + "    kind: match\n    where: {actor: x}\n    tests:\n      - name: t\n        events: [{time: 2026-07-01T10:00:00Z}]\n        expect: [{events: [3]}]\n",
         "bad.yaml:11: rules[0].tests[0].expect[0]: event 3 is not in this test's events"),
        ("rules:\n  - id: [unclosed\n", "bad.yaml:3: (file): not valid YAML"),
    ]

    @Test(arguments: cases)
    func errorsNameFileLineAndField(yaml: String, message: String) {
        #expect {
            _ = try RuleSet.parse(yaml, path: "bad.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
        do { _ = try RuleSet.parse(yaml, path: "bad.yaml") } catch {
            #expect("\(error)".hasPrefix(message), "got: \(error)")
        }
    }
}
