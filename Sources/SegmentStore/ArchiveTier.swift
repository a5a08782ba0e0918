import Foundation
import Sealing
import TrailModel

/// The 7-year archive tier: sealed segments kept as monthly tar bundles, each with a signed
/// manifest (DESIGN.md, "Retention, archive, erasure"; `docs/formats.md`, "Archive bundles").
///
/// A bundle is two files in the archive directory: `<month>.v<N>.tar` (the segment files under
/// their store paths, their seals, and `manifest.json`) and `<month>.v<N>.manifest.json`, the
/// signed manifest written last: the commit point. Rewriting a month writes version N+1 beside
/// version N, commits its manifest, then removes version N, so at every instant the newest valid
/// manifest names a complete, fsync'd tar. Files left by an interrupted run (temp files, a tar
/// without its manifest, a superseded version) are never taken for a bundle, and the next run
/// that changes the archive removes them.
public enum ArchiveTier {
    /// What an archive directory holds.
    public struct Listing: Sendable {
        /// A manifest that cannot be trusted: it does not parse, its signature fails, or it names another bundle.
        public struct Damaged: Sendable, Equatable {
            public var file: String
            public var month: String
            public var version: Int
            public var reason: String
        }

        public var directory: String
        /// The newest valid manifest of each month, by month.
        public var bundles: [BundleManifest] = []
        /// Older, superseded versions still present (file names): an interrupted rewrite left them.
        public var superseded: [String] = []
        /// Bundle files without a committed manifest and temp files (file names): an interrupted run left them.
        public var leftovers: [String] = []
        /// Manifests newer than the month's valid one (or of a month without one) that cannot be trusted.
        public var damaged: [Damaged] = []
        /// Files that are not part of any bundle.
        public var unknown: [String] = []

        /// The month's bundle, if any.
        public func bundle(month: String) -> BundleManifest? { bundles.first { $0.month == month } }
    }

    /// The newest valid manifest per month in `directory` (bundle files without a committed
    /// manifest are ignored; `scan` reports them as leftovers).
    public static func bundles(directory: String, keys: [String: VerifyingKey]) throws -> [BundleManifest] {
        try scan(directory: directory, keys: keys).bundles
    }

    /// Segment number -> (manifest, entry) for every archived segment.
    public static func index(directory: String, keys: [String: VerifyingKey]) throws -> [UInt64: (BundleManifest, BundleManifest.Entry)] {
        index(try bundles(directory: directory, keys: keys))
    }

    static func index(_ bundles: [BundleManifest]) -> [UInt64: (BundleManifest, BundleManifest.Entry)] {
        var out: [UInt64: (BundleManifest, BundleManifest.Entry)] = [:]
        for b in bundles { for e in b.entries { out[e.segment] = (b, e) } }
        return out
    }

    /// The archive directory configured for `store` (`retention.json`'s `archiveDirectory`, else `<store>/archive`).
    public static func directory(store: Store) throws -> String {
        try RetentionConfig.load(store: store).archiveDirectory(layout: store.layout)
    }

    /// True when `directory` is the store's default archive directory (which may be created).
    static func isDefault(_ directory: String, store: Store) -> Bool {
        StoreLayout(root: directory).root == store.layout.archive
    }

    /// Checks that `directory` can be used: the default `<store>/archive` is created when `create`
    /// is set; a directory configured elsewhere must already exist (an unmounted volume is an
    /// error, never silently replaced by an empty directory on the root disk). Returns false when
    /// the default directory does not exist and was not created.
    @discardableResult
    public static func checkDirectory(_ directory: String, store: Store, create: Bool = false) throws -> Bool {
        if FS.isDirectory(directory) { return true }
        if FS.exists(directory) { throw StoreError.io(path: directory, reason: "archive directory is not a directory") }
        guard isDefault(directory, store: store) else {
            throw StoreError.io(path: directory, reason: "archive directory does not exist (configured in retention.json; "
                                + "mount or create it: it is not created automatically outside the store)")
        }
        guard create else { return false }
        try FS.mkdirs(directory)
        try FS.fsyncDirectory(FS.parent(directory))
        return true
    }

