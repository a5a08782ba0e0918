import Foundation
import Testing

@Suite struct CLITests {
    @Test func initIngestVerifyProveRoundTrip() throws {
        let dir = CLI.tempDir("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--origin", "cli.test/trail"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: store + "/store.json"))
        let attrs = try FileManager.default.attributesOfItem(atPath: store + "/keys/signing.key")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        try CLI.events(300).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        let ing = try CLI.run(["ingest", "--store", store, "--source", "payments-api", dir + "/in.jsonl"])
        #expect(ing.status == 0, "\(ing.stderr)")
        #expect(ing.stdout.contains("read 300 = stored 300 + duplicates 0 + quarantined 0"), "\(ing.stdout)")
        // Two UTC dates: two segments.
        let v = try CLI.run(["verify", "--store", store])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("size 2 seals"))
        #expect(v.stdout.contains("300 records"))
        // Re-ingest: all duplicates.
        let again = try CLI.run(["ingest", "--store", store, "--source", "payments-api", "--json", dir + "/in.jsonl"])
        #expect(again.stdout.contains("\"duplicates\":300"), "\(again.stdout)")
        #expect(again.stdout.contains("\"stored\":0"))
        // Prove by id and by position; verify offline with the trusted key.
        let proof = dir + "/proof.json"
        #expect(try CLI.run(["prove", "--store", store, "--event", "e-200", "--out", proof]).status == 0)
        let pem = try FileManager.default.contentsOfDirectory(atPath: store + "/keys").first { $0.hasSuffix(".pem") }!
        let vp = try CLI.run(["verify-proof", proof, "--key", store + "/keys/" + pem])
        #expect(vp.status == 0, "\(vp.stderr)")
        #expect(vp.stdout.contains("event e-200"))
        #expect(try CLI.run(["prove", "--store", store, "--event", "1:3", "--out", dir + "/p2.json"]).status == 0)
        // A proof with one changed byte fails.
        var text = try String(contentsOfFile: proof, encoding: .utf8)
        text = text.replacingOccurrences(of: "payment:p-200", with: "payment:p-201")
        try text.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["verify-proof", dir + "/bad.json"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("error"))
    }

    @Test func storeFromEnvironment() throws {
        let dir = CLI.tempDir("env")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.run(["init", dir + "/s"]).status == 0)
        let r = try CLI.run(["ingest", "--source", "app", "-"], stdin: Data(CLI.events(5).utf8), env: ["SEALTRAIL_STORE": dir + "/s"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("stored 5"))
    }

    /// Bad input: one-line errors naming the file, non-zero exits, nothing lost.
    @Test(arguments: [
        (["verify", "--store", "/nonexistent/store"], "no such directory"),
        (["ingest", "--store", "/tmp", "--source", "a", "x"], "not a Sealtrail store"),
        (["ingest", "--store", "STORE", "--source", "a", "/nonexistent/in.jsonl"], "/nonexistent/in.jsonl"),
        (["ingest", "--store", "STORE", "--source", "bad/name", "-"], "invalid source"),
        (["verify"], "no store given"),
        (["prove", "--store", "STORE", "--event", "nope"], "no event matches"),
        (["init", "STORE"], "already holds a Sealtrail store"),
        (["verify", "--store", "STORE", "--segment", "9"], "no segment 9"),
        (["ingest", "--store", "STORE", "--source", "a", "--format", "xml", "-"], "unknown format 'xml'"),
        (["verify", "--store", "STORE", "--from", "last tuesday"], "is not a date"),
    ])
    func badInputGivesOneLineError(_ args: [String], _ message: String) throws {
        let dir = CLI.tempDir("bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.run(["init", dir + "/store"]).status == 0)
        let r = try CLI.run(args.map { $0 == "STORE" ? dir + "/store" : $0 }, env: ["SEALTRAIL_STORE": ""])
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
    }

    @Test func unparseableLinesAreQuarantinedByteExact() throws {
        let dir = CLI.tempDir("quarantine")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let badLine = "{\"id\": \"x\", \"time\": \u{7F}oops"
        let input = CLI.events(3) + badLine + "\n" + "[1,2]\n" + "{\"id\":\"t\",\"time\":\"yesterday\"}\n"
        try input.write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "app", dir + "/in.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read 6 = stored 3 + duplicates 0 + quarantined 3"), "\(r.stdout)")
        let list = try CLI.run(["quarantine", "list", "--store", store])
        #expect(list.stdout.contains("in.jsonl:4"), "\(list.stdout)")
        #expect(list.stdout.contains("not valid JSON"))
        #expect(list.stdout.contains("in.jsonl:6"))
        #expect(list.stdout.contains("unreadable time"))
        let ref = String(list.stdout.split(separator: "\n")[0].split(separator: "\t")[0])
        let show = try CLI.run(["quarantine", "show", "--store", store, ref])
        #expect(show.stdout == badLine)
    }
}

@Suite struct QuarantineRetryTests {
    @Test func retryWithAFixedConfigStoresOnceAndMarksResolved() throws {
        let dir = CLI.tempDir("retry")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let wrong = "sources:\n  edge:\n    format: nginx-custom\n    logFormat: '$remote_addr \"$request\" $status'\n"
        let right = "sources:\n  edge:\n    format: nginx-custom\n    logFormat: '$remote_addr [$time_iso8601] \"$request\" $status $request_id'\n"
        try wrong.write(toFile: dir + "/wrong.yaml", atomically: true, encoding: .utf8)
        try right.write(toFile: dir + "/right.yaml", atomically: true, encoding: .utf8)
        let lines = (1...3).map { "203.0.113.\($0) [2026-07-01T10:00:0\($0)+00:00] \"GET /v1/cards/tok_\($0) HTTP/1.1\" 200 req-\($0)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/edge.log", atomically: true, encoding: .utf8)
        let first = try CLI.run(["ingest", "--store", store, "--source", "edge", "--config", dir + "/wrong.yaml", dir + "/edge.log"])
        #expect(first.stdout.contains("read 3 = stored 0 + duplicates 0 + quarantined 3"), "\(first.stdout)\(first.stderr)")
        let stillWrong = try CLI.run(["quarantine", "retry", "--store", store, "--config", dir + "/wrong.yaml"])
        #expect(stillWrong.stdout.contains("retried 3 = parsed now 0 + still failing 3"), "\(stillWrong.stdout)\(stillWrong.stderr)")
        let fixed = try CLI.run(["quarantine", "retry", "--store", store, "--config", dir + "/right.yaml"])
        #expect(fixed.stdout.contains("retried 3 = parsed now 3 + still failing 0; events stored 3, duplicates 0"), "\(fixed.stdout)\(fixed.stderr)")
        let again = try CLI.run(["quarantine", "retry", "--store", store, "--config", dir + "/right.yaml"])
        #expect(again.stdout.contains("retried 0 ="), "\(again.stdout)")
        let list = try CLI.run(["quarantine", "list", "--store", store])
        #expect(list.stdout.split(separator: "\n").filter { $0.contains("resolved") }.count == 3, "\(list.stdout)")
        #expect(try CLI.run(["prove", "--store", store, "--event", "req-2"]).status == 0)
        // The quarantined bytes are untouched.
        let ref = String(list.stdout.split(separator: "\n")[1].split(separator: "\t")[0])
        #expect(try CLI.run(["quarantine", "show", "--store", store, ref]).stdout == lines[1])
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}
