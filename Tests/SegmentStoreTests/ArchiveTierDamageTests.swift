import Foundation
import Gzip
import Sealing
@testable import SegmentStore
import Testing
import TrailModel

/// One way of damaging an archive directory (`<store>/archive`, bundles 2026-07.v1 with segments
/// 0–2 and 2026-08.v1 with 3–4), and the problems `ArchiveTier.verify` must report.
struct ArchiveDamage: CustomTestStringConvertible, Sendable {
    let name: String
    let mutate: @Sendable (String) throws -> Void
    /// Kind, segment (nil: any), and the file the problem must name.
    let expect: [(VerifyReport.Kind, UInt64?, String)]
    var testDescription: String { name }
}

private let july = "2026-07.v1.tar"
private let julyManifest = "2026-07.v1.manifest.json"

private func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
    guard needle.count <= hay.count else { return nil }
    for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle { return i }
    return nil
}

private func editManifest(_ dir: String, _ name: String, _ edit: (inout BundleManifest) throws -> Void) throws {
    let path = dir + "/archive/" + name
    var m = try BundleManifest.decode(try FS.read(path), path: name)
    try edit(&m)
    try ArchiveFixture.overwrite(path, m.canonicalBytes)
}

let archiveDamages: [ArchiveDamage] = [
    ArchiveDamage(name: "flip a byte of segment 1 inside the tar", mutate: { dir in
        let tar = dir + "/archive/" + july
        var bytes = try FS.read(tar)
        let segment = try FS.read(try Fixture.segmentPath(dir, 1))
        let at = try #require(find(segment, in: bytes))
        bytes[at + segment.count / 2] ^= 0x20
        try ArchiveFixture.overwrite(tar, bytes)
    }, expect: [(.archiveDamaged, nil, july), (.archiveDamaged, 1, july)]),
    ArchiveDamage(name: "truncate the tar", mutate: { dir in
        let tar = dir + "/archive/" + july
        try ArchiveFixture.overwrite(tar, Array(try FS.read(tar).prefix(3000)))
    }, expect: [(.archiveDamaged, nil, july), (.archiveDamaged, 2, july)]),
    ArchiveDamage(name: "delete the tar", mutate: { dir in
        try FS.remove(dir + "/archive/" + july)
    }, expect: [(.archiveDamaged, nil, july)]),
    ArchiveDamage(name: "swap the manifest signature", mutate: { dir in
        let other = try BundleManifest.decode(try FS.read(dir + "/archive/2026-08.v1.manifest.json"), path: "")
        try editManifest(dir, julyManifest) { $0.signature = other.signature }
    }, expect: [(.archiveDamaged, nil, julyManifest)]),
    ArchiveDamage(name: "edit a manifest entry without signing", mutate: { dir in
        try editManifest(dir, julyManifest) { $0.entries[1].records += 1 }
    }, expect: [(.archiveDamaged, nil, julyManifest)]),
    ArchiveDamage(name: "manifest re-signed by an unknown key", mutate: { dir in
        try editManifest(dir, julyManifest) { m in m.entries.remove(at: 1); try m.sign(with: SigningKey()) }
    }, expect: [(.archiveDamaged, nil, julyManifest)]),
    ArchiveDamage(name: "manifest of another month renamed", mutate: { dir in
        try FS.remove(dir + "/archive/" + julyManifest)
        try FileManager.default.copyItem(atPath: dir + "/archive/2026-08.v1.manifest.json", toPath: dir + "/archive/" + julyManifest)
    }, expect: [(.archiveDamaged, nil, julyManifest)]),
    ArchiveDamage(name: "leftover bundle without manifest", mutate: { dir in
        try FileManager.default.copyItem(atPath: dir + "/archive/" + july, toPath: dir + "/archive/2026-07.v2.tar")
    }, expect: [(.archiveLeftover, nil, "2026-07.v2.tar")]),
    ArchiveDamage(name: "leftover temp file", mutate: { dir in
        try Data("partial".utf8).write(to: URL(fileURLWithPath: dir + "/archive/.2026-07.v2.tar.tmp-4242"))
    }, expect: [(.archiveLeftover, nil, ".2026-07.v2.tar.tmp-4242")]),
    ArchiveDamage(name: "unknown file in the archive directory", mutate: { dir in
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/archive/notes.txt"))
    }, expect: [(.extraFile, nil, "notes.txt")]),
    ArchiveDamage(name: "segment 1 replaced inside a repacked tar, manifest re-signed with the store key", mutate: { dir in
        let work = Fixture.tempDir("repack")
        try FS.mkdirs(work)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let tar = dir + "/archive/" + july
        let names = try ArchiveFixture.run("tar", ["-tf", tar]).split(separator: "\n").map(String.init)
        try ArchiveFixture.run("tar", ["-xf", tar, "-C", work])
        let seg = work + "/" + (try Fixture.loadSeal(dir, 1)).path
        var lines = try Fixture.readLines(seg)
        lines[2] = Array(String(decoding: lines[2], as: UTF8.self).replacingOccurrences(of: "user:", with: "usr:").utf8)
        try Fixture.writeLines(seg, lines)
        try FS.remove(tar)
        try ArchiveFixture.run("tar", ["--format=pax", "-cf", tar] + names, in: work)
        let bytes = try FS.read(seg)
        let (hash, size) = try ArchiveCheck.digest(path: tar)
        try editManifest(dir, julyManifest) { m in
            m.entries[1].fileSHA256 = Hash32.sha256(bytes)
            m.entries[1].fileBytes = Int64(bytes.count)
            (m.tarSHA256, m.tarBytes) = (hash, size)
            try m.sign(with: try Fixture.signingKey(dir))
        }
    }, expect: [(.archiveDamaged, 1, july), (.archiveDamaged, nil, july)]),
]

