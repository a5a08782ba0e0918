import Foundation
import Testing

/// GDPR erasure through the binary: `privacy set`, ingest, query/show/timeline in clear, `erase`,
/// then `[erased]` for that subject only, the same bytes, and a passing `verify`.
@Suite struct PrivacyCLITests {
    static let settings = """
        personalData:
          app-json:
            subject: [customer_id, actor]
            fields: [attributes.email, attributes.customer_name, attributes.card_holder, attributes.customer_id]
        """
    static let fixedSettings = settings.replacingOccurrences(of: "[customer_id, actor]", with: "[attributes.customer_id, actor]")

    static let customers = [("c-1001", "alice.liddell@example.com", "Alice Liddell"), ("c-2002", "bob.builder@example.org", "Bob Builder")]

    static func events() -> String {
        (0..<6).map { i in
            let (id, email, name) = customers[i % 2]
            return "{\"id\":\"e-\(i)\",\"time\":\"2026-07-01T10:00:0\(i).000Z\",\"actor\":\"svc:checkout\",\"action\":\"payment.authorize\","
                + "\"resource\":\"payment:p-\(i)\",\"outcome\":\"success\",\"customer_id\":\"\(id)\",\"email\":\"\(email)\","
                + "\"customer_name\":\"\(name)\",\"card_holder\":\"\(name.uppercased())\",\"amount\":\(i).5}"
        }.joined(separator: "\n") + "\n"
    }

