import Foundation
import SegmentStore
import Testing
import TrailModel

/// `sealtrail archive list|verify|restore` and `verify` over archived segments, run as a user runs them.
@Suite struct ArchiveCLITests {
    /// A store with segments on 1 and 2 July 2026, both archived and removed from the store (as a sweep leaves them).
    func archivedStore(_ dir: String) throws -> String {
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--origin", "archive.test/trail"]).status == 0)
        try CLI.events(400).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", "--store", store, "--source", "payments-api", dir + "/in.jsonl"]).status == 0)
        #expect(try CLI.run(["index", "update", "--store", store]).status == 0)
        let s = try Store(path: store)
        let seals = try Trail.load(layout: s.layout, origin: s.manifest.origin).seals
        let key = try #require(try KeyRing.load(layout: s.layout)).signing
        try ArchiveTier.add(store: s, directory: s.layout.archive, signing: key, seals: seals, sweep: "cli-test", now: .now)
        for seal in seals { try FS.remove(s.layout.absolute(seal.path)) }
        return store
    }

    static func bundleScript() throws -> String {
        let doc = try String(contentsOfFile: CLI.packageRoot + "/docs/formats.md", encoding: .utf8)
        guard let b = doc.range(of: "<!-- begin:bundle-check -->"), let e = doc.range(of: "<!-- end:bundle-check -->") else {
            throw CLIError("docs/formats.md has no bundle-check block")
        }
        return String(doc[b.upperBound..<e.lowerBound]).replacingOccurrences(of: "```bash", with: "").replacingOccurrences(of: "```", with: "")
    }

    @Test func listVerifyRestoreExitCodesAndOutput() throws {
        let dir = CLI.tempDir("archive-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try archivedStore(dir)

        let list = try CLI.run(["archive", "list", "--store", store])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("2026-07") && list.stdout.contains("2026-07.v1.tar") && list.stdout.contains("ok (signed by"), "\(list.stdout)")
        let json = try CLI.run(["archive", "list", "--store", store, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["segments"] as? Int == 2 && rows[0]["events"] as? Int == 400, "\(json.stdout)")

        let verify = try CLI.run(["archive", "verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("checked 2 archived segments, 400 records") && verify.stdout.contains("OK: the archive verifies"))
        let trail = try CLI.run(["verify", "--store", store])
        #expect(trail.status == 0, "\(trail.stdout)")
        #expect(trail.stdout.contains("segments 0–1 archived in 2026-07.v1.tar"), "\(trail.stdout)")
        #expect(try CLI.run(["verify", "--store", store, "--archives"]).status == 0)

        // Standard tools, as documented.
        let script = try CLI.exec("/bin/bash", ["-c", try Self.bundleScript()],
                                  env: ["ARCHIVE": store + "/archive", "MONTH": "2026-07", "STORE": store])
        #expect(script.status == 0 && script.stdout.contains("BUNDLE OK"), "\(script.stdout)\(script.stderr)")

        // Restore 2 July: segment 1 comes back, is re-indexed, and the restore is in the trail.
        let restore = try CLI.run(["archive", "restore", "--store", store, "--from", "2026-07-02", "--to", "2026-07-02"])
        #expect(restore.status == 0, "\(restore.stdout)\(restore.stderr)")
        #expect(restore.stdout.contains("restored segment 000000000001") && restore.stdout.contains("restored 1 segment(s)")
                && restore.stdout.contains("re-indexed 200 events"), "\(restore.stdout)")
        #expect(FileManager.default.fileExists(atPath: store + "/segments/source=payments-api/date=2026-07-02/000000000001.jsonl.gz"))
        #expect(!FileManager.default.fileExists(atPath: store + "/segments/source=payments-api/date=2026-07-01/000000000000.jsonl.gz"))
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        let q = try CLI.run(["query", "--store", store, "--format", "csv",
                             "SELECT (SELECT count(*) FROM events WHERE time >= '2026-07-02' AND source = 'payments-api'), (SELECT count(*) FROM events WHERE action = 'archive.restore')"])
        #expect(q.status == 0 && q.stdout.contains("\n200,1"), "\(q.stdout)\(q.stderr)")
        let none = try CLI.run(["archive", "restore", "--store", store, "--from", "2027-01-01", "--to", "2027-01-31"])
        #expect(none.status == 0 && none.stdout.contains("no archived segment"), "\(none.stdout)")

        // Usage errors.
        #expect(try CLI.run(["archive", "restore", "--store", store, "--from", "2026-07-02", "--to", "2026-07-02", "--keep", "soon"]).status == 2)
        #expect(try CLI.run(["archive", "restore", "--store", store, "--from", "yesterday", "--to", "2026-07-02"]).status == 2)
        #expect(try CLI.run(["archive", "verify", "--store", dir + "/nothing"]).status == 2)
        #expect(try CLI.run(["archive", "restore", "--store", store, "--to", "2026-07-02"]).status == 64)
    }

    @Test func damageExitsOneAndAMissingExternalDirectoryExitsTwo() throws {
        let dir = CLI.tempDir("archive-cli-damage")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try archivedStore(dir)
        let tar = store + "/archive/2026-07.v1.tar"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tar)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tar)))
        // A byte of segment 1's compressed data: the first gzip header after its seal's entry.
        let seal = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store + "/seals/000000000001.seal.json")))
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            (start...(bytes.count - needle.count)).first { bytes[$0] == needle[0] && Array(bytes[$0..<$0 + needle.count]) == needle }
        }
        let at = try #require(find(seal, from: 0))
        let gz = try #require(find([0x1F, 0x8B, 0x08], from: at + seal.count))
        bytes[gz + 200] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: tar))
        let verify = try CLI.run(["archive", "verify", "--store", store])
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("FAIL [archive-damaged] 2026-07.v1.tar"), "\(verify.stdout)")
        let trail = try CLI.run(["verify", "--store", store])
        #expect(trail.status == 1 && trail.stdout.contains("[archive-damaged]"), "\(trail.stdout)")
        let restore = try CLI.run(["archive", "restore", "--store", store, "--from", "2026-07-01", "--to", "2026-07-02"])
        #expect(restore.status == 1, "\(restore.stdout)\(restore.stderr)")

        // An archive directory configured outside the store that is not there (an unmounted volume).
        let s = try Store(path: store)
        var config = RetentionConfig.fallback(s.manifest)
        config.archiveDirectory = dir + "/mnt/archive"
        try FS.writeAtomically(s.layout.retentionPolicies, try config.encoded())
        for args in [["archive", "list"], ["archive", "verify"], ["archive", "restore", "--from", "2026-07-01", "--to", "2026-07-02"]] {
            let r = try CLI.run(args + ["--store", store])
            #expect(r.status == 2 && r.stderr.contains(dir + "/mnt/archive") && r.stderr.contains("does not exist"), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/mnt"))
    }
}
