import Foundation
import Sealing
import Testing

/// A deliberately naive RFC 6962 reference: MTH, PATH and PROOF written straight from §2.1, with
/// SHA-256 as the only shared primitive.
enum Reference {
    static func leaf(_ data: [UInt8]) -> Hash32 { Hash32.sha256([0x00] + data) }
    static func node(_ l: Hash32, _ r: Hash32) -> Hash32 { Hash32.sha256([0x01] + l.bytes + r.bytes) }

    /// Largest power of two strictly below n (n ≥ 2), computed by doubling from 1 — the textbook "k".
    static func split(_ n: Int) -> Int {
        var k = 1
        while 2 * k < n { k *= 2 }
        return k
    }

    /// MTH(D[n]).
    static func mth(_ d: ArraySlice<Hash32>) -> Hash32 {
        if d.isEmpty { return Hash32.sha256([UInt8]()) }
        if d.count == 1 { return d[d.startIndex] }
        let key = Memo.Key(first: d[d.startIndex], last: d[d.endIndex - 1], lo: d.startIndex, hi: d.endIndex)
        if let hit = memo.get(key) { return hit }
        let k = split(d.count)
        let h = node(mth(d.prefix(k)), mth(d.dropFirst(k)))
        memo.put(key, h)
        return h
    }

    /// Subtree hashes are recomputed thousands of times; a memo keeps the reference fast without
    /// changing what it computes (the key includes the first and last leaf, so the RFC test tree and the numbered trees never share).
    final class Memo: @unchecked Sendable {
        struct Key: Hashable { var first: Hash32; var last: Hash32; var lo: Int; var hi: Int }
        private var table: [Key: Hash32] = [:]
        private let lock = NSLock()
        func get(_ k: Key) -> Hash32? { lock.lock(); defer { lock.unlock() }; return table[k] }
        func put(_ k: Key, _ v: Hash32) { lock.lock(); table[k] = v; lock.unlock() }
    }
    static let memo = Memo()

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ d: ArraySlice<Hash32>) -> [Hash32] {
        if d.count <= 1 { return [] }
        let k = split(d.count)
        if m < k { return path(m, d.prefix(k)) + [mth(d.dropFirst(k))] }
        return path(m - k, d.dropFirst(k)) + [mth(d.prefix(k))]
    }

    /// SUBPROOF(m, D[n], b).
    static func subproof(_ m: Int, _ d: ArraySlice<Hash32>, _ b: Bool) -> [Hash32] {
        if m == d.count { return b ? [] : [mth(d)] }
        let k = split(d.count)
        if m <= k { return subproof(m, d.prefix(k), b) + [mth(d.dropFirst(k))] }
        return subproof(m - k, d.dropFirst(k), false) + [mth(d.prefix(k))]
    }

    static func leaves(_ n: Int) -> [Hash32] { (0..<n).map { Merkle.leafHash([UInt8(truncatingIfNeeded: $0)]) } }
}

/// Flips one bit of a hash.
func flipped(_ h: Hash32, bit: Int) -> Hash32 {
    var b = h.bytes
    b[(bit / 8) % 32] ^= UInt8(1 << (bit % 8))
    return Hash32(bytes: b)!
}

@Suite("Merkle trees and proofs")
struct MerkleTests {
    @Test func sha256AndEmptyRoot() {
        #expect(Hash32.sha256(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(Merkle.emptyRoot.hex == empty)
        #expect(Merkle.root([]).hex == empty)
        #expect(Merkle.RootBuilder().root().hex == empty)
    }

    @Test func leafAndNodeHashesUseDomainSeparation() {
        #expect(Merkle.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(Merkle.leafHash([1, 2, 3]) == Hash32.sha256([0, 1, 2, 3]))
        let a = Merkle.leafHash([0xAA]), b = Merkle.leafHash([0xBB])
        #expect(Merkle.nodeHash(a, b) == Hash32.sha256([1] + a.bytes + b.bytes))
        #expect(Merkle.nodeHash(a, b) != Merkle.nodeHash(b, a))
        // The raw-pointer overload hashes the same bytes.
        let data: [UInt8] = Array("payment.authorize".utf8)
        #expect(data.withUnsafeBytes { Merkle.leafHash($0) } == Merkle.leafHash(data))
    }

