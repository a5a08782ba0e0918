/// Every level of an RFC 6962 Merkle tree, kept so that many inclusion proofs cost O(log n)
/// each instead of O(n) (an evidence pack proves thousands of records of one segment).
///
/// Built bottom-up: each level pairs the nodes of the one below, and a last node without a
/// partner moves up unchanged. That is the same tree as RFC 6962's split at the largest power
/// of two, so `root` equals `Merkle.root` and `inclusionProof` equals `Proofs.inclusionProof`.
public struct MerkleTree: Sendable {
    /// `levels[0]` are the leaves; the last level holds the root alone.
    public let levels: [[Hash32]]

    public init(leaves: [Hash32]) {
        var levels = [leaves]
        while let top = levels.last, top.count > 1 {
            var next: [Hash32] = []
            next.reserveCapacity((top.count + 1) / 2)
            var i = 0
            while i + 1 < top.count { next.append(Merkle.nodeHash(top[i], top[i + 1])); i += 2 }
            if i < top.count { next.append(top[i]) }
            levels.append(next)
        }
        self.levels = levels
    }

    public var size: Int { levels[0].count }

    /// The tree hash (`Merkle.emptyRoot` for no leaves).
    public var root: Hash32 { levels.last?.first ?? Merkle.emptyRoot }

    /// The audit path of leaf `index`, bottom-up (RFC 6962 §2.1.1 PATH).
    public func inclusionProof(index: Int) -> [Hash32] {
        precondition(index >= 0 && index < size)
        var path: [Hash32] = []
        var i = index
        for level in levels.dropLast() {
            let sibling = i ^ 1
            if sibling < level.count { path.append(level[sibling]) }
            i >>= 1
        }
        return path
    }
}
