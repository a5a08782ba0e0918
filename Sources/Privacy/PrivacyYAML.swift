import Yams

/// A YAML node with its file, line and field path, whose accessors fail with `PrivacyError`
/// naming all three (the privacy settings' own small copy of the rule loader's `YAMLNode`: the
/// Privacy module does not depend on Rules).
struct PrivacyYAML {
    let node: Node
    let path: String
    let field: String
    /// For a mapping's value: the line of its key (where a reader looks for `app-json:`).
    var keyLine: Int?

    var line: Int { keyLine ?? node.mark?.line ?? 0 }

    func fail(_ reason: String) -> PrivacyError { .badFile(path: path, line: line, field: field, reason: reason) }

    static func load(_ text: String, path: String) throws -> PrivacyYAML? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return PrivacyYAML(node: node, path: path, field: "(file)")
        } catch let e as YamlError {
            var line = 0
            switch e {
            case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): line = mark.line
            default: break
            }
            throw PrivacyError.badFile(path: path, line: line, field: "(file)", reason: "not valid YAML: \(e)")
        }
    }

    /// The entries of a mapping, in file order; a key given twice is an error.
    func mapping() throws -> [(String, PrivacyYAML)] {
        guard case let .mapping(m) = node else { throw fail("expected a mapping") }
        var seen = Set<String>()
        return try m.map { k, v in
            guard let key = k.string else { throw fail("keys must be text") }
            let child = PrivacyYAML(node: v, path: path, field: field == "(file)" ? key : field + "." + key, keyLine: k.mark?.line)
            guard seen.insert(key).inserted else { throw child.fail("given twice") }
            return (key, child)
        }
    }

    func string() throws -> String {
        guard case let .scalar(s) = node else { throw fail("expected a single value") }
        return s.string
    }

    /// A list of text values (a single value counts as a one-element list).
    func strings() throws -> [(String, PrivacyYAML)] {
        switch node {
        case .scalar: return [(try string(), self)]
        case let .sequence(s):
            return try s.enumerated().map { i, n in
                let child = PrivacyYAML(node: n, path: path, field: "\(field)[\(i)]")
                return (try child.string(), child)
            }
        default: throw fail("expected a value or a list of values")
        }
    }
}
