import Foundation
import Testing

/// Multi-record formats through `sealtrail ingest --format`: whole documents, gzip files, digests,
/// quarantine of broken records, and exactly-once on re-read.
@Suite struct DocumentFormatsCLITests {
    static func ct(_ id: String, _ name: String, error: String? = nil) -> String {
        #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/ops","accountId":"111122223333","userName":"ops"},"eventTime":"2026-07-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":""# + name + #"","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.9","requestParameters":{"name":"org-trail"},"responseElements":null,"#
            + (error.map { #""errorCode":""# + $0 + #"","# } ?? "") + #""requestID":"req-"# + id + #"","eventID":""# + id + #"","eventType":"AwsApiCall"}"#
    }

    @Test func cloudTrailFilesLinesAndDigests() throws {
        let dir = CLI.tempDir("ct")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let s3file = #"{"Records":["# + [Self.ct("a1", "StopLogging"), Self.ct("a2", "DeleteTrail", error: "AccessDenied")].joined(separator: ",") + "]}"
        try s3file.write(toFile: dir + "/111122223333_CloudTrail_eu-west-1_20260701T1000Z_x.json", atomically: true, encoding: .utf8)
        #expect(try CLI.exec("/bin/gzip", ["-k", dir + "/111122223333_CloudTrail_eu-west-1_20260701T1000Z_x.json"]).status == 0)
        try (Self.ct("b1", "CreateTrail") + "\n{broken\n" + Self.ct("b2", "UpdateTrail") + "\n").write(toFile: dir + "/lines.json", atomically: true, encoding: .utf8)
        try #"{"awsAccountId":"111122223333","digestStartTime":"2026-07-01T09:00:00Z","digestEndTime":"2026-07-01T10:00:00Z","digestS3Bucket":"b","previousDigestSignature":"ab","logFiles":[]}"#
            .write(toFile: dir + "/digest.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "cloudtrail-prod", "--format", "cloudtrail",
                             dir + "/111122223333_CloudTrail_eu-west-1_20260701T1000Z_x.json.gz", dir + "/lines.json", dir + "/digest.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read 5 = stored 4 + duplicates 0 + quarantined 1"), "\(r.stdout)")
        #expect(r.stderr.contains("digest.json: CloudTrail digest file"))
        // The same records again, uncompressed this time: all duplicates (eventID).
        let again = try CLI.run(["ingest", "--store", store, "--source", "cloudtrail-prod", "--format", "cloudtrail",
                                 dir + "/111122223333_CloudTrail_eu-west-1_20260701T1000Z_x.json"])
        #expect(again.stdout.contains("read 2 = stored 0 + duplicates 2"), "\(again.stdout)")
        let proof = try CLI.run(["prove", "--store", store, "--event", "a2"])
        #expect(proof.stdout.contains(#"cloudtrail.amazonaws.com:DeleteTrail"#))
        #expect(proof.stdout.contains(#"\"outcome\":\"failure\""#))
        let list = try CLI.run(["quarantine", "list", "--store", store])
        #expect(list.stdout.contains("lines.json:2"), "\(list.stdout)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test func pgauditCsvKeepsEveryLine() throws {
        let dir = CLI.tempDir("pg")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let csv = """
        2015-08-12 16:13:43.123 EDT,"alice","shop",4242,"10.0.0.5:51234",55cb8a4f.1092,3,"SELECT",2015-08-12 16:13:40 EDT,2/10,0,LOG,00000,"AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,""select *
          from account where name = 'x, y'"",<not logged>",,,,,,,,,"psql"
        2015-08-12 16:13:44.000 EDT,"alice","shop",4242,"10.0.0.5:51234",55cb8a4f.1092,4,"idle",2015-08-12 16:13:40 EDT,2/11,0,LOG,00000,"statement: checkpoint",,,,,,,,,"psql"

        """
        try csv.write(toFile: dir + "/pg.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "pg-prod", "--format", "pgaudit-csv", dir + "/pg.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read 2 = stored 2 + duplicates 0 + quarantined 0"), "\(r.stdout)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}

@Suite struct AppEventDocumentsCLITests {
    @Test func jsonArrayAndCloudEvents() throws {
        let dir = CLI.tempDir("appdocs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        try """
        [
          {"id":"a-1","time":"2026-07-01T10:00:00Z","actor":"user:1","action":"payment.initiate","outcome":"success"},
          42,
          {"id":"a-2","time":"2026-07-01T10:00:01Z","actor":"user:2","action":"refund.create","outcome":"failure"}
        ]
        """.write(toFile: dir + "/events.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, "--source", "app", "--format", "app-json-array", dir + "/events.json"])
        #expect(r.stdout.contains("read 3 = stored 2 + duplicates 0 + quarantined 1"), "\(r.stdout)\(r.stderr)")
        try (#"{"specversion":"1.0","id":"c-1","source":"/payments","type":"payment.authorize","subject":"pay_1","time":"2026-07-01T10:00:02Z","authid":"svc:gateway","data":{"ip":"203.0.113.4","outcome":"success"}}"# + "\n" +
             #"{"specversion":"0.3","id":"c-2","source":"/payments","type":"x"}"# + "\n").write(toFile: dir + "/ce.jsonl", atomically: true, encoding: .utf8)
        let c = try CLI.run(["ingest", "--store", store, "--source", "app", "--format", "cloudevents", dir + "/ce.jsonl"])
        #expect(c.stdout.contains("read 2 = stored 1 + duplicates 0 + quarantined 1"), "\(c.stdout)\(c.stderr)")
        let p = try CLI.run(["prove", "--store", store, "--event", "/payments#c-1"])
        #expect(p.stdout.contains(#"\"actor\":\"svc:gateway\""#), "\(p.stdout.prefix(400))")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}
