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
        /// Contains any of the needles: an `any` of `contains` tests on one field, found in one pass.
        case containsAny(Needles)
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
        if nocase, case let .containsAny(xs) = op, xs.ascii { return xs.foundFolded(in: raw) }
        let text = nocase ? raw.lowercased() : raw
        switch op {
        case let .equals(x, number):
            if text == x { return true }
            guard let number, case .number = value, let v = Double(raw) else { return false }
            return v == number
        case let .contains(x): return text.contains(x)
        case let .containsAny(xs): return xs.texts.contains { text.contains($0) }
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
            case "any": parts.append(anyOf(try value.sequence().map(parse)))
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
        if nocase {
            ops = ops.map(lowercased).map { op in
                // One needle or several, found the same way (without lower-casing the value).
                if case let .contains(x) = op, x.utf8.allSatisfy({ $0 < 0x80 }) { return .containsAny(Needles([x])) }
                return op
            }
        }
        return .test(field, ops, nocase: nocase)
    }

    static func equals(_ x: String) -> Operator { .equals(x, Double(x)) }

    /// `any` of plain `contains` tests on one field (same `nocase`) becomes one test that looks for
    /// all the needles in one pass; anything else stays as written.
    static func anyOf(_ cs: [Condition]) -> Condition {
        guard cs.count > 1, case let .test(field, _, nocase) = cs[0] else { return .any(cs) }
        var needles: [String] = []
        for c in cs {
            guard case let .test(f, ops, n) = c, f == field, n == nocase, ops.count == 1 else { return .any(cs) }
            switch ops[0] {
            case let .contains(x): needles.append(x)
            case let .containsAny(xs): needles += xs.texts
            default: return .any(cs)
            }
        }
        return .test(field, [.containsAny(Needles(needles))], nocase: nocase)
    }

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

/// The needles of a `contains` test (one, or an `any` of several on one field), prepared once when
/// the rule is read: their bytes, and which bytes can start one.
public struct Needles: Sendable {
    public let texts: [String]
    let bytes: [[UInt8]]
    /// Every needle is ASCII (then a case-insensitive test folds the value's ASCII letters only).
    let ascii: Bool
    /// The first byte of every needle, when they share one that is not a letter (found with memchr).
    let sharedFirst: UInt8?
    let firsts: [Bool]

    init(_ texts: [String]) {
        self.texts = texts
        bytes = texts.map { Array($0.utf8) }
        ascii = bytes.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
        let first = bytes.first?.first
        let letter = first.map { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) } ?? true
        sharedFirst = !letter && bytes.allSatisfy({ $0.first == first }) ? first : nil
        var f = [Bool](repeating: false, count: 256)
        for b in bytes where !b.isEmpty { f[Int(b[0])] = true }
        firsts = f
    }

    /// Whether `haystack`, with ASCII letters folded to lower case, contains one of the (lower-case
    /// ASCII) needles, in one pass over it.
    func foundFolded(in haystack: String) -> Bool {
        if bytes.contains(where: \.isEmpty) { return true }
        var h = haystack
        return h.withUTF8 { hb in
            guard let base = hb.baseAddress else { return false }
            @inline(__always) func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            @inline(__always) func matchAt(_ i: Int) -> Bool {
                for n in bytes where n.count <= hb.count - i {
                    var k = 0
                    while k < n.count && fold(hb[i + k]) == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                return false
            }
            if let first = sharedFirst {
                var i = 0
                while i < hb.count, let p = memchr(base + i, Int32(first), hb.count - i) {
                    let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    if matchAt(at) { return true }
                    i = at + 1
                }
                return false
            }
            return firsts.withUnsafeBufferPointer { fs in
                for i in 0..<hb.count where fs[Int(fold(hb[i]))] {
                    if matchAt(i) { return true }
                }
                return false
            }
        }
    }
}
