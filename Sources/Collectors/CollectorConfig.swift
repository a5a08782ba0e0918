import Foundation
import TrailModel
import Yams

/// A collector config file (YAML): the sources, each with its format, time zone and field overrides.
///
/// ```yaml
/// sources:
///   payments-api:
///     format: app-json
///     timezone: Europe/Berlin      # for times written without a zone
///     fields:                      # overrides; a string or a list of candidate paths
///       actor: [user.email, user.id]
///       action: event
/// ```
public struct CollectorConfig: Sendable {
    /// One configured source, validated.
    public struct Source: Sendable {
        public var name: String
        public var format: String
        public var timeZone: TimeZone?
        public var mapping: FieldMapping
        public var paths: [String]
        /// nginx `log_format` string for format `nginx-custom`.
        public var logFormat: String?

        /// The parser this source's settings describe.
        public func parser() throws -> RecordParser {
            try Formats.parser(format, mapping: mapping, logFormat: logFormat)
        }
    }

    public var sources: [String: Source]

    /// Formats this build can read.
    public static var formats: [String] { Formats.names }

    private struct RawFile: Decodable { var sources: [String: RawSource]? }
    private struct RawSource: Decodable {
        var format: String?
        var timezone: String?
        var fields: [String: StringOrList]?
        var paths: StringOrList?
        var logFormat: String?
    }
    private enum StringOrList: Decodable {
        case one(String), many([String])
        init(from d: Decoder) throws {
            let c = try d.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .one(s) } else { self = .many(try c.decode([String].self)) }
        }
        var list: [String] { switch self { case let .one(s): return [s]; case let .many(l): return l } }
    }

    /// An error naming the file, the field and what is wrong.
    public struct ConfigError: Error, CustomStringConvertible {
        public var file: String
        public var field: String
        public var reason: String
        public var description: String { "\(file): \(field): \(reason)" }
    }

    /// Reads and validates a config file.
    public static func load(path: String) throws -> CollectorConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, field: "-", reason: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> CollectorConfig {
        let raw: RawFile
        do { raw = try YAMLDecoder().decode(RawFile.self, from: text) } catch {
            throw ConfigError(file: file, field: "-", reason: Self.describe(error))
        }
        var out: [String: Source] = [:]
        for (name, s) in raw.sources ?? [:] {
            let here = "sources.\(name)"
            do { try Names.validateSource(name) } catch { throw ConfigError(file: file, field: here, reason: "\(error)") }
            let format = s.format ?? "app-json"
            guard formats.contains(format) else {
                throw ConfigError(file: file, field: here + ".format", reason: "unknown format '\(format)' (known: \(formats.joined(separator: ", ")))")
            }
            var zone: TimeZone?
            if let tz = s.timezone {
                guard let z = TimeZone(identifier: tz) else { throw ConfigError(file: file, field: here + ".timezone", reason: "unknown time zone '\(tz)'") }
                zone = z
            }
            var mapping = FieldMapping.appJSON
            for (field, paths) in s.fields ?? [:] {
                guard FieldMapping.fieldNames.contains(field) else {
                    throw ConfigError(file: file, field: here + ".fields.\(field)", reason: "unknown event field (known: \(FieldMapping.fieldNames.joined(separator: ", ")))")
                }
                let list = paths.list
                guard !list.isEmpty, list.allSatisfy({ !$0.isEmpty }) else {
                    throw ConfigError(file: file, field: here + ".fields.\(field)", reason: "needs at least one non-empty path")
                }
                mapping.set(field, list)
            }
            if format == "nginx-custom" {
                guard let lf = s.logFormat else {
                    throw ConfigError(file: file, field: here + ".logFormat", reason: "format nginx-custom needs a log_format string")
                }
                do { _ = try AccessLogParser(logFormat: lf) } catch {
                    throw ConfigError(file: file, field: here + ".logFormat", reason: "\(error)")
                }
            }
            out[name] = Source(name: name, format: format, timeZone: zone, mapping: mapping, paths: s.paths?.list ?? [],
                               logFormat: s.logFormat)
        }
        return CollectorConfig(sources: out)
    }

    private static func describe(_ error: Error) -> String {
        if case let DecodingError.typeMismatch(_, ctx) = error { return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))" }
        if case let DecodingError.dataCorrupted(ctx) = error { return "invalid at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)" }
        if let y = error as? YamlError { return "\(y)" }
        return "\(error)"
    }
}
