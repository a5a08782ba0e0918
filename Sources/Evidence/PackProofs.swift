import Foundation
import Rules
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

/// Where the events a pack cites are: sample events are known from the pass over the period;
/// the events of findings (leaf hashes) are looked up in the index, among the sealed events of
/// the pack's trail.
struct Citations {
    var positions: [String: EventPosition] = [:]
    /// Findings left out because an event they cite is not sealed within the pack's trail.
    var unprovable = 0
    /// Cited events that were not among the matched events, so were looked up in the index.
    var lookedUp = 0

    func provable(_ f: Finding) -> Bool { f.events.allSatisfy { positions[$0] != nil } }

    /// Finds cited events by leaf hash within the time span of the finding that cites them (one
    /// range of the time index per citation, so the period's rows are not scanned).
    static let spanSQL = """
        WITH c(leaf, t0, t1) AS (
            SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(:cites))
        SELECT c.leaf, e.segment, e.record FROM c CROSS JOIN events e INDEXED BY events_time
        WHERE e.time >= c.t0 AND e.time <= c.t1 AND e.leaf = c.leaf AND e.sealed = 1 AND e.segment < :trailSize
        """

    /// Finds the events the pack cites that the span lookup missed: one query for those in the
    /// period, one for the rest.
    static let lookupSQL = """
        SELECT leaf, segment, record FROM events
        WHERE sealed = 1 AND segment < :trailSize AND leaf IN (SELECT value FROM json_each(:leaves))
        """

    static func locate(findings: [Finding], samples: [EventPosition], known: PositionMap, store: Store, request: PackRequest,
                       trailSize: UInt64) throws -> Citations {
        var out = Citations()
        for p in samples { out.positions[p.leaf] = p }
        var wanted = Set<String>()
        var spans: [JSONValue] = []
        for f in findings {
            for e in f.events where out.positions[e] == nil && !wanted.contains(e) {
                if let p = known[e] { out.positions[e] = p; continue }
                wanted.insert(e)
                spans.append(.array([.string(e), .string(f.start.rfc3339), .string(f.end.rfc3339)]))
            }
        }
        out.lookedUp = wanted.count
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        func take(_ r: QueryRunner.Result) {
            for row in r.rows {
                guard let leaf = row[0].text, case let .int(seg) = row[1], case let .int(rec) = row[2] else { continue }
                let p = EventPosition(segment: UInt64(seg), record: Int(rec), leaf: leaf)
                if let q = out.positions[leaf], (q.segment, q.record) <= (p.segment, p.record) { continue }
                out.positions[leaf] = p
                wanted.remove(leaf)
            }
        }
        if !spans.isEmpty {
            take(try runner.run(sql: spanSQL, textArguments: ["cites": CanonicalJSON.string(.array(spans)), "trailSize": String(trailSize)]))
        }
        for bounded in [true, false] where !wanted.isEmpty {
            let list = CanonicalJSON.string(.array(wanted.sorted().map(JSONValue.string)))
            var sql = lookupSQL
            var args = ["trailSize": String(trailSize), "leaves": list]
            if bounded {
                sql += " AND time >= :from AND time < :to"
                args["from"] = request.from.rfc3339
                args["to"] = request.to.rfc3339
            }
            take(try runner.run(sql: sql, textArguments: args))
        }
        out.unprovable = findings.filter { !out.provable($0) }.count
        return out
    }
}

/// Positions of events by leaf hash, compactly: the first 64 bits of the leaf hash map to the
/// segment and record (16 bytes an event). A position found here is only a candidate: the
/// prover checks the leaf at that position against the whole hash before using it.
struct PositionMap {
    private var map: [UInt64: UInt64] = [:]

    static func key(_ leaf: String) -> UInt64? { UInt64(leaf.prefix(16), radix: 16) }

    mutating func insert(_ p: EventPosition) {
        guard let k = Self.key(p.leaf), p.segment < 1 << 32, p.record < 1 << 32 else { return }
        map[k] = p.segment << 32 | UInt64(p.record)
    }

    subscript(leaf: String) -> EventPosition? {
        guard let k = Self.key(leaf), let v = map[k] else { return nil }
        return EventPosition(segment: v >> 32, record: Int(v & 0xFFFF_FFFF), leaf: leaf)
    }
}

