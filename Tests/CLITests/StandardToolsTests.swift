import Foundation
import Testing

/// Runs the auditor script from docs/formats.md, exactly as documented, against a store built here.
@Suite struct StandardToolsTests {
    static func auditorScript() throws -> String {
        let doc = try String(contentsOfFile: CLI.packageRoot + "/docs/formats.md", encoding: .utf8)
        guard let b = doc.range(of: "<!-- begin:auditor-check -->"), let e = doc.range(of: "<!-- end:auditor-check -->") else {
            throw CLIError("docs/formats.md has no auditor-check block")
        }
        var block = String(doc[b.upperBound..<e.lowerBound])
        block = block.replacingOccurrences(of: "```bash", with: "").replacingOccurrences(of: "```", with: "")
        return block
    }

    func buildStore(_ dir: String) throws -> String {
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--origin", "audit.test/trail"]).status == 0)
        try CLI.events(500).write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "payments-api", dir + "/in.jsonl"])
        #expect(r.status == 0)
        try CLI.events(40, prefix: "x").write(toFile: dir + "/in2.jsonl", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", "--store", store, "--source", "admin-console", dir + "/in2.jsonl"]).status == 0)
        return store
    }

    @Test func documentedCommandsVerifyAGoodStore() throws {
        let dir = CLI.tempDir("auditor")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try buildStore(dir)
        let r = try CLI.exec("/bin/bash", ["-c", try Self.auditorScript()], env: ["STORE": store])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("AUDIT OK"))
        #expect(r.stdout.contains("trail: 4 seals"))
    }

    /// After a sweep: deleted segments are accounted for by their signed tombstones, archived ones
    /// by a bundle manifest; a missing segment with neither still fails.
    @Test func documentedCommandsVerifyASweptStore() throws {
        let dir = CLI.tempDir("auditor-swept")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SweepCLITests.template(dir)
        let r0 = try CLI.run(["sweep", "--apply", "--store", store])
        #expect(r0.status == 0 && r0.stdout.contains("archived 2, deleted 2"), "\(r0.stdout)\n\(r0.stderr)")
        let r = try CLI.exec("/bin/bash", ["-c", try Self.auditorScript()], env: ["STORE": store])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("AUDIT OK"))
        // A tombstone that is removed leaves its segment unaccounted for.
        let tomb = try FileManager.default.contentsOfDirectory(atPath: store + "/tombstones").sorted().first!
        try FileManager.default.removeItem(atPath: store + "/tombstones/" + tomb)
        let bad = try CLI.exec("/bin/bash", ["-c", try Self.auditorScript()], env: ["STORE": store])
        #expect(bad.status != 0 && bad.stderr.contains("neither tombstoned nor archived"), "\(bad.stderr)")
    }

    @Test(arguments: ["content", "seal", "checkpoint"])
    func documentedCommandsCatchTampering(_ what: String) throws {
        let dir = CLI.tempDir("auditor-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try buildStore(dir)
        let fm = FileManager.default
        switch what {
        case "content":
            let seg = try fm.subpathsOfDirectory(atPath: store + "/segments").first { $0.hasSuffix(".jsonl.gz") }!
            let p = store + "/segments/" + seg
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: p)
            let r = try CLI.exec("/bin/bash", ["-c", "gzip -dc '\(p)' | sed 's/payment.authorize/payment.authorise/' | gzip -n > '\(p).x' && mv '\(p).x' '\(p)'"])
            #expect(r.status == 0)
        case "seal":
            let p = store + "/seals/000000000001.seal.json"
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: p)
            let s = try String(contentsOfFile: p, encoding: .utf8).replacingOccurrences(of: "\"retentionMode\":\"compliance\"", with: "\"retentionMode\":\"governance\"")
            try s.write(toFile: p, atomically: false, encoding: .utf8)
        default:
            let p = store + "/checkpoints/2.checkpoint"
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: p)
            var s = try String(contentsOfFile: p, encoding: .utf8)
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            s = lines[0] + "\n" + lines[1] + "\n" + "AAAA" + lines[2].dropFirst(4) + "\n" + lines[3...].joined(separator: "\n")
            try s.write(toFile: p, atomically: false, encoding: .utf8)
        }
        let r = try CLI.exec("/bin/bash", ["-c", try Self.auditorScript()], env: ["STORE": store])
        #expect(r.status != 0, "\(what): the documented check passed a tampered store\n\(r.stdout)")
        #expect(!r.stdout.contains("AUDIT OK"))
        // And sealtrail verify agrees.
        #expect(try CLI.run(["verify", "--store", store]).status == 1)
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
