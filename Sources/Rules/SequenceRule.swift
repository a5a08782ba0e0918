import TrailModel

/// `sequence`: a `first` event and a `then` event with the same key, within a window.
public struct SequenceRule: Sendable {
    public enum Mode: String, Sendable { case occurs, thenMissing = "then-missing", firstMissing = "first-missing" }
    var first: Condition
    var then: Condition
    var by: [FieldPath]
    var within: Int64
    var mode: Mode

    init(_ f: Fields) throws {
        first = try Condition.parse(try f.need("first"))
        then = try Condition.parse(try f.need("then"))
        by = try parseFields(try f.need("by"))
        within = try RuleDuration.parse(try f.need("within"))
        let m = try f["mode"]?.string() ?? "occurs"
        guard let mode = Mode(rawValue: m) else { throw try f.need("mode").fail("must be occurs, then-missing or first-missing") }
        self.mode = mode
    }
}

/// - occurs: each `then` with `first` events of its key inside the window before it is a finding
///   with those events (they are used up).
/// - then-missing: a `first` that no `then` of its key follows within the window is a finding once
///   the window has passed (by a later event's time, or the period's end).
/// - first-missing: a `then` with no `first` of its key inside the window before it.
/// An event that is both a `then` and a `first` counts as `then` first.
final class SequenceState: RuleState {
    let rule: Rule
    let spec: SequenceRule
    private var pending: [String: [(micros: Int64, ref: String)]] = [:]
    /// then-missing: pending firsts in time order, to find the expired ones quickly.
    private var due: [(micros: Int64, key: String, ref: String)] = []
    private var dueHead = 0
    private(set) var matched = 0

    init(rule: Rule, spec: SequenceRule) { self.rule = rule; self.spec = spec }

    /// Only events that can be `first` or `then` reach this (see `ActionFilter`); expiring before each
    /// of them is enough, because only such an event could clear a pending `first`.
    func observe(_ e: EvalEvent, emit: (Finding) -> Void) {
        if spec.mode == .thenMissing { expire(before: e.micros, emit: emit) }
        let isThen = spec.then.matches(e)
        let isFirst = spec.first.matches(e)
        guard isThen || isFirst, let key = groupKey(e, spec.by) else { return }
        matched += 1
        let t = e.micros
        if isThen {
            let inWindow = (pending[key] ?? []).filter { t - $0.micros <= spec.within && $0.micros <= t }
            switch spec.mode {
            case .occurs:
                if !inWindow.isEmpty {
                    emit(rule.finding(key: key, start: Timestamp(micros: inWindow[0].micros), end: e.event.time,
                                      events: inWindow.map(\.ref) + [e.ref]))
                    pending[key] = nil
                }
            case .thenMissing:
                pending[key] = nil
            case .firstMissing:
                if inWindow.isEmpty { emit(rule.finding(key: key, start: e.event.time, end: e.event.time, events: [e.ref])) }
            }
            if !isFirst { return }
        }
        var list = (pending[key] ?? []).filter { t - $0.micros <= spec.within }
        list.append((t, e.ref))
        pending[key] = list
        if spec.mode == .thenMissing { due.append((t, key, e.ref)) }
    }

    private func expire(before t: Int64, emit: (Finding) -> Void) {
        while dueHead < due.count, t - due[dueHead].micros > spec.within {
            let d = due[dueHead]
            dueHead += 1
            // Still pending (no `then` cleared it): the window passed without one.
            if let list = pending[d.key], let k = list.firstIndex(where: { $0.ref == d.ref }) {
                emit(rule.finding(key: d.key, start: Timestamp(micros: d.micros), end: Timestamp(micros: d.micros + spec.within), events: [d.ref]))
                var rest = list
                rest.remove(at: k)
                pending[d.key] = rest.isEmpty ? nil : rest
            }
        }
        if dueHead > 4096 && dueHead * 2 > due.count { due.removeFirst(dueHead); dueHead = 0 }
    }

    func finish(to: Timestamp, emit: (Finding) -> Void) {
        if spec.mode == .thenMissing { expire(before: to.micros + 1, emit: emit) }
    }
}