/// What the index cannot show for the period: segments pruned from the hot index, archived or
/// expired (their events are not evaluated), said in the pack rather than left out silently.
enum Gaps {
    static func of(store: Store, trail: TrailState, from: Timestamp, to: Timestamp) throws -> [String] {
        let runner = QueryRunner(indexPath: TrailIndex.path(store.layout))
        let r = try runner.run(sql: "SELECT segment, state FROM segments WHERE segment < :n", textArguments: ["n": String(trail.size)])
        var state: [UInt64: String] = [:]
        for row in r.rows { if case let .int(s) = row[0] { state[UInt64(s)] = row[1].text ?? "hot" } }
        var missing: [String: [UInt64]] = [:]
        for seq in trail.overlapping(from: from, to: to) {
            let s = state[seq] ?? "not indexed"
            if s != "hot" { missing[s, default: []].append(seq) }
        }
        return missing.sorted { $0.key < $1.key }.map { s, segs in
            let names = segs.prefix(5).map { StoreLayout.segmentName($0) }.joined(separator: ", ") + (segs.count > 5 ? ", …" : "")
            return "\(segs.count) segment(s) of the period are \(s) (\(names)): their events are not in the index, so this pack does not evaluate them"
        }
    }
}

/// The proof files of a pack: one per segment it relies on (`proofs/<segment>.json`), holding
/// the seal's path to the checkpoint root and, for each cited record of the segment, the exact
/// record line and its path to the seal's `merkleRoot`.
struct ProofSet {
    static let format = "sealtrail-evidence-proofs/1"
    var segments: [UInt64] = []
    var files: [(UInt64, [UInt8])] = []

    /// One segment's proof file; `leaves` are the cited leaf hashes by record index, each checked
    /// against the segment before anything is written.
    static func proofFile(store: Store, trail: TrailState, seq: UInt64, records: Set<Int>, leaves: [Int: String]) throws -> [UInt8] {
        let seal = trail.seals[Int(seq)]
        var entries: [JSONValue] = []
        if !records.isEmpty {
            let read = try Prover.records(store: store, seal: seal, wanted: records)
            let tree = MerkleTree(leaves: read.leaves)
            for i in records.sorted() {
                let line = read.lines[i]!
                let leaf = read.leaves[i].hex
                guard leaves[i] == nil || leaves[i] == leaf else {
                    throw EvidenceError.store("record \(seq):\(i) has leaf \(leaf), not the cited \(leaves[i]!); rebuild the index ('sealtrail index rebuild')")
                }
                entries.append(.object([
                    ("recordIndex", .number(String(i))),
                    ("leafHash", .string(leaf)),
                    ("record", .string(String(decoding: line, as: UTF8.self))),
                    ("segmentPath", .array(tree.inclusionProof(index: i).map { .string($0.hex) })),
                ]))
            }
        }
        let doc: JSONValue = .object([
            ("format", .string(format)),
            ("segment", .number(String(seq))),
            ("seal", .string("trail/seals/\(StoreLayout.segmentName(seq)).seal.json")),
            ("checkpoint", .string(trail.checkpointPath)),
            ("trailSize", .number(String(trail.size))),
            ("trailPath", .array(trail.tree.inclusionProof(index: Int(seq)).map { .string($0.hex) })),
            ("records", .array(entries)),
        ])
        return CanonicalJSON.encode(doc) + [0x0A]
    }

    static func build(store: Store, trail: TrailState, cited: [String: EventPosition], from: Timestamp, to: Timestamp) throws -> ProofSet {
        var wanted: [UInt64: Set<Int>] = [:]
        for seq in trail.overlapping(from: from, to: to) { wanted[seq] = [] }
        for p in cited.values { wanted[p.segment, default: []].insert(p.record) }
        var out = ProofSet()
        out.segments = wanted.keys.sorted()
        var leafAt: [UInt64: [Int: String]] = [:]
        for p in cited.values { leafAt[p.segment, default: [:]][p.record] = p.leaf }
        // Segments are read and proven on two threads; the files come out in segment order.
        var files = [[UInt8]?](repeating: nil, count: out.segments.count)
        var failure: Error?
        let lock = NSLock()
        let segments = out.segments
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            var k = worker
            while k < segments.count {
                let seq = segments[k]
                do {
                    let bytes = try proofFile(store: store, trail: trail, seq: seq, records: wanted[seq] ?? [], leaves: leafAt[seq] ?? [:])
                    lock.lock(); files[k] = bytes; lock.unlock()
                } catch {
                    lock.lock(); if failure == nil { failure = error }; lock.unlock()
                    return
                }
                k += 2
            }
        }
        if let failure { throw failure }
        out.files = zip(segments, files).map { ($0, $1!) }
        return out
    }
}
