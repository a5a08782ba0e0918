/// Errors of the store: each case names the file (and where it matters, the offset) and the reason,
/// and never carries event payloads.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notAStore(path: String, reason: String)
    case alreadyAStore(path: String)
    case io(path: String, reason: String)
    case refusedOverwrite(path: String)
    case locked(path: String, what: String)
    case walCorrupt(path: String, offset: Int64, reason: String)
    case badSeal(path: String, reason: String)
    case badConfig(path: String, field: String, reason: String)
    case eventNotFound(ref: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .notAStore(p, r): return "\(p): not a Sealtrail store (\(r)); create one with 'sealtrail init \(p)'"
        case let .alreadyAStore(p): return "\(p): already holds a Sealtrail store"
        case let .io(p, r): return "\(p): \(r)"
        case let .refusedOverwrite(p): return "\(p): refusing to overwrite a write-once file"
        case let .locked(p, w): return "\(p): \(w) is already running on this store"
        case let .walCorrupt(p, o, r): return "\(p): WAL damaged at byte \(o): \(r)"
        case let .badSeal(p, r): return "\(p): \(r)"
        case let .badConfig(p, f, r): return "\(p): field '\(f)': \(r)"
        case let .eventNotFound(ref): return "no event matches '\(ref)'"
        case let .invalidArgument(m): return m
        }
    }
}
