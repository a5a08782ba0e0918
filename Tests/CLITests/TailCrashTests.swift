import Foundation
import Testing

/// `sealtrail tail` killed with -9 at random moments (≥ 20 rounds) while the log grows, is renamed
/// (rotation) and truncated in place (copytruncate): afterwards every line is in the trail exactly
/// once and the trail verifies. Lines have no id, so exactly-once rests on file identity + offset.
@Suite struct TailCrashTests {
    @Test func killNineWhileTailingLosesAndDoublesNothing() throws {
        let dir = CLI.tempDir("tail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--max-segment-records", "700"]).status == 0)
        let log = dir + "/app.log"
        var n = 0
        func append(_ count: Int) throws {
            var text = ""
            for _ in 0..<count {
                n += 1
                text += "{\"n\":\(n),\"time\":\"2026-07-01T10:\(String(format: "%02d", (n / 60) % 60)):\(String(format: "%02d", n % 60))Z\",\"action\":\"t\"}\n"
            }
            if !FileManager.default.fileExists(atPath: log) { FileManager.default.createFile(atPath: log, contents: nil) }
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            h.seekToEndOfFile()
            // Two writes, so a kill can land between a partial line and its end.
            let bytes = Data(text.utf8)
            let cut = bytes.count / 2 + 7
            h.write(bytes.prefix(cut))
            h.write(bytes.suffix(from: cut))
            try h.close()
        }
        func tail(idle: Double? = nil) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["tail", "--store", store, "--source", "app", "--poll-interval", "0.02"] + (idle.map { ["--exit-after-idle", String($0)] } ?? []) + [log]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        let state = store + "/state/tail/app.json"
        var oldState: Data?
        for round in 0..<22 {
            // The crash window between the WAL fsync and the checkpoint write, made wide: now and
            // then the checkpoint goes back to an older one, so records are read again and only the
            // dedupe keys stand between them and the trail.
            if round % 5 == 4, let old = oldState { try old.write(to: URL(fileURLWithPath: state)) }
            if round % 5 == 2 { oldState = try? Data(contentsOf: URL(fileURLWithPath: state)) }
            if round == 8 {
                // Rotation by rename: the rest of the old file must still be read, after restarts too.
                try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
            }
            if round == 15 {
                // copytruncate: first let a tailer catch up fully, then truncate in place.
                let p = try tail(idle: 1.0)
                p.waitUntilExit()
                #expect(p.terminationStatus == 0)
                try FileManager.default.copyItem(atPath: log, toPath: log + ".2")
                let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                try h.truncate(atOffset: 0)
                try h.close()
            }
            let p = try tail()
            for _ in 0..<3 {
                try append(120)
                usleep(UInt32.random(in: 10_000...120_000, using: &generator))
            }
            if p.isRunning { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()
        }
        let last = try tail(idle: 1.5)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(kills >= 20)
        let v = try CLI.run(["verify", "--store", store, "--json"])
        #expect(v.status == 0, "\(v.stdout.prefix(600))")
        let script = """
        import glob, gzip, json, sys, collections
        c = collections.Counter(json.loads(json.loads(l)["raw"])["n"] for f in glob.glob(sys.argv[1] + "/segments/*/*/*.jsonl.gz") for l in gzip.open(f))
        print(len(c), sum(1 for v in c.values() if v != 1), max(c) if c else 0)
        """
        let counts = try CLI.exec("/usr/bin/python3", ["-c", script, store])
        #expect(counts.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(n) 0 \(n)", "distinct lines, lines not stored exactly once, highest: \(counts.stdout) of \(n) written; \(counts.stderr)")
    }
}
