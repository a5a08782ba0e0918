import Crypto
import Foundation

/// An Ed25519 public key with Sealtrail's key id and its PEM (SubjectPublicKeyInfo) form.
public struct VerifyingKey: Sendable, Equatable {
    public let raw: [UInt8]
    private let key: Curve25519.Signing.PublicKey

    /// Wraps a raw 32-byte Ed25519 public key.
    public init(raw: [UInt8]) throws {
        guard raw.count == 32 else { throw SealingError.badKey(reason: "an Ed25519 public key is 32 bytes, found \(raw.count)") }
        self.raw = raw
        do { key = try Curve25519.Signing.PublicKey(rawRepresentation: raw) } catch {
            throw SealingError.badKey(reason: "not an Ed25519 public key")
        }
    }

    public static func == (a: VerifyingKey, b: VerifyingKey) -> Bool { a.raw == b.raw }

    /// `hex(SHA-256(raw public key))[0..<16]`: the `keyId` written into seals.
    public var keyId: String { String(Hash32.sha256(raw).hex.prefix(16)) }

    /// True when `signature` is a valid Ed25519 signature of `message`.
    public func isValid(signature: [UInt8], for message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4).
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The PEM `PUBLIC KEY` block that `openssl pkeyutl -pubin` reads.
    public var pem: String {
        PEM.encode(label: "PUBLIC KEY", der: Self.spkiPrefix + raw)
    }

    /// Reads a PEM `PUBLIC KEY` block holding an Ed25519 key.
    public init(pem: String) throws {
        let der = try PEM.decode(label: "PUBLIC KEY", text: pem)
        guard der.count == 44, Array(der.prefix(12)) == Self.spkiPrefix else {
            throw SealingError.badKey(reason: "PEM is not an Ed25519 public key")
        }
        try self.init(raw: Array(der.suffix(32)))
    }
}

/// An Ed25519 private key. The private bytes never leave this type except as PKCS#8 PEM for the key file.
public struct SigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// A key from its 32-byte seed.
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else { throw SealingError.badKey(reason: "an Ed25519 seed is 32 bytes") }
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch {
            throw SealingError.badKey(reason: "not an Ed25519 private key")
        }
    }

    /// DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo (RFC 8410 §7).
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    /// Reads a PEM `PRIVATE KEY` (PKCS#8) block holding an Ed25519 key, as `openssl genpkey` writes it.
    public init(pem: String) throws {
        let der = try PEM.decode(label: "PRIVATE KEY", text: pem)
        guard der.count == 48, Array(der.prefix(16)) == Self.pkcs8Prefix else {
            throw SealingError.badKey(reason: "PEM is not an Ed25519 private key")
        }
        try self.init(seed: Array(der.suffix(32)))
    }

    /// The PKCS#8 PEM form.
    public var pem: String { PEM.encode(label: "PRIVATE KEY", der: Self.pkcs8Prefix + Array(key.rawRepresentation)) }

    public var publicKey: VerifyingKey {
        // A key this type made is always valid.
        try! VerifyingKey(raw: Array(key.publicKey.rawRepresentation))
    }

    /// Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        do { return Array(try key.signature(for: message)) } catch {
            throw SealingError.badKey(reason: "signing failed: \(error)")
        }
    }
}

/// PEM armour (RFC 7468).
public enum PEM {
    public static func encode(label: String, der: [UInt8]) -> String {
        let b64 = Data(der).base64EncodedString()
        var lines: [String] = ["-----BEGIN \(label)-----"]
        var rest = Substring(b64)
        while !rest.isEmpty { lines.append(String(rest.prefix(64))); rest = rest.dropFirst(64) }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func decode(label: String, text: String) throws -> [UInt8] {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else {
            throw SealingError.badKey(reason: "no PEM \(label) block")
        }
        let body = text[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        guard let d = Data(base64Encoded: String(body)) else { throw SealingError.badKey(reason: "PEM body is not base64") }
        return Array(d)
    }
}

/// Errors of the sealing module.
public enum SealingError: Error, Equatable, CustomStringConvertible {
    case badKey(reason: String)
    case badCheckpoint(reason: String)

    public var description: String {
        switch self {
        case let .badKey(r): return "key: \(r)"
        case let .badCheckpoint(r): return "checkpoint: \(r)"
        }
    }
}
