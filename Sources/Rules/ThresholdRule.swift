import TrailModel

/// `threshold`: `count` or more matching events of one group within `window`.
public struct ThresholdRule: Sendable {
    var condition: Condition
    var groupBy: [FieldPath]
    var count: Int
    var window: Int64

    init(_ f: Fields) throws {
        condition = try Condition.parse(try f.need("where"))
        groupBy = try parseFields(f["group_by"])
        count = try f.need("count").int()
        guard count >= 1 else { throw try f.need("count").fail("must be at least 1") }
        window = try RuleDuration.parse(try f.need("window"))
    }
}

/// Per group, the matching events still inside the window. The event that brings the group to
/// `count` closes a burst: one finding with every event of the burst, and counting starts again.
final class ThresholdState: RuleState {
    let rule: Rule
    let spec: ThresholdRule
    private var recent: [String: [(micros: Int64, ref: String)]] = [:]
    private(set) var matched = 0

    init(rule: Rule, spec: ThresholdRule) { self.rule = rule; self.spec = spec }

    func observe(_ e: EvalEvent, emit: (Finding) -> Void) {
        guard spec.condition.matches(e), let key = groupKey(e, spec.groupBy) else { return }
        matched += 1
        var list = recent[key, default: []]
        let t = e.micros
        if let k = list.firstIndex(where: { t - $0.micros <= spec.window }) { list.removeFirst(k) } else { list.removeAll() }
        list.append((t, e.ref))
        if list.count >= spec.count {
            emit(rule.finding(key: key, start: Timestamp(micros: list[0].micros), end: e.event.time, events: list.map(\.ref)))
            list.removeAll()
        }
        recent[key] = list
    }

    func finish(to: Timestamp, emit: (Finding) -> Void) {}
}
