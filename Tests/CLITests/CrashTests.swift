import Foundation
import Testing

/// `kill -9` at random moments during ingest, then a restart: every record is stored exactly once
/// and the trail verifies.
@Suite struct CrashTests {
    @Test func killNineDuringIngestLosesAndDoublesNothing() throws {
        let dir = CLI.tempDir("crash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        // Small segments so kills land in sealing as well as in appends.
        #expect(try CLI.run(["init", store, "--max-segment-records", "5000"]).status == 0)
        let n = 40_000
        try CLI.events(n).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<8 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["ingest", "--store", store, "--source", "payments-api", dir + "/in.jsonl"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 20_000...600_000, using: &generator))
            if p.isRunning { kill(p.processIdentifier, SIGKILL); killed += 1 }
            p.waitUntilExit()
        }
        #expect(killed > 0, "no ingest was still running when killed: the test proved nothing")
        let final = try CLI.run(["ingest", "--store", store, "--source", "payments-api", "--json", dir + "/in.jsonl"])
        #expect(final.status == 0, "\(final.stderr)")
        let v = try CLI.run(["verify", "--store", store, "--json"])
        #expect(v.status == 0, "\(v.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any]
        #expect(report["recordsChecked"] as? Int == n, "killed \(killed) times; \(v.stdout.prefix(400))")
        // Each id exactly once across all segments.
        let ids = try CLI.exec("/bin/bash", ["-c", "gzip -dc \(store)/segments/*/*/*.jsonl.gz | grep -o '\"id\":\"e-[0-9]*\"' | sort | uniq -d | wc -l"])
        #expect(ids.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
