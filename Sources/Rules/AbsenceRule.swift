import TrailModel

/// `absence`: a group (a source, a heartbeat…) with no matching event for longer than `window`.
public struct AbsenceRule: Sendable {
    var condition: Condition
    var groupBy: [FieldPath]
    var window: Int64
    var expected: [String]

    init(_ f: Fields) throws {
        condition = try Condition.parse(try f.need("where"))
        groupBy = try parseFields(f["group_by"])
        window = try RuleDuration.parse(try f.need("window"))
        expected = try f["expected"]?.strings() ?? []
        if !expected.isEmpty && groupBy.count != 1 {
            throw try f.need("expected").fail("needs exactly one group_by field (the expected values are its values)")
        }
    }
}

/// Gaps longer than the window (a finding is the silent span; it lists no events): from the period's start to a group's first event, between its
/// events, and from its last event to the period's end. Groups listed in `expected` that never
/// appear are silent for the whole period.
final class AbsenceState: RuleState {
    let rule: Rule
    let spec: AbsenceRule
    let from: Timestamp
    private var last: [String: Int64] = [:]
    private(set) var matched = 0

    init(rule: Rule, spec: AbsenceRule, from: Timestamp) {
        self.rule = rule; self.spec = spec; self.from = from
    }

    func observe(_ e: EvalEvent, emit: (Finding) -> Void) {
        guard spec.condition.matches(e), let key = groupKey(e, spec.groupBy) else { return }
        matched += 1
        let previous = last[key] ?? from.micros
        if e.micros - previous > spec.window {
            emit(rule.finding(key: key, start: Timestamp(micros: previous), end: e.event.time, events: []))
        }
        last[key] = max(previous, e.micros)
    }

    func finish(to: Timestamp, emit: (Finding) -> Void) {
        var keys = Set(last.keys)
        if spec.groupBy.isEmpty { keys.insert("*") }
        keys.formUnion(spec.expected)
        for key in keys.sorted() {
            let previous = last[key] ?? from.micros
            if to.micros - previous > spec.window {
                emit(rule.finding(key: key, start: Timestamp(micros: previous), end: to, events: []))
            }
        }
    }
}
