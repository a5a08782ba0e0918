import TrailModel

/// `match`: every event that meets the condition is a finding about that event.
final class MatchState: RuleState {
    let rule: Rule
    let condition: Condition
    private(set) var matched = 0

    init(rule: Rule, condition: Condition) { self.rule = rule; self.condition = condition }

    func observe(_ e: EvalEvent, emit: (Finding) -> Void) {
        if condition.matches(e) { matched += 1; emit(rule.finding(key: e.event.id ?? e.ref, start: e.event.time, end: e.event.time, events: [e.ref])) }
    }

    func finish(to: Timestamp, emit: (Finding) -> Void) {}
}
