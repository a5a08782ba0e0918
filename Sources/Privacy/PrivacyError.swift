/// Errors of the privacy settings files: each names the file, the line and the field, in the same
/// `file:line: field: reason` form as rule and retention files.
public enum PrivacyError: Error, Equatable, CustomStringConvertible {
    case badFile(path: String, line: Int, field: String, reason: String)

    public var description: String {
        switch self {
        case let .badFile(p, l, f, r): return "\(p):\(l): \(f): \(r)"
        }
    }
}
