import Foundation
import TrailModel

/// A condition on one event: field tests combined with all / any / not (see docs/rules.md).
public indirect enum Condition: Sendable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case test(FieldPath, [Operator], nocase: Bool)

    /// One operator of a field test.
    public enum Operator: @unchecked Sendable {
        /// The value, and its number when it reads as one (compared numerically too).
        case equals(String, Double?)
        case contains(String), startswith(String), endswith(String)
        /// The values as a set, and those that read as numbers.
        case within(Set<String>, [Double])
        case regex(NSRegularExpression), cidr([CIDR]), gt(String), gte(String), lt(String), lte(String), exists(Bool)
    }

    public func matches(_ e: EvalEvent) -> Bool {
        switch self {
        case let .all(cs): return cs.allSatisfy { $0.matches(e) }
        case let .any(cs): return cs.contains { $0.matches(e) }
        case let .not(c): return !c.matches(e)
        case let .test(field, ops, nocase):
            let v = e.value(field)
            return ops.allSatisfy { Self.holds($0, v, nocase: nocase) }
        }
    }

    static func holds(_ op: Operator, _ value: JSONValue?, nocase: Bool) -> Bool {
        if case let .exists(want) = op { return (value != nil) == want }
        guard let value else { return false }
        let raw = value.scalarText ?? String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
        // Needles were lower-cased when the rule was read (see `parse`). ASCII needles are found
        // without lower-casing the value (a copy of it per test would dominate).
        if nocase, case let .contains(x) = op, x.utf8.allSatisfy({ $0 < 0x80 }) { return asciiFoldedContains(raw, x) }
        let text = nocase ? raw.lowercased() : raw
        switch op {
        case let .equals(x, number):
            if text == x { return true }
            guard let number, case .number = value, let v = Double(raw) else { return false }
            return v == number
        case let .contains(x): return text.contains(x)
        case let .startswith(x): return text.hasPrefix(x)
        case let .endswith(x): return text.hasSuffix(x)
        case let .within(xs, numbers):
            if xs.contains(text) { return true }
            guard !numbers.isEmpty, case .number = value, let v = Double(raw) else { return false }
            return numbers.contains(v)
        case let .regex(r): return r.firstMatch(in: raw, range: NSRange(raw.startIndex..., in: raw)) != nil
        case let .cidr(nets): return IPAddress(raw).map { ip in nets.contains { $0.contains(ip) } } ?? false
        case let .gt(x): return compare(raw, x) == .orderedDescending
        case let .gte(x): return compare(raw, x) != .orderedAscending
        case let .lt(x): return compare(raw, x) == .orderedAscending
        case let .lte(x): return compare(raw, x) != .orderedDescending
        case .exists: return true
        }
    }

    /// Whether `haystack`, with ASCII letters folded to lower case, contains the lower-case ASCII `needle`.
    static func asciiFoldedContains(_ haystack: String, _ needle: String) -> Bool {
        var h = haystack
        var n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb in
                guard nb.count <= hb.count else { return nb.isEmpty }
                if nb.isEmpty { return true }
                @inline(__always) func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
                let first = nb[0]
                var i = 0
                let last = hb.count - nb.count
                while i <= last {
                    if fold(hb[i]) == first {
                        var k = 1
                        while k < nb.count && fold(hb[i + k]) == nb[k] { k += 1 }
                        if k == nb.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Numbers compare as numbers, anything else as text.
    static func compare(_ a: String, _ b: String) -> ComparisonResult {
        if let x = Double(a), let y = Double(b) { return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame) }
        return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    }
}

extension Condition {
    /// Reads a condition: a mapping of `field: test` (AND), or `all` / `any` / `not`.
    static func parse(_ node: YAMLNode) throws -> Condition {
        var parts: [Condition] = []
        for (key, value) in try node.mapping() {
            switch key {
            case "all": parts.append(.all(try value.sequence().map(parse)))
            case "any": parts.append(.any(try value.sequence().map(parse)))
            case "not": parts.append(.not(try parse(value)))
            default:
                guard let field = FieldPath(key) else {
                    throw value.fail("unknown field (use \(FieldPath.topFields.sorted().joined(separator: ", ")) or attributes.PATH)")
                }
                parts.append(try test(field, value))
            }
        }
        guard !parts.isEmpty else { throw node.fail("empty condition") }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    static let operatorNames: Set<String> = ["equals", "contains", "startswith", "endswith", "regex", "cidr", "in",
                                             "gt", "gte", "lt", "lte", "exists", "nocase"]

    private static func test(_ field: FieldPath, _ node: YAMLNode) throws -> Condition {
        if node.isScalar { return .test(field, [equals(try node.string())], nocase: false) }
        if node.isSequence { return .test(field, [within(try node.strings())], nocase: false) }
        var ops: [Operator] = []
        var nocase = false
        for (name, v) in try node.mapping() {
            switch name {
            case "equals": ops.append(equals(try v.string()))
            case "contains": ops.append(.contains(try v.string()))
            case "startswith": ops.append(.startswith(try v.string()))
            case "endswith": ops.append(.endswith(try v.string()))
            case "in": ops.append(within(try v.strings()))
            case "gt": ops.append(.gt(try v.string()))
            case "gte": ops.append(.gte(try v.string()))
            case "lt": ops.append(.lt(try v.string()))
            case "lte": ops.append(.lte(try v.string()))
            case "exists": ops.append(.exists(try v.bool()))
            case "nocase": nocase = try v.bool()
            case "regex":
                do { ops.append(.regex(try NSRegularExpression(pattern: try v.string()))) } catch let e as RulesError { throw e } catch {
                    throw v.fail("not a valid regular expression")
                }
            case "cidr":
                ops.append(.cidr(try v.strings().map { s in
                    guard let c = CIDR(s) else { throw v.fail("'\(s)' is not a CIDR block like 10.0.0.0/8 or 2001:db8::/32") }
                    return c
                }))
            default: throw v.fail("unknown operator (expected one of: \(operatorNames.sorted().joined(separator: ", ")))")
            }
        }
        guard !ops.isEmpty else { throw node.fail("no operator") }
        if nocase { ops = ops.map(lowercased) }
        return .test(field, ops, nocase: nocase)
    }

    static func equals(_ x: String) -> Operator { .equals(x, Double(x)) }

    static func within(_ xs: [String]) -> Operator { .within(Set(xs), xs.compactMap(Double.init)) }

    /// The operator for case-insensitive matching: needles lower-cased once, regexes case-insensitive.
    static func lowercased(_ op: Operator) -> Operator {
        switch op {
        case let .equals(x, _): return equals(x.lowercased())
        case let .contains(x): return .contains(x.lowercased())
        case let .startswith(x): return .startswith(x.lowercased())
        case let .endswith(x): return .endswith(x.lowercased())
        case let .within(xs, _): return within(xs.map { $0.lowercased() })
        case let .regex(r): return .regex((try? NSRegularExpression(pattern: r.pattern, options: [.caseInsensitive])) ?? r)
        default: return op
        }
    }
}
