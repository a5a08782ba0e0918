import Foundation
import Sealing
import Testing

/// A signed checkpoint and the keys around it, shared by the tamper cases.
struct NoteFixture: Sendable {
    static let shared = NoteFixture()

    let key = try! SigningKey(seed: (0..<32).map { UInt8($0) })
    let otherKey = try! SigningKey(seed: (0..<32).map { UInt8(255 - $0) })
    let checkpoint = Checkpoint(origin: "sealtrail.example/trail", size: 42,
                                root: Merkle.root((0..<42).map { Merkle.leafHash([UInt8($0)]) }))
    var note: String { try! checkpoint.signedNote(key: key) }
    var body: String { checkpoint.body }

    /// A signature line for `body` by `key` under `name`.
    func signatureLine(name: String, body: String, key: SigningKey) -> String {
        let blob = Checkpoint.keyHash(name: name, key: key.publicKey) + (try! key.sign(Array(body.utf8)))
        return "\u{2014} \(name) \(Data(blob).base64EncodedString())\n"
    }

    /// Rewrites the base64 blob of the (first) signature line.
    func withBlob(_ edit: (inout [UInt8]) -> Void) -> String {
        let parts = note.components(separatedBy: "\n\n")
        var line = parts[1].dropLast() // trailing newline
        let fields = line.split(separator: " ")
        var blob = Array(Data(base64Encoded: String(fields[2]))!)
        edit(&blob)
        line = "\(fields[0]) \(fields[1]) \(Data(blob).base64EncodedString())"[...]
        return parts[0] + "\n\n" + line + "\n"
    }
}

/// One way of damaging a signed note; opening the result must fail.
struct NoteTamper: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable (NoteFixture) -> (note: String, keys: [VerifyingKey])
    var testDescription: String { name }

    init(_ name: String, _ make: @escaping @Sendable (NoteFixture) -> (note: String, keys: [VerifyingKey])) {
        self.name = name; self.make = make
    }

    /// A text edit of the note, opened with the right key.
    init(_ name: String, edit: @escaping @Sendable (String) -> String) {
        self.init(name) { f in (edit(f.note), [f.key.publicKey]) }
    }
}

@Suite("Checkpoints (C2SP signed notes)")
struct CheckpointTests {
    let f = NoteFixture.shared

