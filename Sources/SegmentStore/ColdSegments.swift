import Foundation

/// Segments a retention sweep pruned from the hot index (`state/cold-segments.json`): they stay in
/// the trail and in the store, but the index holds no rows for them, and neither catch-up nor
/// rebuild reads them back. Written atomically before the rows are deleted, so a sweep cut short
/// leaves nothing that a rerun cannot finish.
public struct ColdSegments: Codable, Sendable, Equatable {
    public var segments: [UInt64]

    public init(segments: [UInt64] = []) { self.segments = segments.sorted() }

    public static func load(layout: StoreLayout) throws -> ColdSegments {
        let path = layout.coldSegments
        guard FS.exists(path) else { return ColdSegments() }
        do { return try JSONDecoder().decode(ColdSegments.self, from: Data(try FS.read(path))) } catch {
            throw StoreError.badConfig(path: path, field: "segments", reason: "unreadable: \(error)")
        }
    }

    public func save(layout: StoreLayout) throws {
        try FS.mkdirs(layout.state)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        try FS.writeAtomically(layout.coldSegments, Array(try enc.encode(ColdSegments(segments: segments))) + [0x0A])
    }

    /// Adds `more` and saves when anything changed.
    public static func add(_ more: [UInt64], layout: StoreLayout) throws {
        var set = Set(try load(layout: layout).segments)
        let before = set.count
        set.formUnion(more)
        if set.count != before { try ColdSegments(segments: Array(set)).save(layout: layout) }
    }

    /// Removes `these` (segments restored for investigation, or deleted) and saves when anything changed.
    public static func remove(_ these: [UInt64], layout: StoreLayout) throws {
        var set = Set(try load(layout: layout).segments)
        let before = set.count
        set.subtract(these)
        if set.count != before { try ColdSegments(segments: Array(set)).save(layout: layout) }
    }
}

/// Which sealed segments the hot index must not read, and why: `expired` (tombstoned and gone),
/// `archived` (moved to the archive tier, not restored), `cold` (pruned from the hot index).
public enum OfflineSegments {
    public static func load(store: Store, seals: [Seal]) throws -> [UInt64: String] {
        let layout = store.layout
        var out: [UInt64: String] = [:]
        for seq in try ColdSegments.load(layout: layout).segments { out[seq] = "cold" }
        let directory = try RetentionConfig.load(store: store).archiveDirectory(layout: layout)
        if FS.isDirectory(directory) {
            let archived = try ArchiveTier.index(directory: directory, keys: try KeyRing.publicKeys(layout: layout))
            // An archived segment whose file is present again (restored, or an interrupted sweep) is read.
            for seal in seals where archived[seal.segment] != nil && !FS.exists(layout.absolute(seal.path)) { out[seal.segment] = "archived" }
        }
        for seq in Tombstone.loadAll(layout: layout).tombstones.keys { out[seq] = "expired" }
        return out
    }
}
