import Sealing
import TrailModel

extension Prover {
    /// What one pass over a sealed segment gives a prover: every leaf hash, checked against the
    /// seal's `merkleRoot`, and the exact lines of the records asked for.
    public struct SegmentRecords: Sendable {
        public var leaves: [Hash32]
        public var lines: [Int: [UInt8]]
    }

    /// Reads the records `wanted` (indexes in the segment) of the segment `seal` describes, and its
    /// leaves: from the sealed leaf list when that is authentic, else from the same pass. Throws
    /// when the segment does not match its seal, or a record index is past its end.
    public static func records(store: Store, seal: Seal, wanted: Set<Int>) throws -> SegmentRecords {
        let kept = SegmentCheck.sealedLeaves(layout: store.layout, seal: seal)
        var leaves: [Hash32] = []
        var lines: [Int: [UInt8]] = [:]
        let last = wanted.max() ?? -1
        if kept == nil || !wanted.isEmpty {
            try eachLine(store: store, seal: seal) { i, line in
                if wanted.contains(i) { lines[i] = Array(line) }
                if kept == nil { leaves.append(Merkle.leafHash(line)) }
                return kept == nil || i < last
            }
        }
        let all = kept ?? leaves
        guard Int64(all.count) == seal.records, Merkle.root(all) == seal.merkleRoot else {
            throw StoreError.badSeal(path: seal.path, reason: "segment does not match its seal; run 'sealtrail verify'")
        }
        for i in wanted {
            guard let line = lines[i], all[i] == Merkle.leafHash(line) else { throw StoreError.eventNotFound(ref: "\(seal.segment):\(i)") }
        }
        return SegmentRecords(leaves: all, lines: lines)
    }
}
