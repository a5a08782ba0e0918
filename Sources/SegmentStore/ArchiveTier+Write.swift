#if canImport(Glibc)
import Glibc
#endif
import Archive
import Foundation
import Sealing
import TrailModel

extension ArchiveTier {
    /// Adds sealed segments to their month's bundle (the month of `seal.firstTime`). Each segment
    /// is read from the store and checked against its seal (file SHA-256 and size, gunzip, content
    /// SHA-256, every leaf, Merkle root) before it goes into the tar; one that fails stops the run
    /// with the segment and what differs, and its month is left as it was.
    ///
    /// For each month with new segments: writes version N+1 of the tar (the kept entries copied
    /// from version N after checking their hashes, the new ones in segment order), fsyncs and
    /// renames it, writes the signed manifest (the commit point), then removes version N.
    /// Segments already in their bundle are skipped, so running again is a no-op. The online
    /// segment files are not touched: the caller removes them after this returns.
    ///
    /// Returns the current manifest of every month that `seals` fall in.
    @discardableResult
    public static func add(store: Store, directory: String, signing: SigningKey, seals: [Seal], sweep: String, now: Timestamp,
                           progress: ((Int, Int) -> Void)? = nil) throws -> [BundleManifest] {
        guard !seals.isEmpty else { return [] }
        try checkDirectory(directory, store: store, create: true)
        let lock = try FileLock(path: directory + "/" + lockName, what: "an archive run")
        defer { lock.release() }
        var keys = try KeyRing.publicKeys(layout: store.layout)
        keys[signing.publicKey.keyId] = signing.publicKey
        let listing = try scan(directory: directory, keys: keys, trail: store.manifest.origin)
        try cleanUp(listing)
        var byMonth: [String: [UInt64: Seal]] = [:]
        for seal in seals {
            try checkSealToArchive(seal, store: store, keys: keys)
            byMonth[month(of: seal), default: [:]][seal.segment] = seal
        }
        var out: [BundleManifest] = []
        var done = 0
        let total = byMonth.values.reduce(0) { $0 + $1.count }
        for (month, group) in byMonth.sorted(by: { $0.key < $1.key }) {
            try refuseDamaged(listing, month: month)
            let current = listing.bundle(month: month)
            let present = Dictionary((current?.entries ?? []).map { ($0.segment, $0) }, uniquingKeysWith: { a, _ in a })
            for (seq, seal) in group {
                if let e = present[seq], e.sealSHA256 != seal.sealHash {
                    throw StoreError.badSeal(path: directory + "/" + (current?.tar ?? ""),
                                             reason: "segment \(StoreLayout.segmentName(seq)) is archived with seal \(e.sealSHA256.hex), but the store's seal hash is \(seal.sealHash.hex)")
                }
            }
            let adding = group.values.filter { present[$0.segment] == nil }.sorted { $0.segment < $1.segment }
            done += group.count - adding.count
            if adding.isEmpty, let current {
                out.append(current)
                progress?(done, total)
                continue
            }
            let m = try writeVersion(store: store, directory: directory, month: month, previous: current, keep: current?.entries ?? [],
                                     adding: adding, signing: signing, sweep: sweep, now: now) {
                done += 1
                progress?(done, total)
            }
            out.append(m)
        }
        return out
    }

