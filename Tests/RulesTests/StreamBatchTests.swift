import Collectors
import Foundation
import Rules
import Sealing
import SegmentStore
import Testing
import TrailIndex
import TrailModel

/// Two ways to evaluate, one answer: events fed as they arrive (in chunks, as ingest delivers them)
/// give the same findings as a batch evaluation of the period over the index; and evaluating a
/// period twice stores each finding once.
@Suite struct StreamBatchTests {
    static let pack = """
        rules:
          - {id: detok, title: d, severity: info, controls: [pci-dss@4.0:10.2.1.1], kind: match, where: {action: card.detokenize}}
          - {id: admin-fail, title: a, severity: low, controls: [pci-dss@4.0:10.2.1.4], kind: match,
             where: {action: {startswith: admin.}, outcome: failure}}
          - {id: login-burst, title: l, severity: high, controls: [pci-dss@4.0:8.3.4], kind: threshold,
             where: {action: {in: [user.login, admin.login]}, outcome: failure}, group_by: [origin], count: 2, window: 30m}
          - {id: quiet, title: q, severity: medium, controls: [pci-dss@4.0:10.7.1], kind: absence,
             where: {action: settlement.run}, window: 2h}
          - {id: sca-retry, title: s, severity: medium, controls: ["psd2-rts@2018/389:4(3)(b)"], kind: sequence,
             first: {action: sca.verify, outcome: failure}, then: {action: sca.verify, outcome: success}, by: [session], within: 10m}
          - {id: grant-no-revoke, title: g, severity: low, controls: [soc2@2017:CC6.3], kind: sequence, mode: then-missing,
             first: {action: role.grant}, then: {action: role.revoke}, by: [resource], within: 4h}
          - {id: change-unapproved, title: c, severity: medium, controls: [soc2@2017:CC8.1], kind: sequence, mode: first-missing,
             first: {action: change.approve}, then: {action: config.change}, by: [resource], within: 24h}
        """

    /// 30,000 simulated events of source `payments`, in time order.
    static func simulated(seed: UInt64) -> [TrailEvent] {
        var sim = Simulator(options: .init(count: 30_000, seed: seed))
        var events: [TrailEvent] = []
        let context = ParseContext(source: "payments", received: Timestamp.utc(year: 2026, month: 11, day: 1))
        sim.generate { line in if let e = try? AppJSONParser().parse(line, context: context) { events.append(e) } }
        return events.sorted { $0.time.micros < $1.time.micros }
    }

    @Test func streamingInChunksEqualsBatchOverTheIndex() throws {
        let set = RuleSet(rules: try RuleSet.parse(Self.pack, path: "pack.yaml"))
        let events = Self.simulated(seed: 5)
        let from = Timestamp.utc(year: 2026, month: 7, day: 1)
        let to = Timestamp(micros: events.last!.time.micros + 1)

        // Streaming: as events arrive, in chunks of 1,000, each with its leaf hash as reference.
        let stream = set.stream(from: from)
        for chunk in stride(from: 0, to: events.count, by: 1_000) {
            for e in events[chunk..<min(chunk + 1_000, events.count)] {
                stream.observe(EvalEvent(event: e, ref: e.canonicalLine().withUnsafeBytes { Merkle.leafHash($0) }.hex))
            }
        }
        let streamed = stream.finish(to: to)

        // Batch: the same events stored, sealed, indexed, then evaluated over the period.
        let dir = NSTemporaryDirectory() + "sealtrail-streambatch-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/rules")
        let w = try TrailWriter(store: store)
        for e in events { _ = try w.accept(e, identity: e.id.map { .sourceId($0) }) }
        try w.close()
        let index = try TrailIndex(store: store)
        try index.catchUp()
        let batch = try set.evaluate(index: index, from: from, to: to).findings

        var kinds: [String: Int] = [:]
        for f in batch { kinds[f.rule, default: 0] += 1 }
        for rule in set.rules { #expect(kinds[rule.id, default: 0] > 0, "the simulated data exercises \(rule.id): \(kinds)") }
        #expect(streamed.count == batch.count)
        #expect(streamed == batch)

        // Stored once, however often the period is evaluated.
        #expect(try index.store(findings: batch.map(\.stored), mode: "batch") == batch.count)
        #expect(try index.store(findings: try set.evaluate(index: index, from: from, to: to).findings.map(\.stored), mode: "batch") == 0)
        let n = try QueryRunner(indexPath: TrailIndex.path(store.layout)).run(sql: "SELECT count(*), count(DISTINCT id) FROM findings").rows[0]
        #expect(n == [.int(Int64(batch.count)), .int(Int64(batch.count))])
    }

    /// The same through `RuleSink`, as `ingest --rules` runs it: the sink stores each event and hands
    /// the stored lines, in blocks, to the rules' own thread. Its findings equal a batch evaluation
    /// of the index built from the store it wrote.
    @Test func ruleSinkBesideTheStoreEqualsBatch() throws {
        let set = RuleSet(rules: try RuleSet.parse(Self.pack, path: "pack.yaml"))
        let events = Self.simulated(seed: 11)

        let dir = NSTemporaryDirectory() + "sealtrail-rulesink-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.initialize(path: dir, origin: "test.local/rules")
        let w = try TrailWriter(store: store)
        let sink = RuleSink(wrapping: w, rules: set, maxBlocksInFlight: 2)
        var stored = 0
        for e in events { if try sink.accept(e, identity: e.id.map { .sourceId($0) }) { stored += 1 } }
        // A second delivery of the first events is deduplicated by the store and not shown to the rules.
        for e in events.prefix(500) { #expect(try !sink.accept(e, identity: e.id.map { .sourceId($0) })) }
        try sink.commit()
        let streamed = try sink.finish()
        try w.close()
        #expect(stored == events.count && events.count > 3 * RuleSink.blockSize)

        let index = try TrailIndex(store: store)
        try index.catchUp()
        let from = Timestamp.utc(year: 2026, month: 7, day: 1)
        let to = Timestamp(micros: events.last!.time.micros + 1)
        let batch = try set.evaluate(index: index, from: from, to: to).findings
        #expect(Set(batch.map(\.rule)).count == set.rules.count, "every rule kind is exercised")
        // Streaming starts its period at the first event; nothing is due before it in this pack.
        #expect(streamed == batch)
    }
}
