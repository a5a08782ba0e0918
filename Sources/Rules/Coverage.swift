import TrailModel

/// Per control of one framework, for a period: its status, the rules behind it and the counts.
public struct CoverageRow: Sendable {
    public var control: String
    public var title: String
    public var coverage: String
    /// `ok`, `alarm`, `info`, `manual`, `n/a` or `error`.
    public var status: String
    public var rules: [String]
    /// Events in the period that met a condition of one of the control's rules.
    public var events: Int
    public var findings: Int
    public var note: String
}

extension Framework {
    /// Statuses: `n/a` and `manual` as the crosswalk says; otherwise `error` when a rule could not be
    /// evaluated, `alarm` when a finding of severity medium or above exists, `info` when only
    /// info/low findings exist, `ok` when the rules ran and found nothing.
    public func coverage(rules: RuleSet, findings: [Finding], matched: [String: Int], errors: [String: String]) -> [CoverageRow] {
        let severe: Set<String> = ["medium", "high", "critical"]
        return controls.map { c in
            let tag = "\(qualified):\(c.id)"
            let rs = rules.rules.filter { $0.controls.contains(tag) }.map(\.id)
            let fs = findings.filter { rs.contains($0.rule) }
            let status: String
            switch c.coverage {
            case .notApplicable: status = "n/a"
            case .manual: status = rs.isEmpty ? "manual" : (fs.isEmpty ? "ok" : (fs.contains { severe.contains($0.severity) } ? "alarm" : "info"))
            default:
                if rs.contains(where: { errors[$0] != nil }) || rs.isEmpty { status = "error" } else if fs.contains(where: { severe.contains($0.severity) }) {
                    status = "alarm"
                } else { status = fs.isEmpty ? "ok" : "info" }
            }
            let note = rs.compactMap { id in errors[id].map { "\(id): \($0)" } }.joined(separator: "; ")
            return CoverageRow(control: c.id, title: c.title, coverage: c.coverage.rawValue, status: status, rules: rs,
                               events: rs.reduce(0) { $0 + (matched[$1] ?? 0) }, findings: fs.count,
                               note: note.isEmpty ? (c.note ?? "") : note)
        }
    }
}
