import Foundation
import TrailModel

/// A calendar period for retention: `7y`, `13m` (months), `90d`, `2w`. Years and months are
/// calendar arithmetic (29 February plus one year is 28 February; 31 January plus one month is the
/// last day of February); days and weeks are exact.
public struct RetentionPeriod: Codable, Sendable, Equatable, Comparable, CustomStringConvertible {
    public var months: Int
    public var days: Int

    public init(months: Int = 0, days: Int = 0) { self.months = months; self.days = days }

    /// Parses `<n><unit>` with unit `y`, `m` (months), `w` or `d`; nil for anything else.
    public init?(_ text: String) {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0, n < 10_000 else { return nil }
        switch unit {
        case "y": self.init(months: 12 * n)
        case "m": self.init(months: n)
        case "w": self.init(days: 7 * n)
        case "d": self.init(days: n)
        default: return nil
        }
    }

    public var description: String {
        if days == 0 { return months % 12 == 0 ? "\(months / 12)y" : "\(months)m" }
        if months == 0 { return days % 7 == 0 && days >= 7 ? "\(days / 7)w" : "\(days)d" }
        return "\(months)m\(days)d"
    }

    /// Roughly in days, for ordering and sanity checks (a month counts 30.44 days).
    public var approximateDays: Double { Double(months) * 30.436875 + Double(days) }

    public static func < (a: Self, b: Self) -> Bool { a.approximateDays < b.approximateDays }

    /// `t` plus this period.
    public func after(_ t: Timestamp) -> Timestamp {
        var r = t
        if months != 0 {
            let day = floorDivide(r.seconds, 86_400)
            let (y, m, d) = Civil.civil(fromDays: day)
            let total = (m - 1) + Int64(months)
            let ny = y + floorDivide(total, 12)
            let nm = total - floorDivide(total, 12) * 12 + 1
            let nd = min(d, Civil.daysInMonth(year: ny, month: nm))
            r = Timestamp(micros: r.micros + (Civil.days(year: ny, month: nm, day: nd) - day) * 86_400_000_000)
        }
        return Timestamp(micros: r.micros + Int64(days) * 86_400_000_000)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let p = RetentionPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a period like 7y, 13m, 90d"))
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// The retention policies in force for a store (`<store>/retention.json`), compiled and checked
/// from `retention/*.yaml` by `sealtrail retention set`. The writer stamps each seal from them; the
/// sweep reads hot windows and archive ages from them.
public struct RetentionConfig: Codable, Sendable, Equatable {
    public static let currentFormat = "sealtrail-retention/1"

    public struct Match: Codable, Sendable, Equatable {
        /// Source name patterns (`*` matches any run of characters); empty matches any source.
        public var sources: [String]
        /// Formats (`app-json`, `cloudtrail`, …); empty matches any.
        public var formats: [String]
        /// Classes (see `RetentionConfig.eventClass(format:)`); empty matches any.
        public var classes: [String]

        public init(sources: [String] = [], formats: [String] = [], classes: [String] = []) {
            self.sources = sources; self.formats = formats; self.classes = classes
        }
    }

    public struct Policy: Codable, Sendable, Equatable {
        public var name: String
        public var description: String?
        /// Where the policy was defined (`file:line`), for messages.
        public var definedAt: String?
        public var match: Match
        /// Total retention after the segment's last event.
        public var retain: RetentionPeriod
        /// How long the index keeps a segment's rows after its last event.
        public var hot: RetentionPeriod
        /// When a segment moves from the store to the archive tier (after its last event); nil: never.
        public var archiveAfter: RetentionPeriod?
        /// `compliance` (nothing deletes before `retainUntil`) or `governance` (an explicit, recorded override can).
        public var mode: String

        public init(name: String, description: String? = nil, definedAt: String? = nil, match: Match = Match(),
                    retain: RetentionPeriod, hot: RetentionPeriod, archiveAfter: RetentionPeriod? = nil, mode: String) {
            self.name = name; self.description = description; self.definedAt = definedAt; self.match = match
            self.retain = retain; self.hot = hot; self.archiveAfter = archiveAfter; self.mode = mode
        }
    }

    public var format: String
    /// Specific policies; the longest retention among those that match wins (their modes agree:
    /// conflicting overlaps are refused when the policies are set).
    public var policies: [Policy]
    /// Applies when no specific policy matches.
    public var defaultPolicy: Policy
    /// The archive tier directory; nil means `<store>/archive`.
    public var archiveDirectory: String?

    public init(policies: [Policy], defaultPolicy: Policy, archiveDirectory: String? = nil) {
        format = Self.currentFormat
        self.policies = policies; self.defaultPolicy = defaultPolicy; self.archiveDirectory = archiveDirectory
    }

    /// What a store without `retention.json` uses: the store's defaults (7 years, compliance).
    public static func fallback(_ manifest: StoreManifest) -> RetentionConfig {
        RetentionConfig(policies: [], defaultPolicy: Policy(name: "store-default", description: "store.json retention defaults",
                                                            retain: RetentionPeriod(months: 12 * manifest.retention.years),
                                                            hot: RetentionPeriod(months: 12 * manifest.retention.years),
                                                            mode: manifest.retention.mode))
    }

    /// The store's policies: `retention.json` if present, else the store defaults.
    public static func load(store: Store) throws -> RetentionConfig {
        let path = store.layout.retentionPolicies
        guard FS.exists(path) else { return fallback(store.manifest) }
        do {
            let c = try JSONDecoder().decode(RetentionConfig.self, from: Data(try FS.read(path)))
            guard c.format == currentFormat else { throw StoreError.badConfig(path: path, field: "format", reason: "unsupported '\(c.format)'") }
            return c
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.badConfig(path: path, field: "", reason: "\(error)")
        }
    }

    /// Canonical bytes of `retention.json`.
    public func encoded() throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try enc.encode(self)) + [0x0A]
    }

    /// Where archive bundles go.
    public func archiveDirectory(layout: StoreLayout) -> String { archiveDirectory ?? layout.archive }

    /// The policy for a segment of `source` whose events have `format`.
    public func policy(source: String, format: String) -> Policy {
        let cls = Self.eventClass(format: format)
        let matching = policies.filter { p in
            (p.match.sources.isEmpty || p.match.sources.contains { Self.glob($0, source) })
                && (p.match.formats.isEmpty || p.match.formats.contains(format))
                && (p.match.classes.isEmpty || p.match.classes.contains(cls))
        }
        return matching.max { ($0.retain, $1.name) < ($1.retain, $0.name) } ?? defaultPolicy
    }

    /// The class of a format: what kind of record it is, for policies that match by class.
    public static func eventClass(format: String) -> String {
        switch format {
        case "app-json", "app-json-array", "cloudevents": return "application"
        case "cloudtrail": return "cloud"
        case "sealtrail-audit": return "audit"
        case "qldb-journal", "dynamodb-streams", "pgaudit", "pgaudit-csv", "pgaudit-stderr": return "database"
        case "syslog", "syslog-3164", "syslog-5424", "journald", "journald-export", "journald-json": return "system"
        default:
            if format.hasPrefix("nginx") || format.hasPrefix("apache") || format.hasPrefix("alb") || format.hasPrefix("s3") || format == "common" || format == "combined" {
                return "access"
            }
            return "other"
        }
    }

    public static let classes = ["application", "cloud", "audit", "database", "system", "access", "other"]

    /// `*` matches any run of characters (including none); everything else matches itself.
    public static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] == t[ti] && p[pi] != UInt8(ascii: "*") { pi += 1; ti += 1 }
            else if pi < p.count && p[pi] == UInt8(ascii: "*") { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
