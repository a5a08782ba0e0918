import Foundation
import Hummingbird
import TrailModel

/// What the API answers when something is refused or fails: a status and a JSON body
/// `{"error": code, "message": text}` (plus `Retry-After` for 429 and `WWW-Authenticate` for 401).
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var retryAfter: Int?
    /// Extra members of the JSON body (a rejected batch's bad lines, say).
    public var details: [(String, JSONValue)] = []

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status; self.code = code; self.message = message; self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func unauthorized(_ m: String) -> APIError { APIError(.unauthorized, "unauthorized", m) }
    static func forbidden(_ m: String) -> APIError { APIError(.forbidden, "forbidden", m) }
    static func badRequest(_ m: String) -> APIError { APIError(.badRequest, "bad_request", m) }
    static func notFound(_ m: String) -> APIError { APIError(.notFound, "not_found", m) }

    func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"sealtrail\"" }
        let body: JSONValue = .object([("error", .string(code)), ("message", .string(message))] + details)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encode(body) + [0x0A])))
    }
}

/// Errors of the server's own setup (config, tokens).
public enum ServerError: Error, CustomStringConvertible {
    case config(path: String, reason: String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .config(path, reason): return "\(path): \(reason)"
        case let .invalid(reason): return reason
        }
    }
}
