import Foundation
import Hummingbird
import Logging
import SegmentStore

/// Authenticates every request but the open ones, applies the per-token rate limit, and turns every
/// error into the API's JSON error body, so a bad request never takes the server down.
struct Guard: RouterMiddleware {
    typealias Context = APIContext
    let state: APIState

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        let response = await respond(request, context: context, next: next)
        let route = context.endpointPath ?? "unmatched"
        state.metrics.request(method: request.method.rawValue, route: route, status: Int(response.status.code), duration: clock.now - started)
        if response.status.code >= 500 || response.status == .unauthorized || response.status == .forbidden {
            context.logger.info("request refused", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                                                              "status": "\(response.status.code)", "token": "\(context.token?.name ?? "-")"])
        }
        return response
    }

    private func respond(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async -> Response {
        do {
            var context = context
            if !SealtrailAPI.open.contains(request.uri.path) {
                guard let header = request.headers[.authorization] else { throw APIError.unauthorized("a bearer token is required") }
                guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                    throw APIError.unauthorized("use 'Authorization: Bearer <token>'")
                }
                guard let token = try state.tokens.authenticate(String(header.dropFirst(7))) else {
                    throw APIError.unauthorized("unknown or revoked token")
                }
                if let wait = state.limiter.take(token.name) {
                    throw APIError(.tooManyRequests, "rate_limited", "token '\(token.name)' is over \(state.config.rateLimit.requestsPerSecond) requests/s",
                                   retryAfter: max(1, Int(wait.rounded(.up))))
                }
                context.token = token
            }
            return try await next(request, context)
        } catch let e as APIError {
            return e.response()
        } catch let e as HTTPError {
            let code = e.status == .notFound ? "not_found" : e.status == .methodNotAllowed ? "method_not_allowed" : "http_\(e.status.code)"
            return APIError(e.status, code, e.body ?? e.status.reasonPhrase).response()
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(.internalServerError, "internal", "\(error)").response()
        }
    }
}

/// The token file, re-read when it changes (tokens added or revoked by `sealtrail token` apply at once).
final class TokenCache: @unchecked Sendable {
    private let layout: StoreLayout
    private let lock = NSLock()
    private var loaded: (stamp: String, store: TokenStore)?

    init(layout: StoreLayout) { self.layout = layout }

    func authenticate(_ secret: String) throws -> APIToken? {
        let path = TokenStore.path(layout)
        var st = stat()
        let stamp = stat(path, &st) == 0 ? "\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec).\(st.st_size).\(st.st_ino)" : "none"
        return try lock.withLock {
            if loaded?.stamp != stamp { loaded = (stamp, try TokenStore(layout: layout)) }
            return loaded!.store.authenticate(secret)
        }
    }
}

/// Per-token token buckets: `rate` requests a second on average, bursts up to `burst`.
final class RateLimiter: @unchecked Sendable {
    private let rate: Double, burst: Double
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Double)] = [:]

    init(rate: Double, burst: Double) { self.rate = rate; self.burst = burst }

    /// nil when a request may go now (and counts it); else the seconds to wait.
    func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        lock.withLock {
            var b = buckets[key] ?? (burst, now)
            b.tokens = min(burst, b.tokens + (now - b.at) * rate)
            b.at = now
            defer { buckets[key] = b }
            if b.tokens >= 1 { b.tokens -= 1; return nil }
            return (1 - b.tokens) / rate
        }
    }
}
