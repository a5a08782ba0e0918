/// Errors of personal-data protection (encryption under subject keys, erasure, key backups).
///
/// Like `StoreError`, each case names the file or the key involved and never carries a personal
/// value: a subject appears only as its blind-index reference.
public enum PersonalDataError: Error, Equatable, CustomStringConvertible {
    /// `privacy.json` (or a config being installed) is not valid.
    case badConfig(path: String, field: String, reason: String)
    /// The master key cannot be read or created.
    case masterKey(path: String, reason: String)
    /// A subject key file is damaged or does not belong to its name.
    case badKeyFile(path: String, reason: String)
    /// The text is not a token of the form `enc:v1:<key id>:<base64>`.
    case badToken(reason: String)
    /// The ciphertext does not authenticate under its key: it was altered, or the key is not the
    /// one it was written with.
    case tampered(keyId: String)
    /// The subject's key was destroyed by an erasure.
    case erased(keyId: String)
    /// No key file exists for the key id and no erasure recorded its destruction.
    case keyMissing(keyId: String)
    /// Nothing was ever stored under this subject.
    case unknownSubject(ref: String)
    /// Every key of the subject is already destroyed.
    case alreadyErased(ref: String, at: String)
    /// A key backup could not be written or read.
    case backup(path: String, reason: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .badConfig(p, f, r): return "\(p): field '\(f)': \(r)"
        case let .masterKey(p, r): return "\(p): privacy master key: \(r)"
        case let .badKeyFile(p, r): return "\(p): \(r)"
        case let .badToken(r): return "not a personal-data token: \(r)"
        case let .tampered(k): return "personal data under key \(k) does not decrypt: the ciphertext was altered or the key file replaced"
        case let .erased(k): return "key \(k) was destroyed by an erasure"
        case let .keyMissing(k): return "no key file for \(k) and no erasure record: the key was lost or removed outside 'sealtrail erase'"
        case let .unknownSubject(ref): return "no data stored under this subject (subject ref \(ref)); check the id and the subject prefix of its format"
        case let .alreadyErased(ref, at): return "subject ref \(ref) was already erased (\(at)); nothing left to destroy"
        case let .backup(p, r): return "\(p): \(r)"
        case let .invalidArgument(m): return m
        }
    }
}
