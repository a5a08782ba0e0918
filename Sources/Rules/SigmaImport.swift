import Foundation
import TrailModel
import Yams

/// Sigma detection rules for AWS CloudTrail converted into Sealtrail `match` rules (`rules import-sigma`).
///
/// Hand-written: no package in the project's lists reads Sigma (pySigma is Python), and a CloudTrail
/// subset is small. A rule is converted only when its meaning carries over exactly; anything else
/// (an unknown field, an unsupported modifier, an aggregation, a keyword search, another logsource)
/// is reported as `FILE: rule TITLE: cannot translate X: reason` and skipped, never guessed.
/// Field mapping and supported features: docs/rules.md, "Importing Sigma rules".
///
/// ```swift
/// let report = SigmaImport(controls: ["soc2@2017:CC7.2"]).convert(files: [(path, text)])
/// try report.yaml.write(toFile: "rules/sigma.yaml", atomically: true, encoding: .utf8)
/// ```
public struct SigmaImport: Sendable {
    /// One converted rule.
    public struct Converted: Sendable {
        public var file: String
        public var id: String
        public var title: String
        /// The rule as an item of a `rules:` list, with a comment naming its source.
        public var yaml: String
        /// Why the rule carries no tests; nil when tests were generated (and pass).
        public var untested: String?
    }

