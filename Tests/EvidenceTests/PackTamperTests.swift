import Archive
import Evidence
import Foundation
import Sealing
import SegmentStore
import Testing
import TrailModel

/// Data-driven tamper cases: every file of a pack changed by one byte, removed, or joined by an
/// extra file, and keys swapped; each must fail verification and name the file.
@Suite(.serialized) struct PackTamperTests {
    /// One pack built once for all cases (the fixture store is byte-identical on every run).
    static let built: (path: String, entries: [(String, [UInt8])], store: Store) = {
        let store = try! EvidenceFixture.store(name: "tamper")
        let dir = EvidenceFixture.tempDir("tamper")
        let path = try! EvidenceFixture.pack(store, in: dir)
        var entries: [(String, [UInt8])] = []
        try! ArchiveReader.forEach(path: path) { e, bytes in entries.append((e.name, bytes)) }
        return (path, entries, store)
    }()

    static var names: [String] { built.entries.map(\.0) }

    /// Writes `entries` as a zip next to the good pack.
    static func write(_ entries: [(String, [UInt8])], tag: String) throws -> String {
        let path = FS.parent(built.path) + "/\(tag)-\(UInt32.random(in: 0 ... .max)).zip"
        let w = try ArchiveWriter(path: path, format: .zip)
        for (name, bytes) in entries { try w.add(name: name, bytes: bytes, mtime: EvidenceFixture.asOf.seconds) }
        try w.close()
        return path
    }

    static func names(_ report: PackVerifier.Report, _ file: String) -> Bool {
        report.problems.contains { $0.file == file || $0.reason.contains(file) }
    }

    @Test func theGoodPackVerifies() throws {
        let report = try PackVerifier.verify(path: Self.built.path, store: Self.built.store)
        #expect(report.ok, "\(report.problems)")
        #expect(report.liveSize == 3)
    }

