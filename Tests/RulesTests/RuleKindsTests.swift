import Foundation
import Rules
import Testing

/// Each kind and operator on hand-made events, with the expected findings written out by hand.
@Suite struct RuleKindsTests {
    static let pack = """
        rules:
          - id: detokenize
            title: Card data read
            severity: medium
            controls: [pci-dss@4.0:10.2.1.1]
            kind: match
            where:
              action: card.detokenize
              origin: {cidr: [10.0.0.0/8, "2001:db8::/32"]}
              attributes.card.brand: {in: [visa, amex], nocase: true}
            tests:
              - name: inside the networks, any case of the brand
                events:
                  - {time: 2026-07-01T10:00:00Z, action: card.detokenize, origin: 10.1.2.3, attributes: {card: {brand: VISA}}}
                  - {time: 2026-07-01T10:00:01Z, action: card.detokenize, origin: "2001:db8::7", attributes: {card: {brand: amex}}}
                  - {time: 2026-07-01T10:00:02Z, action: card.detokenize, origin: 192.168.1.1, attributes: {card: {brand: visa}}}
                  - {time: 2026-07-01T10:00:03Z, action: card.detokenize, origin: 10.0.0.9, attributes: {card: {brand: jcb}}}
                  - {time: 2026-07-01T10:00:04Z, action: card.detokenize, origin: 10.0.0.9}
                expect:
                  - {events: [0]}
                  - {events: [1]}
              - name: other actions
                events:
                  - {time: 2026-07-01T10:00:00Z, action: card.tokenize, origin: 10.1.2.3, attributes: {card: {brand: visa}}}
                expect: 0
          - id: big-refund
            title: Large refund
            severity: high
            controls: [soc2@2017:CC7.2]
            kind: match
            where:
              all:
                - action: {startswith: refund.}
                - attributes.amount: {gt: 1000}
                - not: {actor: {regex: "^svc:"}}
                - any: [{outcome: success}, {attributes.forced: {exists: true}}]
            tests:
              - name: numbers compare as numbers
                events:
                  - {time: 2026-07-01T10:00:00Z, action: refund.create, actor: "user:a", outcome: success, attributes: {amount: 1200.5}}
                  - {time: 2026-07-01T10:00:01Z, action: refund.create, actor: "user:a", outcome: success, attributes: {amount: 999}}
                  - {time: 2026-07-01T10:00:02Z, action: refund.create, actor: "svc:batch", outcome: success, attributes: {amount: 5000}}
                  - {time: 2026-07-01T10:00:03Z, action: refund.create, actor: "user:b", outcome: failure, attributes: {amount: 5000, forced: true}}
                  - {time: 2026-07-01T10:00:04Z, action: refund.create, actor: "user:b", outcome: failure, attributes: {amount: 5000}}
                expect: [{events: [0]}, {events: [3]}]
              - name: none
                events: [{time: 2026-07-01T10:00:00Z, action: refund.create, actor: "user:a", attributes: {amount: 10}}]
                expect: 0
          - id: lockout
            title: Repeated failed logins
            severity: high
            controls: [pci-dss@4.0:8.3.4]
            kind: threshold
            where: {action: user.login, outcome: failure}
            group_by: [actor]
            count: 3
            window: 10m
            tests:
              - name: three in ten minutes, per actor; the fourth starts a new count
                events:
                  - {time: 2026-07-01T10:00:00Z, actor: a, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:05:00Z, actor: a, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:06:00Z, actor: b, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:10:00Z, actor: a, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:11:00Z, actor: a, action: user.login, outcome: failure}
                expect: [{key: a, events: [0, 1, 3]}]
              - name: spread past the window
                events:
                  - {time: 2026-07-01T10:00:00Z, actor: a, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:05:00Z, actor: a, action: user.login, outcome: failure}
                  - {time: 2026-07-01T10:10:00.000001Z, actor: a, action: user.login, outcome: failure}
                expect: 0
          - id: silent-source
            title: Collector silent
            severity: high
            controls: [pci-dss@4.0:10.7.1]
            kind: absence
            where: {source: {exists: true}}
            group_by: [source]
            expected: [payments, gateway]
            window: 1h
            tests:
              - name: a gap between events, and an expected source never seen
                events:
                  - {time: 2026-07-01T00:30:00Z, source: payments}
                  - {time: 2026-07-01T02:00:00Z, source: payments}
                expect: [{key: payments, events: []}, {key: gateway, events: []}]
              - name: steady
                events:
                  - {time: 2026-07-01T00:59:00Z, source: payments}
                  - {time: 2026-07-01T00:59:30Z, source: gateway}
                expect: 0
          - id: sca-brute
            title: SCA failed then passed
            severity: medium
            controls: ["psd2-rts@2018/389:4(3)(b)"]
            kind: sequence
            first: {action: sca.verify, outcome: failure}
            then: {action: sca.verify, outcome: success}
            by: [session]
            within: 5m
            tests:
              - name: failures then a success in one session
                events:
                  - {time: 2026-07-01T10:00:00Z, session: s1, action: sca.verify, outcome: failure}
                  - {time: 2026-07-01T10:01:00Z, session: s1, action: sca.verify, outcome: failure}
                  - {time: 2026-07-01T10:02:00Z, session: s2, action: sca.verify, outcome: success}
                  - {time: 2026-07-01T10:03:00Z, session: s1, action: sca.verify, outcome: success}
                expect: [{key: s1, events: [0, 1, 3]}]
              - name: too late
                events:
                  - {time: 2026-07-01T10:00:00Z, session: s1, action: sca.verify, outcome: failure}
                  - {time: 2026-07-01T10:05:00.5Z, session: s1, action: sca.verify, outcome: success}
                expect: 0
          - id: erasure-not-done
            title: Erasure request not executed
            severity: high
            controls: ["gdpr@2016/679:17"]
            kind: sequence
            mode: then-missing
            first: {action: gdpr.erasure.request}
            then: {action: gdpr.erasure.done}
            by: [resource]
            within: 1h
            tests:
              - name: one done in time, one not
                events:
                  - {time: 2026-07-01T10:00:00Z, resource: "subject:1", action: gdpr.erasure.request}
                  - {time: 2026-07-01T10:00:00Z, resource: "subject:2", action: gdpr.erasure.request}
                  - {time: 2026-07-01T11:00:00Z, resource: "subject:1", action: gdpr.erasure.done}
                  - {time: 2026-07-01T11:30:00Z, resource: "subject:3", action: other}
                expect: [{key: "subject:2", events: [1]}]
              - name: not yet due at the period's end
                events:
                  - {time: 2026-07-01T10:00:00Z, resource: "subject:1", action: gdpr.erasure.request}
                  - {time: 2026-07-01T10:30:00Z, resource: "subject:9", action: other}
                expect: 0
          - id: unapproved-change
            title: Change without approval
            severity: medium
            controls: [soc2@2017:CC8.1]
            kind: sequence
            mode: first-missing
            first: {action: change.approve}
            then: {action: config.change}
            by: [resource]
            within: 24h
            tests:
              - name: approved one passes, the other is a finding
                events:
                  - {time: 2026-07-01T09:00:00Z, resource: "cfg:a", action: change.approve}
                  - {time: 2026-07-01T10:00:00Z, resource: "cfg:a", action: config.change}
                  - {time: 2026-07-01T10:00:00Z, resource: "cfg:b", action: config.change}
                expect: [{key: "cfg:b", events: [2]}]
              - name: approved
                events:
                  - {time: 2026-07-01T09:00:00Z, resource: "cfg:a", action: change.approve}
                  - {time: 2026-07-02T09:00:00Z, resource: "cfg:a", action: config.change}
                expect: 0
          - id: failures-by-origin
            title: Origins with failures
            severity: low
            controls: [pci-dss@4.0:10.2.1.4]
            kind: sql
            sql: |
              SELECT origin AS key, min(time) AS time, group_concat(leaf) AS events FROM events
              WHERE outcome = 'failure' AND time >= :from AND time < :to GROUP BY origin HAVING count(*) >= 2
            tests:
              - name: two failures from one origin
                events:
                  - {time: 2026-07-01T10:00:00Z, origin: 1.2.3.4, outcome: failure}
                  - {time: 2026-07-01T10:00:01Z, origin: 1.2.3.4, outcome: failure}
                  - {time: 2026-07-01T10:00:02Z, origin: 5.6.7.8, outcome: failure}
                expect: [{key: 1.2.3.4, events: [0, 1]}]
              - name: one each
                events:
                  - {time: 2026-07-01T10:00:00Z, origin: 1.2.3.4, outcome: failure}
                  - {time: 2026-07-01T10:00:02Z, origin: 5.6.7.8, outcome: failure}
                expect: 0
        """