    /// A Sigma rule that was not converted, and why.
    public struct Skipped: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var title: String
        public var what: String
        public var reason: String
        public var description: String { "\(file): rule \(title): cannot translate \(what): \(reason)" }
    }

    /// Everything one run converted and skipped.
    public struct Report: Sendable {
        public var controls: [String]
        public var converted: [Converted] = []
        public var skipped: [Skipped] = []

        /// A rule file holding every converted rule.
        public var yaml: String {
            var out = "# Converted from Sigma by `sealtrail rules import-sigma` (docs/rules.md, \"Importing Sigma rules\").\n"
            out += "# Sigma rules name no controls: every rule here evidences the controls given with --controls"
            out += " (\(controls.joined(separator: ", "))).\n"
            return out + "rules:\n" + converted.map(\.yaml).joined(separator: "\n")
        }

        /// The lines the command prints: counts, then each rule's fate.
        public var summary: [String] {
            var out = ["import-sigma: converted \(converted.count), skipped \(skipped.count)"]
            for c in converted {
                out.append("  converted \(c.id) (\(c.file))" + (c.untested.map { ": no tests (\($0)); add tests, 'rules test' fails a rule without them" } ?? " with tests"))
            }
            out += skipped.map { "  skipped: \($0)" }
            return out
        }
    }

    public static let defaultControls = ["soc2@2017:CC7.2"]
    public var controls: [String]

    public init(controls: [String] = defaultControls) { self.controls = controls }

    /// Why a list of controls cannot go into a rule (`framework@version:control`), or nil.
    public static func invalidControls(_ controls: [String]) -> String? {
        if controls.isEmpty { return "name at least one control" }
        return controls.first { !$0.contains("@") || !$0.contains(":") }.map { "'\($0)' must be framework@version:control" }
    }

    /// Converts every rule of every file; rule ids must come out unique.
    public func convert(files: [(path: String, text: String)]) -> Report {
        var report = Report(controls: controls)
        var seen: [String: String] = [:]
        for (path, text) in files {
            for result in convert(text: text, path: path) {
                switch result {
                case var .success(c):
                    if let other = seen[c.id] {
                        report.skipped.append(Skipped(file: path, title: c.title, what: "id", reason: "'\(c.id)' is also the id of a rule from \(other)"))
                        continue
                    }
                    seen[c.id] = path
                    c.file = path
                    report.converted.append(c)
                case let .failure(s): report.skipped.append(s)
                }
            }
        }
        return report
    }

    /// The rules of one Sigma file (one rule per YAML document).
    func convert(text: String, path: String) -> [Result<Converted, Skipped>] {
        var docs: [Node] = []
        do {
            var seq = try Yams.compose_all(yaml: text)
            while let d = seq.next() { docs.append(d) }
            if let e = seq.error { throw e }
        } catch {
            return [.failure(Skipped(file: path, title: "(file)", what: "the file", reason: "not valid YAML: \(error)"))]
        }
        if docs.contains(where: { $0["action"] != nil }) {
            return [.failure(Skipped(file: path, title: "(collection)", what: "action", reason: "rule collections (action: global, reset, repeat) are not supported; write each rule as one document"))]
        }
        return docs.map { doc in
            let title = doc["title"]?.string ?? "(untitled)"
            do {
                return .success(try rule(doc, path: path))
            } catch let r as SigmaRefusal {
                return .failure(Skipped(file: path, title: title, what: r.what, reason: r.reason))
            } catch {
                return .failure(Skipped(file: path, title: title, what: "the rule", reason: "\(error)"))
            }
        }
    }

    static let severities = ["informational": "info", "low": "low", "medium": "medium", "high": "high", "critical": "critical"]

    func rule(_ doc: Node, path: String) throws -> Converted {
        guard doc.mapping != nil else { throw SigmaRefusal(what: "the document", reason: "not a mapping") }
        for key in ["correlation", "filter"] where doc[key] != nil {
            throw SigmaRefusal(what: key, reason: "Sigma \(key) rules are not supported; only detection rules are")
        }
        guard let title = doc["title"]?.string, !title.isEmpty else { throw SigmaRefusal(what: "title", reason: "missing") }
        let product = doc["logsource"]?["product"]?.string?.lowercased()
        let service = doc["logsource"]?["service"]?.string?.lowercased()
        guard product == "aws", service == "cloudtrail" else {
            let shown = ["category", "product", "service"].compactMap { k in doc["logsource"]?[k]?.string.map { "\(k): \($0)" } }.joined(separator: ", ")
            throw SigmaRefusal(what: "logsource {\(shown)}", reason: "only product: aws, service: cloudtrail is supported")
        }
        guard let level = doc["level"]?.string else { throw SigmaRefusal(what: "level", reason: "missing; a rule needs a severity") }
        guard let severity = Self.severities[level.lowercased()] else {
            throw SigmaRefusal(what: "level '\(level)'", reason: "must be informational, low, medium, high or critical")
        }
        guard let detection = doc["detection"] else { throw SigmaRefusal(what: "detection", reason: "missing") }
        let expr = try SigmaDetection.parse(detection)
        let condition = try SigmaFields.translate(expr)
        let sigmaID = doc["id"]?.string
        let id = Self.ruleID(sigmaID: sigmaID, title: title)

        var head = ["  # from \(Self.comment(path))" + (sigmaID.map { " (Sigma id \(Self.comment($0)))" } ?? ""),
                    "  - id: \(id)",
                    "    title: \(SigmaYAML.quote(title))",
                    "    severity: \(severity)",
                    "    controls: \(SigmaYAML.list(controls))",
                    "    description: \(SigmaYAML.quote(Self.description(doc)))",
                    "    kind: match",
                    "    where:"]
        head += SigmaYAML.lines(condition).map { "      " + $0 }
        let parsed = try RuleSet.parse("rules:\n" + head.joined(separator: "\n") + "\n", path: path)
        guard case let .match(compiled)? = parsed.first?.kind else { throw SigmaRefusal(what: "the rule", reason: "did not load as a match rule") }

        var untested: String?
        do {
            let tests = try Self.testLines(for: expr, condition: compiled)
            let withTests = head + tests
            let rules = try RuleSet.parse("rules:\n" + withTests.joined(separator: "\n") + "\n", path: path)
            let scratch = NSTemporaryDirectory() + "sealtrail-sigma-\(UUID().uuidString)"
            if let failed = RuleTester.run(RuleSet(rules: rules), scratch: scratch).first(where: { $0.failure != nil }) {
                throw SigmaRefusal(what: "tests", reason: "a generated test fails (\(failed.failure ?? ""))")
            }
            head = withTests
        } catch let r as SigmaRefusal {
            untested = r.reason
            head.insert("  # no tests: \(Self.comment(r.reason)); add tests, 'rules test' fails a rule without them", at: 1)
        }
        return Converted(file: path, id: id, title: title, yaml: head.joined(separator: "\n") + "\n", untested: untested)
    }

    /// `sigma-<first 8 hex of the Sigma id>-<slug of the title>` (`sigma-<slug>` without an id).
    static func ruleID(sigmaID: String?, title: String) -> String {
        var slug = ""
        for c in title.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.hasSuffix("-") && !slug.isEmpty { slug.append("-") }
        }
        slug = String(slug.prefix(60))
        while slug.hasSuffix("-") { slug.removeLast() }
        let hex = String((sigmaID ?? "").lowercased().filter { $0.isHexDigit }.prefix(8))
        return ["sigma", hex, slug].filter { !$0.isEmpty }.joined(separator: "-")
    }

    /// One line: the Sigma description, then id, status, author, dates, ATT&CK and other tags,
    /// false positives and references.
    static func description(_ doc: Node) -> String {
        func text(_ key: String) -> String? { doc[key]?.string.map(oneLine).flatMap { $0.isEmpty ? nil : $0 } }
        func texts(_ key: String) -> [String] {
            if let s = doc[key]?.sequence { return s.compactMap { $0.string.map(oneLine) } }
            return text(key).map { [$0] } ?? []
        }
        var parts: [String] = []
        if let d = text("description") { parts.append(d.hasSuffix(".") ? d : d + ".") }
        let meta = [text("id").map { "id \($0)" }, text("status").map { "status \($0)" }, text("author").map { "author \($0)" },
                    text("date").map { "date \($0)" }, text("modified").map { "modified \($0)" }].compactMap { $0 }
        parts.append("Sigma rule (" + meta.joined(separator: "; ") + ").")
        let tags = texts("tags")
        let attack = tags.filter { $0.hasPrefix("attack.") }.map { String($0.dropFirst("attack.".count)) }
        if !attack.isEmpty { parts.append("ATT&CK: " + attack.joined(separator: ", ") + ".") }
        let other = tags.filter { !$0.hasPrefix("attack.") }
        if !other.isEmpty { parts.append("Tags: " + other.joined(separator: ", ") + ".") }
        let fps = texts("falsepositives")
        if !fps.isEmpty { parts.append("False positives: " + fps.joined(separator: "; ") + ".") }
        let refs = texts("references")
        if !refs.isEmpty { parts.append("References: " + refs.joined(separator: " ")) }
        return parts.joined(separator: " ")
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// Text safe inside a YAML comment (one line).
    static func comment(_ s: String) -> String { oneLine(s) }
}
