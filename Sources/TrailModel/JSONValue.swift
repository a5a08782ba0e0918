/// A JSON value as read from input: objects keep their members in input order, numbers keep their
/// exact source text (so a canonical re-encoding never changes a digit).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    /// Follows a dotted path (`user.id`) through nested objects.
    public func value(atPath path: String) -> JSONValue? {
        if let direct = self[path] { return direct }
        var current: JSONValue = self
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current
    }

    /// A scalar rendered as text (strings as-is, numbers by their source text, booleans as
    /// `true`/`false`); nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case let .string(s): return s
        case let .number(n): return n
        case let .bool(b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The members of an object, or nil.
    public var objectMembers: [(String, JSONValue)]? {
        if case let .object(m) = self { return m }
        return nil
    }
}