    @Test func everyKindGivesTheFindingsWrittenByHand() throws {
        let set = RuleSet(rules: try RuleSet.parse(Self.pack, path: "pack.yaml"))
        #expect(set.rules.map(\.kind.name) == ["match", "match", "threshold", "absence", "sequence", "sequence", "sequence", "sql"])
        let outcomes = RuleTester.run(set, scratch: NSTemporaryDirectory() + "sealtrail-rulekinds-\(getpid())")
        #expect(outcomes.count == 16)
        for o in outcomes { #expect(o.failure == nil, "\(o.rule) / \(o.test): \(o.failure ?? "")") }
    }

    @Test func aWrongExpectationFailsWithWhatWasFound() throws {
        let broken = Self.pack.replacingOccurrences(of: "expect: [{key: a, events: [0, 1, 3]}]", with: "expect: [{key: a, events: [0, 1, 4]}]")
        let set = RuleSet(rules: try RuleSet.parse(broken, path: "pack.yaml"))
        let failed = RuleTester.run(set, scratch: NSTemporaryDirectory() + "sealtrail-rulekinds-\(getpid())").filter { $0.failure != nil }
        #expect(failed.count == 1)
        #expect(failed.first?.failure == "expected a finding {key: a, events: [0, 1, 4]}; got [{key: a, events: [0, 1, 3]}]")
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("- name: three in ten minutes") }.map { $0 + 1 }
        #expect(failed.first?.location == "pack.yaml:\(line ?? 0)", "the test's own line")
    }
}
