import Foundation
import Testing

/// Every format name reaches its parser through `ingest --format` and the collector config.
@Suite struct FormatsCLITests {
    static let samples: [(String, String, Int)] = [
        ("apache-combined", """
        192.0.2.10 - alice [10/Oct/2026:13:55:36 -0700] "GET /v1/cards/tok_123 HTTP/1.1" 200 2326 "-" "curl/8.0"
        198.51.100.7 - - [10/Oct/2026:13:55:37 -0700] "POST /v1/admin/login HTTP/1.1" 401 12 "-" "Mozilla/5.0"
        not an access log line

        """, 1),
        ("syslog", """
        Oct  3 10:00:01 bastion sshd[812]: Accepted publickey for deploy from 203.0.113.5 port 52144 ssh2: ED25519 SHA256:abc
        Oct  3 10:00:09 bastion sshd[813]: Failed password for invalid user admin from 198.51.100.23 port 40022 ssh2
        Oct  3 10:01:00 bastion sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx
        garbage without a header

        """, 1),
    ]

    @Test(arguments: samples)
    func ingestEachFormat(_ format: String, _ text: String, _ bad: Int) throws {
        let dir = CLI.tempDir("fmt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try text.write(toFile: dir + "/in.log", atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        let r = try CLI.run(["ingest", "--store", store, "--source", "edge", "--format", format, dir + "/in.log"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read \(lines) = stored \(lines - bad) + duplicates 0 + quarantined \(bad)"), "\(r.stdout)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        // Re-reading the same file stores nothing twice (file identity + offset for id-less records).
        let again = try CLI.run(["ingest", "--store", store, "--source", "edge", "--format", format, dir + "/in.log"])
        #expect(again.stdout.contains("stored 0 + duplicates \(lines - bad)"), "\(again.stdout)")
    }

    @Test func unknownFormatAndCustomLogFormatFromConfig() throws {
        let dir = CLI.tempDir("fmtcfg")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let bad = try CLI.run(["ingest", "--store", store, "--source", "x", "--format", "xml", "-"], stdin: Data())
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown format 'xml'"))
        try """
        sources:
          edge:
            format: nginx-custom
            logFormat: '$remote_addr [$time_iso8601] "$request" $status $request_id'
        """.write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        try "203.0.113.9 [2026-07-01T10:00:00+00:00] \"DELETE /v1/users/u-1 HTTP/2.0\" 204 req-77\n".write(toFile: dir + "/in.log", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "edge", "--config", dir + "/c.yaml", dir + "/in.log"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("stored 1"))
        let proof = try CLI.run(["prove", "--store", store, "--event", "req-77"])
        #expect(proof.stdout.contains("DELETE /v1/users/u-1"), "\(proof.stdout.prefix(300))")
    }
}

@Suite struct ConfigPathsCLITests {
    @Test func ingestAndTailTakeTheirFilesFromTheConfig() throws {
        let dir = CLI.tempDir("cfgpaths")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/logs", withIntermediateDirectories: true)
        try CLI.events(10, prefix: "a").write(toFile: dir + "/logs/a.jsonl", atomically: true, encoding: .utf8)
        try CLI.events(6, prefix: "b").write(toFile: dir + "/logs/b.jsonl", atomically: true, encoding: .utf8)
        try "sources:\n  payments-api:\n    format: app-json\n    paths: '\(dir)/logs/*.jsonl'\n".write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "payments-api", "--config", dir + "/c.yaml"])
        #expect(r.stdout.contains("read 16 = stored 16"), "\(r.stdout)\(r.stderr)")
        try CLI.events(3, prefix: "c").write(toFile: dir + "/logs/c.jsonl", atomically: true, encoding: .utf8)
        let t = try CLI.run(["tail", "--store", store, "--source", "payments-api", "--config", dir + "/c.yaml", "--exit-after-idle", "0.5"])
        #expect(t.stdout.contains("read 19 = stored 3 + duplicates 16"), "\(t.stdout)\(t.stderr)")
        let none = try CLI.run(["ingest", "--store", store, "--source", "payments-api"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("no input files"))
    }
}