    /// SHA-256 of every segment, seal and checkpoint file (sha256sum's output lines).
    func sealedFiles(_ store: String) throws -> [String] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: store)
            .filter { $0.hasPrefix("segments/") && $0.hasSuffix(".gz") || $0.hasPrefix("seals/") || $0.hasPrefix("checkpoints/") }
            .sorted().map { store + "/" + $0 }
        return try CLI.exec("/usr/bin/sha256sum", files).stdout.split(separator: "\n").map(String.init)
    }

    @Test func eraseShowsErasedKeepsTheBytesAndVerifies() throws {
        let dir = CLI.tempDir("privacy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)

        // A bad settings file is refused with file, line and field; the fixed one installs.
        try Self.settings.write(toFile: dir + "/pd.yaml", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["privacy", "set", "--store", store, dir + "/pd.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("pd.yaml:3: personalData.app-json.subject[0]: 'customer_id' is not a field"), "\(bad.stderr)")
        try Self.fixedSettings.write(toFile: dir + "/pd.yaml", atomically: true, encoding: .utf8)
        let set = try CLI.run(["privacy", "set", "--store", store, dir + "/pd.yaml"])
        #expect(set.status == 0, "\(set.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: store + "/keys/privacy/master.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        try Self.events().write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        let ingest = try CLI.run(["ingest", "--store", store, "--source", "shop", dir + "/in.jsonl"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("personal data: 6 events encrypted (0 without a subject"), "\(ingest.stdout)")

        // Nothing personal in the sealed bytes (read with gzip, as an auditor would).
        let segments = try FileManager.default.subpathsOfDirectory(atPath: store + "/segments").filter { $0.hasSuffix(".gz") }
        let content = try segments.map { try CLI.exec("/usr/bin/gzip", ["-dc", store + "/segments/" + $0]).stdout }.joined()
        for (id, email, name) in Self.customers {
            for secret in [id, email, name, name.uppercased()] { #expect(!content.contains(secret), "\(secret) stored in clear") }
        }

        // Investigators read plaintext and find a subject through the blind index.
        let sql = "SELECT id, json_extract(attributes, '$.email') AS email, json_extract(attributes, '$.customer_name') AS name FROM events WHERE source = 'shop' ORDER BY id"
        let clear = try CLI.run(["query", "--store", store, "--format", "csv", sql])
        #expect(clear.stdout == "id,email,name\r\n" + (0..<6).map { "e-\($0),\(Self.customers[$0 % 2].1),\(Self.customers[$0 % 2].2)\r\n" }.joined(),
                "\(clear.stdout) \(clear.stderr)")
        let timeline = try CLI.run(["timeline", "--store", store, "--subject", "C-1001", "--format", "csv"])
        #expect(timeline.status == 0, "\(timeline.stderr)")
        #expect(timeline.stdout.split(separator: "\r\n").count == 4, "header + e-0, e-2, e-4: \(timeline.stdout)")
        let byRef = try CLI.run(["query", "--store", store, "--format", "csv",
                                 "SELECT count(*) FROM events WHERE json_extract(attributes, '$.subjectRef') = subject_ref('c-2002')"])
        #expect(byRef.stdout == "count(*)\r\n3\r\n", "\(byRef.stdout) \(byRef.stderr)")
        let ref = try CLI.run(["privacy", "ref", "--store", store, "C-2002"]).stdout.trimmingCharacters(in: .newlines)
        #expect(ref.count == 32)
        let byHex = try CLI.run(["query", "--store", store, "--format", "csv",
                                 "SELECT count(*) FROM events WHERE json_extract(attributes, '$.subjectRef') = :r", "--param", "r=" + ref])
        #expect(byHex.stdout == "count(*)\r\n3\r\n", "\(byHex.stdout)")

        let before = try sealedFiles(store)
        let erase = try CLI.run(["erase", "--store", store, "--subject", "c-1001", "--reason", "DSR-2026-17", "--by", "dpo@example.com"])
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(erase.stdout.hasPrefix("erased subject ref "), "\(erase.stdout)")

        let after = try CLI.run(["query", "--store", store, "--format", "csv", sql])
        #expect(after.stdout == "id,email,name\r\n" + (0..<6).map {
            $0 % 2 == 0 ? "e-\($0),[erased],[erased]\r\n" : "e-\($0),\(Self.customers[1].1),\(Self.customers[1].2)\r\n"
        }.joined(), "\(after.stdout)")
        #expect(after.stderr.contains("personal data: 6 erased"), "\(after.stderr)")
        let show = try CLI.run(["show", "--store", store, "e-2"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\"email\":\"[erased]\"") && show.stdout.contains("raw (encrypted):\n[erased]"), "\(show.stdout)")
        #expect(show.stdout.contains("proof:     verified"))
        let bob = try CLI.run(["show", "--store", store, "e-3"])
        #expect(bob.stdout.contains("raw (decrypted):\n{\"id\":\"e-3\""), "\(bob.stdout)")

        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let now = Set(try sealedFiles(store))
        for line in before { #expect(now.contains(line), "changed by the erasure: \(line)") }

        // Idempotent; an unknown subject is an error.
        let again = try CLI.run(["erase", "--store", store, "--subject", "c-1001", "--reason", "DSR-2026-17"])
        #expect(again.status == 0 && again.stdout.contains("was already erased"), "\(again.stdout)")
        let unknown = try CLI.run(["erase", "--store", store, "--subject", "c-9999", "--reason", "DSR-2026-18"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no data stored under this subject"), "\(unknown.stderr)")

        // The trail records the erasure (by reference only) and the subject timeline (by reference only).
        let audit = try CLI.run(["query", "--store", store, "--format", "csv",
                                 "SELECT action, actor, raw FROM events WHERE action = 'privacy.erase' OR (action = 'trail.query' AND json_extract(attributes, '$.saved') = 'timeline-subject')"])
        #expect(audit.stdout.contains("privacy.erase,dpo@example.com,"), "\(audit.stdout)")
        #expect(audit.stdout.contains("trail.query"), "\(audit.stdout)")
        #expect(!audit.stdout.lowercased().contains("c-1001"), "\(audit.stdout)")
        // Ids typed into subject_ref() are recorded as their reference, literal or bound.
        let bound = try CLI.run(["query", "--store", store, "--format", "csv",
                                 "SELECT count(*) FROM events WHERE json_extract(attributes, '$.subjectRef') = subject_ref(:who)", "--param", "who=c-2002"])
        #expect(bound.stdout == "count(*)\r\n3\r\n", "\(bound.stdout) \(bound.stderr)")
        let log = try CLI.run(["query", "--store", store, "--format", "csv", "SELECT sql, params FROM query_log"])
        #expect(log.stdout.contains("subject_ref('subject-ref:") && log.stdout.contains("\"\"who\"\":\"\"subject-ref:"), "\(log.stdout)")
        #expect(!log.stdout.contains("c-2002") && !log.stdout.lowercased().contains("c-1001"), "\(log.stdout)")

        // A key backup restores lost keys, and never the erased one.
        try "correct horse battery staple\n".write(toFile: dir + "/pass", atomically: true, encoding: .utf8)
        let export = try CLI.run(["privacy", "export-keys", "--store", store, "--out", dir + "/keys.backup", "--passphrase-file", dir + "/pass", "--iterations", "1000"])
        #expect(export.status == 0 && export.stdout.contains("1 subject keys"), "\(export.stdout) \(export.stderr)")
        for p in ["subjects", "erasures", "master.key"] { try FileManager.default.removeItem(atPath: store + "/keys/privacy/" + p) }
        let lost = try CLI.run(["query", "--store", store, "--format", "csv", sql])
        #expect(lost.stdout.contains("e-1,[encrypted],[encrypted]"), "\(lost.stdout)")
        let restore = try CLI.run(["privacy", "import-keys", "--store", store, dir + "/keys.backup", "--passphrase-file", dir + "/pass"])
        #expect(restore.status == 0 && restore.stdout.contains("restored 1 subject keys and the master key"), "\(restore.stdout) \(restore.stderr)")
        let restored = try CLI.run(["query", "--store", store, "--format", "csv", sql])
        #expect(restored.stdout.contains("e-1,\(Self.customers[1].1)"), "\(restored.stdout)")
        #expect(!restored.stdout.contains(Self.customers[0].1), "\(restored.stdout)")
        let status = try CLI.run(["privacy", "show", "--store", store])
        #expect(status.status == 0 && status.stdout.contains("1 live, 1 destroyed by erasures"), "\(status.stdout)")
    }

    static func tokenScript() throws -> String {
        let doc = try String(contentsOfFile: CLI.packageRoot + "/docs/formats.md", encoding: .utf8)
        guard let b = doc.range(of: "<!-- begin:token-check -->"), let e = doc.range(of: "<!-- end:token-check -->") else {
            throw CLIError("docs/formats.md has no token-check block")
        }
        return String(doc[b.upperBound..<e.lowerBound]).replacingOccurrences(of: "```bash", with: "").replacingOccurrences(of: "```", with: "")
    }

    /// The documented python3 check decrypts a stored token with the master key, and fails after erasure.
    @Test func theDocumentedTokenCheckDecryptsAndFailsAfterErasure() throws {
        // python3-cryptography is installed by `make test` (Makefile deps) and CI: a missing one is a failure, not a skip.
        let probe = try CLI.exec("/usr/bin/env", ["python3", "-c", "import cryptography"])
        #expect(probe.status == 0, "the python3 cryptography package is missing (apt-get install python3-cryptography): \(probe.stderr)")
        guard probe.status == 0 else { return }
        let dir = CLI.tempDir("privacy-doc")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try Self.fixedSettings.write(toFile: dir + "/pd.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["privacy", "set", "--store", store, dir + "/pd.yaml"]).status == 0)
        try Self.events().write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", "--store", store, "--source", "shop", dir + "/in.jsonl"]).status == 0)
        let segment = try #require(try FileManager.default.subpathsOfDirectory(atPath: store + "/segments").first { $0.contains("source=shop") && $0.hasSuffix(".gz") })
        let first = try #require(try CLI.exec("/usr/bin/gzip", ["-dc", store + "/segments/" + segment]).stdout.split(separator: "\n").first)
        let start = try #require(first.range(of: "\"email\":\"enc:v1:"))
        let token = String(first[first.index(start.lowerBound, offsetBy: 9)...].prefix { $0 != "\"" })
        let script = try Self.tokenScript()
        let clear = try CLI.exec("/bin/bash", ["-c", script], env: ["STORE": store, "TOKEN": token])
        #expect(clear.status == 0, "\(clear.stderr)")
        #expect(clear.stdout == "\"\(Self.customers[0].1)\"\n", "\(clear.stdout)")
        #expect(try CLI.run(["erase", "--store", store, "--subject", Self.customers[0].0, "--reason", "DSR-5"]).status == 0)
        let gone = try CLI.exec("/bin/bash", ["-c", script], env: ["STORE": store, "TOKEN": token])
        #expect(gone.status != 0 && gone.stderr.contains("No such file"), "\(gone.stderr)")
    }

    /// `kill -9` during encrypted ingest, then a restart: every event stored once, every personal
    /// value still decrypts (no record refers to a key that was lost), and the trail verifies.
    @Test func killNineDuringEncryptedIngestLeavesEveryValueReadable() throws {
        let dir = CLI.tempDir("privacy-crash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--max-segment-records", "2000"]).status == 0)
        try Self.fixedSettings.write(toFile: dir + "/pd.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["privacy", "set", "--store", store, dir + "/pd.yaml"]).status == 0)
        let n = 12_000
        // 3,000 customers, so new subject keys are made all along the file.
        let lines = (0..<n).map { i in
            "{\"id\":\"e-\(i)\",\"time\":\"2026-07-01T10:\(String(format: "%02d", (i / 60) % 60)):\(String(format: "%02d", i % 60)).000Z\",\"actor\":\"svc:checkout\",\"action\":\"payment.authorize\",\"outcome\":\"success\",\"customer_id\":\"c-\((i * 7919) % 3000)\",\"email\":\"user\((i * 7919) % 3000)@example.com\",\"amount\":\(i)}"
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<6 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["ingest", "--store", store, "--source", "shop", dir + "/in.jsonl"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
            if p.isRunning { kill(p.processIdentifier, SIGKILL); killed += 1 }
            p.waitUntilExit()
        }
        #expect(killed > 0, "no ingest was still running when killed: the test proved nothing")
        let final = try CLI.run(["ingest", "--store", store, "--source", "shop", dir + "/in.jsonl"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        let r = try CLI.run(["query", "--store", store, "--format", "csv", "--timeout", "120",
                             "SELECT json_extract(attributes, '$.customer_id') AS c, json_extract(attributes, '$.email') AS e FROM events WHERE source = 'shop'"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\r\n").dropFirst()
        #expect(rows.count == n, "killed \(killed) times")
        let bad = rows.filter { row in
            let parts = row.split(separator: ",")
            return parts.count != 2 || parts[1] != "user\(parts[0].dropFirst(2))@example.com"
        }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }
}
