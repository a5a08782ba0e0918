import Foundation
import SegmentStore

/// Loads and checks the `personalData:` settings into the `PersonalDataConfig` a store keeps in
/// `privacy.json`.
///
/// ```yaml
/// personalData:
///   app-json:                                  # the event format
///     subject: [attributes.customer_id, actor] # first present value is the data subject's id
///     subjectPrefix: "customer:"               # optional: ids become customer:<id>
///     fields: [attributes.email, attributes.customer_name, attributes.card_holder]
/// ```
///
/// A directory is read file by file (`*.yaml`, `*.yml`, in name order); files without a
/// `personalData:` key (retention policies) are skipped. Every error names the file, the line
/// and the field.
public enum PrivacyFiles {
    static let ruleKeys: Set<String> = ["subject", "subjectPrefix", "fields", "description"]

    /// Reads one file, or every YAML file of a directory.
    public static func load(_ path: String) throws -> PersonalDataConfig {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw PrivacyError.badFile(path: path, line: 0, field: "(file)", reason: "no such file or directory")
        }
        let files = isDir.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
            : [path]
        var formats: [String: PersonalDataConfig.Rule] = [:]
        var found = false
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw PrivacyError.badFile(path: file, line: 0, field: "(file)", reason: "unreadable: \(error.localizedDescription)")
            }
            guard let root = try PrivacyYAML.load(text, path: file) else {
                if !isDir.boolValue { throw PrivacyError.badFile(path: file, line: 1, field: "(file)", reason: "empty file") }
                continue
            }
            guard let section = try root.mapping().first(where: { $0.0 == "personalData" })?.1 else {
                if !isDir.boolValue { throw root.fail("no personalData: key") }
                continue
            }
            found = true
            if case .scalar = section.node, (try? section.string()) == "" { continue }
            for (format, node) in try section.mapping() {
                if let earlier = formats[format] {
                    throw node.fail("format '\(format)' is already configured at \(earlier.definedAt ?? "?")")
                }
                formats[format] = try rule(node, format: format)
            }
        }
        guard found else {
            throw PrivacyError.badFile(path: path, line: 0, field: "personalData", reason: "no file has a personalData: key")
        }
        return PersonalDataConfig(formats: formats)
    }

    private static func rule(_ node: PrivacyYAML, format: String) throws -> PersonalDataConfig.Rule {
        guard !format.isEmpty, format.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw node.fail("'\(format)' is not a format name")
        }
        if format.hasPrefix("sealtrail") {
            throw node.fail("Sealtrail's own audit events cannot be encrypted (they must stay readable to prove what was done)")
        }
        var entries: [String: PrivacyYAML] = [:]
        for (k, v) in try node.mapping() {
            guard ruleKeys.contains(k) else { throw v.fail("unknown key (expected one of: \(ruleKeys.sorted().joined(separator: ", ")))") }
            entries[k] = v
        }
        func need(_ key: String) throws -> PrivacyYAML {
            guard let v = entries[key] else {
                throw PrivacyError.badFile(path: node.path, line: node.line, field: node.field + "." + key, reason: "missing")
            }
            return v
        }
        let subject = try need("subject").strings()
        let fields = try need("fields").strings()
        if subject.isEmpty { throw try need("subject").fail("name at least one path") }
        if fields.isEmpty { throw try need("fields").fail("name at least one field") }
        for (text, n) in subject {
            if let reason = PersonalField.problem(text) { throw n.fail(reason) }
        }
        var seen = Set<String>()
        for (text, n) in fields {
            guard seen.insert(text).inserted else { throw n.fail("'\(text)' is listed twice") }
            if let reason = PersonalField.problem(text) { throw n.fail(reason) }
        }
        var prefix: String?
        if let p = entries["subjectPrefix"] {
            prefix = try p.string()
            if prefix!.contains(where: { $0.isNewline }) { throw p.fail("must be one line") }
        }
        if let d = entries["description"] { _ = try d.string() }
        return .init(subject: subject.map(\.0), subjectPrefix: prefix, fields: fields.map(\.0), definedAt: "\(node.path):\(node.line)")
    }
}
