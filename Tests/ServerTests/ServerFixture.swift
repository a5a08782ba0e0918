import Foundation
import Gzip
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentStore
@testable import Server
import TestSupport
import TrailModel

/// A store with one token per role, and the API on it (in process, no sockets).
final class ServerFixture: @unchecked Sendable {
    let dir: TempDir
    let store: Store
    let host: TrailHost
    let state: APIState
    var secrets: [String: String] = [:]

    init(config: ServeConfig = ServeConfig()) throws {
        dir = try TempDir()
        store = try Store.initialize(path: dir.url.path + "/store", origin: "test.local/serve")
        var tokens = try TokenStore(layout: store.layout)
        for role in Role.allCases { secrets[role.rawValue] = try tokens.add(name: role.rawValue, roles: [role]) }
        host = try TrailHost(store: store, limits: config.limits)
        // The shipped rules and queries, from the package root (tests run there).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        state = APIState(store: store, host: host, config: config, rulesDirectory: root + "/rules", queriesDirectory: root + "/queries")
    }

    func app() -> some ApplicationProtocol { Application(router: SealtrailAPI.router(state)) }

    func headers(_ role: String?, _ extra: [(String, String)] = []) -> HTTPFields {
        var h = HTTPFields()
        if let role { h[.authorization] = "Bearer " + (secrets[role] ?? role) }
        for (k, v) in extra { h[HTTPField.Name(k)!] = v }
        return h
    }

    func count(_ sql: String) throws -> Int64 {
        let r = try TrailIndexCount.count(store: store, sql: sql)
        return r
    }
}

/// Counts rows through the index (brought up to date first).
import TrailIndex
enum TrailIndexCount {
    static func count(store: Store, sql: String) throws -> Int64 {
        _ = try TrailIndex(store: store).catchUp()
        let r = try QueryRunner(indexPath: TrailIndex.path(store.layout)).run(sql: sql)
        guard case let .int(n) = r.rows.first?.first else { return -1 }
        return n
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue? { try? JSONParser.parse(Array(text.utf8)) }
}

func line(_ id: String?, second: Int = 1, action: String = "card.detokenize", outcome: String = "success") -> String {
    let idPart = id.map { "\"id\":\"\($0)\"," } ?? ""
    return "{\(idPart)\"time\":\"2026-11-20T10:00:\(String(format: "%02d", second))Z\",\"actor\":\"user:u-1\",\"action\":\"\(action)\",\"resource\":\"card:9\",\"outcome\":\"\(outcome)\",\"ip\":\"203.0.113.9\"}"
}
