import Collectors
import Dispatch
import Foundation
import Gzip
import Hummingbird
import NIOCore
import Rules
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

/// The request context: Hummingbird's core storage plus the caller's token once authenticated.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var token: APIToken?
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        token = nil
    }

    /// The caller, when allowed to do `p`; else 403 (401 when no token was presented).
    func require(_ p: Permission) throws -> APIToken {
        guard let token else { throw APIError.unauthorized("a bearer token is required") }
        guard token.may(p) else {
            throw APIError.forbidden("token '\(token.name)' (roles: \(token.roles.map(\.rawValue).joined(separator: ", "))) may not \(p.rawValue)")
        }
        return token
    }
}

/// Everything the routes share.
public final class APIState: Sendable {
    public let store: Store
    public let host: TrailHost
    public let config: ServeConfig
    public let rulesDirectory: String
    public let queriesDirectory: String
    let tokens: TokenCache
    let limiter: RateLimiter
    let jobs: EvidenceJobs
    let verifyStatus = VerifyStatus()
    public let metrics = ServerMetrics()

    public init(store: Store, host: TrailHost, config: ServeConfig, rulesDirectory: String = "rules", queriesDirectory: String = "queries") {
        self.store = store
        self.host = host
        self.config = config
        self.rulesDirectory = rulesDirectory
        self.queriesDirectory = queriesDirectory
        tokens = TokenCache(layout: store.layout)
        limiter = RateLimiter(rate: config.rateLimit.requestsPerSecond, burst: config.rateLimit.burst)
        jobs = EvidenceJobs(store: store, rulesDirectory: rulesDirectory)
    }
}

/// Builds the router of the API (docs/api.md, docs/openapi.yaml).
public enum SealtrailAPI {
    /// Paths answered without a token.
    static let open: Set<String> = ["/healthz", "/readyz", "/metrics"]

    typealias Handler = @Sendable (Request, APIContext, APIState) async throws -> Response