    @Test func bodyAndNoteLayout() throws {
        let cp = f.checkpoint
        #expect(cp.body == "sealtrail.example/trail\n42\n\(cp.root.base64)\n")
        let note = try cp.signedNote(key: f.key)
        let lines = note.components(separatedBy: "\n")
        #expect(lines.count == 6)
        #expect(Array(lines[0..<3]) == ["sealtrail.example/trail", "42", cp.root.base64])
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} sealtrail.example/trail "))
        #expect(lines[5] == "", "note must end with a newline")
        // The signature line carries the key hash and a signature over the body.
        let blob = try #require(Data(base64Encoded: String(lines[4].split(separator: " ")[2])))
        #expect(blob.count == 68)
        #expect(Array(blob.prefix(4)) == Checkpoint.keyHash(name: cp.origin, key: f.key.publicKey))
        #expect(f.key.publicKey.isValid(signature: Array(blob.suffix(64)), for: Array(cp.body.utf8)))
    }

    @Test func keyHashIsSHA256OfNameNewlineAlgorithmAndKey() throws {
        let pub = f.key.publicKey
        let expected = Array(Hash32.sha256(Array("sealtrail.example/trail".utf8) + [0x0A, 0x01] + pub.raw).bytes.prefix(4))
        #expect(Checkpoint.keyHash(name: "sealtrail.example/trail", key: pub) == expected)
        #expect(Checkpoint.keyHash(name: "sealtrail.example/trail", key: pub).count == 4)
        #expect(Checkpoint.keyHash(name: "sealtrail.example/other", key: pub) != expected)

        // The signed-note example of golang.org/x/mod/sumdb/note: verifier key
        // "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW".
        let vkey = try #require(Data(base64Encoded: "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        #expect(vkey.first == 0x01)
        let peter = try VerifyingKey(raw: Array(vkey.dropFirst()))
        #expect(Hex.encode(Checkpoint.keyHash(name: "PeterNeumann", key: peter)) == "c74f20a3")
        let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let blob = try #require(Data(base64Encoded: "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="))
        #expect(Hex.encode(blob.prefix(4)) == "c74f20a3")
        #expect(peter.isValid(signature: Array(blob.suffix(64)), for: Array(text.utf8)))
        // Its signer key holds the seed; our key from that seed is the same key.
        let skey = try #require(Data(base64Encoded: "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))
        #expect(try SigningKey(seed: Array(skey.dropFirst())).publicKey == peter)
    }

    static let goodCheckpoints: [Checkpoint] = [
        Checkpoint(origin: "sealtrail.example/trail", size: 1, root: Merkle.leafHash([])),
        Checkpoint(origin: "example.com/log", size: 0, root: Merkle.emptyRoot),
        Checkpoint(origin: "x", size: UInt64.max, root: Hash32(bytes: [UInt8](repeating: 0xFF, count: 32))!),
        Checkpoint(origin: "bank.example/audit-trail/prod", size: 1_000_000, root: Hash32.sha256(Array("r".utf8))),
    ]

    @Test("signed note opens to the same checkpoint", arguments: goodCheckpoints)
    func roundtrip(_ cp: Checkpoint) throws {
        let note = try cp.signedNote(key: f.key)
        #expect(try Checkpoint.open(note: note, keys: [f.key.publicKey]) == cp)
        // The right key among others, in any position.
        #expect(try Checkpoint.open(note: note, keys: [f.otherKey.publicKey, f.key.publicKey]) == cp)
        #expect(try Checkpoint.parse(note: note) == cp)
    }

    @Test func extraUnknownSignatureLinesAreIgnored() throws {
        // A cosigner's line before ours (another witness, unknown key).
        let note = f.body + "\n" + f.signatureLine(name: "witness.example", body: f.body, key: f.otherKey)
            + f.signatureLine(name: f.checkpoint.origin, body: f.body, key: f.key)
        #expect(try Checkpoint.open(note: note, keys: [f.key.publicKey]) == f.checkpoint)
    }

    static let tampers: [NoteTamper] = [
        NoteTamper("origin changed", edit: { $0.replacingOccurrences(of: "sealtrail.example/trail\n42", with: "sealtrail.example/trai1\n42") }),
        NoteTamper("origin changed in body and signature line", edit: { $0.replacingOccurrences(of: "sealtrail.example/trail", with: "evil.example/trail") }),
        NoteTamper("size changed", edit: { $0.replacingOccurrences(of: "\n42\n", with: "\n43\n") }),
        NoteTamper("size with a leading zero", edit: { $0.replacingOccurrences(of: "\n42\n", with: "\n042\n") }),
        NoteTamper("size not a number", edit: { $0.replacingOccurrences(of: "\n42\n", with: "\nforty-two\n") }),
        NoteTamper("root changed") { f in
            (f.note.replacingOccurrences(of: f.checkpoint.root.base64, with: flipped(f.checkpoint.root, bit: 77).base64), [f.key.publicKey])
        },
        NoteTamper("root not 32 bytes") { f in
            (f.note.replacingOccurrences(of: f.checkpoint.root.base64, with: Data(f.checkpoint.root.bytes.prefix(31)).base64EncodedString()), [f.key.publicKey])
        },
        NoteTamper("signature byte flipped") { f in (f.withBlob { $0[4 + 10] ^= 0x01 }, [f.key.publicKey]) },
        NoteTamper("last signature byte flipped") { f in (f.withBlob { $0[67] ^= 0x80 }, [f.key.publicKey]) },
        NoteTamper("key hash byte flipped") { f in (f.withBlob { $0[0] ^= 0x01 }, [f.key.publicKey]) },
        NoteTamper("signature truncated") { f in (f.withBlob { $0.removeLast() }, [f.key.publicKey]) },
        NoteTamper("blank line dropped", edit: { $0.replacingOccurrences(of: "\n\n", with: "\n") }),
        NoteTamper("signature line not base64", edit: { $0.replacingOccurrences(of: "trail ", with: "trail !") }),
        NoteTamper("hyphen instead of em dash", edit: { $0.replacingOccurrences(of: "\u{2014}", with: "-") }),
        NoteTamper("no signature lines") { f in (f.body + "\n", [f.key.publicKey]) },
        NoteTamper("empty note") { f in ("", [f.key.publicKey]) },
        NoteTamper("unsigned extension line added to the body", edit: { $0.replacingOccurrences(of: "\n\n", with: "\nextension\n\n") }),
        NoteTamper("wrong key") { f in (f.note, [f.otherKey.publicKey]) },
        NoteTamper("no keys") { f in (f.note, []) },
        NoteTamper("signature from a different origin name") { f in
            // Same key, valid signature over this body, but made under another name.
            (f.body + "\n" + f.signatureLine(name: "other.example/trail", body: f.body, key: f.key), [f.key.publicKey])
        },
        NoteTamper("signature line renamed to another origin") { f in
            (f.note.replacingOccurrences(of: "\u{2014} sealtrail.example/trail ", with: "\u{2014} other.example/trail "), [f.key.publicKey])
        },
        NoteTamper("signature of another checkpoint grafted on") { f in
            let older = Checkpoint(origin: f.checkpoint.origin, size: 41, root: f.checkpoint.root)
            return (f.body + "\n" + f.signatureLine(name: older.origin, body: older.body, key: f.key), [f.key.publicKey])
        },
        NoteTamper("signed by the wrong key under the right name") { f in
            (f.body + "\n" + f.signatureLine(name: f.checkpoint.origin, body: f.body, key: f.otherKey), [f.key.publicKey])
        },
    ]

    @Test("tampered note does not open", arguments: tampers)
    func tampered(_ t: NoteTamper) throws {
        let (note, keys) = t.make(f)
        #expect(note != f.note || keys != [f.key.publicKey], "tamper case changed nothing")
        do {
            let cp = try Checkpoint.open(note: note, keys: keys)
            Issue.record("\(t.name): opened as \(cp)")
        } catch let e as SealingError {
            guard case .badCheckpoint = e else { Issue.record("\(t.name): wrong error \(e)"); return }
        }
    }
}

extension Checkpoint: CustomTestStringConvertible {
    public var testDescription: String { "\(origin) @\(size)" }
}
