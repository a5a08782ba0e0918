import Foundation

/// The mapping's top-level candidate keys in a small open-addressing table, so the fast path finds
/// which fields a member competes for with one hash and one comparison instead of a string lookup.
///
/// Hand-written: a `Dictionary<String, …>` lookup needs a `String` per member, which is what the fast
/// path exists to avoid.
struct AppJSONKeyTable: Sendable {
    /// One candidate key: its bytes and the (field, rank) pairs it is a candidate for.
    struct Entry: Sendable {
        var bytes: [UInt8]
        var hitStart: Int
        var hitCount: Int
    }

    private var slots: [Int16]
    private var entries: [Entry] = []
    /// (field, rank) pairs of all entries, back to back.
    private(set) var hits: [(field: Int, rank: Int)] = []
    private let mask: Int

    init(_ topLevel: [String: [(Int, Int)]]) {
        var size = 16
        while size < topLevel.count * 4 { size *= 2 }
        mask = size - 1
        slots = [Int16](repeating: -1, count: size)
        for (key, pairs) in topLevel.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(key.utf8)
            let index = entries.count
            entries.append(Entry(bytes: bytes, hitStart: hits.count, hitCount: pairs.count))
            for (field, rank) in pairs { hits.append((field, rank)) }
            var s = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress, $0.count) } & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int16(index)
        }
    }

    /// A hash of a key's bytes: its length and its first and last eight bytes.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        var a: UInt64 = 0, b: UInt64 = 0
        if let p {
            if n >= 8 {
                a = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                b = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self)
            } else {
                for k in 0..<n { a |= UInt64(p[k]) << (8 * UInt64(k)) }
            }
        }
        let h = (a ^ (b &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(n)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h >> 40)
    }

    /// The range in `hits` of the key `p[0..<n]`, or an empty range when it is not a candidate.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Range<Int> {
        var s = Self.hash(p, n) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return 0..<0 }
            let entry = entries[e]
            if entry.bytes.count == n && (n == 0 || entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 })) {
                return entry.hitStart..<(entry.hitStart + entry.hitCount)
            }
            s = (s + 1) & mask
        }
    }
}
