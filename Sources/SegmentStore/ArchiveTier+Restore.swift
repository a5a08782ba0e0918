import Archive
import Foundation
import Sealing
import TrailModel

/// A segment brought back from the archive tier for an investigation, kept online until `until`.
public struct RestoredSegment: Codable, Sendable, Equatable {
    public var segment: UInt64
    /// The seal's path (where the file was put back).
    public var path: String
    /// The bundle it came from.
    public var bundle: String
    /// When it was (last) restored, RFC 3339.
    public var restored: String
    /// Sweeps keep the file until this time (RFC 3339); after it, the next sweep removes the online copy.
    public var until: String

    public init(segment: UInt64, path: String, bundle: String, restored: String, until: String) {
        self.segment = segment; self.path = path; self.bundle = bundle; self.restored = restored; self.until = until
    }
}

/// `state/restored-segments.json`: the segments restored from the archive tier and until when
/// sweeps must leave them online.
public enum RestoredSegments {
    public static let format = "sealtrail-restored/1"

    private struct File: Codable {
        var format: String
        var segments: [RestoredSegment]
    }

    /// The restored segments by number (empty when the file does not exist).
    public static func load(layout: StoreLayout) throws -> [UInt64: RestoredSegment] {
        let path = layout.restoredSegments
        guard FS.exists(path) else { return [:] }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(try FS.read(path))) } catch {
            throw StoreError.badConfig(path: path, field: "segments", reason: "unreadable: \(error)")
        }
        guard file.format == format else { throw StoreError.badConfig(path: path, field: "format", reason: "unsupported '\(file.format)'") }
        return Dictionary(file.segments.map { ($0.segment, $0) }, uniquingKeysWith: { a, b in a.until >= b.until ? a : b })
    }

    /// Writes the file atomically (sorted by segment).
    public static func save(layout: StoreLayout, _ segments: [UInt64: RestoredSegment]) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let file = File(format: format, segments: segments.values.sorted { $0.segment < $1.segment })
        try FS.mkdirs(layout.state)
        try FS.writeAtomically(layout.restoredSegments, Array(try enc.encode(file)) + [0x0A])
    }
}

extension ArchiveTier {
    /// What a restore did.
    public struct Restored: Sendable {
        /// Seals of every archived segment with events in the period, now online.
        public var seals: [Seal] = []
        /// Segments written back by this run.
        public var written: [UInt64] = []
        /// Segments whose file was already online (identical bytes): nothing to write.
        public var alreadyOnline: [UInt64] = []
        /// Bundles read.
        public var bundles: [String] = []
        /// Segments that could not be restored, each with why (bundle, segment, what differs).
        public var failures: [String] = []
        /// Archived segments in the period left alone on purpose (deleted by retention: a tombstone exists).
        public var skipped: [String] = []
        /// Sweeps keep the restored segments online until then.
        public var until: Timestamp
        /// Bytes written back.
        public var bytes: Int64 = 0
    }

    /// Brings archived segments whose events fall in [from, to] back to their original paths,
    /// and records them in `state/restored-segments.json` with `until = now + keep`, so sweeps
    /// keep them until then. Throws when any segment could not be restored (the others are
    /// restored and recorded). Returns the seals of the segments now online.
    public static func restore(store: Store, directory: String, from: Timestamp, to: Timestamp, keep: RetentionPeriod = RetentionPeriod(days: 30),
                               now: Timestamp) throws -> [Seal] {
        let r = try restoreDetailed(store: store, directory: directory, from: from, to: to, keep: keep, now: now)
        guard r.failures.isEmpty else {
            throw StoreError.badSeal(path: directory, reason: "\(r.failures.count) archived segment(s) could not be restored: " + r.failures.joined(separator: "; "))
        }
        return r.seals
    }

