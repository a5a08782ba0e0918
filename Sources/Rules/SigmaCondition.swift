import Yams

/// Sigma's `detection` block read into an expression: selections, field modifiers and the condition.
///
/// Hand-written: no package in the project's lists parses Sigma (pySigma is Python), and the part
/// Sealtrail needs is small. Only what can be translated faithfully into a `match` rule is accepted;
/// everything else is refused with a `SigmaRefusal` that names what and why (docs/rules.md,
/// "Importing Sigma rules").
indirect enum SigmaExpr {
    case and([SigmaExpr])
    case or([SigmaExpr])
    case not(SigmaExpr)
    case leaf(SigmaLeaf)
}

/// Why a Sigma rule cannot be translated: what (a field, the condition, the logsource…) and the reason.
struct SigmaRefusal: Error {
    var what: String
    var reason: String
}

/// One Sigma field test: `field|modifiers: values` (any value, or all of them with `|all`).
struct SigmaLeaf {
    var field: String
    var values: [SigmaValue]
    var all: Bool
    /// `|cased`: compare with case (Sigma's default is without).
    var cased: Bool
}

/// One value of a field test, with its modifiers applied.
enum SigmaValue: Equatable {
    /// A wildcard pattern; `contains`/`startswith`/`endswith` have added their `*`.
    case pattern([GlobToken])
    /// `|re` (flags from `|i`, `|m`, `|s` are written inline).
    case regex(String)
    case cidr(String)
    /// `field: null`: the field is missing or null.
    case null
    /// `|exists: true|false`.
    case exists(Bool)
}

/// Sigma wildcards: `*` (any run), `?` (one character); `\*`, `\?` and `\\` are literal.
enum GlobToken: Equatable {
    case text(String), any, one

    static func parse(_ s: String) -> [GlobToken] {
        var out: [GlobToken] = []
        var chars = Array(s)[...]
        while let c = chars.popFirst() {
            switch c {
            case "*": out.append(.any)
            case "?": out.append(.one)
            case "\\" where ["*", "?", "\\"].contains(chars.first): out.append(.text(String(chars.removeFirst())))
            default: out.append(.text(String(c)))
            }
        }
        return normalize(out)
    }

    /// Adjacent text merged, runs of `*` collapsed.
    static func normalize(_ tokens: [GlobToken]) -> [GlobToken] {
        var out: [GlobToken] = []
        for t in tokens {
            switch (out.last, t) {
            case let (.text(a)?, .text(b)): out[out.count - 1] = .text(a + b)
            case (.any?, .any): continue
            default: out.append(t)
            }
        }
        return out
    }

    /// True when `name` matches the wildcard pattern (for `1 of selection*`).
    static func matches(_ pattern: [GlobToken], _ name: Substring) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        let rest = Array(pattern.dropFirst())
        switch first {
        case let .text(t): return name.hasPrefix(t) && matches(rest, name.dropFirst(t.count))
        case .one: return !name.isEmpty && matches(rest, name.dropFirst())
        case .any: return name.indices.contains { matches(rest, name[$0...]) } || matches(rest, name[name.endIndex...])
        }
    }
}

enum SigmaDetection {
    static let supportedModifiers = "contains, startswith, endswith, all, re (with i, m, s), cidr, exists, cased"

