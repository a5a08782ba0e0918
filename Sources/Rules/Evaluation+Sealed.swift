import Dispatch
import Foundation
import TrailIndex
import TrailModel

extension RuleSet {
    /// Batch evaluation of a period over the sealed events of the first `trailSize` segments only
    /// (what an evidence pack can prove), in the order of `TrailIndex.sealedEventsSQL`. `matched`
    /// is called, in event order, for each event that met a condition of a rule, with its position
    /// and the rule ids in the rules' order. `sql` rules run on the index with `:from` and `:to`.
    ///
    /// The work is spread over threads: the calling thread reads and decodes blocks of events and
    /// hands out the matches of the block before; two streams, each with half of the event rules,
    /// evaluate the current block; the `sql` rules run on a connection of their own. The result
    /// does not depend on timing: every stream sees every event in order.
    public func evaluateSealed(index: TrailIndex, from: Timestamp, to: Timestamp, trailSize: UInt64,
                               progress: ((Int) -> Void)? = nil,
                               matched onMatch: ((EvalEvent, EventPosition, [String]) -> Void)? = nil) throws -> EvaluationResult {
        // Two halves: the rules that see every event alternate, and so do the filtered ones.
        var halves: [[Rule]] = [[], []]
        var every = 0, filtered = 0
        for rule in rules {
            if case .sql = rule.kind { continue }
            if rule.actionFilter == nil { halves[every % 2].append(rule); every += 1 } else { halves[filtered % 2].append(rule); filtered += 1 }
        }
        let order = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let streams = halves.map { RuleStream(rules: $0, from: from) }
        // What each stream found in the current block: (event index in the block, rule id).
        let found = [MatchLog(), MatchLog()]
        if onMatch != nil {
            for (s, log) in zip(streams, found) { s.onMatch = { [unowned log] _, ids in log.add(ids) } }
        }

        // The sql rules, at the same time, on their own connection.
        let sqlResult = SQLOutcome()
        let sqlDone = DispatchGroup()
        let sqlRules = rules.filter { if case .sql = $0.kind { return true }; return false }
        if !sqlRules.isEmpty {
            let indexPath = TrailIndex.path(index.store.layout)
            DispatchQueue.global().async(group: sqlDone) {
                let r = sqlResult
                for rule in sqlRules {
                    do {
                        let fs = try RuleSet(rules: [rule]).sqlFindings(indexPath: indexPath, from: from, to: to)
                        r.findings += fs
                        r.matched[rule.id] = fs.count
                    } catch let RulesError.evaluation(_, reason) {
                        r.errors[rule.id] = reason
                    } catch {
                        r.errors[rule.id] = "\(error)"
                    }
                }
            }
        }

        /// Events and their positions, side by side (the streams read only the events).
        struct Block {
            var events: [EvalEvent] = []
            var positions: [EventPosition] = []
            var count: Int { events.count }
            var isEmpty: Bool { events.isEmpty }
            mutating func reserve(_ n: Int) { events.reserveCapacity(n); positions.reserveCapacity(n) }
        }
        let blockSize = 4096
        var n = 0
        func deliver(_ p: (Block, [[(Int, String)]])?) {
            guard let onMatch, let (block, logs) = p else { return }
            // Merge the two streams' matches by event, rule ids in the rules' order.
            var a = 0, b = 0
            let la = logs[0], lb = logs[1]
            while a < la.count || b < lb.count {
                let i = min(a < la.count ? la[a].0 : .max, b < lb.count ? lb[b].0 : .max)
                var ids: [String] = []
                while a < la.count && la[a].0 == i { ids.append(la[a].1); a += 1 }
                while b < lb.count && lb[b].0 == i { ids.append(lb[b].1); b += 1 }
                if ids.count > 1 { ids.sort { (order[$0] ?? 0) < (order[$1] ?? 0) } }
                onMatch(block.events[i], block.positions[i], ids)
            }
        }
        let pair = StreamPair(streams: streams, logs: found)
        func evaluate(_ block: Block) -> [[(Int, String)]] { pair.evaluate(block.events) }

        // One block is evaluated while the next is read and the matches of the one before are handed out.
        final class InFlight {
            let block: Block
            var logs: [[(Int, String)]] = []
            let done = DispatchGroup()
            init(_ block: Block) { self.block = block }
            func wait() { done.wait() }
        }
        var inFlight: InFlight?
        func launch(_ b: Block) {
            let f = InFlight(b)
            inFlight = f
            DispatchQueue.global().async(group: f.done) { [pair] in f.logs = pair.evaluate(f.block.events) }
        }
        var block = Block()
        block.reserve(blockSize)
        try index.forEachSealedEvent(from: from, to: to, trailSize: trailSize) { event, at in
            block.events.append(EvalEvent(event: event, ref: at.leaf))
            block.positions.append(at)
            n += 1
            if n % 100_000 == 0 { progress?(n) }
            guard block.count == blockSize else { return }
            let previous = inFlight
            previous?.wait()
            launch(block)
            block = Block()
            block.reserve(blockSize)
            if let p = previous { deliver((p.block, p.logs)) }
        }
        if let p = inFlight { p.wait(); deliver((p.block, p.logs)); inFlight = nil }
        if !block.isEmpty { deliver((block, evaluate(block))) }

        var findings = streams[0].finish(to: to) + streams[1].finish(to: to)
        var matched = streams[0].matched.merging(streams[1].matched) { a, _ in a }
        sqlDone.wait()
        findings += sqlResult.findings
        matched.merge(sqlResult.matched) { a, _ in a }
        findings.sort(by: Finding.order)
        return EvaluationResult(findings: findings, matched: matched, errors: sqlResult.errors, events: n)
    }
}

/// The two halves of the event rules, each evaluating a block on a thread of its own.
final class StreamPair: @unchecked Sendable {
    let streams: [RuleStream]
    let logs: [MatchLog]
    init(streams: [RuleStream], logs: [MatchLog]) { self.streams = streams; self.logs = logs }

    /// Shows every event of `block` to both streams (in parallel); returns what each matched.
    func evaluate(_ block: [EvalEvent]) -> [[(Int, String)]] {
        let group = DispatchGroup()
        for k in 0..<2 {
            DispatchQueue.global().async(group: group) { [self] in
                logs[k].reset()
                let log = logs[k], stream = streams[k]
                for i in block.indices {
                    log.current = i
                    stream.observe(block[i])
                }
            }
        }
        group.wait()
        return [logs[0].entries, logs[1].entries]
    }
}

/// What the `sql` rules found (written by their thread, read after it is done).
final class SQLOutcome: @unchecked Sendable {
    var findings: [Finding] = []
    var matched: [String: Int] = [:]
    var errors: [String: String] = [:]
}

/// The matches one stream reports while it evaluates a block.
final class MatchLog: @unchecked Sendable {
    var current = 0
    private(set) var entries: [(Int, String)] = []
    func reset() { entries.removeAll(keepingCapacity: true); current = 0 }
    func add(_ ids: [String]) { for id in ids { entries.append((current, id)) } }
}
