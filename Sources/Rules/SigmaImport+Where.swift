/// The `where` of a converted Sigma rule: CloudTrail fields mapped onto Sealtrail's, rendered as YAML.
///
/// `eventSource` and `eventName` both live in `action` (`eventSource:eventName`): `eventName` patterns
/// become `*:NAME` and `eventSource` patterns `SOURCE:*`, exact because neither part contains ':'.
/// `sourceIPAddress` is `origin`, `eventID` is `id`, and the other record fields are kept in
/// `attributes` by `CloudTrailParser`.
indirect enum RuleCond {
    case all([RuleCond]), any([RuleCond]), not(RuleCond)
    case test(String, [(String, RuleArg)], nocase: Bool)
}

enum RuleArg {
    case text(String), list([String]), bool(Bool)
}

enum SigmaFields {
    /// CloudTrail record fields kept in `attributes` whose values are objects (paths may go inside).
    static let objects: Set<String> = ["userIdentity", "requestParameters", "responseElements", "additionalEventData",
                                       "serviceEventDetails", "tlsDetails"]
    /// CloudTrail record fields kept in `attributes` whose values are single values.
    static let scalars: Set<String> = ["errorCode", "errorMessage", "awsRegion", "userAgent", "eventType", "eventVersion",
                                       "eventCategory", "recipientAccountId", "readOnly", "managementEvent", "apiVersion",
                                       "sharedEventID", "vpcEndpointId", "sessionCredentialFromConsole"]

    /// The Sealtrail field a Sigma CloudTrail field maps to.
    static func target(_ field: String) throws -> String {
        switch field {
        case "eventName", "eventSource": return "action"
        case "sourceIPAddress": return "origin"
        case "eventID": return "id"
        default: break
        }
        let parts = field.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func refuse(_ reason: String) -> SigmaRefusal { SigmaRefusal(what: "field '\(field)'", reason: reason) }
        if parts.contains("items") || parts[0] == "resources" {
            throw refuse("the path goes into a list (CloudTrail 'items' or 'resources'); attribute paths do not look inside lists")
        }
        guard !parts.contains(where: \.isEmpty) else { throw refuse("not a field path") }
        if objects.contains(parts[0]) { return "attributes." + field }
        if scalars.contains(parts[0]) {
            guard parts.count == 1 else { throw refuse("\(parts[0]) is a single value, it has no '\(parts[1])'") }
            return "attributes." + field
        }
        throw refuse("not a CloudTrail record field Sealtrail keeps (see docs/rules.md, \"Importing Sigma rules\")")
    }

    /// The condition for a Sigma expression.
    static func translate(_ e: SigmaExpr) throws -> RuleCond {
        switch e {
        case let .not(x): return .not(try translate(x))
        case let .or(xs): return flatten(.any(try xs.map(translate)))
        case let .leaf(l): return try translate(l)
        case let .and(xs):
            var rest = xs
            var parts: [RuleCond] = []
            if let merged = mergedAction(xs) { parts.append(merged.0); rest = merged.1 }
            parts += try rest.map(translate)
            return flatten(.all(parts))
        }
    }

    /// `eventSource` and `eventName` of one selection, both plain values: one `action` test of the pairs.
    static func mergedAction(_ xs: [SigmaExpr]) -> (RuleCond, [SigmaExpr])? {
        func plain(_ name: String) -> (Int, SigmaLeaf, [String])? {
            let hits = xs.indices.compactMap { k -> (Int, SigmaLeaf)? in
                if case let .leaf(l) = xs[k], l.field == name { return (k, l) } else { return nil }
            }
            guard hits.count == 1, !hits[0].1.all || hits[0].1.values.count == 1 else { return nil }
            var texts: [String] = []
            for v in hits[0].1.values {
                guard case let .pattern(t) = v else { return nil }
                if t.isEmpty { texts.append("") } else if t.count == 1, case let .text(s) = t[0] { texts.append(s) } else { return nil }
            }
            return (hits[0].0, hits[0].1, texts)
        }
        guard let source = plain("eventSource"), let name = plain("eventName"), source.1.cased == name.1.cased else { return nil }
        let pairs = source.2.flatMap { s in name.2.map { s + ":" + $0 } }
        let rest = xs.indices.filter { $0 != source.0 && $0 != name.0 }.map { xs[$0] }
        let op: (String, RuleArg) = pairs.count == 1 ? ("equals", .text(pairs[0])) : ("in", .list(pairs))
        return (.test("action", [op], nocase: !source.1.cased), rest)
    }