    /// The detection's condition over its named selections.
    static func parse(_ node: Node) throws -> SigmaExpr {
        guard let map = node.mapping else { throw SigmaRefusal(what: "detection", reason: "not a mapping") }
        var identifiers: [(String, SigmaExpr)] = []
        var condition: Node?
        for (k, v) in map {
            let key = k.string ?? ""
            switch key {
            case "condition": condition = v
            case "timeframe":
                throw SigmaRefusal(what: "detection.timeframe", reason: "time windows belong to correlations, which a match rule cannot express")
            default: identifiers.append((key, try selection(key, v)))
            }
        }
        guard let condition else { throw SigmaRefusal(what: "detection", reason: "no condition") }
        let texts: [String]
        if let s = condition.scalar {
            texts = [s.string]
        } else if let seq = condition.sequence, !seq.isEmpty, seq.allSatisfy({ $0.scalar != nil }) {
            texts = seq.map { $0.scalar!.string }
        } else {
            throw SigmaRefusal(what: "detection.condition", reason: "must be a text or a list of texts")
        }
        var parsed: [SigmaExpr] = []
        for t in texts {
            var p = try SigmaConditionParser(t, identifiers: identifiers)
            parsed.append(try p.parse())
        }
        return parsed.count == 1 ? parsed[0] : .or(parsed)
    }

    /// A named selection: a map (AND of its fields) or a list of maps (OR).
    static func selection(_ name: String, _ node: Node) throws -> SigmaExpr {
        if let m = node.mapping { return try fields(name, m) }
        if let seq = node.sequence, !seq.isEmpty, seq.allSatisfy({ $0.mapping != nil }) {
            return .or(try seq.map { try fields(name, $0.mapping!) })
        }
        throw SigmaRefusal(what: "selection '\(name)'", reason: "keyword (full-text) searches are not supported: rules test named fields")
    }

    static func fields(_ name: String, _ map: Node.Mapping) throws -> SigmaExpr {
        var parts: [SigmaExpr] = []
        for (k, v) in map {
            let key = k.string ?? ""
            let pieces = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard !pieces[0].isEmpty else {
                throw SigmaRefusal(what: "selection '\(name)'", reason: "keyword (full-text) searches are not supported: rules test named fields")
            }
            parts.append(.leaf(try leaf(key: key, field: pieces[0], modifiers: Array(pieces.dropFirst()), node: v)))
        }
        guard !parts.isEmpty else { throw SigmaRefusal(what: "selection '\(name)'", reason: "empty") }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    static func leaf(key: String, field: String, modifiers: [String], node: Node) throws -> SigmaLeaf {
        var kind = "equals", all = false, cased = false, flags = ""
        for m in modifiers {
            switch m {
            case "contains", "startswith", "endswith", "re", "cidr", "exists":
                guard kind == "equals" else {
                    throw SigmaRefusal(what: "field '\(key)'", reason: "modifiers '\(kind)' and '\(m)' cannot be combined")
                }
                kind = m
            case "all": all = true
            case "cased": cased = true
            case "i" where kind == "re", "m" where kind == "re", "s" where kind == "re": flags += m
            default: throw SigmaRefusal(what: "field '\(key)'", reason: "unsupported modifier '\(m)' (supported: \(supportedModifiers))")
            }
        }
        let nodes: [Node] = node.sequence.map { Array($0) } ?? [node]
        guard !nodes.isEmpty else { throw SigmaRefusal(what: "field '\(key)'", reason: "empty list of values") }
        let values = try nodes.map { n -> SigmaValue in
            guard let s = n.scalar else {
                throw SigmaRefusal(what: "field '\(key)'", reason: "values must be single values (text, numbers, null), not lists or maps")
            }
            let text = s.string
            if s.style == .plain && ["", "null", "~", "Null", "NULL"].contains(text) {
                guard kind == "equals" else { throw SigmaRefusal(what: "field '\(key)'", reason: "null cannot be used with '\(kind)'") }
                return .null
            }
            switch kind {
            case "contains": return .pattern(GlobToken.normalize([.any] + GlobToken.parse(text) + [.any]))
            case "startswith": return .pattern(GlobToken.normalize(GlobToken.parse(text) + [.any]))
            case "endswith": return .pattern(GlobToken.normalize([.any] + GlobToken.parse(text)))
            case "re": return .regex(flags.isEmpty ? text : "(?\(flags))" + text)
            case "cidr":
                guard CIDR(text) != nil else { throw SigmaRefusal(what: "field '\(key)'", reason: "'\(text)' is not a CIDR block") }
                return .cidr(text)
            case "exists":
                guard text == "true" || text == "false" else { throw SigmaRefusal(what: "field '\(key)'", reason: "exists takes true or false") }
                return .exists(text == "true")
            default: return .pattern(GlobToken.parse(text))
            }
        }
        return SigmaLeaf(field: field, values: values, all: all, cased: cased)
    }
}

/// `condition`: `and`, `or`, `not`, parentheses, `1 of X*`, `all of X*`, `1 of them`, `all of them`.
/// Aggregations (`| count() > 5`) and `near` are refused.
struct SigmaConditionParser {
    let text: String
    let identifiers: [(String, SigmaExpr)]
    var tokens: [String] = []
    var pos = 0

