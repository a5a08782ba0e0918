import ArgumentParser
import Dispatch
import Foundation
import Logging
import SegmentStore
import Server
import TrailIndex
import TrailModel

/// `sealtrail serve`: the HTTP API (docs/api.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: ingest, queries, proofs, checkpoints, coverage, evidence packs (docs/api.md).",
        discussion: "Tokens come from 'sealtrail token add'. SIGTERM or SIGINT drains requests, seals open segments and exits 0.")

    @OptionGroup var options: StoreOptions
    @Option(help: "Server config (YAML: listen, tls, limits, rateLimit, schedules).") var config: String?
    @Option(help: "Listen address HOST:PORT (overrides the config).") var listen: String?
    @Option(help: "Rules directory (coverage and evidence packs).") var rules: String = "rules"
    @Option(help: "Saved queries directory.") var queries: String = "queries"

    func run() throws {
        let (store, cfg) = try reportingErrors(code: 2) { () -> (Store, ServeConfig) in
            var cfg = try config.map { try ServeConfig.load(path: $0) } ?? ServeConfig()
            if let listen { cfg.listen = listen; try cfg.check(path: "--listen") }
            return (try Store(path: try options.path()), cfg)
        }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "sealtrail.serve")
        logger.logLevel = .info
        let rulesDir = rules, queriesDir = queries
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await SealtrailServer.run(store: store, config: cfg, rulesDirectory: rulesDir, queriesDirectory: queriesDir, logger: logger) { address in
                    print("sealtrail serve: listening on \(address), store \(store.layout.root)")
                    fflush(stdout)
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let e = outcome.error {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(1)
        }
        print("sealtrail serve: stopped; open segments sealed")
    }

    final class Outcome: @unchecked Sendable { var error: Error? }
}

/// `sealtrail token add|list|revoke`: API tokens (stored as SHA-256 hashes only).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API tokens for 'sealtrail serve': add (prints the secret once), list, revoke.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token; its secret is printed once and stored only as a hash.")
        @OptionGroup var options: StoreOptions
        @Option(help: "Token name (who or what uses it).") var name: String
        @Option(parsing: .upToNextOption, help: "Roles: ingest, investigate, compliance, admin.") var role: [String]
        func run() throws {
            let store = try reportingErrors(code: 2) { try Store(path: try options.path()) }
            let roles = try reportingErrors(code: 2) {
                try role.map { r in
                    guard let v = Role(rawValue: r) else { throw CLIError("unknown role '\(r)' (use ingest, investigate, compliance, admin)") }
                    return v
                }
            }
            var tokens = try reportingErrors(code: 2) { try TokenStore(layout: store.layout) }
            let secret = try reportingErrors(code: 2) { try tokens.add(name: name, roles: roles) }
            try recordTokenEvent(store: store, action: "api.token.add", name: name, roles: roles)
            print(secret)
            note("token '\(name)' (\(roles.map(\.rawValue).sorted().joined(separator: ", "))): the secret above is shown only now")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names, roles, dates; never secrets).")
        @OptionGroup var options: StoreOptions
        func run() throws {
            let store = try reportingErrors(code: 2) { try Store(path: try options.path()) }
            let tokens = try reportingErrors { try TokenStore(layout: store.layout) }
            printTable([["name", "roles", "created", "revoked"]] + tokens.tokens.map {
                [$0.name, $0.roles.map(\.rawValue).joined(separator: ","), $0.created, $0.revoked ?? "-"]
            })
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token (a running server refuses it at once).")
        @OptionGroup var options: StoreOptions
        @Option(help: "Token name.") var name: String
        func run() throws {
            let store = try reportingErrors(code: 2) { try Store(path: try options.path()) }
            var tokens = try reportingErrors(code: 2) { try TokenStore(layout: store.layout) }
            try reportingErrors(code: 2) { try tokens.revoke(name: name) }
            try recordTokenEvent(store: store, action: "api.token.revoke", name: name, roles: [])
            note("token '\(name)' revoked")
        }
    }
}

/// Token changes are themselves audit events of the trail.
private func recordTokenEvent(store: Store, action: String, name: String, roles: [Role]) throws {
    let now = Timestamp.now
    let actor = Investigation.defaultActor()
    var attrs: [(String, JSONValue)] = [("token", .string(name))]
    if !roles.isEmpty { attrs.append(("roles", .array(roles.map { .string($0.rawValue) }))) }
    let raw: JSONValue = .object([("action", .string(action)), ("actor", .string(actor)), ("time", .string(now.rfc3339))] + attrs)
    let event = TrailEvent(id: "token-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                           format: "sealtrail-audit", actor: actor, action: action, resource: "api-token:" + name, outcome: .success,
                           origin: ProcessInfo.processInfo.hostName, session: nil, attributes: attrs,
                           raw: String(decoding: CanonicalJSON.encode(raw), as: UTF8.self))
    if let n = try AuditSpool.record(store: store, event) { note("note: \(n)") }
}
