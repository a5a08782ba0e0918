import Crypto
import Foundation
import TrailModel

/// The read side of crypto-shredding: shows stored personal-data tokens as plaintext when their
/// key exists and the master key is readable, as `[erased]` once an erasure destroyed the key, as
/// `[encrypted]` when the keys cannot be read (no access to the master key, key file missing),
/// and as `[damaged]` when the ciphertext does not authenticate. Never throws while revealing:
/// `decrypt(_:)` is the strict form that says why.
public final class PersonalDataReader {
    public static let erasedText = "[erased]"
    public static let encryptedText = "[encrypted]"
    public static let damagedText = "[damaged]"

    public let layout: StoreLayout
    private var keysResult: Result<PersonalDataKeys, PersonalDataError>?
    private var cache: [String: Result<SymmetricKey, PersonalDataError>] = [:]

    /// What revealing found, for notes to the user.
    public struct Counts: Sendable, Equatable {
        public var decrypted = 0, erased = 0, withheld = 0, damaged = 0
        /// Of `withheld`: texts that start like a token but are not a whole one (cut by `substr`, …).
        public var malformed = 0
        public var total: Int { decrypted + erased + withheld + damaged }
        public init() {}
    }
    public private(set) var counts = Counts()

    public init(layout: StoreLayout) { self.layout = layout }

    /// The master key and derived keys (opened once, never created here).
    public func keys() throws -> PersonalDataKeys {
        if keysResult == nil {
            do { keysResult = .success(try PersonalDataKeys.open(layout: layout)) } catch let e as PersonalDataError {
                keysResult = .failure(e)
            } catch {
                keysResult = .failure(.masterKey(path: PersonalDataKeys.masterPath(layout), reason: "\(error)"))
            }
        }
        return try keysResult!.get()
    }

    /// The blind-index reference of a subject id (needs the master key).
    public func subjectRef(_ id: String) throws -> String { try keys().ref(subject: id) }

    /// Decrypts a token; throws `PersonalDataError` saying why it cannot (erased, key missing,
    /// tampered, master key unreadable, not a token).
    public func decrypt(_ text: String) throws -> [UInt8] {
        let token = try PersonalDataToken(parsing: text)
        return try token.open(key: try key(token.keyId))
    }

    private func key(_ keyId: String) throws -> SymmetricKey {
        if let hit = cache[keyId] { return try hit.get() }
        let result: Result<SymmetricKey, PersonalDataError>
        do {
            let k = try keys()
            if let key = try k.loadKey(keyId) {
                result = .success(key)
            } else {
                result = .failure(k.isErased(keyId) ? .erased(keyId: keyId) : .keyMissing(keyId: keyId))
            }
        } catch let e as PersonalDataError {
            result = .failure(e)
        } catch {
            result = .failure(.badKeyFile(path: keyId, reason: "\(error)"))
        }
        cache[keyId] = result
        return try result.get()
    }

    /// One token as a reader sees it.
    public enum Shown: Equatable {
        case plaintext([UInt8])
        case erased
        case withheld(reason: String)
        case damaged(reason: String)
    }

    public func show(_ text: String) -> Shown {
        do {
            let bytes = try decrypt(text)
            counts.decrypted += 1
            return .plaintext(bytes)
        } catch let e as PersonalDataError {
            switch e {
            case .erased: counts.erased += 1; return .erased
            case .tampered: counts.damaged += 1; return .damaged(reason: e.description)
            case .badToken: counts.withheld += 1; counts.malformed += 1; return .withheld(reason: e.description)
            default:
                // A key file that exists but does not unwrap is damage too, not a lack of access.
                if case .badKeyFile = e, (try? keys()) != nil { counts.damaged += 1; return .damaged(reason: e.description) }
                counts.withheld += 1
                return .withheld(reason: e.description)
            }
        } catch {
            counts.damaged += 1
            return .damaged(reason: "\(error)")
        }
    }

    /// A field value: the decrypted JSON value, or the marker text as a string.
    public func reveal(fieldToken text: String) -> JSONValue {
        switch show(text) {
        case let .plaintext(bytes): return (try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self))
        case .erased: return .string(Self.erasedText)
        case .withheld: return .string(Self.encryptedText)
        case .damaged: return .string(Self.damagedText)
        }
    }

    /// Every token inside `value` (at any depth) replaced by what it reveals.
    public func reveal(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .string(s) where PersonalDataToken.mayOccur(in: s):
            return Self.isWholeToken(s) ? reveal(fieldToken: s) : .string(revealText(s))
        case let .array(items): return .array(items.map(reveal))
        case let .object(members): return .object(members.map { ($0.0, reveal($0.1)) })
        default: return value
        }
    }

    /// Text with tokens revealed: a whole-token text becomes the value's text (a string without
    /// quotes, anything else as JSON); a JSON object or array has the tokens inside it revealed; in
    /// other text each token is replaced where it stands.
    public func revealText(_ text: String) -> String {
        guard PersonalDataToken.mayOccur(in: text) else { return text }
        if Self.isWholeToken(text) { return revealWhole(text) }
        if let first = text.first, first == "{" || first == "[", let v = try? JSONParser.parse(text) {
            return CanonicalJSON.string(reveal(v))
        }
        var out = ""
        var at = text.startIndex
        for r in PersonalDataToken.ranges(in: text) {
            out += text[at..<r.lowerBound]
            out += revealWhole(String(text[r]))
            at = r.upperBound
        }
        return out + text[at...]
    }

    /// One token as text: a field's string value without quotes, any other plaintext (a number,
    /// an object, a raw record) exactly as stored; or the marker.
    private func revealWhole(_ token: String) -> String {
        switch show(token) {
        case let .plaintext(bytes):
            if bytes.first == 0x22, case let .string(s)? = try? JSONParser.parse(bytes), CanonicalJSON.encode(.string(s)) == bytes { return s }
            return String(validating: bytes, as: UTF8.self) ?? Data(bytes).base64EncodedString()
        case .erased: return Self.erasedText
        case .withheld: return Self.encryptedText
        case .damaged: return Self.damagedText
        }
    }

    static func isWholeToken(_ text: String) -> Bool {
        text.hasPrefix(PersonalDataToken.prefix) && PersonalDataToken.ranges(in: text).first?.upperBound == text.endIndex
    }

    /// The original record of an event whose `raw` is encrypted: its text (nil and a marker when
    /// it cannot be shown), and whether the bytes were not UTF-8 (then the text is base64).
    public func revealRaw(_ token: String) -> (text: String, base64: Bool, shown: Bool) {
        switch show(token) {
        case let .plaintext(bytes):
            if let s = String(validating: bytes, as: UTF8.self) { return (s, false, true) }
            return (Data(bytes).base64EncodedString(), true, true)
        case .erased: return (Self.erasedText, false, false)
        case .withheld: return (Self.encryptedText, false, false)
        case .damaged: return (Self.damagedText, false, false)
        }
    }

    /// The event as a reader sees it: personal fields and `raw` revealed (the stored line, its
    /// hash and its proof are unchanged; this is for display only).
    public func reveal(event e: TrailEvent) -> TrailEvent {
        var out = e
        for name in PersonalField.topFields {
            if let v = e.topField(name), v.hasPrefix(PersonalDataToken.prefix) { out.setTopField(name, revealText(v)) }
        }
        out.attributes = e.attributes.map { ($0.0, reveal($0.1)) }
        if e.rawIsEncrypted {
            let r = revealRaw(e.raw)
            out.raw = r.text
            out.rawIsBase64 = r.base64
            out.rawIsEncrypted = !r.shown
        }
        return out
    }
}