    static func translate(_ l: SigmaLeaf) throws -> RuleCond {
        let target = try target(l.field)
        let isAction = target == "action"
        let around: ([GlobToken], [GlobToken]) = l.field == "eventName" ? ([.any, .text(":")], []) : (l.field == "eventSource" ? ([], [.text(":"), .any]) : ([], []))
        var tests: [RuleCond] = []
        for v in l.values {
            if isAction, case .pattern = v {} else if isAction {
                throw SigmaRefusal(what: "field '\(l.field)'", reason: "only text values and wildcards can be applied to the action (eventSource:eventName)")
            }
            switch v {
            case let .pattern(t): tests.append(pattern(target, GlobToken.normalize(around.0 + t + around.1), nocase: !l.cased))
            case let .regex(r): tests.append(.test(target, [("regex", .text(r))], nocase: false))
            case let .cidr(c): tests.append(.test(target, [("cidr", .text(c))], nocase: false))
            case .null: tests.append(.test(target, [("exists", .bool(false))], nocase: false))
            case let .exists(b): tests.append(.test(target, [("exists", .bool(b))], nocase: false))
            }
        }
        if !l.all, tests.count > 1 {
            // Any of several plain values: one `in` test; any of several blocks: one `cidr` list.
            let equals = tests.compactMap { t -> String? in
                if case let .test(_, ops, nc) = t, ops.count == 1, ops[0].0 == "equals", nc == !l.cased, case let .text(s) = ops[0].1 { return s }
                return nil
            }
            if equals.count == tests.count { return .test(target, [("in", .list(equals))], nocase: !l.cased) }
            let blocks = l.values.compactMap { v -> String? in if case let .cidr(c) = v { return c } else { return nil } }
            if blocks.count == tests.count { return .test(target, [("cidr", .list(blocks))], nocase: false) }
        }
        return flatten(l.all ? .all(tests) : .any(tests))
    }

    /// A wildcard pattern as the simplest operator that says exactly the same.
    static func pattern(_ field: String, _ t: [GlobToken], nocase: Bool) -> RuleCond {
        func op(_ name: String, _ s: String) -> RuleCond { .test(field, [(name, .text(s))], nocase: nocase) }
        switch t.count {
        case 0: return op("equals", "")
        case 1:
            if case let .text(s) = t[0] { return op("equals", s) }
            if t[0] == .any { return .test(field, [("exists", .bool(true))], nocase: false) }
        case 2:
            if case let .text(s) = t[0], t[1] == .any { return op("startswith", s) }
            if case let .text(s) = t[1], t[0] == .any { return op("endswith", s) }
        case 3:
            if case let .text(s) = t[1], t[0] == .any, t[2] == .any { return op("contains", s) }
        default: break
        }
        let body = t.map { tok -> String in
            switch tok {
            case let .text(s): return regexEscaped(s)
            case .any: return ".*"
            case .one: return "."
            }
        }.joined()
        return op("regex", "(?s)^" + body + "$")
    }

    static func regexEscaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func flatten(_ c: RuleCond) -> RuleCond {
        switch c {
        case let .all(xs):
            let flat = xs.map(flatten).flatMap { x -> [RuleCond] in if case let .all(ys) = x { return ys } else { return [x] } }
            return flat.count == 1 ? flat[0] : .all(flat)
        case let .any(xs):
            let flat = xs.map(flatten).flatMap { x -> [RuleCond] in if case let .any(ys) = x { return ys } else { return [x] } }
            return flat.count == 1 ? flat[0] : .any(flat)
        case let .not(x): return .not(flatten(x))
        case .test: return c
        }
    }
}

/// Rendering conditions as block YAML, every text double-quoted.
enum SigmaYAML {
    /// The lines of a condition written as a mapping (its entries are ANDed).
    static func lines(_ c: RuleCond) -> [String] {
        switch c {
        case let .test(field, ops, nocase): return ["\(key(field)): \(test(ops, nocase: nocase))"]
        case let .any(xs): return ["any:"] + xs.flatMap(item)
        case let .not(x): return ["not:"] + lines(x).map { "  " + $0 }
        case let .all(xs):
            let entries = xs.map(lines)
            let keys = entries.map { $0[0].prefix { $0 != ":" } }
            if Set(keys).count == keys.count, !keys.contains("all") { return entries.flatMap { $0 } }
            return ["all:"] + xs.flatMap(item)
        }
    }

    static func item(_ c: RuleCond) -> [String] {
        let ls = lines(c)
        return ["  - " + ls[0]] + ls.dropFirst().map { "    " + $0 }
    }

    static func test(_ ops: [(String, RuleArg)], nocase: Bool) -> String {
        if !nocase, ops.count == 1 {
            if ops[0].0 == "equals", case let .text(s) = ops[0].1 { return quote(s) }
            if ops[0].0 == "in", case let .list(xs) = ops[0].1 { return list(xs) }
        }
        let parts = ops.map { name, arg -> String in
            switch arg {
            case let .text(s): return "\(name): \(quote(s))"
            case let .list(xs): return "\(name): \(list(xs))"
            case let .bool(b): return "\(name): \(b)"
            }
        }
        return "{" + (parts + (nocase ? ["nocase: true"] : [])).joined(separator: ", ") + "}"
    }

    static func list(_ xs: [String]) -> String { "[" + xs.map(quote).joined(separator: ", ") + "]" }

    /// A mapping key: plain when it is a simple name, else quoted.
    static func key(_ s: String) -> String {
        let simple = !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) } && s.first != "-"
        return simple ? s : quote(s)
    }

    /// A YAML double-quoted scalar: `"` and `\` escaped, control and line-separator characters as `\u`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = u.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
