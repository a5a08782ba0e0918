import Foundation
import Gzip
import Sealing
@testable import SegmentStore
import Testing
import TrailModel

/// Stores with segments in two months, and helpers to look at an archive directory.
enum ArchiveFixture {
    /// Days counted from 2026-07-01: 0, 1, 2 are July; 31 and 32 are 1 and 2 August.
    static let days = [0, 1, 2, 31, 32]
    static let now = Timestamp.utc(year: 2033, month: 9, day: 1)

    /// A store with one sealed segment of `perSegment` records per entry of `days`.
    static func build(days: [Int] = days, perSegment: Int = 12, name: String = "archive") throws -> String {
        let dir = Fixture.tempDir(name)
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        let w = try TrailWriter(store: store, threads: 2)
        for d in days {
            for i in 0..<perSegment { _ = try w.accept(Fixture.event(i, day: d), identity: .sourceId("evt-\(d)-\(i)")) }
            try w.commit()
        }
        try w.close()
        return dir
    }

    static func seals(_ dir: String) throws -> [Seal] {
        try Trail.load(layout: StoreLayout(root: dir), origin: "test.local/trail").seals
    }

    static func keys(_ dir: String) throws -> [String: VerifyingKey] { try KeyRing.publicKeys(layout: StoreLayout(root: dir)) }

    /// Archives every segment of `dir` into `<dir>/archive`.
    @discardableResult
    static func archiveAll(_ dir: String, now: Timestamp = now) throws -> [BundleManifest] {
        try ArchiveTier.add(store: try Store(path: dir), directory: dir + "/archive", signing: try Fixture.signingKey(dir),
                            seals: try seals(dir), sweep: "sweep-1", now: now)
    }

    /// File name -> bytes of everything in the archive directory but its lock file.
    static func snapshot(_ archive: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in FS.list(archive) where name != ".lock" { out[name] = try FS.read(archive + "/" + name) }
        return out
    }