    /// RFC 6962 test tree (certificate-transparency / transparency-dev `testdata`): the roots of its
    /// first 1…8 leaves.
    static let rfcLeaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ]
    static let rfcRoots: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test("RFC 6962 test tree roots", arguments: 1...8)
    func rfc6962KnownRoots(size: Int) {
        let leaves = Self.rfcLeaves.prefix(size).map { Merkle.leafHash($0) }
        #expect(Merkle.root(leaves).hex == Self.rfcRoots[size - 1])
        #expect(Reference.mth(leaves[...]).hex == Self.rfcRoots[size - 1])
        var b = Merkle.RootBuilder()
        leaves.forEach { b.append($0) }
        #expect(b.root().hex == Self.rfcRoots[size - 1])
    }

    @Test("root, streaming root and reference MTH agree", arguments: 1...70)
    func rootsAgree(size: Int) {
        let leaves = Reference.leaves(size)
        let expected = Reference.mth(leaves[...])
        #expect(Merkle.root(leaves) == expected)
        var builder = Merkle.RootBuilder()
        for (k, leaf) in leaves.enumerated() {
            builder.append(leaf)
            // Every intermediate head is the root of the prefix.
            #expect(builder.root() == Reference.mth(leaves[...k]), "prefix \(k + 1) of \(size)")
        }
        #expect(builder.count == size)
        #expect(builder.root() == expected)
        // Order matters.
        if size > 1 { #expect(Merkle.root(leaves.reversed()) != expected) }
    }

    @Test("the levelled tree gives the RFC 6962 root and paths", arguments: 1...70)
    func levelledTreeAgrees(size: Int) {
        let leaves = Reference.leaves(size)
        let tree = MerkleTree(leaves: leaves)
        #expect(tree.root == Reference.mth(leaves[...]))
        for i in 0..<size { #expect(tree.inclusionProof(index: i) == Reference.path(i, leaves[...]), "PATH(\(i), \(size))") }
    }

    @Test("inclusion proofs build, verify and reject tampering", arguments: 1...70)
    func inclusionProofs(size: Int) throws {
        let leaves = Reference.leaves(size)
        let root = Reference.mth(leaves[...])
        let grown = Reference.mth(Reference.leaves(size + 1)[...])
        let n = UInt64(size)
        for i in 0..<size {
            let proof = Proofs.inclusionProof(index: i, leaves: leaves)
            #expect(proof == Reference.path(i, leaves[...]), "PATH(\(i), \(size))")
            #expect(throws: Never.self, "leaf \(i) of \(size)") {
                try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: leaves[i], proof: proof, root: root)
            }
            // Wrong index (in range when possible, else out of range).
            let wrong = size > 1 ? (i + 1) % size : 1
            #expect(throws: Proofs.Failure.self, "wrong index \(wrong) for leaf \(i) of \(size)") {
                try Proofs.verifyInclusion(index: UInt64(wrong), size: n, leafHash: leaves[i], proof: proof, root: root)
            }
            // A proof does not bind the tree size by itself (the signed checkpoint pairs size and
            // root), but a proof from this tree must not verify against the root of a grown tree.
            #expect(throws: Proofs.Failure.self, "old proof of leaf \(i) against the root of \(size + 1)") {
                try Proofs.verifyInclusion(index: UInt64(i), size: n + 1, leafHash: leaves[i], proof: proof, root: grown)
            }
            // Flipped bit in the leaf, the root, and each proof hash.
            #expect(throws: Proofs.Failure.self) {
                try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: flipped(leaves[i], bit: i), proof: proof, root: root)
            }
            #expect(throws: Proofs.Failure.self) {
                try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: leaves[i], proof: proof, root: flipped(root, bit: 255 - i))
            }
            for k in proof.indices {
                var bad = proof
                bad[k] = flipped(bad[k], bit: 7 * k + i)
                #expect(throws: Proofs.Failure.self, "flipped proof[\(k)] for leaf \(i) of \(size)") {
                    try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: leaves[i], proof: bad, root: root)
                }
            }
            // Too short and too long proofs.
            if !proof.isEmpty {
                #expect(throws: Proofs.Failure.self) {
                    try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: leaves[i], proof: Array(proof.dropLast()), root: root)
                }
            }
            #expect(throws: Proofs.Failure.self) {
                try Proofs.verifyInclusion(index: UInt64(i), size: n, leafHash: leaves[i], proof: proof + [root], root: root)
            }
        }
        // An index equal to the size is out of range.
        #expect(throws: Proofs.Failure.indexOutOfRange(index: n, size: n)) {
            try Proofs.verifyInclusion(index: n, size: n, leafHash: leaves[0], proof: [], root: root)
        }
    }

    @Test("consistency proofs build, verify and reject tampering", arguments: 1...70)
    func consistencyProofs(size: Int) throws {
        let leaves = Reference.leaves(size)
        let root2 = Reference.mth(leaves[...])
        let grown = Reference.mth(Reference.leaves(size + 1)[...])
        let n = UInt64(size)
        for m in 1...size {
            let root1 = Reference.mth(leaves[..<m])
            let proof = Proofs.consistencyProof(size1: m, leaves: leaves)
            #expect(proof == (m == size ? [] : Reference.subproof(m, leaves[...], true)), "PROOF(\(m), \(size))")
            #expect(throws: Never.self, "\(m) → \(size)") {
                try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1, root2: root2, proof: proof)
            }
            // The [UInt8] overload agrees.
            #expect(throws: Never.self) {
                try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1.bytes, root2: root2.bytes, proof: proof.map(\.bytes))
            }
            for k in proof.indices {
                var bad = proof
                bad[k] = flipped(bad[k], bit: 13 * k + m)
                #expect(throws: Proofs.Failure.self, "flipped proof[\(k)] for \(m) → \(size)") {
                    try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1, root2: root2, proof: bad)
                }
            }
            #expect(throws: Proofs.Failure.self, "flipped root1 for \(m) → \(size)") {
                try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: flipped(root1, bit: m), root2: root2, proof: proof)
            }
            #expect(throws: Proofs.Failure.self, "flipped root2 for \(m) → \(size)") {
                try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1, root2: flipped(root2, bit: m), proof: proof)
            }
            if m < size {
                #expect(throws: Proofs.Failure.self, "dropped last hash for \(m) → \(size)") {
                    try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1, root2: root2, proof: Array(proof.dropLast()))
                }
                #expect(throws: Proofs.Failure.self, "extra hash for \(m) → \(size)") {
                    try Proofs.verifyConsistency(size1: UInt64(m), size2: n, root1: root1, root2: root2, proof: proof + [root2])
                }
                #expect(throws: Proofs.Failure.self, "old proof \(m) → \(size) against the root of \(size + 1)") {
                    try Proofs.verifyConsistency(size1: UInt64(m), size2: n + 1, root1: root1, root2: grown, proof: proof)
                }
                // The roots swapped: the old head does not extend the new one.
                #expect(throws: Proofs.Failure.self) {
                    try Proofs.verifyConsistency(size1: n, size2: UInt64(m), root1: root2, root2: root1, proof: proof)
                }
            }
        }
        // A consistency proof from the empty tree proves nothing, and is refused.
        #expect(throws: Proofs.Failure.emptyFirstTree) {
            try Proofs.verifyConsistency(size1: 0, size2: n, root1: Merkle.emptyRoot, root2: root2, proof: [])
        }
    }
}
