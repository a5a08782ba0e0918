import Crypto
import Foundation

/// One encrypted personal value as it is stored in an event: `enc:v1:<key id>:<base64>`.
///
/// The key id is `<subject ref>.<generation>` (32 hex digits, a dot, a decimal number); the base64
/// holds `nonce(12) ‖ ciphertext ‖ tag(16)` of AES-256-GCM under that key, with the token's prefix
/// `enc:v1:<key id>:` as additional authenticated data, so a token cannot be moved to another key.
/// The plaintext of a field is the canonical JSON of its value; of `raw`, the original record bytes.
/// The token's alphabet (`a-z 0-9 . : + / =` and letters) needs no escaping in JSON.
public struct PersonalDataToken: Sendable, Equatable {
    public static let prefix = "enc:v1:"
    public let keyId: String
    public let sealed: [UInt8]

    /// The subject reference part of the key id.
    public var ref: String { String(keyId.prefix { $0 != "." }) }

    public var text: String { Self.prefix + keyId + ":" + Data(sealed).base64EncodedString() }

    init(keyId: String, sealed: [UInt8]) { self.keyId = keyId; self.sealed = sealed }

    /// Parses a token; throws `PersonalDataError.badToken` saying what is wrong.
    public init(parsing text: String) throws {
        guard text.hasPrefix(Self.prefix) else { throw PersonalDataError.badToken(reason: "does not start with \(Self.prefix)") }
        let rest = text.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { throw PersonalDataError.badToken(reason: "no key id") }
        let keyId = String(rest[..<colon])
        guard Self.isKeyId(keyId) else { throw PersonalDataError.badToken(reason: "malformed key id") }
        guard let data = Data(base64Encoded: String(rest[rest.index(after: colon)...])) else {
            throw PersonalDataError.badToken(reason: "ciphertext is not base64")
        }
        guard data.count >= 12 + 16 else { throw PersonalDataError.badToken(reason: "ciphertext is too short") }
        self.init(keyId: keyId, sealed: Array(data))
    }

    /// Encrypts `plaintext` under `key` with `nonce` (fresh and random for every value).
    static func seal(_ plaintext: [UInt8], key: SymmetricKey, keyId: String, nonce: AES.GCM.Nonce = AES.GCM.Nonce()) throws -> PersonalDataToken {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: Array((prefix + keyId + ":").utf8))
        return PersonalDataToken(keyId: keyId, sealed: Array(box.combined!))
    }

    /// Decrypts with `key`; throws `PersonalDataError.tampered` when the ciphertext does not authenticate.
    func open(key: SymmetricKey) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array((Self.prefix + keyId + ":").utf8)))
        } catch {
            throw PersonalDataError.tampered(keyId: keyId)
        }
    }

    /// Whether `s` is a key id: `<32 hex>.<generation>`.
    public static func isKeyId(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 34, u.count <= 42, u[32] == 0x2E else { return false }
        for c in u[0..<32] where !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) { return false }
        for c in u[33...] where !(c >= 0x30 && c <= 0x39) { return false }
        return u[33] != 0x30
    }

    static func keyId(ref: String, generation: Int) -> String { ref + "." + String(generation) }

    static func generation(of keyId: String) -> Int { Int(keyId.split(separator: ".").last ?? "") ?? 0 }

    /// Whether `text` contains `enc:v1:` (a byte scan: far cheaper than `String.contains` on
    /// every cell of a large result).
    public static func mayOccur(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { u in
            let n = u.count
            guard n >= 7 else { return false }
            var i = 0
            while i <= n - 7 {
                if u[i] == 0x65, u[i + 1] == 0x6E, u[i + 2] == 0x63, u[i + 3] == 0x3A, u[i + 4] == 0x76, u[i + 5] == 0x31, u[i + 6] == 0x3A {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    /// The tokens inside `text` (each starting at `enc:v1:`), as ranges, in order.
    static func ranges(in text: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var from = text.startIndex
        while let start = text.range(of: prefix, range: from..<text.endIndex) {
            var end = start.upperBound
            var colons = 0
            while end < text.endIndex {
                let c = text[end]
                let ok = c.isASCII && (c.isLetter || c.isNumber || c == "+" || c == "/" || c == "=" || c == "." || (c == ":" && colons == 0))
                if !ok { break }
                if c == ":" { colons += 1 }
                end = text.index(after: end)
            }
            out.append(start.lowerBound..<end)
            from = end
        }
        return out
    }
}
