import Collectors
import Foundation
import Sealing
import TrailModel

enum VerifyingKeyLoader {
    /// Reads a PEM public key, or a raw 32-byte `.pub` file.
    static func load(_ path: String) throws -> VerifyingKey {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if data.count == 32 { return try VerifyingKey(raw: Array(data)) }
        return try VerifyingKey(pem: String(decoding: data, as: UTF8.self))
    }
}

/// A source's settings from the command line and, when given, its collector config entry.
struct SourceSettings {
    var format: String
    var mapping = FieldMapping.appJSON
    var timeZone: TimeZone?
    var logFormat: String?
    /// The source's `paths` (files or globs) from the config.
    var paths: [String] = []

    /// Files named on the command line, else the config's paths with globs expanded (sorted).
    func inputs(_ given: [String]) throws -> [String] {
        if !given.isEmpty { return given }
        let out = Paths.expand(paths)
        guard !out.isEmpty else {
            throw CLIError(paths.isEmpty ? "no input files (name them, use '-' for standard input, or give paths in the collector config)"
                                         : "no file matches the config's paths \(paths.joined(separator: ", "))")
        }
        return out
    }

    /// `--format` wins over the config's format; the config supplies mapping, zone and log format.
    static func resolve(source: String, format: String?, config: String?) throws -> SourceSettings {
        try Names.validateSource(source)
        var s = SourceSettings(format: format ?? "app-json")
        if let config {
            let cfg = try CollectorConfig.load(path: config)
            guard let src = cfg.sources[source] else { throw CLIError("\(config): no source named '\(source)'") }
            (s.mapping, s.timeZone, s.logFormat, s.paths) = (src.mapping, src.timeZone, src.logFormat, src.paths)
            if format == nil { s.format = src.format }
        }
        return s
    }
}
