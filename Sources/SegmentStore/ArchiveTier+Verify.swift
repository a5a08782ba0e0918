import Archive
import Foundation
import Sealing
import TrailModel

extension ArchiveTier {
    /// Re-reads the bundles of `months` (all when nil): each manifest's signature, the tar's size
    /// and SHA-256, `manifest.json` inside it, and every entry's bytes against its manifest entry
    /// and against the store's seal (file SHA-256 and size, gunzip, content SHA-256, every leaf,
    /// Merkle root). Problems name the bundle (`path`), the segment and what differs; files left
    /// by an interrupted run are `archive-leftover` problems. `progress` gets (done, total) segments.
    public static func verify(store: Store, directory: String, months: ClosedRange<String>? = nil,
                              progress: ((Int, Int) -> Void)? = nil) -> VerifyReport {
        var report = VerifyReport(origin: store.manifest.origin, trailSize: 0, trailRoot: "")
        guard FS.isDirectory(directory) else {
            if isDefault(directory, store: store), !FS.exists(directory) {
                report.notes.append("no archive directory at \(directory): nothing is archived")
            } else {
                report.add(.archiveDamaged, path: directory, "archive directory does not exist or is not a directory")
            }
            return report
        }
        let keys = (try? KeyRing.publicKeys(layout: store.layout)) ?? [:]
        let listing: Listing
        do { listing = try scan(directory: directory, keys: keys, trail: store.manifest.origin) } catch {
            report.add(.archiveDamaged, path: directory, "\(error)")
            return report
        }
        reportListing(listing, months: months, leftoversAreProblems: true, into: &report)
        let bundles = listing.bundles.filter { months?.contains($0.month) ?? true }
        let total = bundles.reduce(0) { $0 + $1.entries.count }
        var done = 0
        for b in bundles {
            checkBundle(b, store: store, directory: directory, keys: keys, only: nil, contents: true, report: &report) {
                done += 1
                progress?(done, total)
            }
        }
        report.problems.sort { ($0.path ?? "", $0.segment ?? "") < ($1.path ?? "", $1.segment ?? "") }
        return report
    }

    /// Reports damaged manifests, leftovers, superseded versions, unknown files, and segments that
    /// two bundles claim.
    static func reportListing(_ listing: Listing, months: ClosedRange<String>?, leftoversAreProblems: Bool, into report: inout VerifyReport) {
        for d in listing.damaged where months?.contains(d.month) ?? true {
            report.add(.archiveDamaged, path: d.file, "bundle manifest \(d.file) cannot be trusted: \(d.reason)")
        }
        for name in listing.leftovers {
            let what = name.hasPrefix(".") ? "temp file" : "bundle file without a committed manifest"
            let text = "\(name): \(what), left by an interrupted archive run; never read as a bundle, removed by the next archive run"
            if leftoversAreProblems { report.add(.archiveLeftover, path: name, text) } else { report.notes.append("archive: " + text) }
        }
        for name in listing.superseded where name.hasSuffix(".manifest.json") {
            report.notes.append("archive: \(name): superseded version still present (an interrupted rewrite); removed by the next archive run")
        }
        for name in listing.unknown { report.add(.extraFile, path: name, "unknown file in the archive directory") }
        var owner: [UInt64: String] = [:]
        for b in listing.bundles {
            for e in b.entries {
                if let other = owner[e.segment] {
                    report.add(.archiveDamaged, segment: e.segment, path: b.tar, "segment is in two bundles: \(other) and \(b.tar)")
                }
                owner[e.segment] = b.tar
            }
        }
    }

