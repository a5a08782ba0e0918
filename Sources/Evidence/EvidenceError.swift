/// Errors of the evidence module, by case: a request that cannot be built, a store that cannot
/// back a pack, or a pack file that cannot be written or read. Verification failures are not
/// errors but `PackVerifier.Problem`s, one per file.
public enum EvidenceError: Error, Equatable, CustomStringConvertible {
    /// The arguments do not describe a pack (unknown framework, no control matches, bad period…).
    case badRequest(String)
    /// The store has nothing a pack could prove, or does not match its own seals and checkpoints.
    case store(String)
    /// Writing or reading `path` failed.
    case io(path: String, reason: String)
    /// The file is not an evidence pack (no manifest, unknown format).
    case notAPack(path: String, reason: String)

    public var description: String {
        switch self {
        case let .badRequest(m): return m
        case let .store(m): return m
        case let .io(p, r): return "\(p): \(r)"
        case let .notAPack(p, r): return "\(p): not an evidence pack: \(r)"
        }
    }
}
