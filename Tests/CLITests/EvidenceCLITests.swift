import Foundation
import Testing

/// Evidence packs through the binary: build, verify (offline and against the store), the
/// documented standard-tools check, tampering, exit codes, and personal data after an erasure.
@Suite struct EvidenceCLITests {
    /// Events that the shipped PCI DSS rules react to: card-data reads, failed logins, admin actions.
    static func events(_ n: Int, day: String = "01") -> String {
        (0..<n).map { i in
            let kinds = ["card.detokenize", "user.login", "payment.authorize", "admin.settings.change"]
            let action = kinds[i % kinds.count]
            let actor = action.hasPrefix("admin") ? "admin:jonas.berg" : "user:u-\(i % 7)"
            let outcome = action == "user.login" && i % 8 == 1 ? "failure" : "success"
            return "{\"id\":\"ev-\(day)-\(i)\",\"time\":\"2026-07-\(day)T\(String(format: "%02d", 8 + i / 60)):\(String(format: "%02d", i % 60)):07.000Z\","
                + "\"actor\":\"\(actor)\",\"action\":\"\(action)\",\"resource\":\"card:c-\(i % 11)\",\"outcome\":\"\(outcome)\","
                + "\"ip\":\"203.0.113.\(i % 200)\",\"purpose\":\"refund\"}"
        }.joined(separator: "\n") + "\n"
    }

