import Foundation
import Sealing
import TrailModel

extension Verifier {
    /// Of the selected seals, those whose segment file is not online but which a valid archive
    /// bundle holds: they are not missing. Each bundle they are in is checked (tar size and
    /// SHA-256 against its signed manifest; with `checkArchives`, every entry re-read against its
    /// seal) and noted; a bundle that is missing or differs, or an entry that names another seal,
    /// is an `archive-damaged` problem. With `checkArchives`, the bundles of every selected
    /// segment are re-read, online or not, and leftovers of interrupted runs are problems too.
    func archivedSegments(_ selected: [Seal], report: inout VerifyReport) -> Set<UInt64> {
        let layout = store.layout
        let offline = selected.filter { !FS.exists(layout.absolute($0.path)) }
        guard !offline.isEmpty || checkArchives else { return [] }
        let directory: String
        do { directory = try ArchiveTier.directory(store: store) } catch {
            report.notes.append("archive tier not consulted: \(error)")
            return []
        }
        guard FS.isDirectory(directory) else {
            if !ArchiveTier.isDefault(directory, store: store) || FS.exists(directory) {
                report.add(.archiveDamaged, path: directory, "archive directory does not exist or is not a directory (is it mounted?)")
            }
            return []
        }
        let keys = (try? KeyRing.publicKeys(layout: layout)) ?? [:]
        let listing: ArchiveTier.Listing
        do { listing = try ArchiveTier.scan(directory: directory, keys: keys, trail: store.manifest.origin) } catch {
            report.add(.archiveDamaged, path: directory, "\(error)")
            return []
        }
        ArchiveTier.reportListing(listing, months: nil, leftoversAreProblems: checkArchives, into: &report)
        let index = ArchiveTier.index(listing.bundles)
        var handled = Set<UInt64>()
        var offlineIn: [String: [UInt64]] = [:]
        for seal in offline {
            guard let (bundle, entry) = index[seal.segment] else { continue }
            handled.insert(seal.segment)
            guard entry.sealSHA256 == seal.sealHash, entry.fileSHA256 == seal.fileSHA256, entry.fileBytes == seal.fileBytes else {
                report.add(.archiveDamaged, segment: seal.segment, path: bundle.tar,
                           "segment \(StoreLayout.segmentName(seal.segment)) is archived in \(bundle.tar) under another seal or file hash than the store's seal",
                           expected: seal.sealHash.hex, found: entry.sealSHA256.hex)
                continue
            }
            offlineIn[bundle.tar, default: []].append(seal.segment)
            report.segmentsArchived += 1
        }
        let wanted = Set(selected.map(\.segment))
        for b in listing.bundles {
            let offlineHere = offlineIn[b.tar] ?? []
            let reread = checkArchives && b.entries.contains { wanted.contains($0.segment) }
            guard reread || !offlineHere.isEmpty else { continue }
            let before = report.problems.count
            ArchiveTier.checkBundle(b, store: store, directory: directory, keys: keys, only: wanted, contents: reread, report: &report) {}
            guard report.problems.count == before, !offlineHere.isEmpty else { continue }
            let what = reread ? "re-read, every record matches its seal" : "tar size and SHA-256 match its signed manifest"
            report.notes.append("segment\(offlineHere.count == 1 ? "" : "s") \(ArchiveTier.segmentList(offlineHere)) archived in \(b.tar) (\(what))")
        }
        return handled
    }
}
