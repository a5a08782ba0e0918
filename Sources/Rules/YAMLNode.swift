import Yams

/// A YAML node with its file and line, and typed accessors whose errors say where and what.
public struct YAMLNode {
    public let node: Node
    public let path: String
    public let field: String

    public var line: Int { node.mark?.line ?? 0 }

    public func fail(_ reason: String) -> RulesError { .badFile(path: path, line: line, field: field, reason: reason) }

    public static func load(_ text: String, path: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw RulesError.badFile(path: path, line: 1, field: "(file)", reason: "empty file") }
            return YAMLNode(node: node, path: path, field: "(file)")
        } catch let e as YamlError {
            throw RulesError.badFile(path: path, line: Self.line(of: e), field: "(file)", reason: "not valid YAML: \(e)")
        }
    }

    private static func line(of e: YamlError) -> Int {
        switch e {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return 0
        }
    }

    /// The entries of a mapping, in file order.
    public func mapping() throws -> [(String, YAMLNode)] {
        guard case let .mapping(m) = node else { throw fail("expected a mapping") }
        return try m.map { k, v in
            guard let key = k.string else { throw fail("keys must be text") }
            return (key, YAMLNode(node: v, path: path, field: field == "(file)" ? key : field + "." + key))
        }
    }

    public func sequence() throws -> [YAMLNode] {
        guard case let .sequence(s) = node else { throw fail("expected a list") }
        return s.enumerated().map { YAMLNode(node: $1, path: path, field: "\(field)[\($0)]") }
    }

    /// A scalar's text.
    public func string() throws -> String {
        guard case let .scalar(s) = node else { throw fail("expected a single value") }
        return s.string
    }

    public var isScalar: Bool { if case .scalar = node { return true } else { return false } }
    public var isSequence: Bool { if case .sequence = node { return true } else { return false } }
    public var isNull: Bool { if case let .scalar(s) = node { return s.style == .plain && (s.string == "" || s.string == "null" || s.string == "~") } else { return false } }

    public func int() throws -> Int {
        guard let v = Int(try string()) else { throw fail("expected a whole number") }
        return v
    }

    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw fail("expected true or false")
        }
    }

    /// A list of text values (a single value counts as a one-element list).
    public func strings() throws -> [String] {
        if isScalar { return [try string()] }
        return try sequence().map { try $0.string() }
    }
}

/// The entries of a mapping, checked against the keys a config type knows.
public struct Fields {
    public let node: YAMLNode
    private var entries: [String: YAMLNode] = [:]

    public init(_ node: YAMLNode, allowed: Set<String>) throws {
        self.node = node
        for (k, v) in try node.mapping() {
            guard allowed.contains(k) else { throw v.fail("unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))") }
            entries[k] = v
        }
    }

    public subscript(_ key: String) -> YAMLNode? { entries[key] }

    public func need(_ key: String) throws -> YAMLNode {
        guard let v = entries[key] else {
            throw RulesError.badFile(path: node.path, line: node.line, field: node.field == "(file)" ? key : node.field + "." + key, reason: "missing")
        }
        return v
    }
}