    /// `restore`, reporting what was written, what was already online and what failed instead of
    /// throwing for a segment that does not match its seal.
    ///
    /// Each segment is read from its bundle, checked against the store's seal (whose hash must be
    /// the one in the signed manifest): file SHA-256 and size, gunzip, content SHA-256, every leaf
    /// and the Merkle root; only then is it written to a temp file, fsync'd and linked into place
    /// (mode 0444, never replacing an existing file). Holds the sweep lock while it runs.
    public static func restoreDetailed(store: Store, directory: String, from: Timestamp, to: Timestamp,
                                       keep: RetentionPeriod = RetentionPeriod(days: 30), now: Timestamp,
                                       progress: ((Int, Int) -> Void)? = nil) throws -> Restored {
        let layout = store.layout
        var result = Restored(until: keep.after(now))
        guard try checkDirectory(directory, store: store, create: false) else { return result }
        let lock = try FileLock(path: layout.sweepLock, what: "a sweep or an archive restore")
        defer { lock.release() }
        let keys = try KeyRing.publicKeys(layout: layout)
        let listing = try scan(directory: directory, keys: keys, trail: store.manifest.origin)
        let (f, t) = (from.rfc3339, to.rfc3339)
        var wanted: [String: [String: (BundleManifest.Entry, Seal)]] = [:] // tar -> path -> entry, seal
        for b in listing.bundles {
            for e in b.entries where e.firstTime <= t && e.lastTime >= f {
                if FS.exists(layout.tombstoneFile(seq: e.segment)) {
                    // Retention deleted it (the sweep that did was cut short before it rewrote the bundle).
                    result.skipped.append("segment \(StoreLayout.segmentName(e.segment)) in \(b.tar): deleted by retention (tombstone); not restored")
                    continue
                }
                do {
                    let seal = try storeSeal(for: e, layout: layout, keys: keys)
                    wanted[b.tar, default: [:]][e.path] = (e, seal)
                } catch {
                    result.failures.append("segment \(StoreLayout.segmentName(e.segment)) in \(b.tar): \(reasonText(error))")
                }
            }
        }
        let total = wanted.values.reduce(0) { $0 + $1.count }
        var records = try RestoredSegments.load(layout: layout)
        for (tar, entries) in wanted.sorted(by: { $0.key < $1.key }) {
            result.bundles.append(tar)
            var seen = Set<String>()
            do {
                try ArchiveReader.forEach(path: directory + "/" + tar) { info, bytes in
                    guard let (entry, seal) = entries[info.name], seen.insert(info.name).inserted else { return }
                    do {
                        if try putBack(bytes, seal: seal, layout: layout) {
                            result.written.append(seal.segment)
                            result.bytes += Int64(bytes.count)
                        } else {
                            result.alreadyOnline.append(seal.segment)
                        }
                        result.seals.append(seal)
                        let until = max(records[seal.segment]?.until ?? "", result.until.rfc3339)
                        records[seal.segment] = RestoredSegment(segment: seal.segment, path: seal.path, bundle: tar, restored: now.rfc3339, until: until)
                    } catch {
                        result.failures.append("segment \(StoreLayout.segmentName(entry.segment)) in \(tar): \(reasonText(error))")
                    }
                    progress?(result.seals.count + result.failures.count, total)
                }
                for (path, item) in entries.sorted(by: { $0.value.0.segment < $1.value.0.segment }) where !seen.contains(path) {
                    result.failures.append("segment \(StoreLayout.segmentName(item.0.segment)) in \(tar): listed in the manifest but not in the tar")
                }
            } catch let e as ArchiveError {
                result.failures.append("\(tar): cannot read the bundle (\(e)); \(entries.count - seen.count) segment(s) not restored from it")
            }
        }
        if !result.seals.isEmpty { try RestoredSegments.save(layout: layout, records) }
        result.seals.sort { $0.segment < $1.segment }
        result.written.sort()
        result.alreadyOnline.sort()
        return result
    }

