import Foundation
import TrailModel
import Yams

/// `sealtrail serve --config FILE` (YAML; every key optional, see docs/api.md):
///
/// ```yaml
/// listen: 127.0.0.1:8080
/// tls: {cert: /etc/sealtrail/server.pem, key: /etc/sealtrail/server.key}
/// limits: {maxBodyBytes: 16777216, maxDecodedBytes: 67108864, maxEventsPerRequest: 100000,
///          maxWALBytes: 2147483648, minFreeDiskBytes: 1073741824}
/// rateLimit: {requestsPerSecond: 50, burst: 100}        # per token
/// schedules: {seal: "*/5 * * * *", sweep: "CRON_TZ=Europe/Berlin 30 2 * * *", verify: "@daily"}
/// ```
public struct ServeConfig: Sendable, Codable, Equatable {
    public var listen: String = "127.0.0.1:8080"
    public var tls: TLSFiles?
    public var limits: Limits = Limits()
    public var rateLimit: RateLimit = RateLimit()
    public var schedules: [String: String] = [:]

    public struct TLSFiles: Sendable, Codable, Equatable {
        public var cert: String
        public var key: String
    }

    public struct Limits: Sendable, Codable, Equatable {
        /// A request body past this many bytes is refused with 413 before it is read.
        public var maxBodyBytes: Int = 16 << 20
        /// A gzip'd body that inflates past this is refused with 413.
        public var maxDecodedBytes: Int = 64 << 20
        public var maxEventsPerRequest: Int = 100_000
        /// Past this many bytes of open WALs, ingest answers 429 until a seal brings it down.
        public var maxWALBytes: Int64 = 2 << 30
        /// Below this much free disk, ingest answers 429.
        public var minFreeDiskBytes: Int64 = 1 << 30
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case maxBodyBytes, maxDecodedBytes, maxEventsPerRequest, maxWALBytes, minFreeDiskBytes }

        public init(from decoder: Decoder) throws {
            try refuseUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
            maxDecodedBytes = try c.decodeIfPresent(Int.self, forKey: .maxDecodedBytes) ?? max(maxDecodedBytes, maxBodyBytes)
            maxEventsPerRequest = try c.decodeIfPresent(Int.self, forKey: .maxEventsPerRequest) ?? maxEventsPerRequest
            maxWALBytes = try c.decodeIfPresent(Int64.self, forKey: .maxWALBytes) ?? maxWALBytes
            minFreeDiskBytes = try c.decodeIfPresent(Int64.self, forKey: .minFreeDiskBytes) ?? minFreeDiskBytes
        }
    }

    public struct RateLimit: Sendable, Codable, Equatable {
        public var requestsPerSecond: Double = 50
        public var burst: Double = 100
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case requestsPerSecond, burst }

        public init(from decoder: Decoder) throws {
            try refuseUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            requestsPerSecond = try c.decodeIfPresent(Double.self, forKey: .requestsPerSecond) ?? requestsPerSecond
            burst = try c.decodeIfPresent(Double.self, forKey: .burst) ?? burst
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case listen, tls, limits, rateLimit, schedules }

    public init(from decoder: Decoder) throws {
        try refuseUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? listen
        tls = try c.decodeIfPresent(TLSFiles.self, forKey: .tls)
        limits = try c.decodeIfPresent(Limits.self, forKey: .limits) ?? limits
        rateLimit = try c.decodeIfPresent(RateLimit.self, forKey: .rateLimit) ?? rateLimit
        schedules = try c.decodeIfPresent([String: String].self, forKey: .schedules) ?? [:]
    }

    /// The jobs a schedule may name.
    public static let jobs: Set<String> = ["seal", "sweep", "verify"]

    /// Reads and checks a config file; errors name the file and what is wrong.
    public static func load(path: String) throws -> ServeConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ServerError.config(path: path, reason: "cannot be read as UTF-8 text")
        }
        let config: ServeConfig
        do {
            config = try YAMLDecoder().decode(ServeConfig.self, from: text.isEmpty ? "{}" : text)
        } catch {
            throw ServerError.config(path: path, reason: "\(error)")
        }
        try config.check(path: path)
        return config
    }

    public func check(path: String = "config") throws {
        _ = try hostAndPort(path: path)
        for (job, text) in schedules {
            guard Self.jobs.contains(job) else { throw ServerError.config(path: path, reason: "schedules: unknown job '\(job)' (use seal, sweep or verify)") }
            do { _ = try CronSchedule(text) } catch { throw ServerError.config(path: path, reason: "schedules.\(job): \(error)") }
        }
        let l = limits
        guard l.maxBodyBytes > 0, l.maxDecodedBytes >= l.maxBodyBytes, l.maxEventsPerRequest > 0, l.maxWALBytes > 0, l.minFreeDiskBytes >= 0 else {
            throw ServerError.config(path: path, reason: "limits: sizes must be positive and maxDecodedBytes at least maxBodyBytes")
        }
        guard rateLimit.requestsPerSecond > 0, rateLimit.burst >= 1 else {
            throw ServerError.config(path: path, reason: "rateLimit: requestsPerSecond must be positive and burst at least 1")
        }
    }

    /// `listen` split into host and port.
    public func hostAndPort(path: String = "config") throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port) else {
            throw ServerError.config(path: path, reason: "listen: '\(listen)' is not HOST:PORT")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

/// Any key a config section does not know is a mistake (a typo would otherwise be ignored silently).
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func refuseUnknownKeys<K: CodingKey & CaseIterable>(_ decoder: Decoder, _ known: K.Type) throws {
    let names = Set(K.allCases.map(\.stringValue))
    for key in try decoder.container(keyedBy: AnyKey.self).allKeys where !names.contains(key.stringValue) {
        let at = (decoder.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
        throw ServerError.invalid("unknown key '\(at)' (known here: \(names.sorted().joined(separator: ", ")))")
    }
}