    @Test(arguments: names)
    func aChangedByteIsCaught(file: String) throws {
        var entries = Self.built.entries
        let i = entries.firstIndex { $0.0 == file }!
        var bytes = entries[i].1
        if bytes.isEmpty { bytes = [0x20] } else { bytes[bytes.count / 2] ^= 0x01 }
        entries[i].1 = bytes
        let path = try Self.write(entries, tag: "flip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try PackVerifier.verify(path: path)
        #expect(!report.ok, "\(file): a changed byte passed")
        #expect(Self.names(report, file), "\(file): \(report.problems)")
    }

    @Test(arguments: names)
    func aRemovedFileIsCaught(file: String) throws {
        let path = try Self.write(Self.built.entries.filter { $0.0 != file }, tag: "remove")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try PackVerifier.verify(path: path)
        #expect(!report.ok, "\(file): removing it passed")
        #expect(Self.names(report, file), "\(file): \(report.problems)")
    }

    @Test(arguments: ["notes.txt", "controls/A.1/extra.csv", "proofs/000000000099.json", "trail/keys/0000000000000000.pem"])
    func anAddedFileIsCaught(file: String) throws {
        let path = try Self.write(Self.built.entries + [(file, Array("extra\n".utf8))], tag: "add")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try PackVerifier.verify(path: path)
        #expect(!report.ok)
        #expect(report.problems.contains { $0.file == file && $0.reason.contains("extra file") }, "\(report.problems)")
    }

    /// A duplicate entry (the same name twice, the second with other bytes) is caught too.
    @Test func aDuplicateEntryIsCaught() throws {
        let (name, bytes) = Self.built.entries.first { $0.0.hasSuffix("findings.csv") }!
        let path = try Self.write(Self.built.entries + [(name, bytes + [0x0A])], tag: "dup")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try PackVerifier.verify(path: path)
        #expect(!report.ok && Self.names(report, name), "\(report.problems)")
    }

    /// The key replaced by another, and the manifest re-listed and re-signed with it: the seals
    /// and the checkpoint no longer verify, and the store does not know the key.
    @Test(arguments: ["re-signed", "file only"])
    func aSwappedKeyIsCaught(how: String) throws {
        let other = try SigningKey(seed: [UInt8](repeating: 9, count: 32))
        var entries = Self.built.entries.filter { $0.0 != "manifest.json" && $0.0 != "manifest.sig" }
        let old = entries.first { $0.0.hasSuffix(".pem") }!.0
        let oldId = String(FS.baseName(old).dropLast(4))
        let newId = how == "re-signed" ? other.publicKey.keyId : oldId
        entries = entries.filter { !$0.0.hasPrefix("trail/keys/") }
        entries.append(("trail/keys/\(newId).pem", Array(other.publicKey.pem.utf8)))
        entries.append(("trail/keys/\(newId).pub", other.publicKey.raw))
        // The manifest, re-listed over the new files and signed with the other key.
        var m = try JSONParser.parse(Self.built.entries.first { $0.0 == "manifest.json" }!.1)
        guard case var .object(members) = m else { Issue.record("manifest is not an object"); return }
        members = members.map { k, v in
            switch k {
            case "keyId": return (k, .string(newId))
            case "key": return (k, .string("trail/keys/\(newId).pem"))
            case "files": return (k, .array(entries.map { n, b in
                .object([("path", .string(n)), ("bytes", .number(String(b.count))), ("sha256", .string(Hash32.sha256(b).hex))])
            }))
            default: return (k, v)
            }
        }
        m = .object(members)
        let manifest = CanonicalJSON.encode(m)
        entries += [("manifest.json", manifest), ("manifest.sig", try other.sign(manifest))]
        let path = try Self.write(entries, tag: "key")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try PackVerifier.verify(path: path)
        #expect(!report.ok)
        let named = report.problems.map(\.file)
        #expect(named.contains("trail/checkpoints/3.checkpoint"), "\(report.problems)")
        if how == "re-signed" {
            #expect(named.contains { $0.hasPrefix("trail/seals/") }, "\(report.problems)")
            let live = try PackVerifier.verify(path: path, store: Self.built.store)
            #expect(live.problems.contains { $0.file == "trail/keys/\(newId).pem" && $0.reason.contains("not a key of the store") }, "\(live.problems)")
        } else {
            #expect(named.contains("trail/keys/\(newId).pem"), "\(report.problems)")
        }
        _ = oldId
    }

    /// With a store: a checkpoint of another trail, or a trail that was rolled back, is caught.
    @Test func theLiveTrailMustExtendThePack() throws {
        let other = try EvidenceFixture.store(name: "other", origin: "test.local/other")
        defer { try? FileManager.default.removeItem(atPath: other.layout.root) }
        // Same key and events but another origin: a different trail.
        let report = try PackVerifier.verify(path: Self.built.path, store: other)
        #expect(report.problems.contains { $0.file == "trail/checkpoints/3.checkpoint" }, "\(report.problems)")
        // The same trail, but shorter than the pack's checkpoint (rolled back, or another copy).
        let short = try EvidenceFixture.store(name: "short", days: 1)
        defer { try? FileManager.default.removeItem(atPath: short.layout.root) }
        let rolled = try PackVerifier.verify(path: Self.built.path, store: short)
        #expect(rolled.problems.contains { $0.file == "trail/checkpoints/3.checkpoint" && $0.reason.contains("fewer") }, "\(rolled.problems)")

        // A store that grew verifies; one whose trail is shorter than the pack's does not.
        let grown = try EvidenceFixture.store(name: "grown")
        defer { try? FileManager.default.removeItem(atPath: grown.layout.root) }
        let w = try TrailWriter(store: grown, threads: 1)
        w.now = { Timestamp.utc(year: 2026, month: 9, day: 1) }
        for n in 60..<65 { _ = try w.accept(EvidenceFixture.event(n, source: "app", day: 2), identity: nil) }
        try w.close()
        #expect(try PackVerifier.verify(path: Self.built.path, store: grown).liveSize == 4)
    }

    @Test func notAPackIsNamed() throws {
        let dir = EvidenceFixture.tempDir("junk")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: dir + "/x.zip"))
        let report = try PackVerifier.verify(path: dir + "/x.zip")
        #expect(!report.ok)
        #expect(throws: EvidenceError.self) { _ = try PackVerifier.verify(path: dir + "/missing.zip") }
    }
}
