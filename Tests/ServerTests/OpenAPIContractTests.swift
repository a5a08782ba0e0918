import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing
import TrailModel
import Yams

/// docs/openapi.yaml and the server agree: every documented operation is routed and every route is
/// documented; each operation, called with and without a token, answers with a status the document
/// lists for it.
@Suite struct OpenAPIContractTests {
    static func document() throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let text = try String(contentsOfFile: root + "/docs/openapi.yaml", encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// (METHOD, /path/{param}) → documented status codes.
    static func operations() throws -> [String: Set<Int>] {
        let doc = try document()
        let paths = try #require(doc["paths"] as? [String: Any])
        var out: [String: Set<Int>] = [:]
        for (path, item) in paths {
            for (method, op) in try #require(item as? [String: Any]) {
                let responses = try #require((op as? [String: Any])?["responses"] as? [String: Any], "\(method) \(path) has no responses")
                out[method.uppercased() + " " + path] = Set(responses.keys.compactMap { Int($0) })
            }
        }
        return out
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationRouted() throws {
        let documented = Set(try Self.operations().keys)
        let routed = Set(SealtrailAPI.endpoints.map { e in
            e.method.rawValue + " " + e.path.split(separator: "/").map { $0.hasPrefix(":") ? "{" + $0.dropFirst() + "}" : String($0) }
                .reduce("") { $0 + "/" + $1 }
        })
        #expect(documented == routed, "documented only: \(documented.subtracting(routed)); routed only: \(routed.subtracting(documented))")
    }

    /// A request for each operation (concrete path, body).
    static func sample(_ op: String) -> (String, String?) {
        switch op {
        case "POST /v1/events": return ("/v1/events?source=contract", #"{"id":"c1","time":"2026-11-20T10:00:00Z","action":"x"}"#)
        case "POST /v1/query": return ("/v1/query", #"{"sql":"SELECT count(*) FROM events"}"#)
        case "GET /v1/events/{ref}": return ("/v1/events/c1", nil)
        case "GET /v1/consistency": return ("/v1/consistency?from=1&to=1", nil)
        case "GET /v1/coverage": return ("/v1/coverage?framework=pci-dss@4.0&from=2026-11-01&to=2026-12-01", nil)
        case "POST /v1/evidence": return ("/v1/evidence", #"{"framework":"pci-dss@4.0","from":"2026-11-01","to":"2026-12-01","asOf":"2026-12-02"}"#)
        case "GET /v1/evidence/{id}": return ("/v1/evidence/no-such-job", nil)
        case "GET /v1/evidence/{id}/pack": return ("/v1/evidence/no-such-job/pack", nil)
        default: return (String(op.split(separator: " ")[1]), nil)
        }
    }

    @Test func everyOperationAnswersADocumentedStatus() async throws {
        let ops = try Self.operations()
        let f = try ServerFixture()
        try await f.app().test(.router) { client in
            for (op, statuses) in ops.sorted(by: { $0.key < $1.key }) {
                let method = HTTPRequest.Method(rawValue: String(op.split(separator: " ")[0]))!
                let (uri, body) = Self.sample(op)
                for caller in ["admin", nil] as [String?] {
                    let r = try await client.execute(uri: uri, method: method, headers: f.headers(caller), body: body.map { ByteBuffer(string: $0) })
                    #expect(statuses.contains(Int(r.status.code)), "\(op) as \(caller ?? "anonymous") → \(r.status.code), documented: \(statuses.sorted()) \(r.text)")
                }
            }
        }
    }
}