@Suite struct ArchiveTierDamageTests {
    static let base: String = {
        let dir = try! ArchiveFixture.build(name: "archive-damage-base")
        try! ArchiveFixture.archiveAll(dir)
        return dir
    }()

    @Test func anUntouchedArchiveVerifies() throws {
        var calls: [(Int, Int)] = []
        let report = ArchiveTier.verify(store: try Store(path: Self.base), directory: Self.base + "/archive") { calls.append(($0, $1)) }
        #expect(report.ok, "\(ArchiveFixture.describe(report))")
        #expect(report.segmentsChecked == 5 && report.recordsChecked == 60)
        #expect(calls.last.map { $0 == (5, 5) } == true)
        let july = ArchiveTier.verify(store: try Store(path: Self.base), directory: Self.base + "/archive", months: "2026-07"..."2026-07")
        #expect(july.ok && july.segmentsChecked == 3)
    }

    @Test(arguments: archiveDamages)
    func damageIsReportedNamingBundleAndSegment(_ c: ArchiveDamage) throws {
        let dir = try Fixture.copy(Self.base)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try c.mutate(dir)
        let report = ArchiveTier.verify(store: try Store(path: dir), directory: dir + "/archive")
        #expect(!report.ok, "\(c.name): verify passed a damaged archive")
        for (kind, seg, file) in c.expect {
            let hit = report.problems.contains { p in
                p.kind == kind && p.path == file && (seg == nil || p.segment == StoreLayout.segmentName(seg!))
            }
            #expect(hit, "\(c.name): expected \(kind.rawValue) \(seg.map(String.init) ?? "-") \(file); got\n\(ArchiveFixture.describe(report))")
        }
        // Bundles of the other month are not blamed.
        #expect(!report.problems.contains { $0.path?.hasPrefix("2026-08") == true }, "\(ArchiveFixture.describe(report))")
    }

