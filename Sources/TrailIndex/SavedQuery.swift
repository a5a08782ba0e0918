import Foundation
import GRDB
import TrailModel

/// A saved investigation query: a `queries/<name>.sql` file whose header names it and its
/// parameters.
///
/// ```sql
/// -- name: actor-timeline
/// -- description: Everything one actor did in a period, oldest first.
/// -- params: actor:text, from:time, to:time, limit:int=1000
/// -- controls: pci-dss@4.0:10.2.1, soc2@2017:CC7.2
/// SELECT time, action, resource, outcome FROM events WHERE actor = :actor AND time >= :from AND time < :to ...
/// ```
/// Parameter types: `text`, `int`, `real`, `time` (RFC 3339 or `YYYY-MM-DD`, stored as the index's
/// UTC text form). `=value` gives a default; parameters without one are required.
public struct SavedQuery: Sendable {
    public struct Parameter: Sendable, Equatable {
        public enum Kind: String, Sendable { case text, int, real, time }
        public var name: String
        public var kind: Kind
        public var defaultValue: String?
    }

    public var name: String
    public var description: String
    public var parameters: [Parameter]
    public var controls: [String]
    public var sql: String
    public var path: String

    /// Parses one saved query file.
    public static func parse(_ text: String, path: String) throws -> SavedQuery {
        var fields: [String: (String, Int)] = [:]
        var body: [Substring] = []
        var inHeader = true
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if inHeader, line.hasPrefix("--") {
                let content = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                guard let colon = content.firstIndex(of: ":") else { continue }
                let key = content[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if let old = fields[key] { fields[key] = (old.0 + " " + value, old.1) } else { fields[key] = (value, n + 1) }
                continue
            }
            if inHeader && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            inHeader = false
            body.append(line)
        }
        func need(_ k: String) throws -> String {
            guard let v = fields[k]?.0, !v.isEmpty else { throw IndexError.badSavedQuery(path: path, line: 1, reason: "header has no '-- \(k):' line") }
            return v
        }
        var params: [Parameter] = []
        if let (list, line) = fields["params"], !list.isEmpty, list != "none" {
            for item in list.split(separator: ",") {
                let spec = item.trimmingCharacters(in: .whitespaces)
                let (decl, def) = spec.split(separator: "=", maxSplits: 1).map(String.init).pair
                let parts = decl.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, let kind = Parameter.Kind(rawValue: parts[1]) else {
                    throw IndexError.badSavedQuery(path: path, line: line, reason: "parameter '\(spec)' must be NAME:TYPE[=DEFAULT] with TYPE text, int, real or time")
                }
                params.append(Parameter(name: parts[0], kind: kind, defaultValue: def))
            }
        }
        let sql = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !sql.isEmpty else { throw IndexError.badSavedQuery(path: path, line: 1, reason: "no SQL after the header") }
        let controls = (fields["controls"]?.0 ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return SavedQuery(name: try need("name"), description: try need("description"), parameters: params,
                          controls: controls, sql: sql, path: path)
    }

    /// Every `*.sql` in `directory`, by name. Two files with one name are an error.
    public static func load(directory: String) throws -> [String: SavedQuery] {
        var out: [String: SavedQuery] = [:]
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for file in names where file.hasSuffix(".sql") {
            let path = directory + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw IndexError.badSavedQuery(path: path, line: 0, reason: "not readable as UTF-8 text")
            }
            let q = try parse(text, path: path)
            if let other = out[q.name] { throw IndexError.badSavedQuery(path: path, line: 1, reason: "name '\(q.name)' is also used by \(other.path)") }
            out[q.name] = q
        }
        return out
    }

    /// Checks and types `given` (from `--param k=v`) against the declared parameters: unknown or
    /// missing names and values of the wrong type are errors that name the parameter.
    public func bind(_ given: [String: String]) throws -> StatementArguments {
        for k in given.keys where !parameters.contains(where: { $0.name == k }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw IndexError.badParameter("saved query '\(name)' has no parameter '\(k)'" + (known.isEmpty ? " (it takes none)" : " (it takes: \(known))"))
        }
        var values: [String: DatabaseValueConvertible?] = [:]
        for p in parameters {
            guard let text = given[p.name] ?? p.defaultValue else {
                throw IndexError.badParameter("saved query '\(name)' needs --param \(p.name)=<\(p.kind.rawValue)>")
            }
            values[p.name] = try Self.convert(text, kind: p.kind, name: p.name)
        }
        return StatementArguments(values)
    }

    static func convert(_ text: String, kind: Parameter.Kind, name: String) throws -> DatabaseValueConvertible? {
        switch kind {
        case .text: return text
        case .int:
            guard let v = Int64(text) else { throw IndexError.badParameter("parameter '\(name)' must be an integer, got '\(text)'") }
            return v
        case .real:
            guard let v = Double(text) else { throw IndexError.badParameter("parameter '\(name)' must be a number, got '\(text)'") }
            return v
        case .time:
            guard let t = TimeArgument.parse(text) else {
                throw IndexError.badParameter("parameter '\(name)' must be a time (RFC 3339 or YYYY-MM-DD), got '\(text)'")
            }
            return t.rfc3339
        }
    }
}

/// Times given on the command line: RFC 3339 with a zone, or a UTC date (its midnight).
public enum TimeArgument {
    public static func parse(_ text: String) -> Timestamp? {
        if text.utf8.count == 10, let p = TimeParser.parseISO((text + "T00:00:00Z")[...].utf8) { return p.timestamp }
        guard let p = TimeParser.parseISO(text[...].utf8), p.hadZone else { return nil }
        return p.timestamp
    }

    /// The exclusive end of a period: a date means the end of that day (the next midnight).
    public static func parseEnd(_ text: String) -> Timestamp? {
        guard let t = parse(text) else { return nil }
        return text.utf8.count == 10 ? Timestamp(micros: t.micros + 86_400_000_000) : t
    }
}

private extension Array where Element == String {
    var pair: (String, String?) { (self.first ?? "", count > 1 ? self[1] : nil) }
}