    /// Runs a tool and returns its standard output; fails the test on a non-zero exit.
    @discardableResult
    static func run(_ tool: String, _ args: [String], in dir: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(tool) \(args) exited \(p.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// Replaces a read-only file's bytes.
    static func overwrite(_ path: String, _ bytes: [UInt8]) throws {
        chmod(path, 0o644)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func describe(_ r: VerifyReport) -> String {
        r.problems.map { "\($0.kind.rawValue) \($0.segment ?? "-") \($0.path ?? "-"): \($0.message)" }.joined(separator: "\n")
    }
}

@Suite struct ArchiveTierTests {
    @Test func addingTwoMonthsWritesTwoSignedBundlesHoldingTheSegmentBytes() throws {
        let dir = try ArchiveFixture.build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let archive = dir + "/archive"
        #expect(!FS.exists(archive))
        let manifests = try ArchiveFixture.archiveAll(dir)
        #expect(manifests.map(\.month) == ["2026-07", "2026-08"])
        #expect(manifests.map(\.version) == [1, 1])
        #expect(manifests.map { $0.entries.map(\.segment) } == [[0, 1, 2], [3, 4]])
        #expect(Set(FS.list(archive).filter { $0 != ".lock" })
                == ["2026-07.v1.tar", "2026-07.v1.manifest.json", "2026-08.v1.tar", "2026-08.v1.manifest.json"])
        let keys = try ArchiveFixture.keys(dir)
        let bundles = try ArchiveTier.bundles(directory: archive, keys: keys)
        #expect(bundles == manifests)
        let seals = try ArchiveFixture.seals(dir)
        for b in bundles {
            #expect(b.isSigned(by: keys))
            #expect(b.trail == "test.local/trail" && b.sweep == "sweep-1" && b.created == ArchiveFixture.now.rfc3339)
            let tar = archive + "/" + b.tar
            #expect(try ArchiveCheck.digest(path: tar) == (b.tarSHA256, b.tarBytes))
            #expect(FS.mode(tar) == 0o444 && FS.mode(archive + "/" + b.manifestName) == 0o444)
            // Standard tools: tar lists the manifest, then each seal before its segment; extracted bytes equal the store's.
            let names = try ArchiveFixture.run("tar", ["-tf", tar]).split(separator: "\n").map(String.init)
            #expect(names == ["manifest.json"] + b.entries.flatMap { [$0.sealName, $0.path] })
            let out = Fixture.tempDir("extract")
            try FS.mkdirs(out)
            defer { try? FileManager.default.removeItem(atPath: out) }
            try ArchiveFixture.run("tar", ["-xf", tar, "-C", out])
            for e in b.entries {
                let seal = seals[Int(e.segment)]
                #expect(try FS.read(out + "/" + e.path) == FS.read(dir + "/" + seal.path))
                #expect(try FS.read(out + "/" + e.sealName) == FS.read(StoreLayout(root: dir).sealFile(seq: e.segment)))
                #expect(e == BundleManifest.Entry(seal: seal))
            }
            let inner = try BundleManifest.decode(try FS.read(out + "/manifest.json"), path: "manifest.json", contents: true, keys: keys)
            #expect(inner.entries == b.entries && inner.version == b.version)
        }
        let index = try ArchiveTier.index(directory: archive, keys: keys)
        #expect(index.keys.sorted() == [0, 1, 2, 3, 4])
        #expect(index[3]?.0.month == "2026-08")
        // Adding again changes nothing.
        let before = try ArchiveFixture.snapshot(archive)
        let again = try ArchiveFixture.archiveAll(dir, now: Timestamp.utc(year: 2034, month: 1, day: 1))
        #expect(again == manifests)
        #expect(try ArchiveFixture.snapshot(archive) == before)
        // The online files are left in place.
        #expect(Verifier(store: try Store(path: dir)).run().ok)
    }

    @Test func addingToAMonthWritesTheNextVersionAndRemovesTheOldOne() throws {
        let dir = try ArchiveFixture.build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir)
        let key = try Fixture.signingKey(dir)
        let seals = try ArchiveFixture.seals(dir)
        try ArchiveTier.add(store: store, directory: dir + "/archive", signing: key, seals: [seals[2]], sweep: "s1", now: ArchiveFixture.now)
        let m = try ArchiveTier.add(store: store, directory: dir + "/archive", signing: key, seals: [seals[0], seals[1], seals[2]], sweep: "s2",
                                    now: ArchiveFixture.now)
        #expect(m.count == 1 && m[0].version == 2 && m[0].entries.map(\.segment) == [0, 1, 2] && m[0].sweep == "s2")
        #expect(Set(FS.list(dir + "/archive").filter { $0 != ".lock" }) == ["2026-07.v2.tar", "2026-07.v2.manifest.json"])
        let names = try ArchiveFixture.run("tar", ["-tf", dir + "/archive/2026-07.v2.tar"]).split(separator: "\n").map(String.init)
        #expect(names == ["manifest.json"] + m[0].entries.flatMap { [$0.sealName, $0.path] })
        #expect(ArchiveTier.verify(store: store, directory: dir + "/archive").ok)
    }

    @Test func removingSegmentsRewritesTheBundleAndDropsAnEmptyOne() throws {
        let dir = try ArchiveFixture.build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ArchiveFixture.archiveAll(dir)
        let store = try Store(path: dir)
        let archive = dir + "/archive"
        let key = try Fixture.signingKey(dir)
        let august = try FS.read(archive + "/2026-08.v1.tar")
        let rewritten = try ArchiveTier.remove(store: store, directory: archive, signing: key, segments: [1], sweep: "sweep-2", now: ArchiveFixture.now)
        #expect(rewritten.map(\.tar) == ["2026-07.v2.tar"])
        #expect(rewritten[0].entries.map(\.segment) == [0, 2] && rewritten[0].sweep == "sweep-2")
        #expect(Set(FS.list(archive).filter { $0 != ".lock" })
                == ["2026-07.v2.tar", "2026-07.v2.manifest.json", "2026-08.v1.tar", "2026-08.v1.manifest.json"])
        #expect(try FS.read(archive + "/2026-08.v1.tar") == august)
        let names = try ArchiveFixture.run("tar", ["-tf", archive + "/2026-07.v2.tar"])
        #expect(!names.contains("000000000001"))
        #expect(ArchiveTier.verify(store: store, directory: archive).ok)
        // Again: nothing to do.
        #expect(try ArchiveTier.remove(store: store, directory: archive, signing: key, segments: [1], sweep: "sweep-3", now: ArchiveFixture.now).isEmpty)
        // Both August segments: the bundle goes.
        try ArchiveTier.remove(store: store, directory: archive, signing: key, segments: [3, 4], sweep: "sweep-4", now: ArchiveFixture.now)
        #expect(Set(FS.list(archive).filter { $0 != ".lock" }) == ["2026-07.v2.tar", "2026-07.v2.manifest.json"])
        #expect(try ArchiveTier.index(directory: archive, keys: try ArchiveFixture.keys(dir)).keys.sorted() == [0, 2])
    }

