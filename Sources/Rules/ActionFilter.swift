/// The actions a condition can possibly match, when the condition says (an `action` equals / in /
/// startswith test that must hold). The stream evaluator shows an event only to the rules whose
/// filter admits its action, so most rules never look at most events.
struct ActionFilter: Sendable {
    var exact: Set<String> = []
    var prefixes: [String] = []

    /// nil when the condition does not pin the action (every event must be shown to the rule).
    static func of(_ c: Condition) -> ActionFilter? {
        switch c {
        case let .test(.top(.action), ops, nocase) where !nocase:
            for op in ops {
                switch op {
                case let .equals(x, _): return ActionFilter(exact: [x])
                case let .within(xs, _): return ActionFilter(exact: xs)
                case let .startswith(p): return ActionFilter(prefixes: [p])
                default: continue
                }
            }
            return nil
        case let .all(cs):
            return cs.lazy.compactMap(of).first
        case let .any(cs):
            var out = ActionFilter()
            for child in cs {
                guard let f = of(child) else { return nil }
                out.exact.formUnion(f.exact)
                out.prefixes += f.prefixes
            }
            return out
        default:
            return nil
        }
    }

    static func union(_ a: ActionFilter?, _ b: ActionFilter?) -> ActionFilter? {
        guard let a, let b else { return nil }
        return ActionFilter(exact: a.exact.union(b.exact), prefixes: a.prefixes + b.prefixes)
    }
}

extension Rule {
    /// The actions this rule can react to (nil: all events).
    var actionFilter: ActionFilter? {
        switch kind {
        case let .match(c): return ActionFilter.of(c)
        case let .threshold(t): return ActionFilter.of(t.condition)
        case let .absence(a): return ActionFilter.of(a.condition)
        case let .sequence(s): return ActionFilter.union(ActionFilter.of(s.first), ActionFilter.of(s.then))
        case .sql: return nil
        }
    }
}