    /// Rewrites the bundles holding any of `segments` without them (retention deletion of
    /// archived segments); a bundle left empty is removed (manifest first, then tar). Segments
    /// in no bundle are ignored, so running again is a no-op. Returns the rewritten manifests.
    @discardableResult
    public static func remove(store: Store, directory: String, signing: SigningKey, segments: Set<UInt64>, sweep: String,
                              now: Timestamp) throws -> [BundleManifest] {
        guard !segments.isEmpty, try checkDirectory(directory, store: store, create: false) else { return [] }
        let lock = try FileLock(path: directory + "/" + lockName, what: "an archive run")
        defer { lock.release() }
        var keys = try KeyRing.publicKeys(layout: store.layout)
        keys[signing.publicKey.keyId] = signing.publicKey
        let listing = try scan(directory: directory, keys: keys, trail: store.manifest.origin)
        try cleanUp(listing)
        // A damaged manifest may list any of `segments`: refuse rather than report them removed.
        for month in Set(listing.damaged.map(\.month)).sorted() { try refuseDamaged(listing, month: month) }
        var out: [BundleManifest] = []
        for b in listing.bundles where b.entries.contains(where: { segments.contains($0.segment) }) {
            let keep = b.entries.filter { !segments.contains($0.segment) }
            if keep.isEmpty {
                try FS.remove(directory + "/" + b.manifestName)
                try FS.fsyncDirectory(directory)
                try FS.remove(directory + "/" + b.tar)
                try FS.fsyncDirectory(directory)
                continue
            }
            out.append(try writeVersion(store: store, directory: directory, month: b.month, previous: b, keep: keep, adding: [],
                                        signing: signing, sweep: sweep, now: now, entryDone: {}))
        }
        return out
    }