    init(_ text: String, identifiers: [(String, SigmaExpr)]) throws {
        self.text = text
        self.identifiers = identifiers
        if text.contains("|") {
            throw SigmaRefusal(what: "condition '\(text)'", reason: "aggregations ('| count() …') count events over time; write a threshold rule by hand")
        }
        var word = ""
        for c in text {
            if c == "(" || c == ")" || c.isWhitespace {
                if !word.isEmpty { tokens.append(word); word = "" }
                if !c.isWhitespace { tokens.append(String(c)) }
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        if tokens.contains(where: { $0.lowercased() == "near" }) {
            throw SigmaRefusal(what: "condition '\(text)'", reason: "'near' needs event correlation, which a match rule cannot express")
        }
    }

    func fail(_ reason: String) -> SigmaRefusal { SigmaRefusal(what: "condition '\(text)'", reason: reason) }

    var peek: String? { pos < tokens.count ? tokens[pos].lowercased() : nil }

    mutating func parse() throws -> SigmaExpr {
        let e = try or()
        if let extra = peek { throw fail("unexpected '\(extra)'") }
        return e
    }

    mutating func or() throws -> SigmaExpr {
        var xs = [try and()]
        while peek == "or" { pos += 1; xs.append(try and()) }
        return xs.count == 1 ? xs[0] : .or(xs)
    }

    mutating func and() throws -> SigmaExpr {
        var xs = [try not()]
        while peek == "and" { pos += 1; xs.append(try not()) }
        return xs.count == 1 ? xs[0] : .and(xs)
    }

    mutating func not() throws -> SigmaExpr {
        if peek == "not" { pos += 1; return .not(try not()) }
        return try primary()
    }

    mutating func primary() throws -> SigmaExpr {
        guard pos < tokens.count else { throw fail("ends where a selection was expected") }
        let tok = tokens[pos]
        pos += 1
        switch tok.lowercased() {
        case "(":
            let e = try or()
            guard peek == ")" else { throw fail("a '(' is not closed") }
            pos += 1
            return e
        case ")", "and", "or", "of", "them": throw fail("unexpected '\(tok)'")
        default: break
        }
        if peek == "of" {
            pos += 1
            guard pos < tokens.count else { throw fail("'\(tok) of' names nothing") }
            let target = tokens[pos]
            pos += 1
            let q = tok.lowercased()
            guard q == "1" || q == "all" || q == "any" else { throw fail("'\(tok) of' is not supported (use '1 of' or 'all of')") }
            let pattern = GlobToken.parse(target)
            let chosen = target == "them" ? identifiers.filter { !$0.0.hasPrefix("_") } : identifiers.filter { GlobToken.matches(pattern, $0.0[...]) }
            guard !chosen.isEmpty else { throw fail("'\(target)' matches no selection") }
            let exprs = chosen.map(\.1)
            return exprs.count == 1 ? exprs[0] : (q == "all" ? .and(exprs) : .or(exprs))
        }
        guard let found = identifiers.first(where: { $0.0 == tok }) else { throw fail("'\(tok)' is not a selection of the detection") }
        return found.1
    }
}