    /// Reads every file name in `directory` and every manifest, keeping for each month the newest
    /// manifest that parses, is signed by one of `keys`, names its own month, version and tar,
    /// and (when `trail` is given) belongs to that trail.
    public static func scan(directory: String, keys: [String: VerifyingKey], trail: String? = nil) throws -> Listing {
        guard FS.isDirectory(directory) else { throw StoreError.io(path: directory, reason: "archive directory does not exist") }
        var listing = Listing(directory: directory)
        var manifests: [String: [Int: String]] = [:], tars: [String: [Int: String]] = [:]
        for name in FS.list(directory) {
            if name == lockName { continue }
            if name.hasPrefix("."), name.contains(".tmp-") { listing.leftovers.append(name); continue }
            if let (month, version) = parse(name, suffix: ".manifest.json") {
                manifests[month, default: [:]][version] = name
            } else if let (month, version) = parse(name, suffix: ".tar") {
                tars[month, default: [:]][version] = name
            } else {
                listing.unknown.append(name)
            }
        }
        for month in Set(manifests.keys).union(tars.keys).sorted() {
            var current: BundleManifest?
            for (version, name) in (manifests[month] ?? [:]).sorted(by: { $0.key > $1.key }) {
                if current != nil {
                    listing.superseded.append(name)
                    if let t = tars[month]?[version] { listing.superseded.append(t) }
                    continue
                }
                do {
                    let m = try BundleManifest.decode(try FS.read(directory + "/" + name), path: name)
                    guard m.isSigned(by: keys) else {
                        throw StoreError.badSeal(path: name, reason: keys[m.keyId] == nil ? "signed by unknown key \(m.keyId)"
                                                                                        : "signature does not verify with key \(m.keyId)")
                    }
                    guard m.month == month, m.version == version, m.tar == BundleManifest.tarName(month: month, version: version) else {
                        throw StoreError.badSeal(path: name, reason: "names bundle \(m.tar) (month \(m.month), version \(m.version)), not its own")
                    }
                    if let trail, m.trail != trail {
                        throw StoreError.badSeal(path: name, reason: "belongs to trail '\(m.trail)', not '\(trail)'")
                    }
                    current = m
                } catch {
                    listing.damaged.append(.init(file: name, month: month, version: version, reason: reasonText(error)))
                }
            }
            if let current { listing.bundles.append(current) }
            for (version, name) in (tars[month] ?? [:]).sorted(by: { $0.key < $1.key }) where manifests[month]?[version] == nil {
                listing.leftovers.append(name)
            }
        }
        return listing
    }

    /// `YYYY-MM.v<N><suffix>` → (month, N).
    static func parse(_ name: String, suffix: String) -> (String, Int)? {
        guard name.hasSuffix(suffix) else { return nil }
        let stem = name.dropLast(suffix.count)
        let u = Array(stem.utf8)
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "."), u[8] == UInt8(ascii: "v"),
              u[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }), u[5..<7].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              u[9] != UInt8(ascii: "0"), u[9...].allSatisfy({ $0 >= 48 && $0 <= 57 }), u.count <= 18,
              let version = Int(String(decoding: u[9...], as: UTF8.self)), version > 0 else { return nil }
        return (String(stem.prefix(7)), version)
    }

    /// The month (`YYYY-MM`) a segment is archived under: that of its first event.
    public static func month(of seal: Seal) -> String { String(seal.firstTime.prefix(7)) }

    static let lockName = ".lock"

    /// Removes what interrupted runs left (temp files, tars without a manifest, superseded
    /// versions: manifest first, then tar), so that nothing can ever be mistaken for a bundle.
    static func cleanUp(_ listing: Listing) throws {
        let dir = listing.directory
        let names = listing.leftovers + listing.superseded.sorted { ($0.hasSuffix(".tar") ? 1 : 0) < ($1.hasSuffix(".tar") ? 1 : 0) }
        for name in names { try FS.remove(dir + "/" + name) }
        if !names.isEmpty { try FS.fsyncDirectory(dir) }
    }

    /// Refuses to change a month whose newest manifest is damaged: that is evidence for `archive verify`.
    static func refuseDamaged(_ listing: Listing, month: String) throws {
        let current = listing.bundle(month: month)?.version ?? 0
        if let d = listing.damaged.first(where: { $0.month == month && $0.version > current }) {
            throw StoreError.badSeal(path: listing.directory + "/" + d.file,
                                     reason: "bundle manifest cannot be trusted (\(d.reason)); not changing month \(month): run 'sealtrail archive verify'")
        }
    }

    static func reasonText(_ error: Error) -> String {
        if case let StoreError.badSeal(_, reason) = error { return reason }
        if case let StoreError.io(_, reason) = error { return reason }
        return "\(error)"
    }
}
