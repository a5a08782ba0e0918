#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Sealing
import TrailModel

/// An opened store directory: its layout, manifest and keys.
public struct Store: Sendable {
    public let layout: StoreLayout
    public let manifest: StoreManifest

    /// Opens an existing store (read side: no lock, no signing key needed).
    public init(path: String) throws {
        layout = StoreLayout(root: path)
        manifest = try StoreManifest.load(layout: layout)
    }

    /// Creates a store at `path`: the directory tree, `store.json` and a signing key.
    @discardableResult
    public static func initialize(path: String, origin: String?, sealing: StoreManifest.SealingPolicy = .defaults,
                                  now: Timestamp = .now) throws -> Store {
        let layout = StoreLayout(root: path)
        if FS.exists(layout.manifest) { throw StoreError.alreadyAStore(path: path) }
        if FS.exists(path) && !FS.isDirectory(path) { throw StoreError.io(path: path, reason: "exists and is not a directory") }
        if FS.isDirectory(path), !FS.list(path).isEmpty { throw StoreError.io(path: path, reason: "directory is not empty") }
        try FS.mkdirs(path)
        for dir in [layout.keys, layout.wal, layout.segments, layout.seals, layout.checkpoints, layout.index, layout.quarantine, layout.state] {
            try FS.mkdirs(dir)
        }
        let name = origin ?? Self.defaultOrigin(path: path)
        try Self.validateOrigin(name)
        _ = try KeyRing.create(layout: layout, now: now)
        var manifest = StoreManifest(origin: name, created: now)
        manifest.sealing = sealing
        try FS.writeAtomically(layout.manifest, try manifest.encoded(), createOnly: true)
        return try Store(path: path)
    }

    /// `sealtrail.local/<directory name>/<8 random hex>`: unique, so two trails never share an origin.
    static func defaultOrigin(path: String) -> String {
        let base = (URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        let rand = (0..<4).map { _ in UInt8.random(in: 0...255) }
        return "sealtrail.local/\(base.isEmpty ? "trail" : base)/\(Hex.encode(rand))"
    }

    /// An origin is one line of printable ASCII without spaces (it is the checkpoint's first line and key name).
    public static func validateOrigin(_ s: String) throws {
        guard !s.isEmpty, s.utf8.count <= 200, s.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw StoreError.invalidArgument("origin '\(s)' must be 1-200 printable ASCII characters without spaces")
        }
    }
}

extension Timestamp {
    /// This instant plus whole calendar years (29 February becomes 28 February when needed).
    public func addingYears(_ years: Int) -> Timestamp {
        let days = floorDivide(seconds, 86_400)
        let (y, m, d) = Civil.civil(fromDays: days)
        let ny = y + Int64(years)
        let nd = min(d, Civil.daysInMonth(year: ny, month: m))
        let delta = (Civil.days(year: ny, month: m, day: nd) - days) * 86_400 * 1_000_000
        return Timestamp(micros: micros + delta)
    }
}

@inline(__always) func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