    /// Checks one bundle: its tar's size and SHA-256 against the signed manifest, and the store's
    /// seal of every entry against the manifest. With `contents`, also reads the tar: the inner
    /// `manifest.json`, every seal, and every segment (those in `only`, when given) against its
    /// manifest entry and its seal. Calls `entryDone` once per segment.
    static func checkBundle(_ b: BundleManifest, store: Store, directory: String, keys: [String: VerifyingKey], only: Set<UInt64>?,
                            contents: Bool, report: inout VerifyReport, entryDone: () -> Void) {
        let layout = store.layout
        let tar = b.tar
        let path = directory + "/" + tar
        func problem(_ seq: UInt64?, _ text: String, expected: String? = nil, found: String? = nil) {
            let name = seq.map { "segment \(StoreLayout.segmentName($0)) in bundle \(tar)" } ?? "bundle \(tar)"
            report.add(.archiveDamaged, segment: seq, path: tar, "\(name): \(text)", expected: expected, found: found)
        }
        var storeSeals: [UInt64: Seal] = [:]
        for e in b.entries {
            let sealPath = layout.sealFile(seq: e.segment)
            guard let bytes = try? FS.read(sealPath) else { problem(e.segment, "the store has no seal for this segment"); continue }
            guard Hash32.sha256(bytes) == e.sealSHA256, let seal = try? Seal.decode(bytes, path: sealPath) else {
                problem(e.segment, "the store's seal differs from the one the manifest names", expected: e.sealSHA256.hex, found: Hash32.sha256(bytes).hex)
                continue
            }
            storeSeals[e.segment] = seal
        }
        guard FS.exists(path) else {
            problem(nil, "tar file is missing (its manifest lists \(b.entries.count) segments: \(segmentList(b.entries.map(\.segment))))")
            for _ in b.entries { entryDone() }
            return
        }
        // The tar's hash is computed on a second thread while its entries are read here.
        let digest = AsyncDigest(path: path)
        func checkDigest() {
            switch digest.wait() {
            case let .success((hash, size)):
                if hash != b.tarSHA256 || size != b.tarBytes {
                    problem(nil, "tar differs from its signed manifest (\(size) bytes, manifest says \(b.tarBytes))", expected: b.tarSHA256.hex, found: hash.hex)
                }
            case let .failure(error):
                problem(nil, "cannot read the tar: \(reasonText(error))")
            }
        }
        guard contents else { return checkDigest() }
        defer { checkDigest() }
        var bySeal: [String: BundleManifest.Entry] = [:], byPath: [String: BundleManifest.Entry] = [:]
        for e in b.entries { bySeal[e.sealName] = e; byPath[e.path] = e }
        var seen = Set<String>()
        var last = "(start)"
        do {
            try ArchiveReader.forEach(path: path) { info, bytes in
                defer { last = info.name }
                guard seen.insert(info.name).inserted else { problem(nil, "entry \(info.name) appears twice"); return }
                if info.name == "manifest.json" {
                    do {
                        let inner = try BundleManifest.decode(bytes, path: tar + ":manifest.json", contents: true, keys: keys)
                        if inner.entries != b.entries || inner.trail != b.trail || inner.month != b.month || inner.version != b.version
                            || inner.created != b.created || inner.sweep != b.sweep {
                            problem(nil, "manifest.json inside the tar differs from the signed manifest beside it")
                        }
                    } catch {
                        problem(nil, "manifest.json inside the tar: \(reasonText(error))")
                    }
                } else if let e = bySeal[info.name] {
                    let h = Hash32.sha256(bytes)
                    if h != e.sealSHA256 { problem(e.segment, "archived seal \(info.name) differs from the manifest", expected: e.sealSHA256.hex, found: h.hex) }
                } else if let e = byPath[info.name] {
                    defer { entryDone() }
                    if let only, !only.contains(e.segment) { return }
                    let h = Hash32.sha256(bytes)
                    if h != e.fileSHA256 || Int64(bytes.count) != e.fileBytes {
                        problem(e.segment, "segment file differs from the manifest (\(bytes.count) bytes, manifest says \(e.fileBytes))",
                                expected: e.fileSHA256.hex, found: h.hex)
                    }
                    guard let seal = storeSeals[e.segment] else { return }
                    let check = ArchiveCheck.differences(bytes: bytes, seal: seal)
                    for p in check.problems { problem(e.segment, p) }
                    report.segmentsChecked += 1
                    report.recordsChecked += check.records
                    report.bytesChecked += check.contentBytes
                } else {
                    problem(nil, "unexpected entry \(info.name) (not in the manifest)")
                }
            }
        } catch {
            problem(nil, "tar cannot be read after entry \(last): \(error)")
        }
        if !seen.contains("manifest.json") { problem(nil, "manifest.json is missing from the tar") }
        for e in b.entries {
            if !seen.contains(e.sealName) { problem(e.segment, "seal \(e.sealName) is missing from the tar") }
            if !seen.contains(e.path) {
                problem(e.segment, "segment file \(e.path) is missing from the tar")
                entryDone()
            }
        }
    }

    /// `0–41, 43, 45–47`: segment numbers as ranges.
    public static func segmentList(_ segments: [UInt64]) -> String {
        var parts: [String] = []
        var i = 0
        let s = segments.sorted()
        while i < s.count {
            var j = i
            while j + 1 < s.count && s[j + 1] == s[j] + 1 { j += 1 }
            parts.append(i == j ? "\(s[i])" : "\(s[i])–\(s[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}

/// SHA-256 and size of a file, computed on a background thread.
final class AsyncDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<(Hash32, Int64), Error>?

    init(path: String) {
        DispatchQueue.global().async {
            self.result = Result { try ArchiveCheck.digest(path: path) }
            self.done.signal()
        }
    }

    /// Waits for the result (once).
    func wait() -> Result<(Hash32, Int64), Error> {
        done.wait()
        return result!
    }
}
