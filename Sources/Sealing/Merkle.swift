import Crypto

/// RFC 6962 / RFC 9162 Merkle tree hashing: leaves are `SHA-256(0x00 ‖ data)`, interior nodes
/// `SHA-256(0x01 ‖ left ‖ right)`, and the tree over `n` leaves splits at the largest power of two
/// below `n`. Pure functions of hashes; nothing here touches storage.
public enum Merkle {
    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot = Hash32.sha256([UInt8]())

    /// `SHA-256(0x00 ‖ data)`.
    public static func leafHash(_ data: UnsafeRawBufferPointer) -> Hash32 {
        var h = SHA256()
        withUnsafeBytes(of: UInt8(0)) { h.update(bufferPointer: $0) }
        h.update(bufferPointer: data)
        return Hash32(h.finalize())
    }

    /// `SHA-256(0x00 ‖ data)` of an array.
    public static func leafHash(_ data: [UInt8]) -> Hash32 {
        data.withUnsafeBytes { leafHash($0) }
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func nodeHash(_ left: Hash32, _ right: Hash32) -> Hash32 {
        var h = SHA256()
        withUnsafeBytes(of: UInt8(1)) { h.update(bufferPointer: $0) }
        withUnsafeBytes(of: left.storage) { h.update(bufferPointer: $0) }
        withUnsafeBytes(of: right.storage) { h.update(bufferPointer: $0) }
        return Hash32(h.finalize())
    }

    static func nodeHashBytes(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: [1] + left + right))
    }

    /// The tree hash of `leaves` (RFC 6962 §2.1 MTH).
    public static func root(_ leaves: [Hash32]) -> Hash32 {
        var b = RootBuilder()
        for l in leaves { b.append(l) }
        return b.root()
    }

    /// The tree hash of `leaves[range]`.
    static func subtreeRoot(_ leaves: [Hash32], _ lo: Int, _ hi: Int) -> Hash32 {
        if hi - lo == 1 { return leaves[lo] }
        let k = largestPowerOfTwoBelow(hi - lo)
        return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi))
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func largestPowerOfTwoBelow(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// Computes a tree root in one pass with O(log n) memory, so a segment of any size is hashed
    /// as it streams.
    public struct RootBuilder: Sendable {
        private var stack: [(hash: Hash32, size: Int)] = []
        public private(set) var count = 0

        public init() {}

        /// Adds the next leaf hash.
        public mutating func append(_ leaf: Hash32) {
            var node = (hash: leaf, size: 1)
            while let top = stack.last, top.size == node.size {
                stack.removeLast()
                node = (Merkle.nodeHash(top.hash, node.hash), top.size * 2)
            }
            stack.append(node)
            count += 1
        }

        /// The root of the leaves appended so far.
        public func root() -> Hash32 {
            guard var acc = stack.last?.hash else { return Merkle.emptyRoot }
            for entry in stack.dropLast().reversed() { acc = Merkle.nodeHash(entry.hash, acc) }
            return acc
        }
    }
}
