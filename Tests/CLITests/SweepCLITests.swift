import Foundation
import SegmentStore
import Testing
import TrailModel

/// `sealtrail sweep` as an operator runs it: exit codes, and `kill -9` at every step of an applied
/// sweep followed by a rerun ends exactly where one clean run ends.
@Suite(.serialized) struct SweepCLITests {
    static func daysAgo(_ n: Int) -> String { Timestamp(micros: Timestamp.now.micros - Int64(n) * 86_400_000_000).dateString }

    static let policies = """
        policies:
          - { name: pay-13m, match: { sources: ["pay-*"] }, retain: 13m, hot: 3m, archiveAfter: 4m, mode: compliance }
        default: { name: base, retain: 7y, hot: 90d, mode: compliance }
        """

    /// A store with two expired segments, two due for the archive (different months), one past its
    /// hot window and one hot segment.
    static func template(_ dir: String) throws -> String {
        let store = dir + "/template"
        #expect(try CLI.run(["init", store]).status == 0)
        try policies.write(toFile: dir + "/policies.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["retention", "set", "--store", store, dir + "/policies.yaml"]).status == 0)
        let plan: [(String, Int)] = [("pay-api", 520), ("pay-api", 480), ("pay-api", 240), ("pay-api", 180), ("other", 120), ("pay-api", 5)]
        for (n, (source, ago)) in plan.enumerated() {
            let day = daysAgo(ago)
            let lines = (0..<30).map { i in
                "{\"id\":\"\(source)-\(n)-\(i)\",\"time\":\"\(day)T10:00:\(String(format: "%02d", i))Z\",\"actor\":\"user:u-\(i % 3)\",\"action\":\"payment.authorize\",\"resource\":\"card:\(i)\",\"outcome\":\"success\"}"
            }.joined(separator: "\n") + "\n"
            try lines.write(toFile: dir + "/in-\(n).jsonl", atomically: true, encoding: .utf8)
            let r = try CLI.run(["ingest", "--store", store, "--source", source, dir + "/in-\(n).jsonl"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try CLI.run(["index", "update", "--store", store]).status == 0)
        return store
    }

    /// What a sweep leaves behind, without run-specific ids and times.
    static func state(_ store: String) throws -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: store + "/segments")
        while let rel = e?.nextObject() as? String { if rel.hasSuffix(".gz") { out.append("online " + rel) } }
        for name in FS.list(store + "/tombstones").sorted() {
            let t = try Tombstone.decode(try FS.read(store + "/tombstones/" + name), path: name)
            out.append("tombstone \(t.segment) \(t.sealSHA256.hex) \(t.policy) \(t.reason)")
        }
        out.append("cold " + ((try? FS.readString(store + "/state/cold-segments.json")) ?? "none"))
        let keys = try KeyRing.publicKeys(layout: StoreLayout(root: store))
        for (seq, (bundle, entry)) in try ArchiveTier.index(directory: store + "/archive", keys: keys).sorted(by: { $0.key < $1.key }) {
            out.append("archived \(seq) in \(bundle.month) \(entry.fileSHA256.hex)")
        }
        for name in FS.list(store + "/archive").sorted() where name.hasSuffix(".tmp") || name.hasPrefix(".") { out.append("leftover " + name) }
        let q = try CLI.run(["query", "--store", store, "--format", "csv",
                             "SELECT segment, state, (SELECT count(*) FROM events e WHERE e.segment = s.segment) FROM segments s ORDER BY segment"])
        #expect(q.status == 0, "\(q.stderr)")
        out.append(q.stdout)
        return out.sorted()
    }

    @Test func killNineAtEveryStepThenRerunEqualsOneCleanRun() throws {
        let dir = CLI.tempDir("sweep-crash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let template = try Self.template(dir)
        let clean = dir + "/clean"
        #expect(try CLI.exec("/bin/cp", ["-a", template, clean]).status == 0)
        let first = try CLI.run(["sweep", "--apply", "--store", clean])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("archived 2, deleted 2"), "\(first.stdout)")
        let expected = try Self.state(clean)
        #expect(try CLI.run(["verify", "--store", clean]).status == 0)

        var killedAt: [Int] = []
        for k in 1...20 {
            let copy = dir + "/crash-\(k)"
            #expect(try CLI.exec("/bin/cp", ["-a", template, copy]).status == 0)
            let crashed = try CLI.run(["sweep", "--apply", "--store", copy], env: ["SEALTRAIL_SWEEP_KILL_AFTER": String(k)])
            if crashed.status == 0 { break }   // the sweep has fewer than k steps
            killedAt.append(k)
            let rerun = try CLI.run(["sweep", "--apply", "--store", copy])
            #expect(rerun.status == 0, "kill after \(k): \(rerun.stderr)")
            #expect(try Self.state(copy) == expected, "kill after step \(k)")
            let v = try CLI.run(["verify", "--store", copy])
            #expect(v.status == 0, "kill after \(k): \(v.stdout)")
        }
        #expect(killedAt.count >= 8, "only \(killedAt.count) kill points: the test covers too little")
    }

    @Test func exitCodes() throws {
        let dir = CLI.tempDir("sweep-codes")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.template(dir)
        let plan = try CLI.run(["sweep", "--store", store])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("delete 2"), "\(plan.stdout)")
        #expect(plan.stderr.contains("dry run"))
        #expect(try CLI.run(["sweep", "--store", store, "--apply", "--now", "2030-01-01"]).status == 2)
        #expect(try CLI.run(["sweep", "--store", store, "--override-governance"]).status == 2)
        try "default: { retain: 7y, hot: 90d, mode: forever }".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["retention", "set", "--store", store, dir + "/bad.yaml"])
        #expect(bad.status == 2 && bad.stderr.contains("bad.yaml:1: default.mode"), "\(bad.stderr)")
        let lock = try FileLock(path: store + "/.sweep.lock", what: "another sweep")
        let locked = try CLI.run(["sweep", "--apply", "--store", store])
        lock.release()
        #expect(locked.status == 3, "\(locked.stderr)")
        // A damaged segment due for deletion: refused (1), nothing deleted.
        let seg = try CLI.exec("/bin/bash", ["-c", "ls \(store)/segments/source=pay-api/date=\(Self.daysAgo(520))/*.gz"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        chmod(seg, 0o644)
        var bytes = try FS.read(seg)
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: seg))
        let refused = try CLI.run(["sweep", "--apply", "--store", store])
        #expect(refused.status == 1 && refused.stderr.contains("fails verification"), "\(refused.stderr)")
        #expect(FS.list(store + "/tombstones").isEmpty)
    }
}