    /// The store's seal for an archived entry: present, signed by a known key, and the very seal
    /// the manifest names (same seal hash).
    static func storeSeal(for e: BundleManifest.Entry, layout: StoreLayout, keys: [String: VerifyingKey]) throws -> Seal {
        let path = layout.sealFile(seq: e.segment)
        guard FS.exists(path) else { throw StoreError.badSeal(path: path, reason: "the store has no seal for it; cannot check it") }
        let bytes = try FS.read(path)
        let seal = try Seal.decode(bytes, path: path)
        guard Hash32.sha256(bytes) == e.sealSHA256 else {
            throw StoreError.badSeal(path: path, reason: "the store's seal (\(Hash32.sha256(bytes).hex)) is not the one the bundle manifest names (\(e.sealSHA256.hex))")
        }
        guard let key = keys[seal.keyId], key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) else {
            throw StoreError.badSeal(path: path, reason: "seal signature does not verify")
        }
        guard seal.path == e.path, seal.path == seal.expectedPath else { throw StoreError.badSeal(path: path, reason: "seal names an unexpected path") }
        return seal
    }

    /// Writes a verified segment back to its path; false when an identical file is already there.
    static func putBack(_ bytes: [UInt8], seal: Seal, layout: StoreLayout) throws -> Bool {
        let dest = layout.absolute(seal.path)
        if FS.exists(dest) {
            let (hash, size) = try ArchiveCheck.digest(path: dest)
            guard hash == seal.fileSHA256, size == seal.fileBytes else {
                throw StoreError.io(path: dest, reason: "a file that differs from the seal is already there; not replacing it (run 'sealtrail verify')")
            }
            return false
        }
        let check = ArchiveCheck.differences(bytes: bytes, seal: seal)
        guard check.problems.isEmpty else { throw StoreError.badSeal(path: seal.path, reason: check.problems.joined(separator: "; ")) }
        try FS.mkdirs(FS.parent(dest))
        let temp = try ArchiveCheck.writeTemp(for: dest, bytes)
        try FS.commit(temp: temp, to: dest, mode: 0o444, createOnly: true)
        // The leaf list is derived data that lets verify name a changed record; put it back too.
        let leavesPath = layout.leavesFile(seq: seal.segment)
        if !FS.exists(leavesPath) {
            var raw: [UInt8] = []
            raw.reserveCapacity(check.leaves.count * 32)
            for l in check.leaves { raw += l.bytes }
            try? FS.writeAtomically(leavesPath, raw, mode: 0o444)
        }
        return true
    }

    /// The audit event of a restore (source `sealtrail`, format `sealtrail-audit`, action `archive.restore`).
    public static func restoreEvent(_ r: Restored, from: Timestamp, to: Timestamp, keep: RetentionPeriod, actor: String,
                                    host: String = ProcessInfo.processInfo.hostName, at now: Timestamp = .now) -> TrailEvent {
        let attrs: [(String, JSONValue)] = [
            ("from", .string(from.rfc3339)), ("to", .string(to.rfc3339)), ("keep", .string(keep.description)),
            ("until", .string(r.until.rfc3339)), ("segments", .array(r.seals.map { .number(String($0.segment)) })),
            ("written", .number(String(r.written.count))), ("alreadyOnline", .number(String(r.alreadyOnline.count))),
            ("bundles", .array(r.bundles.map { .string($0) })), ("failures", .number(String(r.failures.count))),
        ]
        let record: JSONValue = .object(attrs + [("action", .string("archive.restore")), ("actor", .string(actor)),
                                                 ("host", .string(host)), ("time", .string(now.rfc3339))])
        return TrailEvent(id: "archive-restore-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                          format: "sealtrail-audit", actor: actor, action: "archive.restore",
                          resource: "archive:\(from.rfc3339)/\(to.rfc3339)",
                          outcome: r.failures.isEmpty ? .success : .failure, origin: host, session: nil, attributes: attrs,
                          raw: String(decoding: CanonicalJSON.encode(record), as: UTF8.self))
    }
}
