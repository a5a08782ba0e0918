import Foundation
import Gzip
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Sealing
import SegmentStore
@testable import Server
import Evidence
import Testing
import TrailModel

/// One request and the status each caller gets: no token, a wrong token, and each role.
struct RoleCase: Sendable, CustomTestStringConvertible {
    var method: HTTPRequest.Method
    var path: String
    var body: String?
    /// Expected status for: none, wrong, ingest, investigate, compliance, admin.
    var statuses: [Int]
    var testDescription: String { "\(method) \(path)" }
}

@Suite(.serialized) struct APITests {
    static let callers: [String?] = [nil, "st_wrong", "ingest", "investigate", "compliance", "admin"]
    static let ndjson = line("r1") + "\n"

    static let roleCases: [RoleCase] = [
        RoleCase(method: .post, path: "/v1/events?source=app", body: ndjson, statuses: [401, 401, 202, 403, 403, 202]),
        RoleCase(method: .post, path: "/v1/query", body: #"{"sql":"SELECT count(*) FROM events"}"#, statuses: [401, 401, 403, 200, 403, 200]),
        RoleCase(method: .get, path: "/v1/queries", body: nil, statuses: [401, 401, 403, 200, 403, 200]),
        RoleCase(method: .get, path: "/v1/checkpoint", body: nil, statuses: [401, 401, 403, 404, 404, 404]),
        RoleCase(method: .get, path: "/v1/events/nope", body: nil, statuses: [401, 401, 403, 404, 404, 404]),
        RoleCase(method: .get, path: "/v1/consistency?from=1&to=1", body: nil, statuses: [401, 401, 403, 400, 400, 400]),
        RoleCase(method: .get, path: "/v1/verify", body: nil, statuses: [401, 401, 403, 200, 200, 200]),
        RoleCase(method: .post, path: "/v1/verify", body: nil, statuses: [401, 401, 403, 403, 403, 200]),
        RoleCase(method: .post, path: "/v1/seal", body: nil, statuses: [401, 401, 403, 403, 403, 200]),
        RoleCase(method: .get, path: "/v1/coverage?framework=pci-dss@4.0&from=2026-11-01&to=2026-12-01", body: nil,
                 statuses: [401, 401, 403, 403, 200, 200]),
        RoleCase(method: .get, path: "/v1/evidence/nope", body: nil, statuses: [401, 401, 403, 403, 404, 404]),
        RoleCase(method: .get, path: "/v1/evidence/nope/pack", body: nil, statuses: [401, 401, 403, 403, 404, 404]),
        RoleCase(method: .get, path: "/healthz", body: nil, statuses: [200, 200, 200, 200, 200, 200]),
        RoleCase(method: .get, path: "/readyz", body: nil, statuses: [200, 200, 200, 200, 200, 200]),
        RoleCase(method: .get, path: "/metrics", body: nil, statuses: [200, 200, 200, 200, 200, 200]),
    ]

    @Test(arguments: roleCases)
    func everyRoleGetsItsStatus(_ c: RoleCase) async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            for (caller, want) in zip(Self.callers, c.statuses) {
                let r = try await client.execute(uri: c.path, method: c.method, headers: f.headers(caller), body: c.body.map { ByteBuffer(string: $0) })
                #expect(Int(r.status.code) == want, "\(caller ?? "no token") → \(r.status.code) \(r.text)")
                if r.status.code >= 400 {
                    #expect(r.json?["error"]?.scalarText != nil && r.json?["message"]?.scalarText != nil, "JSON error body: \(r.text)")
                }
                if r.status == .unauthorized { #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true) }
            }
            // Still serving.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func ingestReconcilesQuarantinesAndReplaysIdempotently() async throws {
        let f = try ServerFixture()
        let body = [line("a1"), "{not json", "", line(nil, second: 2), line("a2", second: 3), "[1,2]"].joined(separator: "\n") + "\n"
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/v1/events?source=payments", method: .post,
                                             headers: f.headers("ingest", [("Idempotency-Key", "batch-7")]), body: ByteBuffer(string: body))
            #expect(r.status == .accepted, "\(r.text)")
            let j = try #require(r.json)
            #expect(j["received"]?.scalarText == "5" && j["accepted"]?.scalarText == "3" && j["quarantined"]?.scalarText == "2")
            guard case let .array(rejected)? = j["rejected"] else { Issue.record("no rejected list"); return }
            #expect(rejected.compactMap { $0["line"]?.scalarText } == ["2", "6"])
            // The same batch again: the first answer, marked replayed, and nothing stored twice.
            let again = try await client.execute(uri: "/v1/events?source=payments", method: .post,
                                                 headers: f.headers("ingest", [("Idempotency-Key", "batch-7")]), body: ByteBuffer(string: body))
            #expect(again.status == .accepted && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.json?["accepted"]?.scalarText == "3")
            // A retry whose answer was lost (no receipt): the id-less event is named by key and line.
            try FileManager.default.removeItem(atPath: f.store.layout.state + "/http-idempotency")
            let lost = try await client.execute(uri: "/v1/events?source=payments", method: .post,
                                                headers: f.headers("ingest", [("Idempotency-Key", "batch-7")]), body: ByteBuffer(string: body))
            #expect(lost.json?["accepted"]?.scalarText == "0" && lost.json?["duplicates"]?.scalarText == "3", "\(lost.text)")
        }
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'payments'") == 3)
        #expect(try f.count("SELECT count(*) FROM quarantine") == 4)
    }

    @Test func jsonArraysAndGzipBodies() async throws {
        let f = try ServerFixture(config: { var c = ServeConfig(); c.limits.maxBodyBytes = 4096; c.limits.maxDecodedBytes = 8192; return c }())
        try await f.app().test(.router) { client in
            let array = "[" + line("g1") + ",\n 7, " + line("g2", second: 2) + "]"
            let r = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: array))
            #expect(r.json?["accepted"]?.scalarText == "2" && r.json?["quarantined"]?.scalarText == "1", "\(r.text)")
            let gz = try Gzip.compress(Array((line("g3") + "\n").utf8))
            let z = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest", [("Content-Encoding", "gzip")]),
                                             body: ByteBuffer(bytes: gz))
            #expect(z.status == .accepted && z.json?["accepted"]?.scalarText == "1", "\(z.text)")
            // A small body that inflates past the limit, a body past the limit, a bad encoding, broken gzip.
            let bomb = try Gzip.compress([UInt8](repeating: 0x20, count: 100_000))
            let b = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest", [("Content-Encoding", "gzip")]),
                                             body: ByteBuffer(bytes: bomb))
            #expect(b.status == .contentTooLarge, "\(b.text)")
            let big = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"),
                                               body: ByteBuffer(string: String(repeating: line("x") + "\n", count: 40)))
            #expect(big.status == .contentTooLarge, "\(big.status.code) \(big.text)")
            let enc = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest", [("Content-Encoding", "br")]),
                                               body: ByteBuffer(string: "x"))
            #expect(enc.status == .unsupportedMediaType)
            let broken = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest", [("Content-Encoding", "gzip")]),
                                                  body: ByteBuffer(bytes: Array(gz.prefix(10))))
            #expect(broken.status == .badRequest, "\(broken.text)")
            let badSource = try await client.execute(uri: "/v1/events?source=..%2Fetc", method: .post, headers: f.headers("ingest"),
                                                     body: ByteBuffer(string: line("s1")))
            #expect(badSource.status == .badRequest, "\(badSource.text)")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'app'") == 3)
    }

    @Test func fullWALOrDiskShedsLoadWithRetryAfter() async throws {
        let f = try ServerFixture(config: { var c = ServeConfig(); c.limits.maxWALBytes = 1; return c }())
        try await f.app().test(.router) { client in
            let first = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: line("w1")))
            #expect(first.status == .accepted)  // the WAL was empty
            let second = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: line("w2")))
            #expect(second.status == .tooManyRequests && second.headers[.retryAfter] != nil, "\(second.text)")
            // A seal empties the WAL and ingest resumes.
            #expect(try await client.execute(uri: "/v1/seal", method: .post, headers: f.headers("admin")).status == .ok)
            let third = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: line("w2")))
            #expect(third.status == .accepted)
        }
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'app'") == 2)
    }

    @Test func perTokenRateLimit() async throws {
        let f = try ServerFixture(config: { var c = ServeConfig(); c.rateLimit.requestsPerSecond = 0.01; c.rateLimit.burst = 2; return c }())
        try await f.app().test(.router) { client in
            for _ in 0..<2 { #expect(try await client.execute(uri: "/v1/verify", method: .get, headers: f.headers("investigate")).status == .ok) }
            let r = try await client.execute(uri: "/v1/verify", method: .get, headers: f.headers("investigate"))
            #expect(r.status == .tooManyRequests && (Int(r.headers[.retryAfter] ?? "") ?? 0) >= 1)
            // Another token has its own bucket.
            #expect(try await client.execute(uri: "/v1/verify", method: .get, headers: f.headers("admin")).status == .ok)
        }
    }

    static let traversal = ["..", "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "a%00b", "a%5Cb", "%2e%2e%2fstate"]

    @Test(arguments: traversal)
    func pathParametersRefuseTraversal(_ p: String) async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            for (path, role) in [("/v1/events/\(p)", "investigate"), ("/v1/evidence/\(p)", "compliance"), ("/v1/evidence/\(p)/pack", "compliance")] {
                let r = try await client.execute(uri: path, method: .get, headers: f.headers(role))
                #expect(r.status == .badRequest || r.status == .notFound, "\(path) → \(r.status.code) \(r.text)")
                #expect(!r.text.contains("root:"), "leaked a file")
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    static let badQueries: [(String, Int, String)] = [
        (#"{"sql":"DELETE FROM events"}"#, 400, "query_refused"),
        (#"{"sql":"ATTACH DATABASE '/tmp/x' AS x"}"#, 400, "query_refused"),
        (#"{"sql":"PRAGMA journal_mode=DELETE"}"#, 400, "query_refused"),
        (#"{"sql":"SELEC nonsense"}"#, 400, "query_refused"),
        (#"{"saved":"no-such-query"}"#, 404, "not_found"),
        (#"{"saved":"actor-timeline"}"#, 400, "query_refused"),
        (#"{"sql":"SELECT 1","saved":"x"}"#, 400, "bad_request"),
        (#"{"sql": 5}"#, 400, "bad_request"),
        ("not json", 400, "bad_request"),
    ]

    @Test(arguments: badQueries)
    func badQueriesAreRefusedCleanly(_ c: (String, Int, String)) async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/v1/query", method: .post, headers: f.headers("investigate"), body: ByteBuffer(string: c.0))
            #expect(Int(r.status.code) == c.1 && r.json?["error"]?.scalarText == c.2, "\(r.status.code) \(r.text)")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func proofsCheckpointsConsistencyAndTheAuditOfEveryCall() async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"),
                                             body: ByteBuffer(string: line("p1") + "\n" + line("p2", second: 2) + "\n"))
            guard case let .array(events)? = r.json?["events"], let leaf = events.first?["leaf"]?.scalarText else { Issue.record("\(r.text)"); return }
            // Stored but not sealed: no proof yet.
            let early = try await client.execute(uri: "/v1/events/" + leaf, method: .get, headers: f.headers("investigate"))
            #expect(early.status == .conflict, "\(early.text)")
            #expect(try await client.execute(uri: "/v1/seal", method: .post, headers: f.headers("admin")).status == .ok)
            for ref in [leaf, "p1"] {
                let proof = try await client.execute(uri: "/v1/events/" + ref, method: .get, headers: f.headers("compliance"))
                #expect(proof.status == .ok)
                let verified = try Prover.verify(proof: Array(proof.text.utf8))
                #expect(verified.event.id == "p1")
            }
            let cp = try await client.execute(uri: "/v1/checkpoint", method: .get, headers: f.headers("investigate"))
            #expect(cp.status == .ok && cp.text.hasPrefix("test.local/serve\n"))
            // A second seal, then a consistency proof from 1 to the newest size that checks.
            _ = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: line("p3", second: 3)))
            _ = try await client.execute(uri: "/v1/seal", method: .post, headers: f.headers("admin"))
            let size = try Trail.load(layout: f.store.layout, origin: "test.local/serve").size
            let c = try await client.execute(uri: "/v1/consistency?from=1&to=\(size)", method: .get, headers: f.headers("investigate"))
            let j = try #require(c.json)
            guard case let .array(items)? = j["proof"], let r1 = j["rootFrom"]?.scalarText, let r2 = j["rootTo"]?.scalarText else { Issue.record("\(c.text)"); return }
            let root1 = try #require(Hash32(hex: r1)), root2 = try #require(Hash32(hex: r2))
            #expect(throws: Never.self) {
                try Proofs.verifyConsistency(size1: 1, size2: size, root1: root1, root2: root2,
                                             proof: items.compactMap { $0.scalarText.flatMap(Hash32.init(hex:)) })
            }
            #expect(root2 == (try Trail.load(layout: f.store.layout, origin: "test.local/serve")).root)
            let bad = try await client.execute(uri: "/v1/consistency?from=0&to=\(size + 5)", method: .get, headers: f.headers("investigate"))
            #expect(bad.status == .badRequest)
            let v = try await client.execute(uri: "/v1/verify", method: .post, headers: f.headers("admin"))
            #expect(v.status == .ok && v.json?["state"]?.scalarText == "ok", "\(v.text)")
        }
        try await f.host.tick()
        // Every call that read or changed the trail is an event of source sealtrail, naming the token.
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'sealtrail' AND action = 'api.ingest' AND actor = 'token:ingest'") == 2)
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'sealtrail' AND action = 'api.event.read' AND actor = 'token:compliance'") == 2)
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'sealtrail' AND action = 'api.seal' AND actor = 'token:admin'") == 2)
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'sealtrail' AND action IN ('api.checkpoint.read', 'api.consistency.read', 'api.verify')") == 3)
        #expect(Verifier(store: f.store).run().ok)
    }

    @Test func queriesAreAuditedAndAnsweredInEachFormat() async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            _ = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"),
                                         body: ByteBuffer(string: line("q1") + "\n" + line("q2", second: 2, outcome: "failure") + "\n"))
            let body = #"{"sql":"SELECT id, outcome FROM events WHERE source = :s ORDER BY id","params":{"s":"app"}}"#
            let json = try await client.execute(uri: "/v1/query", method: .post, headers: f.headers("investigate"), body: ByteBuffer(string: body))
            #expect(json.status == .ok && json.text.contains(#""id":"q2","outcome":"failure""#), "\(json.text)")
            let csv = try await client.execute(uri: "/v1/query?format=csv", method: .post, headers: f.headers("investigate"), body: ByteBuffer(string: body))
            #expect(csv.headers[.contentType] == "text/csv", "\(csv.headers)")
            #expect(csv.text.hasPrefix("id,outcome\r\n") || csv.text.hasPrefix("id,outcome\n"), "\(csv.text)")
            #expect(csv.text.contains("q1,success"), "\(csv.text)")
            let nd = try await client.execute(uri: "/v1/query?format=ndjson", method: .post, headers: f.headers("investigate"), body: ByteBuffer(string: body))
            #expect(nd.text.split(separator: "\n").count == 2)
            let table = try await client.execute(uri: "/v1/query?format=table", method: .post, headers: f.headers("investigate"), body: ByteBuffer(string: body))
            #expect(table.status == .badRequest)
        }
        try await f.host.tick()
        #expect(try f.count("SELECT count(*) FROM events WHERE source = 'sealtrail' AND action = 'trail.query' AND actor = 'token:investigate'") >= 3)
    }

    @Test func evidencePackJobStartsRunsAndDownloadsAVerifiablePack() async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            let events = (0..<20).map { line("ev\($0)", second: $0) }.joined(separator: "\n")
            _ = try await client.execute(uri: "/v1/events?source=app", method: .post, headers: f.headers("ingest"), body: ByteBuffer(string: events))
            _ = try await client.execute(uri: "/v1/seal", method: .post, headers: f.headers("admin"))
            let start = try await client.execute(uri: "/v1/evidence", method: .post, headers: f.headers("compliance"),
                                                 body: ByteBuffer(string: #"{"framework":"pci-dss@4.0","from":"2026-11-01","to":"2026-12-01","controls":["10.2.*"],"sample":5}"#))
            #expect(start.status == .accepted, "\(start.text)")
            let id = try #require(start.json?["id"]?.scalarText)
            #expect(start.headers[.location] == "/v1/evidence/" + id)
            var state = "running"
            for _ in 0..<600 where state == "running" {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.execute(uri: "/v1/evidence/" + id, method: .get, headers: f.headers("compliance")).json?["state"]?.scalarText ?? "?"
            }
            #expect(state == "done")
            let pack = try await client.execute(uri: "/v1/evidence/\(id)/pack", method: .get, headers: f.headers("compliance"))
            #expect(pack.status == .ok && pack.headers[.contentType] == "application/zip")
            let path = f.dir.url.path + "/downloaded.zip"
            try Data(buffer: pack.body).write(to: URL(fileURLWithPath: path))
            let report = try PackVerifier.verify(path: path, store: f.store)
            #expect(report.ok, "\(report.problems)")
            // Bad requests for a job: unknown framework, a period backwards, a bad format.
            for bad in [#"{"framework":"nope","from":"2026-11-01","to":"2026-12-01"}"#, #"{"framework":"pci-dss@4.0","from":"2026-12-01","to":"2026-11-01"}"#,
                        #"{"framework":"pci-dss@4.0","from":"2026-11-01","to":"2026-12-01","format":"rar"}"#, "{}"] {
                let r = try await client.execute(uri: "/v1/evidence", method: .post, headers: f.headers("compliance"), body: ByteBuffer(string: bad))
                #expect(r.status == .badRequest || r.status == .notFound, "\(bad) → \(r.status.code)")
            }
        }
    }

    @Test func metricsCountIngestRequestsSealsAndVerification() async throws {
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            _ = try await client.execute(uri: "/v1/events?source=pay", method: .post, headers: f.headers("ingest"),
                                         body: ByteBuffer(string: line("m1") + "\nbad\n" + line("m1") + "\n"))
            _ = try await client.execute(uri: "/v1/seal", method: .post, headers: f.headers("admin"))
            _ = try await client.execute(uri: "/v1/verify", method: .post, headers: f.headers("admin"))
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.status == .ok)
            for want in [#"sealtrail_events_accepted_total{source="pay"} 1"#, #"sealtrail_events_deduplicated_total{source="pay"} 1"#,
                         #"sealtrail_events_quarantined_total{source="pay"} 1"#, "sealtrail_last_verify_ok 1.0", "sealtrail_last_sweep_ok -1.0",
                         "sealtrail_seal_duration_seconds_count 1", "sealtrail_wal_bytes ",
                         #"sealtrail_http_request_duration_seconds_count{method="POST",route="/v1/events",status="202"} 1"#] {
                #expect(m.text.contains(want), "missing \(want) in\n\(m.text)")
            }
        }
    }
}