    /// The state a run reaches, compared with the state an interrupted run plus a rerun reaches.
    @Test(arguments: ["tar written, manifest not yet", "new version committed, old one not yet removed", "temp file half written"])
    func anInterruptedAddRunAgainEqualsACleanRun(_ crash: String) throws {
        let clean = try ArchiveFixture.build(name: "archive-clean")
        defer { try? FileManager.default.removeItem(atPath: clean) }
        let crashed = try Fixture.copy(clean)
        defer { try? FileManager.default.removeItem(atPath: crashed) }
        let seals = try ArchiveFixture.seals(clean)
        func add(_ dir: String, _ which: [Seal]) throws {
            try ArchiveTier.add(store: try Store(path: dir), directory: dir + "/archive", signing: try Fixture.signingKey(dir), seals: which,
                                sweep: "sweep-1", now: ArchiveFixture.now)
        }
        try add(clean, Array(seals.prefix(2)))
        try add(clean, seals)
        let expected = try ArchiveFixture.snapshot(clean + "/archive")
        #expect(expected.keys.sorted() == ["2026-07.v2.manifest.json", "2026-07.v2.tar", "2026-08.v1.manifest.json", "2026-08.v1.tar"])

        try add(crashed, Array(seals.prefix(2)))
        let archive = crashed + "/archive"
        switch crash {
        case "tar written, manifest not yet":
            let v1 = try ArchiveFixture.snapshot(archive)
            try add(crashed, seals)
            try FS.remove(archive + "/2026-07.v2.manifest.json")
            try FS.remove(archive + "/2026-08.v1.manifest.json")
            for (name, bytes) in v1 { try FS.writeAtomically(archive + "/" + name, bytes, mode: 0o444) }
            // The uncommitted versions are invisible.
            #expect(try ArchiveTier.bundles(directory: archive, keys: try ArchiveFixture.keys(crashed)).map(\.tar) == ["2026-07.v1.tar"])
        case "new version committed, old one not yet removed":
            let v1 = try ArchiveFixture.snapshot(archive)
            try add(crashed, seals)
            for (name, bytes) in v1 { try FS.writeAtomically(archive + "/" + name, bytes, mode: 0o444) }
            #expect(try ArchiveTier.bundles(directory: archive, keys: try ArchiveFixture.keys(crashed)).map(\.tar) == ["2026-07.v2.tar", "2026-08.v1.tar"])
        default:
            try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: archive + "/.2026-07.v2.tar.tmp-99999"))
            try Data("{".utf8).write(to: URL(fileURLWithPath: archive + "/.2026-07.v2.manifest.json.tmp-99999"))
        }
        let listing = try ArchiveTier.scan(directory: archive, keys: try ArchiveFixture.keys(crashed))
        #expect(!listing.leftovers.isEmpty || !listing.superseded.isEmpty)
        try add(crashed, seals)
        #expect(try ArchiveFixture.snapshot(archive) == expected)
        #expect(ArchiveTier.verify(store: try Store(path: crashed), directory: archive).ok)
    }

    @Test func anInterruptedRemoveRunAgainEqualsACleanRun() throws {
        let clean = try Fixture.copy(Self.base)
        defer { try? FileManager.default.removeItem(atPath: clean) }
        let crashed = try Fixture.copy(Self.base)
        defer { try? FileManager.default.removeItem(atPath: crashed) }
        func remove(_ dir: String) throws {
            try ArchiveTier.remove(store: try Store(path: dir), directory: dir + "/archive", signing: try Fixture.signingKey(dir),
                                   segments: [3, 4], sweep: "sweep-2", now: ArchiveFixture.now)
        }
        try remove(clean)
        // Cut short after the emptied bundle's manifest went, before its tar did.
        try FS.remove(crashed + "/archive/2026-08.v1.manifest.json")
        #expect(try ArchiveTier.scan(directory: crashed + "/archive", keys: try ArchiveFixture.keys(crashed)).leftovers == ["2026-08.v1.tar"])
        try remove(crashed)
        #expect(try ArchiveFixture.snapshot(crashed + "/archive") == ArchiveFixture.snapshot(clean + "/archive"))
    }

    @Test func aMonthWhoseNewestManifestIsDamagedIsNotRewritten() throws {
        let dir = try Fixture.copy(Self.base)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try editManifest(dir, julyManifest) { $0.entries[0].records += 1 }
        let before = try ArchiveFixture.snapshot(dir + "/archive")
        #expect {
            try ArchiveTier.remove(store: try Store(path: dir), directory: dir + "/archive", signing: try Fixture.signingKey(dir),
                                   segments: [0], sweep: "s", now: ArchiveFixture.now)
            try ArchiveTier.add(store: try Store(path: dir), directory: dir + "/archive", signing: try Fixture.signingKey(dir),
                                seals: try ArchiveFixture.seals(dir), sweep: "s", now: ArchiveFixture.now)
        } throws: { e in "\(e)".contains(julyManifest) && "\(e)".contains("cannot be trusted") }
        #expect(try ArchiveFixture.snapshot(dir + "/archive") == before)
    }
}
