import Foundation
import Sealing
import Testing

func hexBytes(_ s: String) -> [UInt8] { Hex.decode(s)! }

@Suite("Ed25519 keys, signatures and PEM")
struct SigningTests {
    /// RFC 8032 §7.1 test vectors 1 and 2: seed, public key, message, signature.
    static let rfc8032: [(seed: String, pub: String, msg: String, sig: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ]

    @Test("RFC 8032 vectors", arguments: 0..<2)
    func rfc8032Vectors(k: Int) throws {
        let v = Self.rfc8032[k]
        let key = try SigningKey(seed: hexBytes(v.seed))
        #expect(Hex.encode(key.publicKey.raw) == v.pub)
        #expect(key.publicKey.isValid(signature: hexBytes(v.sig), for: hexBytes(v.msg)))
        let mine = try key.sign(hexBytes(v.msg))
        #expect(mine.count == 64)
        #expect(key.publicKey.isValid(signature: mine, for: hexBytes(v.msg)))
        #expect(key.publicKey.keyId == String(Hash32.sha256(hexBytes(v.pub)).hex.prefix(16)))
        #expect(key.publicKey.keyId.count == 16)
    }

    @Test func signVerifyRoundtripAndRejections() throws {
        let key = SigningKey(), other = SigningKey()
        #expect(key.publicKey != other.publicKey)
        let message = Array("{\"format\":\"sealtrail-seal/1\",\"records\":3}".utf8)
        let sig = try key.sign(message)
        #expect(sig.count == 64)
        #expect(key.publicKey.isValid(signature: sig, for: message))
        #expect(!other.publicKey.isValid(signature: sig, for: message), "another key accepts the signature")
        #expect(!key.publicKey.isValid(signature: sig, for: message + [0x0A]), "an extended message verifies")
        #expect(!key.publicKey.isValid(signature: sig, for: []))
        for k in [0, 31, 32, 63] {
            var bad = sig
            bad[k] ^= 0x01
            #expect(!key.publicKey.isValid(signature: bad, for: message), "flipped signature byte \(k) verifies")
        }
        var badMessage = message
        badMessage[5] ^= 0x20
        #expect(!key.publicKey.isValid(signature: sig, for: badMessage))
        #expect(!key.publicKey.isValid(signature: Array(sig.dropLast()), for: message))
        #expect(!key.publicKey.isValid(signature: [], for: message))
    }

    @Test("raw key lengths other than 32 are refused", arguments: [0, 1, 31, 33, 64])
    func rawKeyLengths(length: Int) {
        #expect(throws: SealingError.self) { try VerifyingKey(raw: [UInt8](repeating: 7, count: length)) }
        #expect(throws: SealingError.self) { try SigningKey(seed: [UInt8](repeating: 7, count: length)) }
    }

    @Test func pemRoundtrip() throws {
        let key = try SigningKey(seed: hexBytes(Self.rfc8032[0].seed))
        let pub = key.publicKey
        // The RFC 8410 SubjectPublicKeyInfo of the RFC 8032 key.
        #expect(pub.pem == "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n")
        #expect(try VerifyingKey(pem: pub.pem) == pub)
        #expect(try VerifyingKey(pem: pub.pem).raw == pub.raw)
        // PKCS#8: prefix, then the 32-byte seed.
        #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"))
        #expect(key.pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        let back = try SigningKey(pem: key.pem)
        #expect(back.publicKey == pub)
        let sig = try back.sign([1, 2, 3])
        #expect(pub.isValid(signature: sig, for: [1, 2, 3]))
        // Surrounding text and CRLF line ends are tolerated.
        let wrapped = "key file\r\n" + pub.pem.replacingOccurrences(of: "\n", with: "\r\n") + "trailer\n"
        #expect(try VerifyingKey(pem: wrapped) == pub)
        for _ in 0..<8 {
            let k = SigningKey()
            #expect(try SigningKey(pem: k.pem).publicKey == k.publicKey)
            #expect(try VerifyingKey(pem: k.publicKey.pem) == k.publicKey)
        }
    }

    struct BadPEM: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let x25519SPKI: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x03, 0x21, 0x00] + [UInt8](repeating: 9, count: 32)
    static let edSPKI: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + [UInt8](repeating: 9, count: 32)
    static let edPKCS8: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20] + [UInt8](repeating: 9, count: 32)

    static let badPublicPEMs: [BadPEM] = [
        BadPEM(name: "empty", text: ""),
        BadPEM(name: "private key label", text: PEM.encode(label: "PRIVATE KEY", der: edPKCS8)),
        BadPEM(name: "no END line", text: "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"),
        BadPEM(name: "body not base64", text: "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"),
        BadPEM(name: "X25519 key, not Ed25519", text: PEM.encode(label: "PUBLIC KEY", der: x25519SPKI)),
        BadPEM(name: "DER truncated", text: PEM.encode(label: "PUBLIC KEY", der: Array(edSPKI.dropLast()))),
        BadPEM(name: "DER with a trailing byte", text: PEM.encode(label: "PUBLIC KEY", der: edSPKI + [0])),
    ]

    @Test("malformed public PEM is refused", arguments: badPublicPEMs)
    func badPublicPEM(_ c: BadPEM) {
        #expect(throws: SealingError.self) { try VerifyingKey(pem: c.text) }
    }

    static let badPrivatePEMs: [BadPEM] = [
        BadPEM(name: "empty", text: ""),
        BadPEM(name: "public key label", text: PEM.encode(label: "PUBLIC KEY", der: edSPKI)),
        BadPEM(name: "X25519 private key", text: PEM.encode(label: "PRIVATE KEY", der: Array(edPKCS8.prefix(11)) + [0x6E] + Array(edPKCS8.dropFirst(12)))),
        BadPEM(name: "DER truncated", text: PEM.encode(label: "PRIVATE KEY", der: Array(edPKCS8.dropLast()))),
        BadPEM(name: "DER with a trailing byte", text: PEM.encode(label: "PRIVATE KEY", der: edPKCS8 + [0])),
    ]

    @Test("malformed private PEM is refused", arguments: badPrivatePEMs)
    func badPrivatePEM(_ c: BadPEM) {
        #expect(throws: SealingError.self) { try SigningKey(pem: c.text) }
    }

    // MARK: openssl interop

    @Test func opensslReadsOurPEMAndVerifiesOurSignatures() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let key = SigningKey()
        let pubPath = try dir.write("pub.pem", key.publicKey.pem)
        let privPath = try dir.write("priv.pem", key.pem)

        let check = try runTool(opensslPath, ["pkey", "-pubin", "-in", pubPath, "-noout"])
        #expect(check.status == 0, "openssl pkey -pubin failed: \(check.stderr)")

        let der = try runTool(opensslPath, ["pkey", "-pubin", "-in", pubPath, "-outform", "DER"])
        #expect(der.status == 0, "\(der.stderr)")
        #expect(Array(der.stdout.suffix(32)) == key.publicKey.raw)
        #expect(der.stdout.count == 44)

        // openssl derives the same public key from our private key file.
        let derived = try runTool(opensslPath, ["pkey", "-in", privPath, "-pubout"])
        #expect(derived.status == 0, "openssl pkey -in private failed: \(derived.stderr)")
        #expect(String(decoding: derived.stdout, as: UTF8.self) == key.publicKey.pem)

        // openssl verifies our signature, and refuses a flipped one.
        let message = Array("2026-07-01T12:00:00.000000Z payments-api 42\n".utf8)
        let msgPath = try dir.write("msg.bin", message)
        var sig = try key.sign(message)
        let sigPath = try dir.write("sig.bin", sig)
        let ok = try runTool(opensslPath, ["pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", msgPath, "-sigfile", sigPath])
        #expect(ok.status == 0, "openssl refused our signature: \(ok.stderr)")
        sig[20] ^= 0x40
        let badSigPath = try dir.write("bad.sig", sig)
        let bad = try runTool(opensslPath, ["pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", msgPath, "-sigfile", badSigPath])
        #expect(bad.status != 0, "openssl accepted a flipped signature")
    }

    @Test func weReadOpensslKeysAndVerifyItsSignatures() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let privPath = dir.file("k.pem").path
        let gen = try runTool(opensslPath, ["genpkey", "-algorithm", "ed25519", "-out", privPath])
        try #require(gen.status == 0, "openssl genpkey failed: \(gen.stderr)")
        let key = try SigningKey(pem: String(contentsOfFile: privPath, encoding: .utf8))

        let pubOut = try runTool(opensslPath, ["pkey", "-in", privPath, "-pubout"])
        try #require(pubOut.status == 0, "\(pubOut.stderr)")
        let theirPub = try VerifyingKey(pem: String(decoding: pubOut.stdout, as: UTF8.self))
        #expect(theirPub == key.publicKey)

        let message = Array("checkpoint body\n".utf8)
        let msgPath = try dir.write("msg.bin", message)
        let sigPath = dir.file("sig.bin").path
        let sign = try runTool(opensslPath, ["pkeyutl", "-sign", "-inkey", privPath, "-rawin", "-in", msgPath, "-out", sigPath])
        try #require(sign.status == 0, "openssl pkeyutl -sign failed: \(sign.stderr)")
        let sig = try Array(Data(contentsOf: URL(fileURLWithPath: sigPath)))
        #expect(sig.count == 64)
        #expect(theirPub.isValid(signature: sig, for: message))
        #expect(!theirPub.isValid(signature: sig, for: Array("checkpoint body\r\n".utf8)))
    }
}
