import Foundation
import TrailModel

/// Which fields of which event formats hold personal data, and whose data they are: the compiled
/// form (`<store>/privacy.json`) of the `personalData:` YAML that `sealtrail privacy set` checks
/// and installs. `TrailWriter` loads it when it opens and encrypts every event of a listed format.
///
/// ```json
/// {"format":"sealtrail-privacy/1","formats":{"app-json":{"fields":["attributes.email"],
///  "subject":["attributes.customer_id","actor"],"subjectPrefix":"customer:"}}}
/// ```
public struct PersonalDataConfig: Codable, Sendable, Equatable {
    public static let formatName = "sealtrail-privacy/1"

    /// The rule for one event format.
    public struct Rule: Codable, Sendable, Equatable {
        /// Where the data subject's id is read: candidate paths, the first present non-empty scalar wins.
        public var subject: [String]
        /// Put before the id read from the event (e.g. `customer:`), so that ids of different kinds
        /// cannot name the same subject by accident. `sealtrail erase --subject` takes the prefixed id.
        public var subjectPrefix: String?
        /// The personal fields: `actor`, `action`, `resource`, `origin`, `session` or `attributes.<path>`.
        public var fields: [String]
        /// Where the rule was written (`file:line`), for messages.
        public var definedAt: String?

        public init(subject: [String], subjectPrefix: String? = nil, fields: [String], definedAt: String? = nil) {
            self.subject = subject; self.subjectPrefix = subjectPrefix; self.fields = fields; self.definedAt = definedAt
        }
    }

    public var format: String
    /// Event format (`app-json`, `cloudtrail`, …) → its rule.
    public var formats: [String: Rule]

    public init(formats: [String: Rule]) {
        format = Self.formatName
        self.formats = formats
    }

    /// Checks every path; throws `PersonalDataError.badConfig` naming the format and the field.
    public func validate(path: String) throws {
        guard format == Self.formatName else {
            throw PersonalDataError.badConfig(path: path, field: "format", reason: "'\(format)' is not \(Self.formatName)")
        }
        for (name, rule) in formats {
            if name.hasPrefix("sealtrail") {
                throw PersonalDataError.badConfig(path: path, field: "formats.\(name)", reason: "Sealtrail's own audit events cannot be encrypted")
            }
            guard !rule.subject.isEmpty else {
                throw PersonalDataError.badConfig(path: path, field: "formats.\(name).subject", reason: "name at least one path")
            }
            guard !rule.fields.isEmpty else {
                throw PersonalDataError.badConfig(path: path, field: "formats.\(name).fields", reason: "name at least one field")
            }
            for p in rule.subject {
                do { _ = try PersonalField(parsing: p, subject: true) } catch let reason as PersonalField.Invalid {
                    throw PersonalDataError.badConfig(path: path, field: "formats.\(name).subject", reason: reason.text)
                }
            }
            for p in rule.fields {
                do { _ = try PersonalField(parsing: p, subject: false) } catch let reason as PersonalField.Invalid {
                    throw PersonalDataError.badConfig(path: path, field: "formats.\(name).fields", reason: reason.text)
                }
            }
        }
    }

    /// The bytes of `privacy.json`: JSON with sorted keys, indented, with a final newline.
    public func encoded() throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try enc.encode(self)) + [0x0A]
    }

    /// The installed settings, or nil when the store has no `privacy.json`.
    public static func load(layout: StoreLayout) throws -> PersonalDataConfig? {
        let path = layout.privacyConfig
        guard FS.exists(path) else { return nil }
        let config: PersonalDataConfig
        do { config = try JSONDecoder().decode(PersonalDataConfig.self, from: Data(try FS.read(path))) } catch let e as StoreError {
            throw e
        } catch {
            throw PersonalDataError.badConfig(path: path, field: "(file)", reason: "not a valid privacy.json: \(error)")
        }
        try config.validate(path: path)
        return config
    }
}

extension StoreLayout {
    /// The personal-data settings in force (compiled by `sealtrail privacy set`).
    public var privacyConfig: String { root + "/privacy.json" }
}

/// A path to a personal value in an event: a top-level field or a member of `attributes`.
public enum PersonalField: Equatable, Sendable, CustomStringConvertible {
    case top(String)
    /// The path inside `attributes` (`attributes.card.holder` → `card.holder`).
    case attribute(String)

    /// Top-level fields that may hold personal data (`id`, times, `source`, `format` and `outcome`
    /// may not: they identify and order the record).
    public static let topFields = ["actor", "action", "resource", "origin", "session"]

    struct Invalid: Error { var text: String }

    /// Nil when `text` names a field that may hold personal data, else why not.
    public static func problem(_ text: String) -> String? {
        do { _ = try PersonalField(parsing: text, subject: false); return nil } catch let e as Invalid { return e.text } catch { return "\(error)" }
    }

    init(parsing text: String, subject: Bool) throws {
        if Self.topFields.contains(text) { self = .top(text); return }
        if text.hasPrefix("attributes.") {
            let rest = String(text.dropFirst("attributes.".count))
            guard !rest.isEmpty, !rest.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw Invalid(text: "'\(text)' has an empty path component")
            }
            if rest == "subjectRef" { throw Invalid(text: "'attributes.subjectRef' is where the blind index goes") }
            self = .attribute(rest)
            return
        }
        throw Invalid(text: "'\(text)' is not a field: use \(Self.topFields.joined(separator: ", ")) or attributes.<name>[.<name>…]")
    }

    public var description: String {
        switch self {
        case let .top(name): return name
        case let .attribute(path): return "attributes." + path
        }
    }

    /// The value at this path, or nil when absent.
    func value(in e: TrailEvent) -> JSONValue? {
        switch self {
        case let .top(name):
            return e.topField(name).map { .string($0) }
        case let .attribute(path):
            return JSONValue.object(e.attributes).value(atPath: path)
        }
    }

    /// Replaces the value at this path with `transform(value)` (nothing when absent or null).
    func replace(in e: inout TrailEvent, _ transform: (JSONValue) throws -> JSONValue) rethrows {
        switch self {
        case let .top(name):
            guard let v = e.topField(name) else { return }
            guard case let .string(s) = try transform(.string(v)) else { return }
            e.setTopField(name, s)
        case let .attribute(path):
            try Self.replace(in: &e.attributes, path: path, transform)
        }
    }

    /// Same lookup order as `JSONValue.value(atPath:)`: a member named by the whole path first,
    /// then the dotted path through nested objects.
    private static func replace(in members: inout [(String, JSONValue)], path: String,
                                _ transform: (JSONValue) throws -> JSONValue) rethrows {
        if let i = members.firstIndex(where: { $0.0 == path }) {
            if members[i].1 != .null { members[i].1 = try transform(members[i].1) }
            return
        }
        guard let dot = path.firstIndex(of: ".") else { return }
        let head = String(path[..<dot]), tail = String(path[path.index(after: dot)...])
        guard let i = members.firstIndex(where: { $0.0 == head }), case var .object(inner) = members[i].1 else { return }
        try replace(in: &inner, path: tail, transform)
        members[i].1 = .object(inner)
    }
}

extension TrailEvent {
    func topField(_ name: String) -> String? {
        switch name {
        case "actor": return actor
        case "action": return action
        case "resource": return resource
        case "origin": return origin
        case "session": return session
        default: return nil
        }
    }

    mutating func setTopField(_ name: String, _ value: String) {
        switch name {
        case "actor": actor = value
        case "action": action = value
        case "resource": resource = value
        case "origin": origin = value
        case "session": session = value
        default: break
        }
    }
}
