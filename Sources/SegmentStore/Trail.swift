import Sealing
import TrailModel

/// The trail log: the seals in sealing order, whose leaves (`SHA-256(0x00 ‖ seal bytes)`) form an
/// RFC 6962 Merkle tree; its head is published as signed checkpoints.
public struct Trail: Sendable {
    public let origin: String
    public private(set) var seals: [Seal] = []
    public private(set) var leaves: [Hash32] = []

    public init(origin: String) { self.origin = origin }

    /// Number of seals (the tree size).
    public var size: UInt64 { UInt64(seals.count) }

    /// The current root.
    public var root: Hash32 { Merkle.root(leaves) }

    /// Hash of the newest seal, the next seal's `previousSeal`.
    public var lastSealHash: Hash32? { seals.last?.sealHash }

    public mutating func append(_ seal: Seal) {
        seals.append(seal)
        leaves.append(seal.trailLeaf)
    }

    /// The root of the first `size` seals.
    public func root(size: UInt64) -> Hash32 { Merkle.root(Array(leaves.prefix(Int(size)))) }

    /// Loads every well-formed seal in `seals/` in segment order, stopping at the first gap (verify
    /// reports gaps and damage; writers only need the unbroken prefix, and refuse to go on past a gap).
    public static func load(layout: StoreLayout, origin: String) throws -> Trail {
        var trail = Trail(origin: origin)
        var expected: UInt64 = 0
        for name in FS.list(layout.seals) where name.hasSuffix(".seal.json") {
            guard let seq = UInt64(name.dropLast(".seal.json".count)) else { continue }
            let path = layout.seals + "/" + name
            guard seq == expected else {
                throw StoreError.badSeal(path: path, reason: "seal \(LayoutName.of(expected)) is missing before it; run 'sealtrail verify'")
            }
            trail.append(try Seal.decode(try FS.read(path), path: path))
            expected += 1
        }
        return trail
    }
}

enum LayoutName {
    static func of(_ seq: UInt64) -> String { StoreLayout.segmentName(seq) }
}
