/// Errors of the compression seam and byte sources: each names where in the stream it happened.
public enum GzipError: Error, Equatable, CustomStringConvertible {
    /// zlib refused to start (bad level, out of memory).
    case initFailed(code: Int32)
    /// The compressed bytes are damaged at or before `compressedOffset`.
    case corrupt(reason: String, compressedOffset: Int64)
    /// The stream ended before the gzip trailer.
    case truncated(compressedOffset: Int64)
    /// Bytes follow the end of the (single) gzip member.
    case trailingData(compressedOffset: Int64)
    /// A read or write failed.
    case io(path: String, reason: String)
    /// The data inflates past the caller's limit (a gzip bomb, or simply too much).
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case let .initFailed(code): return "zlib could not start (code \(code))"
        case let .corrupt(reason, off): return "corrupt gzip data near compressed byte \(off): \(reason)"
        case let .truncated(off): return "gzip stream truncated at compressed byte \(off)"
        case let .trailingData(off): return "unexpected data after the gzip stream at compressed byte \(off)"
        case let .io(path, reason): return "\(path): \(reason)"
        case let .tooLarge(limit): return "the data inflates past \(limit) bytes"
        }
    }
}
