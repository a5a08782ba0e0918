import Foundation
import Rules
import SegmentStore
import Yams

/// Loads and checks `retention/*.yaml` into the `RetentionConfig` a store keeps in `retention.json`.
///
/// A file holds any of: `policies:` (a list), `default:` (one policy without `match`), `archive:`
/// (`directory:`). Files whose only key is `personalData:` belong to the privacy settings and are
/// skipped. Every error names the file, the line and the field.
public enum PolicyFiles {
    public static let modes: Set<String> = ["compliance", "governance"]

    /// Reads every `*.yaml` / `*.yml` file of `directory` (or one file) in name order.
    public static func load(_ path: String) throws -> RetentionConfig {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw RulesError.badFile(path: path, line: 0, field: "(file)", reason: "no such file or directory")
        }
        let files = isDir.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
            : [path]
        var policies: [RetentionConfig.Policy] = []
        var fallback: RetentionConfig.Policy?
        var archive: String?
        var seenFiles = 0
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw RulesError.badFile(path: file, line: 0, field: "(file)", reason: "unreadable: \(error.localizedDescription)")
            }
            let root = try YAMLNode.load(text, path: file)
            let keys = try root.mapping().map(\.0)
            if keys == ["personalData"] { continue }
            seenFiles += 1
            let f = try Fields(root, allowed: ["policies", "default", "archive", "personalData"])
            if let list = f["policies"] {
                for node in try list.sequence() { policies.append(try policy(node, needsMatch: true)) }
            }
            if let d = f["default"] {
                if fallback != nil { throw d.fail("a second default policy (only one may exist across all files)") }
                fallback = try policy(d, needsMatch: false, defaultName: "default")
            }
            if let a = f["archive"] {
                let af = try Fields(a, allowed: ["directory"])
                if let dir = af["directory"] {
                    if archive != nil { throw dir.fail("the archive directory is set twice") }
                    let d = try dir.string()
                    guard d.hasPrefix("/") else { throw dir.fail("'\(d)' must be an absolute path") }
                    archive = d
                }
            }
        }
        guard seenFiles > 0 else {
            throw RulesError.badFile(path: path, line: 0, field: "(file)", reason: "no retention policy files (*.yaml with policies: or default:)")
        }
        var names: [String: String] = [:]
        for p in policies {
            if let first = names[p.name] {
                throw RulesError.badFile(path: fileOf(p), line: lineOf(p), field: "name", reason: "policy '\(p.name)' is also defined at \(first)")
            }
            names[p.name] = p.definedAt ?? ""
        }
        guard let fallback else {
            throw RulesError.badFile(path: path, line: 0, field: "default", reason: "no default policy: add `default:` (retain, hot, mode) for segments no policy matches")
        }
        if names[fallback.name] != nil {
            throw RulesError.badFile(path: fileOf(fallback), line: lineOf(fallback), field: "default.name", reason: "'\(fallback.name)' is also a policy name")
        }
        try checkConflicts(policies)
        return RetentionConfig(policies: policies, defaultPolicy: fallback, archiveDirectory: archive)
    }

    private static func policy(_ node: YAMLNode, needsMatch: Bool, defaultName: String? = nil) throws -> RetentionConfig.Policy {
        let f = try Fields(node, allowed: needsMatch ? ["name", "description", "match", "retain", "hot", "archiveAfter", "mode"]
                                                     : ["name", "description", "retain", "hot", "archiveAfter", "mode"])
        let name = try f["name"].map { try $0.string() } ?? defaultName ?? (try f.need("name").string())
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) }) else {
            throw (f["name"] ?? node).fail("'\(name)' must be letters, digits, '-', '_', '.' or '@'")
        }
        func period(_ key: String) throws -> RetentionPeriod? {
            guard let n = f[key] else { return nil }
            let text = try n.string()
            guard let p = RetentionPeriod(text) else {
                throw n.fail("'\(text)' is not a period: use <n>y (years), <n>m (months), <n>w (weeks) or <n>d (days)")
            }
            return p
        }
        let retainNode = try f.need("retain")
        guard let retain = try period("retain") else { throw retainNode.fail("missing") }
        _ = try f.need("hot")
        let hot = try period("hot")!
        let archiveAfter = try period("archiveAfter")
        let modeNode = try f.need("mode")
        let mode = try modeNode.string()
        guard modes.contains(mode) else { throw modeNode.fail("'\(mode)' is not a mode (compliance or governance)") }
        if hot > retain { throw f["hot"]!.fail("the hot window \(hot) is longer than the retention \(retain)") }
        if let a = archiveAfter {
            if a > retain { throw f["archiveAfter"]!.fail("archiveAfter \(a) is longer than the retention \(retain)") }
            if a < hot { throw f["archiveAfter"]!.fail("archiveAfter \(a) is shorter than the hot window \(hot): archived segments leave the index") }
        }
        var match = RetentionConfig.Match()
        if needsMatch {
            let m = try Fields(try f.need("match"), allowed: ["sources", "source", "formats", "format", "classes", "class"])
            match.sources = try (m["sources"] ?? m["source"]).map { try $0.strings() } ?? []
            match.formats = try (m["formats"] ?? m["format"]).map { try $0.strings() } ?? []
            match.classes = try (m["classes"] ?? m["class"]).map { try $0.strings() } ?? []
            if let c = m["classes"] ?? m["class"] {
                for cls in match.classes where !RetentionConfig.classes.contains(cls) {
                    throw c.fail("unknown class '\(cls)' (known: \(RetentionConfig.classes.joined(separator: ", ")))")
                }
            }
            if match.sources.isEmpty && match.formats.isEmpty && match.classes.isEmpty {
                throw m.node.fail("matches everything: name at least one of sources, formats, classes (or make it the default)")
            }
        }
        return RetentionConfig.Policy(name: name, description: try f["description"].map { try $0.string() },
                                      definedAt: "\(node.path):\(node.line)", match: match, retain: retain, hot: hot,
                                      archiveAfter: archiveAfter, mode: mode)
    }

    private static func fileOf(_ p: RetentionConfig.Policy) -> String { String((p.definedAt ?? "").split(separator: ":").first ?? "") }
    private static func lineOf(_ p: RetentionConfig.Policy) -> Int { Int((p.definedAt ?? "").split(separator: ":").last ?? "") ?? 0 }

    /// Two policies that can match the same segment must agree on the mode: otherwise whether a
    /// segment may ever be deleted early would depend on file order.
    static func checkConflicts(_ policies: [RetentionConfig.Policy]) throws {
        for (i, a) in policies.enumerated() {
            for b in policies[(i + 1)...] where a.mode != b.mode && overlap(a.match, b.match) {
                throw RulesError.badFile(path: fileOf(b), line: lineOf(b), field: "match",
                                         reason: "policy '\(b.name)' (\(b.mode)) overlaps policy '\(a.name)' (\(a.mode)) at \(a.definedAt ?? "?"): overlapping policies must have the same mode")
            }
        }
    }

    /// Whether some segment could match both.
    static func overlap(_ a: RetentionConfig.Match, _ b: RetentionConfig.Match) -> Bool {
        if !a.sources.isEmpty && !b.sources.isEmpty
            && !a.sources.contains(where: { x in b.sources.contains { y in patternsMeet(x, y) } }) { return false }
        return !possibleFormats(a).isDisjoint(with: possibleFormats(b)) || (isOpen(a) || isOpen(b)) && classesMeet(a, b)
    }

    /// Formats a match admits, when it names formats (empty set otherwise).
    private static func possibleFormats(_ m: RetentionConfig.Match) -> Set<String> {
        Set(m.formats.filter { m.classes.isEmpty || m.classes.contains(RetentionConfig.eventClass(format: $0)) })
    }

    private static func isOpen(_ m: RetentionConfig.Match) -> Bool { m.formats.isEmpty }

    private static func classesMeet(_ a: RetentionConfig.Match, _ b: RetentionConfig.Match) -> Bool {
        func classes(_ m: RetentionConfig.Match) -> Set<String> {
            var s = m.classes.isEmpty ? Set(RetentionConfig.classes) : Set(m.classes)
            if !m.formats.isEmpty { s.formIntersection(m.formats.map(RetentionConfig.eventClass(format:))) }
            return s
        }
        return !classes(a).isDisjoint(with: classes(b))
    }

    /// Whether two source patterns could match one name (exact for literals; for patterns, their
    /// literal prefixes and suffixes must be compatible).
    static func patternsMeet(_ x: String, _ y: String) -> Bool {
        if !x.contains("*") { return RetentionConfig.glob(y, x) }
        if !y.contains("*") { return RetentionConfig.glob(x, y) }
        let px = x.prefix { $0 != "*" }, py = y.prefix { $0 != "*" }
        let sx = String(x.reversed().prefix { $0 != "*" }.reversed()), sy = String(y.reversed().prefix { $0 != "*" }.reversed())
        return (px.hasPrefix(py) || py.hasPrefix(px)) && (sx.hasSuffix(sy) || sy.hasSuffix(sx))
    }
}