    /// Every route of the API: method, path (Hummingbird's `:name` parameters) and handler. The
    /// router is built from this list, and a test checks it against docs/openapi.yaml both ways.
    static let endpoints: [(method: HTTPRequest.Method, path: String, handler: Handler)] = [
        (.get, "/healthz", { _, _, _ in json(.object([("status", .string("ok"))])) }),
        (.get, "/readyz", { _, _, state in await ready(state) }),
        (.get, "/metrics", { _, _, state in
            state.metrics.storage(wal: state.host.walBytes(), free: state.host.freeDiskBytes())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: state.metrics.registry.emitToBuffer())))
        }),
        (.post, "/v1/events", { r, c, s in try await ingest(r, c, s) }),
        (.post, "/v1/query", { r, c, s in try await query(r, c, s) }),
        (.get, "/v1/queries", { _, c, s in try savedQueries(c, s) }),
        (.get, "/v1/events/:ref", { _, c, s in try await event(c, s) }),
        (.get, "/v1/checkpoint", { _, c, s in try await checkpoint(c, s) }),
        (.get, "/v1/consistency", { r, c, s in try await consistency(r, c, s) }),
        (.get, "/v1/verify", { _, c, s in
            _ = try c.require(.readTrail)
            return json(s.verifyStatus.json())
        }),
        (.post, "/v1/verify", { _, c, s in try await verify(c, s) }),
        (.post, "/v1/seal", { _, c, s in try await seal(c, s) }),
        (.get, "/v1/coverage", { r, c, s in try await coverage(r, c, s) }),
        (.post, "/v1/evidence", { r, c, s in try await startEvidence(r, c, s) }),
        (.get, "/v1/evidence/:id", { _, c, s in try await evidenceStatus(c, s) }),
        (.get, "/v1/evidence/:id/pack", { _, c, s in try await evidencePack(c, s) }),
    ]

    public static func router(_ state: APIState) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.middlewares.add(Guard(state: state))
        for e in endpoints {
            let handler = e.handler
            router.on(RouterPath(e.path), method: e.method) { request, context in try await handler(request, context, state) }
        }
        return router
    }

    static func ready(_ state: APIState) async -> Response {
        let closed = await state.host.isClosed
        let wal = state.host.walBytes()
        let free = state.host.freeDiskBytes() ?? .max
        let ready = !closed && wal <= state.config.limits.maxWALBytes && free >= state.config.limits.minFreeDiskBytes
        return json(.object([("ready", .bool(ready)), ("walBytes", .number(String(wal))), ("freeDiskBytes", .number(String(free)))]),
                    status: ready ? .ok : .serviceUnavailable)
    }

    static func savedQueries(_ context: APIContext, _ state: APIState) throws -> Response {
        _ = try context.require(.query)
        let saved = try SavedQuery.load(directory: state.queriesDirectory).values.sorted { $0.name < $1.name }
        return json(.array(saved.map { q in .object([("name", .string(q.name)), ("description", .string(q.description))]) }))
    }

    static func seal(_ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.seal)
        let n = try await timedSeal(state)
        try await audit(state, token, "api.seal", resource: "trail", attrs: [("seals", .number(String(n)))])
        return json(.object([("seals", .number(String(n)))]))
    }

    /// Seals and records how long it took.
    static func timedSeal(_ state: APIState) async throws -> Int {
        let clock = ContinuousClock()
        let started = clock.now
        let n = try await state.host.seal()
        state.metrics.sealed(duration: clock.now - started)
        return n
    }

    // MARK: Helpers

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encode(v) + [0x0A])))
    }

    static func encoded<T: Encodable>(_ v: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(try enc.encode(v)) + [0x0A])))
    }

    /// Runs blocking work (SQLite, file reads, proofs) off the server's event loops.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global().async { c.resume(with: Result { try work() }) }
        }
    }

    /// A path parameter that names one thing: no separators, no dot-dot, no control bytes.
    static func pathParameter(_ context: APIContext, _ name: String) throws -> String {
        guard let v = context.parameters.get(name) else { throw APIError.badRequest("missing path parameter '\(name)'") }
        guard !v.isEmpty, v.utf8.count <= 256, v != ".", v != "..", !v.contains("/"), !v.contains("\\"),
              !v.contains(".."), v.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
            throw APIError.badRequest("path parameter '\(name)' is not a valid name")
        }
        return v
    }

    static func readBody(_ request: Request, _ state: APIState) async throws -> [UInt8] {
        let limits = state.config.limits
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body_too_large", "the body is larger than \(limits.maxBodyBytes) bytes")
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the body is larger than \(limits.maxBodyBytes) bytes")
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity": return bytes
        case "gzip":
            let out: [UInt8]
            do { out = try Gzip.decompress(bytes, limit: limits.maxDecodedBytes) } catch let GzipError.tooLarge(limit) {
                throw APIError(.contentTooLarge, "body_too_large", "the gzip'd body inflates past \(limit) bytes")
            } catch {
                throw APIError.badRequest("the body is not valid gzip: \(error)")
            }
            return out
        case let other?: throw APIError(.unsupportedMediaType, "unsupported_encoding", "Content-Encoding '\(other)' is not supported (use gzip)")
        }
    }

    static func audit(_ state: APIState, _ token: APIToken, _ action: String, resource: String, outcome: Outcome = .success,
                      attrs: [(String, JSONValue)] = []) async throws {
        let now = Timestamp.now
        let all: [(String, JSONValue)] = [("token", .string(token.name))] + attrs
        let raw: JSONValue = .object([("action", .string(action)), ("resource", .string(resource)), ("time", .string(now.rfc3339))] + all)
        let event = TrailEvent(id: "api-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                               format: "sealtrail-audit", actor: "token:" + token.name, action: action, resource: resource,
                               outcome: outcome, origin: nil, session: nil, attributes: all,
                               raw: String(decoding: CanonicalJSON.encode(raw), as: UTF8.self))
        try await state.host.record(event)
    }

    static func time(_ request: Request, _ name: String, required: Bool = true) throws -> Timestamp? {
        guard let s = request.uri.queryParameters.get(name) else {
            if required { throw APIError.badRequest("query parameter '\(name)' is required (RFC 3339 or YYYY-MM-DD)") }
            return nil
        }
        let text = s.count == 10 ? s + "T00:00:00Z" : s
        guard let p = TimeParser.parseISO(text[...].utf8), p.hadZone else {
            throw APIError.badRequest("'\(name)' is '\(s)', not an RFC 3339 time with a zone or a YYYY-MM-DD date")
        }
        return p.timestamp
    }
}