    /// A seal may be archived when it belongs to this trail, its signature verifies, it names its
    /// expected path and it is the store's own seal file byte for byte.
    static func checkSealToArchive(_ seal: Seal, store: Store, keys: [String: VerifyingKey]) throws {
        let name = "segment \(StoreLayout.segmentName(seal.segment))"
        let sealPath = store.layout.sealFile(seq: seal.segment)
        func fail(_ r: String) -> StoreError { .badSeal(path: sealPath, reason: "\(name): \(r); not archived") }
        guard seal.trail == store.manifest.origin else { throw fail("seal belongs to trail '\(seal.trail)'") }
        guard let key = keys[seal.keyId], key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) else {
            throw fail("seal signature does not verify")
        }
        guard seal.path == seal.expectedPath else { throw fail("seal names an unexpected path") }
        guard try FS.read(sealPath) == seal.canonicalBytes else { throw fail("the store's seal file differs from the seal given") }
    }

    /// Writes version `previous.version + 1` (or 1) of `month`'s bundle holding `keep` (copied
    /// from the previous tar) and `adding` (read from the store), and commits it.
    static func writeVersion(store: Store, directory: String, month: String, previous: BundleManifest?, keep: [BundleManifest.Entry],
                             adding: [Seal], signing: SigningKey, sweep: String, now: Timestamp,
                             entryDone: () -> Void) throws -> BundleManifest {
        var m = BundleManifest(trail: store.manifest.origin, month: month, version: (previous?.version ?? 0) + 1, created: now.rfc3339,
                               sweep: sweep, entries: (keep + adding.map(BundleManifest.Entry.init(seal:))).sorted { $0.segment < $1.segment })
        m.keyId = signing.publicKey.keyId
        let tarPath = directory + "/" + m.tar
        let temp = directory + "/." + m.tar + ".tmp-\(getpid())"
        try FS.remove(temp)
        do {
            let writer = try ArchiveWriter(path: temp, format: .tar)
            try writer.add(name: "manifest.json", bytes: try m.contentsBytes(signedWith: signing), mode: 0o444, mtime: now.seconds)
            var next = 0
            func addNew(below limit: UInt64?) throws {
                while next < adding.count, limit.map({ adding[next].segment < $0 }) ?? true {
                    try addFromStore(adding[next], store: store, writer: writer)
                    next += 1
                    entryDone()
                }
            }
            if let previous, !keep.isEmpty {
                try copyKept(keep, from: directory + "/" + previous.tar, into: writer, before: addNew(below:))
            }
            try addNew(below: nil)
            try writer.close()
            try ArchiveCheck.fsyncFile(temp)
            (m.tarSHA256, m.tarBytes) = try ArchiveCheck.digest(path: temp)
            try FS.commit(temp: temp, to: tarPath, mode: 0o444, createOnly: false)
        } catch {
            // libarchive's messages do not say why a write failed; the free space (before the temp goes) usually does.
            let free = ArchiveCheck.freeBytes(directory).map { $0 < 16 << 20 ? " (\($0) bytes free in \(directory): disk full?)" : "" } ?? ""
            try? FS.remove(temp)
            if let e = error as? ArchiveError, case let .failed(path, op, msg) = e { throw StoreError.io(path: path, reason: "\(op): \(msg)\(free)") }
            throw error
        }
        try m.sign(with: signing)
        try FS.writeAtomically(directory + "/" + m.manifestName, m.canonicalBytes, mode: 0o444, createOnly: true)
        if let previous {
            try FS.remove(directory + "/" + previous.manifestName)
            try FS.fsyncDirectory(directory)
            try FS.remove(directory + "/" + previous.tar)
            try FS.fsyncDirectory(directory)
        }
        return m
    }

    /// Appends a seal and its segment, read from the store and checked against the seal.
    static func addFromStore(_ seal: Seal, store: Store, writer: ArchiveWriter) throws {
        let path = store.layout.absolute(seal.path)
        guard FS.exists(path) else {
            throw StoreError.io(path: path, reason: "segment \(StoreLayout.segmentName(seal.segment)) is not in the store and not in its bundle; cannot archive it")
        }
        let bytes = try FS.read(path)
        let problems = ArchiveCheck.differences(bytes: bytes, seal: seal).problems
        guard problems.isEmpty else {
            throw StoreError.badSeal(path: seal.path, reason: "segment \(StoreLayout.segmentName(seal.segment)) fails verification, not archived: "
                                     + problems.joined(separator: "; "))
        }
        let mtime = TimeParser.parseISO(seal.sealedAt[...].utf8)?.timestamp.seconds ?? 0
        try writer.add(name: BundleManifest.Entry(seal: seal).sealName, bytes: seal.canonicalBytes, mode: 0o444, mtime: mtime)
        try writer.add(name: seal.path, bytes: bytes, mode: 0o444, mtime: mtime)
    }

    /// Copies the kept entries of the previous tar, each checked against its manifest entry, calling
    /// `before(segment)` first so that new segments with lower numbers go in ahead of it.
    static func copyKept(_ keep: [BundleManifest.Entry], from tar: String, into writer: ArchiveWriter,
                         before: (UInt64) throws -> Void) throws {
        var bySeal: [String: BundleManifest.Entry] = [:], byPath: [String: BundleManifest.Entry] = [:]
        for e in keep { bySeal[e.sealName] = e; byPath[e.path] = e }
        var copied = Set<String>()
        try ArchiveReader.forEach(path: tar) { info, bytes in
            let entry: BundleManifest.Entry
            if let e = bySeal[info.name] {
                guard Hash32.sha256(bytes) == e.sealSHA256 else {
                    throw StoreError.badSeal(path: tar, reason: "\(info.name) differs from the bundle manifest; not rewriting: run 'sealtrail archive verify'")
                }
                entry = e
            } else if let e = byPath[info.name] {
                guard Int64(bytes.count) == e.fileBytes, Hash32.sha256(bytes) == e.fileSHA256 else {
                    throw StoreError.badSeal(path: tar, reason: "\(info.name) (segment \(StoreLayout.segmentName(e.segment))) differs from the bundle manifest; not rewriting: run 'sealtrail archive verify'")
                }
                entry = e
            } else {
                return // manifest.json, or a segment being removed
            }
            guard copied.insert(info.name).inserted else { throw StoreError.badSeal(path: tar, reason: "\(info.name) appears twice") }
            try before(entry.segment)
            try writer.add(name: info.name, bytes: bytes, mode: 0o444, mtime: info.mtime)
        }
        for e in keep where !copied.contains(e.sealName) || !copied.contains(e.path) {
            throw StoreError.badSeal(path: tar, reason: "segment \(StoreLayout.segmentName(e.segment)) is in the bundle manifest but not in the tar; not rewriting: run 'sealtrail archive verify'")
        }
    }
}
