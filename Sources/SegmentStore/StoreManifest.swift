import Foundation
import TrailModel

/// `store.json`: the trail's origin name, format version, creation time and sealing settings.
public struct StoreManifest: Codable, Sendable, Equatable {
    public static let currentFormat = "sealtrail-store/1"

    public var format: String
    /// The trail origin: first line of every checkpoint, `trail` of every seal.
    public var origin: String
    public var created: String
    public var sealing: SealingPolicy
    public var retention: RetentionDefaults

    /// When an open segment is sealed, and how it is compressed.
    public struct SealingPolicy: Codable, Sendable, Equatable {
        /// Seal when the open segment's uncompressed bytes reach this.
        public var maxSegmentBytes: Int64
        /// Seal when the open segment holds this many records.
        public var maxSegmentRecords: Int64
        /// Seal when the open segment's first record is this old (seconds, by the ingest clock).
        public var maxSegmentAgeSeconds: Int64
        /// gzip level 1–9.
        public var gzipLevel: Int32

        public init(maxSegmentBytes: Int64, maxSegmentRecords: Int64, maxSegmentAgeSeconds: Int64, gzipLevel: Int32) {
            self.maxSegmentBytes = maxSegmentBytes; self.maxSegmentRecords = maxSegmentRecords
            self.maxSegmentAgeSeconds = maxSegmentAgeSeconds; self.gzipLevel = gzipLevel
        }

        public static let defaults = SealingPolicy(maxSegmentBytes: 128 << 20, maxSegmentRecords: 1_000_000,
                                                   maxSegmentAgeSeconds: 900, gzipLevel: 6)
    }

    /// The retention stamped into seals until policies (retention/*.yaml) say otherwise.
    public struct RetentionDefaults: Codable, Sendable, Equatable {
        /// Years kept after the segment's last event.
        public var years: Int
        /// `compliance` or `governance`.
        public var mode: String

        public static let defaults = RetentionDefaults(years: 7, mode: "compliance")
    }

    public init(origin: String, created: Timestamp) {
        format = Self.currentFormat
        self.origin = origin
        self.created = created.rfc3339
        sealing = .defaults
        retention = .defaults
    }

    /// Reads and validates `store.json`.
    public static func load(layout: StoreLayout) throws -> StoreManifest {
        guard FS.isDirectory(layout.root) else {
            throw StoreError.notAStore(path: layout.root, reason: FS.exists(layout.root) ? "not a directory" : "no such directory")
        }
        guard FS.exists(layout.manifest) else { throw StoreError.notAStore(path: layout.root, reason: "no store.json") }
        let bytes = try FS.read(layout.manifest)
        let m: StoreManifest
        do { m = try JSONDecoder().decode(StoreManifest.self, from: Data(bytes)) } catch {
            throw StoreError.notAStore(path: layout.root, reason: "store.json is not valid: \(error)")
        }
        guard m.format == currentFormat else {
            throw StoreError.badConfig(path: layout.manifest, field: "format", reason: "unsupported '\(m.format)'")
        }
        guard (1...9).contains(m.sealing.gzipLevel) else {
            throw StoreError.badConfig(path: layout.manifest, field: "sealing.gzipLevel", reason: "must be 1 to 9")
        }
        guard m.sealing.maxSegmentBytes > 0, m.sealing.maxSegmentRecords > 0, m.sealing.maxSegmentAgeSeconds > 0 else {
            throw StoreError.badConfig(path: layout.manifest, field: "sealing", reason: "thresholds must be positive")
        }
        return m
    }

    /// Canonical bytes for `store.json`.
    public func encoded() throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try enc.encode(self)) + [0x0A]
    }
}
