/// Errors of the index and the query runner. Each names what failed and why; none carries event
/// payloads or the result rows.
public enum IndexError: Error, Equatable, CustomStringConvertible {
    /// No index yet and none can be created (e.g. a read-only store directory).
    case unavailable(path: String, reason: String)
    /// A stored record that is not an event line.
    case badRecord(where: String, reason: String)
    /// The SQL does not compile (SQLite's own message).
    case sqlError(String)
    /// The statement tried something a read-only investigation may not do.
    case refused(String)
    /// The query ran past its time limit.
    case timeout(seconds: Double)
    /// No saved query of that name.
    case unknownQuery(name: String, known: [String])
    /// A saved query's file is malformed.
    case badSavedQuery(path: String, line: Int, reason: String)
    /// A parameter is missing, unknown or of the wrong type.
    case badParameter(String)

    public var description: String {
        switch self {
        case let .unavailable(p, r): return "\(p): index unavailable: \(r)"
        case let .badRecord(w, r): return "\(w): not an event line: \(r)"
        case let .sqlError(m): return "SQL error: \(m)"
        case let .refused(m): return "refused: \(m) (queries run on a read-only connection)"
        case let .timeout(s): return "query stopped after the time limit of \(s) s (raise it with --timeout)"
        case let .unknownQuery(n, known):
            return "no saved query named '\(n)'" + (known.isEmpty ? "" : "; saved queries: " + known.joined(separator: ", "))
        case let .badSavedQuery(p, l, r): return "\(p):\(l): \(r)"
        case let .badParameter(m): return m
        }
    }
}
