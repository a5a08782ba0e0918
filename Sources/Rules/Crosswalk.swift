import Foundation

/// One framework's controls (`rules/controls/<framework>.yaml`): what each means and how it is covered.
public struct Framework: Sendable {
    public struct Control: Sendable {
        public enum Coverage: String, Sendable { case automated, partial, manual, notApplicable = "n/a" }
        public var id: String
        public var title: String
        public var meaning: String
        public var coverage: Coverage
        public var note: String?
        public var line: Int
    }

    public var name: String
    public var version: String
    public var title: String
    public var controls: [Control]
    public var path: String

    /// `framework@version`, the prefix rules use (`pci-dss@4.0:10.2.1.1`).
    public var qualified: String { "\(name)@\(version)" }

    public static func parse(_ text: String, path: String) throws -> Framework {
        let root = try YAMLNode.load(text, path: path)
        let f = try Fields(root, allowed: ["framework", "version", "title", "controls"])
        var seen = Set<String>()
        let controls = try f.need("controls").sequence().map { node -> Control in
            let c = try Fields(node, allowed: ["id", "title", "meaning", "coverage", "note"])
            let id = try c.need("id").string()
            guard seen.insert(id).inserted else { throw try c.need("id").fail("control \(id) is listed twice") }
            let covNode = try c.need("coverage")
            guard let coverage = Control.Coverage(rawValue: try covNode.string()) else {
                throw covNode.fail("must be automated, partial, manual or n/a")
            }
            let note = try c["note"]?.string()
            if (coverage == .manual || coverage == .notApplicable) && (note ?? "").isEmpty {
                throw covNode.fail("a \(coverage.rawValue) control needs a note saying why and what evidence covers it")
            }
            return Control(id: id, title: try c.need("title").string(), meaning: try c.need("meaning").string(),
                           coverage: coverage, note: note, line: node.line)
        }
        return Framework(name: try f.need("framework").string(), version: try f.need("version").string(),
                         title: try f.need("title").string(), controls: controls, path: path)
    }

    /// Every `*.yaml` in `directory` (normally `rules/controls`).
    public static func loadAll(directory: String) throws -> [Framework] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw RulesError.badFile(path: path, line: 0, field: "(file)", reason: "not readable as UTF-8 text")
            }
            return try parse(text, path: path)
        }
    }

    /// Problems between the crosswalk and the rules: a rule naming a control no framework lists, a
    /// framework it does not know, or an automated/partial control that no rule covers.
    public static func check(_ frameworks: [Framework], rules: RuleSet) -> [String] {
        var problems: [String] = []
        var known: [String: Set<String>] = [:]
        for fw in frameworks { known[fw.qualified] = Set(fw.controls.map(\.id)) }
        var covered = Set<String>()
        for rule in rules.rules {
            for c in rule.controls {
                guard let at = c.firstIndex(of: ":") else { continue }
                let fw = String(c[..<at]), id = String(c[c.index(after: at)...])
                guard let ids = known[fw] else { problems.append("\(rule.path):\(rule.line): rule \(rule.id) names framework \(fw), which has no file in controls/"); continue }
                if !ids.contains(id) { problems.append("\(rule.path):\(rule.line): rule \(rule.id) names \(c), which \(fw) does not list") }
                covered.insert(c)
            }
        }
        for fw in frameworks {
            for c in fw.controls where (c.coverage == .automated || c.coverage == .partial) && !covered.contains("\(fw.qualified):\(c.id)") {
                problems.append("\(fw.path):\(c.line): control \(c.id) is \(c.coverage.rawValue) but no rule names it")
            }
        }
        return problems
    }
}