    static func store(_ dir: String) throws -> String {
        let store = dir + "/store"
        #expect(try CLI.run(["init", store, "--origin", "evidence.test/trail"]).status == 0)
        for day in ["01", "02"] {
            try events(240, day: day).write(toFile: dir + "/in-\(day).jsonl", atomically: true, encoding: .utf8)
            let r = try CLI.run(["ingest", "--store", store, "--source", "payments-api", dir + "/in-\(day).jsonl"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return store
    }

    static func build(_ store: String, _ out: String, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["evidence", "build", "--store", store, "--rules", CLI.packageRoot + "/rules", "--framework", "pci-dss@4.0",
                     "--from", "2026-07-01", "--to", "2026-07-02", "--as-of", "2030-01-01", "--out", out] + extra)
    }

    /// Rewrites the zip `from` into `to` with `edit` applied to the entry `name` (python3's zipfile).
    static func rewrite(_ from: String, _ to: String, entry name: String, replace old: String, with new: String) throws {
        let script = """
            import sys, zipfile
            src, dst, name, old, new = sys.argv[1:]
            zi = zipfile.ZipFile(src); zo = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
            for i in zi.infolist():
                data = zi.read(i)
                if i.filename == name: data = data.replace(old.encode(), new.encode(), 1)
                zo.writestr(i, data)
            zo.close()
            """
        let r = try CLI.exec("/usr/bin/env", ["python3", "-c", script, from, to, name, old, new])
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func documentedCheck() throws -> String {
        let doc = try String(contentsOfFile: CLI.packageRoot + "/docs/formats.md", encoding: .utf8)
        guard let b = doc.range(of: "<!-- begin:evidence-check -->"), let e = doc.range(of: "<!-- end:evidence-check -->") else {
            throw CLIError("docs/formats.md has no evidence-check block")
        }
        return String(doc[b.upperBound..<e.lowerBound]).replacingOccurrences(of: "```bash", with: "").replacingOccurrences(of: "```", with: "")
    }

    @Test func buildVerifyAndTamper() throws {
        let dir = CLI.tempDir("evidence")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir)
        let r = try Self.build(store, dir + "/pack.zip", ["--controls", "10.2.*", "--sample", "10", "--seed", "q3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("evidence pack \(dir)/pack.zip: pci-dss@4.0"), "\(r.stdout)")
        #expect(r.stdout.contains("10.2.1.1     alarm  population 120"), "\(r.stdout)")

        let ok = try CLI.run(["evidence", "verify", dir + "/pack.zip"])
        #expect(ok.status == 0 && ok.stdout.contains("OK: the pack verifies"), "\(ok.stdout)\(ok.stderr)")
        let live = try CLI.run(["evidence", "verify", dir + "/pack.zip", "--store", store])
        #expect(live.status == 0 && live.stdout.contains("consistent with the live trail of 2 seals"), "\(live.stdout)\(live.stderr)")

        // The same arguments and as-of give the same bytes, in spite of the audit events in between.
        #expect(try Self.build(store, dir + "/again.zip", ["--controls", "10.2.*", "--sample", "10", "--seed", "q3"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/pack.zip")) == Data(contentsOf: URL(fileURLWithPath: dir + "/again.zip")))
        // Each build is an event in the trail.
        let audit = try CLI.run(["query", "--store", store, "--format", "csv", "SELECT count(*) FROM events WHERE action = 'evidence.build'"])
        #expect(audit.stdout.hasSuffix("\r\n2\r\n"), "\(audit.stdout)")

        // The pack's findings are the rows `rules findings` exports, in the same columns and encoding.
        let packFindings = try CLI.exec("/usr/bin/unzip", ["-p", dir + "/pack.zip", "controls/10.2.1.1/findings.csv"]).stdout
        let exported = try CLI.run(["rules", "findings", "--store", store, "--from", "2026-07-01", "--to", "2026-07-02", "--format", "csv"]).stdout
        let rows = packFindings.split(separator: "\r\n")
        #expect(rows.count > 10 && rows.first == "id,rule,severity,controls,key,start,end,events,status", "\(packFindings.prefix(300))")
        for row in rows { #expect(exported.contains(row + "\r\n"), "\(row)") }

        // One changed byte in a population fails and names the file.
        try Self.rewrite(dir + "/pack.zip", dir + "/bad.zip", entry: "controls/10.2.1.1/population.csv", replace: "card.detokenize", with: "card.detokenise")
        let bad = try CLI.run(["evidence", "verify", dir + "/bad.zip"])
        #expect(bad.status == 1 && bad.stdout.contains("FAIL controls/10.2.1.1/population.csv: modified"), "\(bad.stdout)")

        // Exit 2 when it cannot run.
        #expect(try CLI.run(["evidence", "verify", dir + "/missing.zip"]).status == 2)
        #expect(try Self.build(store, dir + "/pack.rar").status == 2)
        #expect(try Self.build(store, dir + "/x.zip", ["--controls", "99.*"]).status == 2)
        let unknown = try CLI.run(["evidence", "build", "--store", store, "--rules", CLI.packageRoot + "/rules", "--framework", "iso27001",
                                   "--from", "2026-07-01", "--to", "2026-07-02", "--out", dir + "/x.zip"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no framework 'iso27001'"), "\(unknown.stderr)")
    }

    /// The standard-tools block of docs/formats.md, run as documented on packs built here.
    @Test(arguments: ["pack.zip", "pack.tar.gz"])
    func documentedCommandsVerifyAPack(name: String) throws {
        let dir = CLI.tempDir("evidence-tools")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.store(dir)
        let r = try Self.build(store, dir + "/" + name)
        #expect(r.status == 0, "\(r.stderr)")
        let check = try CLI.exec("/bin/bash", ["-c", try Self.documentedCheck()], env: ["PACK": dir + "/" + name])
        #expect(check.status == 0 && check.stdout.contains("PACK OK"), "stdout: \(check.stdout)\nstderr: \(check.stderr)")
        #expect(check.stdout.contains("trail evidence.test/trail: checkpoint of 2 seals"), "\(check.stdout)")
        guard name.hasSuffix(".zip") else { return }
        // The same check fails on a changed file, and on a changed record inside a proof.
        for (entry, old, new) in [("controls/10.2.1.1/findings.csv", "pci", "PCI"), ("proofs/000000000000.json", "card.detokenize", "card.detokenise")] {
            try Self.rewrite(dir + "/pack.zip", dir + "/bad.zip", entry: entry, replace: old, with: new)
            let bad = try CLI.exec("/bin/bash", ["-c", try Self.documentedCheck()], env: ["PACK": dir + "/bad.zip"])
            #expect(bad.status != 0 && !bad.stdout.contains("PACK OK"), "\(entry): \(bad.stdout)")
            #expect((bad.stdout + bad.stderr).contains(entry), "\(entry): \(bad.stderr)")
        }
    }

    /// Personal data in a pack reads as the query output shows it: in clear with the keys, and
    /// `[erased]` for an erased subject; the proofs keep the stored tokens and still verify.
    @Test func erasedSubjectsReadErased() throws {
        let dir = CLI.tempDir("evidence-privacy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try """
            personalData:
              app-json:
                subject: [attributes.customer_id]
                fields: [attributes.email, attributes.customer_id]
            """.write(toFile: dir + "/pd.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["privacy", "set", "--store", store, dir + "/pd.yaml"]).status == 0)
        let customers = [("c-1", "alice@example.com"), ("c-2", "bob@example.org")]
        try (0..<8).map { i in
            "{\"id\":\"d-\(i)\",\"time\":\"2026-07-01T10:00:0\(i).000Z\",\"actor\":\"svc:support\",\"action\":\"card.detokenize\",\"resource\":\"card:c\(i)\","
                + "\"outcome\":\"success\",\"customer_id\":\"\(customers[i % 2].0)\",\"email\":\"\(customers[i % 2].1)\",\"purpose\":\"refund\"}"
        }.joined(separator: "\n").write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", "--store", store, "--source", "support", dir + "/in.jsonl"]).status == 0)
        #expect(try CLI.run(["erase", "--store", store, "--subject", "c-1", "--reason", "DSR-1"]).status == 0)
        let r = try Self.build(store, dir + "/pack.zip", ["--controls", "10.2.1.1"])
        #expect(r.status == 0, "\(r.stderr)")
        let sample = try CLI.exec("/usr/bin/unzip", ["-p", dir + "/pack.zip", "controls/10.2.1.1/sample.csv"]).stdout
        #expect(sample.contains("bob@example.org") && !sample.contains("alice@example.com"), "\(sample)")
        #expect(sample.contains("[erased]"), "\(sample)")
        let verify = try CLI.run(["evidence", "verify", dir + "/pack.zip", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)")
        // The pack's audit event says that personal data was shown in clear.
        let audit = try CLI.run(["query", "--store", store, "--format", "csv",
                                 "SELECT json_extract(attributes, '$.personalDataDecrypted') FROM events WHERE action = 'evidence.build'"])
        let decrypted = audit.stdout.split(separator: "\r\n").last.flatMap { Int($0) } ?? 0
        #expect(decrypted > 0, "\(audit.stdout)")
    }
}
