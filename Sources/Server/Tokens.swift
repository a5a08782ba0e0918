#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Sealing
import SegmentStore
import TrailModel

/// What an API token may do. Least privilege: each role is the smallest set its job needs.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Sends events (`POST /v1/events`), nothing else.
    case ingest
    /// Reads the trail: queries, events with proofs, checkpoints, consistency, verification status.
    case investigate
    /// Builds and downloads evidence packs, rule coverage, and reads checkpoints and proofs.
    case compliance
    /// Everything, including running a verification and sealing.
    case admin

    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
}

/// One action of the API, checked against the caller's roles.
public enum Permission: String, Sendable {
    case ingest, query, readTrail, coverage, evidence, runVerify, seal

    /// The roles that grant this permission.
    public var roles: Set<Role> {
        switch self {
        case .ingest: return [.ingest, .admin]
        case .query: return [.investigate, .admin]
        case .readTrail: return [.investigate, .compliance, .admin]
        case .coverage, .evidence: return [.compliance, .admin]
        case .runVerify, .seal: return [.admin]
        }
    }
}

/// An API token as stored: its name, roles and the SHA-256 of its secret (never the secret).
public struct APIToken: Sendable, Codable, Equatable {
    public var name: String
    public var roles: [Role]
    public var sha256: String
    public var created: String
    public var revoked: String?

    public func may(_ p: Permission) -> Bool { revoked == nil && !p.roles.isDisjoint(with: roles) }
}

/// The API tokens of a store (`state/api-tokens.json`, mode 0600). Secrets are shown once, when made,
/// and kept only as SHA-256 hashes; a presented secret is hashed and looked up.
public struct TokenStore: Sendable {
    public let path: String
    public private(set) var tokens: [APIToken]

    public static func path(_ layout: StoreLayout) -> String { layout.state + "/api-tokens.json" }

    public init(layout: StoreLayout) throws {
        path = Self.path(layout)
        guard FS.exists(path) else { tokens = []; return }
        do {
            tokens = try JSONDecoder().decode(File.self, from: Data(try FS.read(path))).tokens
        } catch let e as StoreError {
            throw e
        } catch {
            throw ServerError.config(path: path, reason: "not a token file: \(error)")
        }
    }

    struct File: Codable { var format = "sealtrail-api-tokens/1"; var tokens: [APIToken] }

    /// Makes a token; returns its secret (`st_` and 43 base64url characters of 32 random bytes).
    public mutating func add(name: String, roles: [Role], now: Timestamp = .now) throws -> String {
        guard !name.isEmpty, name.utf8.count <= 64, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) else {
            throw ServerError.invalid("token name must be 1-64 printable ASCII characters without spaces or quotes")
        }
        guard !roles.isEmpty else { throw ServerError.invalid("a token needs at least one role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))") }
        guard !tokens.contains(where: { $0.name == name && $0.revoked == nil }) else {
            throw ServerError.invalid("a token named '\(name)' exists (revoke it first)")
        }
        let secret = "st_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        tokens.append(APIToken(name: name, roles: Array(Set(roles)).sorted(), sha256: Self.hash(secret), created: now.rfc3339, revoked: nil))
        try save()
        return secret
    }

    /// Revokes the live token named `name`.
    public mutating func revoke(name: String, now: Timestamp = .now) throws {
        guard let i = tokens.firstIndex(where: { $0.name == name && $0.revoked == nil }) else {
            throw ServerError.invalid("no live token named '\(name)'")
        }
        tokens[i].revoked = now.rfc3339
        try save()
    }

    /// The live token whose secret is `secret`, or nil.
    public func authenticate(_ secret: String) -> APIToken? {
        let h = Self.hash(secret)
        return tokens.first { $0.revoked == nil && $0.sha256 == h }
    }

    static func hash(_ secret: String) -> String { Hash32.sha256(Array(secret.utf8)).hex }

    private func save() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FS.mkdirs(FS.parent(path))
        try FS.writeAtomically(path, Array(try enc.encode(File(tokens: tokens))), mode: 0o600)
    }
}
