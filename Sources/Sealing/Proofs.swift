/// Inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4): building them from a list of
/// leaf hashes, and verifying them from hashes alone.
public enum Proofs {
    /// Why a proof does not verify.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case indexOutOfRange(index: UInt64, size: UInt64)
        case badHashLength(what: String, length: Int)
        case wrongProofLength(expected: Int, found: Int)
        case rootMismatch(expected: String, computed: String)
        case sizesOutOfOrder(size1: UInt64, size2: UInt64)
        case emptyFirstTree
        case nonEmptyProofForEqualSizes
        case rootsDifferForEqualSizes

        public var description: String {
            switch self {
            case let .indexOutOfRange(i, n): return "leaf index \(i) is outside a tree of size \(n)"
            case let .badHashLength(what, n): return "\(what) is \(n) bytes, not 32"
            case let .wrongProofLength(e, f): return "proof has \(f) hashes, expected \(e)"
            case let .rootMismatch(e, c): return "computed root \(c) does not match \(e)"
            case let .sizesOutOfOrder(a, b): return "first size \(a) is larger than second size \(b)"
            case .emptyFirstTree: return "a consistency proof from the empty tree proves nothing"
            case .nonEmptyProofForEqualSizes: return "equal tree sizes need an empty proof"
            case .rootsDifferForEqualSizes: return "equal tree sizes but different roots"
            }
        }
    }

    // MARK: Building

    /// The audit path of leaf `index` in the tree over `leaves` (RFC 6962 §2.1.1 PATH).
    public static func inclusionProof(index: Int, leaves: [Hash32]) -> [Hash32] {
        precondition(index >= 0 && index < leaves.count)
        var path: [Hash32] = []
        func walk(_ m: Int, _ lo: Int, _ hi: Int) {
            if hi - lo <= 1 { return }
            let k = Merkle.largestPowerOfTwoBelow(hi - lo)
            if m < k {
                walk(m, lo, lo + k)
                path.append(Merkle.subtreeRoot(leaves, lo + k, hi))
            } else {
                walk(m - k, lo + k, hi)
                path.append(Merkle.subtreeRoot(leaves, lo, lo + k))
            }
        }
        walk(index, 0, leaves.count)
        return path
    }

    /// The consistency proof from the first `size1` leaves to all of `leaves` (RFC 6962 §2.1.2 PROOF).
    public static func consistencyProof(size1: Int, leaves: [Hash32]) -> [Hash32] {
        precondition(size1 >= 0 && size1 <= leaves.count)
        if size1 == 0 || size1 == leaves.count { return [] }
        var path: [Hash32] = []
        func subproof(_ m: Int, _ lo: Int, _ hi: Int, _ complete: Bool) {
            let n = hi - lo
            if m == n {
                if !complete { path.append(Merkle.subtreeRoot(leaves, lo, hi)) }
                return
            }
            let k = Merkle.largestPowerOfTwoBelow(n)
            if m <= k {
                subproof(m, lo, lo + k, complete)
                path.append(Merkle.subtreeRoot(leaves, lo + k, hi))
            } else {
                subproof(m - k, lo + k, hi, false)
                path.append(Merkle.subtreeRoot(leaves, lo, lo + k))
            }
        }
        subproof(size1, 0, leaves.count, true)
        return path
    }

    // MARK: Verifying

    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]],
                                       root: [UInt8]) throws(Failure) {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        guard leafHash.count == 32 else { throw .badHashLength(what: "leaf hash", length: leafHash.count) }
        guard root.count == 32 else { throw .badHashLength(what: "root", length: root.count) }
        for p in proof where p.count != 32 { throw .badHashLength(what: "proof hash", length: p.count) }
        let computed = try rootFromInclusion(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else { throw .rootMismatch(expected: Hex.encode(root), computed: Hex.encode(computed)) }
    }

    /// Typed convenience for `verifyInclusion`.
    public static func verifyInclusion(index: UInt64, size: UInt64, leafHash: Hash32, proof: [Hash32],
                                       root: Hash32) throws(Failure) {
        try verifyInclusion(index: index, size: size, leafHash: leafHash.bytes, proof: proof.map(\.bytes), root: root.bytes)
    }

    /// The root implied by an inclusion proof (RFC 9162 §2.1.3.2).
    static func rootFromInclusion(index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]]) throws(Failure) -> [UInt8] {
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { throw .wrongProofLength(expected: proof.count - 1, found: proof.count) }
            if fn & 1 == 1 || fn == sn {
                r = Merkle.nodeHashBytes(p, r)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                r = Merkle.nodeHashBytes(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        if sn != 0 { throw .wrongProofLength(expected: proof.count + 1, found: proof.count) }
        return r
    }

    /// Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with
    /// `root1` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(size1: UInt64, size2: UInt64, root1: [UInt8], root2: [UInt8],
                                         proof: [[UInt8]]) throws(Failure) {
        guard size1 <= size2 else { throw .sizesOutOfOrder(size1: size1, size2: size2) }
        guard size1 > 0 else { throw .emptyFirstTree }
        if size1 == size2 {
            guard proof.isEmpty else { throw .nonEmptyProofForEqualSizes }
            guard root1 == root2 else { throw .rootsDifferForEqualSizes }
            return
        }
        guard root1.count == 32 else { throw .badHashLength(what: "first root", length: root1.count) }
        guard root2.count == 32 else { throw .badHashLength(what: "second root", length: root2.count) }
        for p in proof where p.count != 32 { throw .badHashLength(what: "proof hash", length: p.count) }
        guard !proof.isEmpty else { throw .wrongProofLength(expected: 1, found: 0) }
        var path = proof
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }
        var fn = size1 - 1, sn = size2 - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { throw .wrongProofLength(expected: proof.count - 1, found: proof.count) }
            if fn & 1 == 1 || fn == sn {
                fr = Merkle.nodeHashBytes(c, fr)
                sr = Merkle.nodeHashBytes(c, sr)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                sr = Merkle.nodeHashBytes(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        if sn != 0 { throw .wrongProofLength(expected: proof.count + 1, found: proof.count) }
        guard fr == root1 else { throw .rootMismatch(expected: Hex.encode(root1), computed: Hex.encode(fr)) }
        guard sr == root2 else { throw .rootMismatch(expected: Hex.encode(root2), computed: Hex.encode(sr)) }
    }

    /// Typed convenience for `verifyConsistency`.
    public static func verifyConsistency(size1: UInt64, size2: UInt64, root1: Hash32, root2: Hash32,
                                         proof: [Hash32]) throws(Failure) {
        try verifyConsistency(size1: size1, size2: size2, root1: root1.bytes, root2: root2.bytes, proof: proof.map(\.bytes))
    }
}
