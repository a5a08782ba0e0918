import Crypto
import Foundation

/// A signed trail head in the C2SP `tlog-checkpoint` signed-note format:
///
/// ```
/// <origin>\n<tree size>\n<base64 root>\n\n— <key name> <base64(key hash ‖ signature)>\n
/// ```
/// The Ed25519 signature covers the note body (the first three lines with their newlines); the key
/// hash is `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0..<4]` (C2SP `signed-note`, algorithm 0x01).
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: UInt64
    public var root: Hash32

    public init(origin: String, size: UInt64, root: Hash32) {
        self.origin = origin; self.size = size; self.root = root
    }

    /// The signed body: three lines, each ending in `\n`.
    public var body: String { "\(origin)\n\(size)\n\(root.base64)\n" }

    /// The four-byte key hash that names `key` under `name` in a note signature line.
    public static func keyHash(name: String, key: VerifyingKey) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + key.raw).prefix(4))
    }

    /// The complete signed note. The signer's name is the trail origin.
    public func signedNote(key: SigningKey) throws -> String {
        let sig = try key.sign(Array(body.utf8))
        let blob = Self.keyHash(name: origin, key: key.publicKey) + sig
        return body + "\n" + "\u{2014} \(origin) \(Data(blob).base64EncodedString())\n"
    }

    /// Parses a signed note and checks its signature with one of `keys`. Returns the checkpoint.
    public static func open(note: String, keys: [VerifyingKey]) throws -> Checkpoint {
        let cp = try parse(note: note)
        let (body, sigs) = try split(note)
        var sawKnownKeyHash = false
        for (name, blob) in sigs where name == cp.origin && blob.count == 68 {
            for key in keys where keyHash(name: name, key: key) == Array(blob.prefix(4)) {
                sawKnownKeyHash = true
                if key.isValid(signature: Array(blob.suffix(64)), for: Array(body.utf8)) { return cp }
            }
        }
        throw SealingError.badCheckpoint(reason: sawKnownKeyHash ? "bad signature" : "no signature by a known key")
    }

    /// Parses a note's body without checking signatures.
    public static func parse(note: String) throws -> Checkpoint {
        let (body, _) = try split(note)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "" else { throw SealingError.badCheckpoint(reason: "body needs origin, size and root lines") }
        guard !lines[0].isEmpty else { throw SealingError.badCheckpoint(reason: "empty origin") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else { throw SealingError.badCheckpoint(reason: "size is not a decimal number") }
        guard let root = Hash32(base64: String(lines[2])) else { throw SealingError.badCheckpoint(reason: "root is not base64 of 32 bytes") }
        return Checkpoint(origin: String(lines[0]), size: size, root: root)
    }

    private static func split(_ note: String) throws -> (String, [(String, [UInt8])]) {
        guard let sep = note.range(of: "\n\n") else { throw SealingError.badCheckpoint(reason: "no blank line before signatures") }
        let body = String(note[..<sep.lowerBound]) + "\n"
        var sigs: [(String, [UInt8])] = []
        for line in note[sep.upperBound...].split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "\u{2014}", let blob = Data(base64Encoded: String(parts[2])) else {
                throw SealingError.badCheckpoint(reason: "malformed signature line")
            }
            sigs.append((String(parts[1]), Array(blob)))
        }
        guard !sigs.isEmpty else { throw SealingError.badCheckpoint(reason: "no signature lines") }
        return (body, sigs)
    }
}
