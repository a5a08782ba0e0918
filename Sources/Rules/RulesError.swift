/// Errors of rule and crosswalk loading and evaluation. Each names the file, the line and the field.
public enum RulesError: Error, Equatable, CustomStringConvertible {
    case badFile(path: String, line: Int, field: String, reason: String)
    case evaluation(rule: String, reason: String)

    public var description: String {
        switch self {
        case let .badFile(p, l, f, r): return "\(p):\(l): \(f): \(r)"
        case let .evaluation(rule, r): return "rule \(rule): \(r)"
        }
    }
}
