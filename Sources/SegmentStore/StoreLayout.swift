/// Where everything lives inside a store directory (DESIGN.md, "The store").
public struct StoreLayout: Sendable {
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    public var manifest: String { root + "/store.json" }
    public var keys: String { root + "/keys" }
    public var signingKey: String { keys + "/signing.key" }
    public var keyHistory: String { keys + "/keys.json" }
    public var wal: String { root + "/wal" }
    public var segments: String { root + "/segments" }
    public var seals: String { root + "/seals" }
    public var checkpoints: String { root + "/checkpoints" }
    public var index: String { root + "/index" }
    public var leaves: String { index + "/leaves" }
    public var quarantine: String { root + "/quarantine" }
    public var state: String { root + "/state" }
    /// Events waiting for the writer (audit records of reads made while another process held the lock).
    public var spool: String { root + "/spool" }
    public var lock: String { root + "/.lock" }
    /// Signed records of segments removed by retention (DESIGN.md, "Retention, archive, erasure").
    public var tombstones: String { root + "/tombstones" }
    /// The default archive tier directory (monthly bundles); `retention.json` may name another.
    public var archive: String { root + "/archive" }
    /// Legal holds, one JSON file each.
    public var holds: String { root + "/holds" }
    /// The retention policies in force (compiled from `retention/*.yaml` by `sealtrail retention set`).
    public var retentionPolicies: String { root + "/retention.json" }
    /// Held by a running sweep.
    public var sweepLock: String { root + "/.sweep.lock" }
    /// Segments whose rows a sweep pruned from the hot index (they stay in the trail).
    public var coldSegments: String { state + "/cold-segments.json" }
    /// Segments brought back from the archive for investigation, and until when.
    public var restoredSegments: String { state + "/restored-segments.json" }
    /// Personal-data encryption: master key, blind-index key, per-subject keys, erasure records.
    public var privacy: String { keys + "/privacy" }

    public func tombstoneFile(seq: UInt64) -> String { tombstones + "/\(Self.segmentName(seq)).json" }

    public func walFile(source: String) -> String { wal + "/\(source).wal" }
    public func sealingMarker(source: String) -> String { wal + "/\(source).sealing.json" }
    /// The WAL of a segment handed to the sealer thread (renamed from `walFile` so the source's next
    /// segment can open a fresh WAL while this one is sealed; the name cannot end in `.wal`).
    public func sealingWAL(source: String) -> String { wal + "/\(source).wal.sealing" }

    /// A segment's name: its trail sequence number, zero-padded to 12 digits.
    public static func segmentName(_ seq: UInt64) -> String {
        let s = String(seq)
        return String(repeating: "0", count: max(0, 12 - s.count)) + s
    }

    /// Path of a segment relative to the store root.
    public static func segmentRelativePath(source: String, date: String, seq: UInt64) -> String {
        "segments/source=\(source)/date=\(date)/\(segmentName(seq)).jsonl.gz"
    }

    public func sealFile(seq: UInt64) -> String { seals + "/\(Self.segmentName(seq)).seal.json" }
    public func leavesFile(seq: UInt64) -> String { leaves + "/\(Self.segmentName(seq)).leaves" }
    public func checkpointFile(size: UInt64) -> String { checkpoints + "/\(size).checkpoint" }
    public func absolute(_ relative: String) -> String { root + "/" + relative }
}