    @Test func aSegmentThatFailsVerificationIsNotArchivedAndNothingIsLeft() throws {
        let dir = try ArchiveFixture.build(days: [0, 1])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try Fixture.segmentPath(dir, 1)
        var lines = try Fixture.readLines(p)
        lines[4] = Array(String(decoding: lines[4], as: UTF8.self).replacingOccurrences(of: "user:", with: "usr:").utf8)
        try Fixture.writeLines(p, lines)
        #expect {
            try ArchiveFixture.archiveAll(dir)
        } throws: { e in
            guard case let StoreError.badSeal(path, reason) = e else { return false }
            return path.contains("000000000001") && reason.contains("segment 000000000001 fails verification") && reason.contains("file bytes differ")
        }
        #expect(FS.list(dir + "/archive").filter { $0 != ".lock" }.isEmpty)
    }

    @Test func aMissingExternalDirectoryIsAClearError() throws {
        let dir = try ArchiveFixture.build(days: [0])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir)
        let external = dir + "-mnt/archive"
        var config = RetentionConfig.fallback(store.manifest)
        config.archiveDirectory = external
        try FS.writeAtomically(store.layout.retentionPolicies, try config.encoded())
        #expect(try ArchiveTier.directory(store: store) == external)
        let named: (Error) -> Bool = { e in
            guard case let StoreError.io(path, reason) = e else { return false }
            return path == external && reason.contains("does not exist")
        }
        let key = try Fixture.signingKey(dir)
        #expect(performing: {
            try ArchiveTier.add(store: store, directory: external, signing: key, seals: try ArchiveFixture.seals(dir), sweep: "s", now: ArchiveFixture.now)
        }, throws: named)
        #expect(performing: {
            try ArchiveTier.remove(store: store, directory: external, signing: key, segments: [0], sweep: "s", now: ArchiveFixture.now)
        }, throws: named)
        #expect(performing: {
            try ArchiveTier.restore(store: store, directory: external, from: Timestamp(micros: 0), to: ArchiveFixture.now, now: ArchiveFixture.now)
        }, throws: named)
        #expect(!FS.exists(external) && !FS.exists(dir + "-mnt"))
        let report = ArchiveTier.verify(store: store, directory: external)
        #expect(report.problems.map(\.kind) == [.archiveDamaged])
    }

    @Test func restoringAPeriodBringsBackExactlyThoseSegmentsAndVerifyPasses() throws {
        let dir = try ArchiveFixture.build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir)
        let seals = try ArchiveFixture.seals(dir)
        let originals = try seals.map { try FS.read(dir + "/" + $0.path) }
        try ArchiveFixture.archiveAll(dir)
        for s in seals { try FS.remove(dir + "/" + s.path); try FS.remove(store.layout.leavesFile(seq: s.segment)) }
        // Offline but archived: verify passes and says where they are.
        let offline = Verifier(store: store).run()
        #expect(offline.ok, "\(ArchiveFixture.describe(offline))")
        #expect(offline.segmentsArchived == 5 && offline.segmentsChecked == 0)
        #expect(offline.notes.contains { $0.contains("segments 0–2 archived in 2026-07.v1.tar") }, "\(offline.notes)")
        var deep = Verifier(store: store)
        deep.checkArchives = true
        let deepReport = deep.run()
        #expect(deepReport.ok && deepReport.segmentsChecked == 5 && deepReport.recordsChecked == 60, "\(ArchiveFixture.describe(deepReport))")

        // 3 July and 1 August: segments 2 and 3.
        let r = try ArchiveTier.restoreDetailed(store: store, directory: dir + "/archive", from: Timestamp.utc(year: 2026, month: 7, day: 3),
                                                to: Timestamp.utc(year: 2026, month: 8, day: 1, hour: 23), keep: RetentionPeriod(days: 30),
                                                now: ArchiveFixture.now)
        #expect(r.seals.map(\.segment) == [2, 3] && r.written == [2, 3] && r.failures.isEmpty)
        #expect(r.bundles == ["2026-07.v1.tar", "2026-08.v1.tar"])
        for s in seals {
            let path = dir + "/" + s.path
            #expect(FS.exists(path) == [2, 3].contains(s.segment))
            if FS.exists(path) {
                #expect(try FS.read(path) == originals[Int(s.segment)])
                #expect(FS.mode(path) == 0o444)
                #expect(FS.exists(store.layout.leavesFile(seq: s.segment)))
            }
        }
        let recorded = try RestoredSegments.load(layout: store.layout)
        #expect(recorded.keys.sorted() == [2, 3])
        #expect(recorded[2]?.until == Timestamp.utc(year: 2033, month: 10, day: 1).rfc3339)
        #expect(recorded[2]?.bundle == "2026-07.v1.tar" && recorded[2]?.path == seals[2].path)
        let after = Verifier(store: store).run()
        #expect(after.ok && after.segmentsChecked == 2 && after.segmentsArchived == 3, "\(ArchiveFixture.describe(after))")
        // Again, later, with a longer keep: nothing written, the later `until` kept.
        let again = try ArchiveTier.restoreDetailed(store: store, directory: dir + "/archive", from: Timestamp.utc(year: 2026, month: 7, day: 3),
                                                    to: Timestamp.utc(year: 2026, month: 7, day: 3, hour: 23), keep: RetentionPeriod(days: 90),
                                                    now: ArchiveFixture.now)
        #expect(again.written.isEmpty && again.alreadyOnline == [2])
        #expect(try RestoredSegments.load(layout: store.layout)[2]?.until == Timestamp.utc(year: 2033, month: 11, day: 30).rfc3339)
        // A segment retention deleted (tombstone written, bundle not yet rewritten) is never brought back.
        try FS.writeAtomically(store.layout.tombstoneFile(seq: 4), Array("{}".utf8))
        let expired = try ArchiveTier.restoreDetailed(store: store, directory: dir + "/archive", from: Timestamp.utc(year: 2026, month: 8, day: 2),
                                                      to: Timestamp.utc(year: 2026, month: 8, day: 2, hour: 23), now: ArchiveFixture.now)
        #expect(expired.seals.isEmpty && expired.failures.isEmpty && expired.skipped.count == 1 && !FS.exists(dir + "/" + seals[4].path))
        let event = ArchiveTier.restoreEvent(r, from: Timestamp.utc(year: 2026, month: 7, day: 3), to: Timestamp.utc(year: 2026, month: 8, day: 1),
                                             keep: RetentionPeriod(days: 30), actor: "alice", host: "h", at: ArchiveFixture.now)
        #expect(event.source == "sealtrail" && event.format == "sealtrail-audit" && event.action == "archive.restore" && event.outcome == .success)
        #expect(try TrailEvent.decode(line: event.canonicalLine()) == event)
    }

    @Test func verifyNamesDamageToAnOfflineSegmentsBundle() throws {
        let dir = try ArchiveFixture.build(days: [0, 1])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir)
        try ArchiveFixture.archiveAll(dir)
        for s in try ArchiveFixture.seals(dir) { try FS.remove(dir + "/" + s.path) }
        let tar = dir + "/archive/2026-07.v1.tar"
        var bytes = try FS.read(tar)
        bytes[bytes.count / 2] ^= 0x01
        try ArchiveFixture.overwrite(tar, bytes)
        let report = Verifier(store: store).run()
        #expect(report.problems.contains { $0.kind == .archiveDamaged && $0.path == "2026-07.v1.tar" && $0.message.contains("differs from its signed manifest") },
                "\(ArchiveFixture.describe(report))")
        #expect(!report.problems.contains { $0.kind == .missingSegment })
        try FS.remove(tar)
        let gone = Verifier(store: store).run()
        #expect(gone.problems.contains { $0.kind == .archiveDamaged && $0.message.contains("tar file is missing") }, "\(ArchiveFixture.describe(gone))")
        // Without a bundle at all, offline segments are missing.
        try FS.remove(dir + "/archive/2026-07.v1.manifest.json")
        let missing = Verifier(store: store).run()
        #expect(missing.problems.filter { $0.kind == .missingSegment }.compactMap(\.segment) == ["000000000000", "000000000001"])
    }
}
