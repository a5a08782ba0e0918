import Foundation
import Privacy
import SegmentStore
import Testing
import TrailModel

/// Damaged ciphertexts and key files fail to decrypt with an error that says what is wrong, and
/// readers show `[damaged]` (or `[encrypted]` for a cut token) instead of crashing.
@Suite struct TamperTests {
    typealias F = PrivacyFixture

    /// Named mutations of a stored token (text in, text out).
    static let mutations: [(name: String, mutate: @Sendable (String, String) -> String, expect: String)] = [
        ("bit flip in the ciphertext", { t, _ in flip(t, at: t.count - 20) }, "was altered"),
        ("bit flip in the tag", { t, _ in flip(t, at: t.count - 3) }, "was altered"),
        ("bit flip in the nonce", { t, _ in flip(t, at: t.firstIndexOffset(of: ":", after: 8) + 2) }, "was altered"),
        ("moved to another subject's key", { t, other in other + String(t.dropFirst(other.count)) }, "was altered"),
        ("generation changed", { t, _ in t.replacingOccurrences(of: ".1:", with: ".7:") }, "no key file"),
        ("truncated", { t, _ in String(t.prefix(58)) }, "too short"),
        ("not base64", { t, _ in String(t.dropLast(4)) + "!!!!" }, "not base64"),
        ("no key id", { _, _ in "enc:v1:" }, "no key id"),
        ("malformed key id", { t, _ in "enc:v1:XYZ.1:" + t.split(separator: ":").last! }, "malformed key id"),
    ]

    static func flip(_ token: String, at offset: Int) -> String {
        var chars = Array(token)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let i = alphabet.firstIndex(of: chars[offset]) ?? 0
        chars[offset] = alphabet[(i + 32) % 64]  // the top bit of the 6: significant even next to padding
        return String(chars)
    }

    @Test(arguments: mutations.indices)
    func mutatedTokensFailWithAClearError(_ k: Int) throws {
        let (name, mutate, expect) = Self.mutations[k]
        let store = try F.store("tamper", events: [F.event(0, F.alice), F.event(1, F.bob)])
        defer { F.cleanup(store) }
        let events = try F.storedEvents(store)
        let alice = events.with(id: "e-1-0")!, bob = events.with(id: "e-1-1")!
        guard case let .string(token)? = alice.attributes.first(where: { $0.0 == "email" })?.1,
              case let .string(bobToken)? = bob.attributes.first(where: { $0.0 == "email" })?.1 else {
            Issue.record("no email token"); return
        }
        let bobPrefix = String(bobToken.prefix("enc:v1:".count + 32))
        let mutated = mutate(token, bobPrefix)
        #expect(mutated != token, "\(name)")
        let reader = PersonalDataReader(layout: store.layout)
        #expect(try reader.decrypt(token) == Array("\"\(F.alice.email)\"".utf8), "the original decrypts")
        do {
            _ = try reader.decrypt(mutated)
            Issue.record("\(name): decrypted")
        } catch let e as PersonalDataError {
            #expect("\(e)".contains(expect), "\(name): \(e)")
            #expect(!"\(e)".contains(F.alice.email))
        }
        // Shown, never thrown.
        let shown = reader.revealText(mutated)
        #expect(shown.hasPrefix("[damaged]") || shown.hasPrefix("[encrypted]"), "\(name): \(shown)")
    }

    @Test func aDamagedKeyFileIsReportedAsDamage() throws {
        let store = try F.store("bad-key", events: [F.event(0, F.alice)])
        defer { F.cleanup(store) }
        let keys = try PersonalDataKeys.open(layout: store.layout)
        let id = try #require(keys.allKeyIds().first)
        var bytes = try FS.read(keys.keyPath(id))
        bytes[20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: keys.keyPath(id)))
        let reader = PersonalDataReader(layout: store.layout)
        let stored = try #require(try F.storedEvents(store).with(id: "e-1-0"))
        #expect(reader.reveal(event: stored).raw == "[damaged]")
        do {
            _ = try reader.decrypt(stored.raw)
            Issue.record("decrypted under a damaged key file")
        } catch {
            #expect("\(error)".contains("does not unwrap under the master key"), "\(error)")
        }
    }
}

extension String {
    /// Offset of the first `c` at or after `offset` characters.
    func firstIndexOffset(of c: Character, after offset: Int) -> Int {
        var i = offset
        for ch in dropFirst(offset) { if ch == c { return i }; i += 1 }
        return i
    }
}
