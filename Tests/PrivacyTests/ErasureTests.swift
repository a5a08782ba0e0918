import Foundation
import Privacy
import Sealing
import SegmentStore
import Testing
import TrailModel

/// Crypto-shredding end to end through the store's writer: nothing personal is stored in clear,
/// readers see plaintext, the blind index finds a subject, and an erasure turns exactly that
/// subject's data into `[erased]` while every stored byte, seal and checkpoint stays the same.
@Suite struct ErasureTests {
    typealias F = PrivacyFixture

    /// Alice: events 0, 2, 4; Bob: 1, 3; event 5 has no customer (the actor is the subject).
    func mixedStore(_ name: String) throws -> Store {
        try F.store(name, events: [F.event(0, F.alice), F.event(1, F.bob), F.event(2, F.alice), F.event(3, F.bob),
                                   F.event(4, F.alice), F.event(5, nil)])
    }

    @Test func sealedSegmentsHoldNoPersonalValueInClear() throws {
        let store = try mixedStore("no-plaintext")
        defer { F.cleanup(store) }
        let lines = try F.storedLines(store)
        #expect(lines.count >= 6)
        let stored = lines.joined(separator: "\n")
        for secret in F.secrets(F.alice) + F.secrets(F.bob) {
            #expect(!stored.contains(secret), "'\(secret)' is stored in clear")
        }
        // The WALs are gone after sealing; nothing else under the store holds the values either.
        for e in try F.storedEvents(store) where e.source == "shop" {
            #expect(e.rawIsEncrypted)
            #expect(e.raw.hasPrefix("enc:v1:"))
            #expect(e.attributes.first { $0.0 == "subjectRef" } != nil)
            // Non-personal fields stay searchable.
            #expect(e.action == "payment.authorize" && e.actor == "svc:checkout")
            #expect(e.attributes.first { $0.0 == "amount" }?.1 != nil)
        }
        #expect(Verifier(store: store).run().ok)
    }

    @Test func readersSeePlaintextAndTheBlindIndexFindsTheSubject() throws {
        let store = try mixedStore("reveal")
        defer { F.cleanup(store) }
        let reader = PersonalDataReader(layout: store.layout)
        let events = try F.storedEvents(store).filter { $0.source == "shop" }
        let aliceRef = try reader.subjectRef(F.alice.id)
        #expect(try reader.subjectRef("  C-1001 ") == aliceRef, "ids are compared trimmed and case-insensitively")
        let found = events.filter { $0.attributes.first { $0.0 == "subjectRef" }?.1 == .string(aliceRef) }.compactMap(\.id).sorted()
        #expect(found == ["e-1-0", "e-1-2", "e-1-4"])
        let shown = reader.reveal(event: events.with(id: "e-1-0")!)
        #expect(shown.attributes.first { $0.0 == "email" }?.1 == .string(F.alice.email))
        #expect(shown.attributes.first { $0.0 == "customer_name" }?.1 == .string(F.alice.name))
        #expect(shown.raw == F.event(0, F.alice).raw, "the raw record comes back byte-exact")
        #expect(!shown.rawIsEncrypted)
        // The subject-less event went under its actor.
        let orphan = events.with(id: "e-1-5")!
        #expect(orphan.attributes.first { $0.0 == "subjectRef" }?.1 == .string(try reader.subjectRef("svc:checkout")))
    }

    @Test func erasureShredsOneSubjectAndKeepsEveryByteAndTheVerification() throws {
        let store = try mixedStore("erase")
        defer { F.cleanup(store) }
        let before = try F.sealedState(store)
        let r = try Erasure.erase(store: store, subject: F.alice.id, reason: "ticket DSR-42", by: "dpo@example.com")
        #expect(r.destroyed.count == 1 && r.alreadyErasedAt == nil)
        // Seal the audit event's open segment, then compare only the files that existed before.
        try TrailWriter(store: store, threads: 1).close()
        let after = try F.sealedState(store)
        for (path, hash) in before { #expect(after[path] == hash, "\(path) changed") }
        #expect(Verifier(store: store).run().ok)

        let reader = PersonalDataReader(layout: store.layout)
        let events = try F.storedEvents(store)
        for id in ["e-1-0", "e-1-2", "e-1-4"] {
            let e = reader.reveal(event: events.with(id: id)!)
            #expect(e.attributes.first { $0.0 == "email" }?.1 == .string("[erased]"))
            #expect(e.attributes.first { $0.0 == "customer_id" }?.1 == .string("[erased]"))
            #expect(e.raw == "[erased]" && e.rawIsEncrypted)
        }
        let bob = reader.reveal(event: events.with(id: "e-1-1")!)
        #expect(bob.attributes.first { $0.0 == "email" }?.1 == .string(F.bob.email), "another subject stays readable")

        // The erasure is an event of the trail that names the subject only by its reference.
        let erase = try #require(events.first { $0.action == "privacy.erase" })
        #expect(erase.source == "sealtrail" && erase.format == "sealtrail-audit" && erase.actor == "dpo@example.com")
        #expect(erase.attributes.first { $0.0 == "subjectRef" }?.1 == .string(r.subjectRef))
        let line = String(decoding: erase.canonicalLine(), as: UTF8.self)
        for secret in F.secrets(F.alice) { #expect(!line.contains(secret)) }

        // The signed record verifies with the store's key; the key file is gone.
        let keys = try PersonalDataKeys.open(layout: store.layout)
        let record = try #require(try keys.erasure(r.destroyed[0]))
        #expect(record.problem(keys: try KeyRing.publicKeys(layout: store.layout)) == nil)
        #expect(record.reason == "ticket DSR-42" && record.event == erase.id)
        #expect(!FS.exists(keys.keyPath(r.destroyed[0])))
        #expect(try Erasure.checkRecords(store: store).isEmpty)
    }

    @Test func erasingTwiceSaysAlreadyErasedAndUnknownSubjectsAreAnError() throws {
        let store = try mixedStore("twice")
        defer { F.cleanup(store) }
        let first = try Erasure.erase(store: store, subject: F.bob.id, reason: "DSR-7", by: "dpo")
        let second = try Erasure.erase(store: store, subject: F.bob.id.uppercased(), reason: "DSR-7", by: "dpo")
        #expect(second.destroyed.isEmpty && second.alreadyErasedAt != nil && second.subjectRef == first.subjectRef)
        try TrailWriter(store: store, threads: 1).close()
        #expect(try F.storedEvents(store).filter { $0.action == "privacy.erase" }.count == 1, "recording it again is a duplicate")
        #expect(throws: PersonalDataError.self) { try Erasure.erase(store: store, subject: "c-9999", reason: "DSR-8", by: "dpo") }
        do {
            _ = try Erasure.erase(store: store, subject: "c-9999", reason: "DSR-8", by: "dpo")
        } catch let PersonalDataError.unknownSubject(ref) {
            #expect(ref.count == 32)
        }
    }

    static let refusedArguments: [(reason: String, by: String, message: String)] = [
        ("", "dpo", "--reason is required"),
        ("   ", "dpo", "--reason is required"),
        ("request by mail from c-1001", "dpo", "must not contain the subject's id"),
        ("DSR-1", "helpdesk for C-1001", "must not contain the subject's id"),
    ]

    @Test(arguments: refusedArguments)
    func refusedErasuresChangeNothing(_ c: (reason: String, by: String, message: String)) throws {
        let store = try F.store("refused", events: [F.event(0, F.alice)])
        defer { F.cleanup(store) }
        let keys = try PersonalDataKeys.open(layout: store.layout)
        let before = keys.allKeyIds()
        do {
            _ = try Erasure.erase(store: store, subject: F.alice.id, reason: c.reason, by: c.by)
            Issue.record("erase should have been refused")
        } catch {
            #expect("\(error)".contains(c.message), "\(error)")
        }
        #expect(keys.allKeyIds() == before)
    }

    @Test func newDataAfterAnErasureGetsAFreshKeyAndTheOldStaysErased() throws {
        let store = try F.store("regen", events: [F.event(0, F.alice)])
        defer { F.cleanup(store) }
        let r1 = try Erasure.erase(store: store, subject: F.alice.id, reason: "DSR-1", by: "dpo")
        try F.write(store, [F.event(1, F.alice, day: 2)])
        let reader = PersonalDataReader(layout: store.layout)
        let events = try F.storedEvents(store)
        #expect(reader.reveal(event: events.with(id: "e-1-0")!).raw == "[erased]")
        #expect(reader.reveal(event: events.with(id: "e-2-1")!).raw == F.event(1, F.alice, day: 2).raw)
        let r2 = try Erasure.erase(store: store, subject: F.alice.id, reason: "DSR-2", by: "dpo")
        #expect(r1.destroyed == [r1.subjectRef + ".1"] && r2.destroyed == [r1.subjectRef + ".2"])
        #expect(PersonalDataReader(layout: store.layout).reveal(event: events.with(id: "e-2-1")!).raw == "[erased]")
    }

    @Test func keyFilesAreOwnerOnly() throws {
        let store = try mixedStore("modes")
        defer { F.cleanup(store) }
        let keys = try PersonalDataKeys.open(layout: store.layout)
        #expect(FS.mode(keys.masterPath) == 0o600)
        #expect(FS.mode(keys.directory) == 0o700)
        let ids = keys.allKeyIds()
        #expect(ids.count == 3, "alice, bob and the actor of the customer-less event")
        for id in ids {
            #expect(FS.mode(keys.keyPath(id)) == 0o600, "\(id)")
            #expect(FS.mode(FS.parent(keys.keyPath(id))) == 0o700)
        }
        // A master key others can read is refused, not used.
        chmod(keys.masterPath, 0o644)
        #expect(throws: PersonalDataError.self) { try PersonalDataKeys.open(layout: store.layout) }
        #expect(throws: (any Error).self) { try TrailWriter(store: store, threads: 1) }
    }

    @Test func withoutTheMasterKeyReadersSeeEncryptedAndTheWriterRefusesToStart() throws {
        let store = try mixedStore("no-master")
        defer { F.cleanup(store) }
        let keys = try PersonalDataKeys.open(layout: store.layout)
        try FileManager.default.moveItem(atPath: keys.masterPath, toPath: keys.masterPath + ".away")
        let reader = PersonalDataReader(layout: store.layout)
        let e = reader.reveal(event: try F.storedEvents(store).with(id: "e-1-0")!)
        #expect(e.attributes.first { $0.0 == "email" }?.1 == .string("[encrypted]") && e.raw == "[encrypted]")
        #expect(reader.counts.withheld > 0 && reader.counts.decrypted == 0)
        // A new master key would make every stored value unreadable: the writer stops instead.
        do {
            _ = try TrailWriter(store: store, threads: 1)
            Issue.record("the writer started without its master key")
        } catch {
            #expect("\(error)".contains("missing while privacy.json asks for encryption"), "\(error)")
        }
        // Making a new one is refused while subject keys exist; after losing those too it is allowed.
        let settings = try PrivacyFiles.load(store.layout.root + "-settings.yaml")
        #expect(throws: PersonalDataError.self) { try PrivacyInstall.install(settings, store: store, from: "x", actor: "t") }
        try FileManager.default.removeItem(atPath: keys.subjectsDirectory)
        try PrivacyInstall.install(settings, store: store, from: "x", actor: "t")
        #expect(FS.exists(keys.masterPath))
    }

    @Test func formatsWithoutSettingsAreStoredAsTheyCame() throws {
        let plain = F.event(7, F.alice, format: "syslog")
        let store = try F.store("untouched", events: [plain])
        defer { F.cleanup(store) }
        let line = try F.storedLines(store).first { $0.contains("\"id\":\"e-1-7\"") }
        #expect(line.map { Array($0.utf8) } == plain.canonicalLine())
    }

    @Test func anAttributeNamedFormatDoesNotFoolTheFormatCheck() throws {
        let store = try F.store("format-scan", events: [])
        defer { F.cleanup(store) }
        let protector = try #require(try PersonalDataProtector.load(store: store))
        var sneaky = F.event(1, F.alice, format: "syslog")
        sneaky.attributes.append(("format", .string("app-json")))
        #expect(try sneaky.canonicalLine().withUnsafeBytes { try protector.protect(line: $0) } == nil)
        var real = F.event(1, F.alice)
        real.attributes.append(("format", .string("syslog")))
        let out = try #require(try real.canonicalLine().withUnsafeBytes { try protector.protect(line: $0) })
        #expect(try TrailEvent.decode(line: out).rawIsEncrypted)
        // An already protected line passes through unchanged.
        #expect(try out.withUnsafeBytes { try protector.protect(line: $0) } == nil)
    }

    @Test func eventsWithoutASubjectAreEncryptedUnderTheDaysUnattributedKey() throws {
        let settings = """
            personalData:
              app-json:
                subject: attributes.customer_id
                fields: [attributes.email]
            """
        var anonymous = F.event(3, nil)
        anonymous.attributes.append(("email", .string("walk-in@example.net")))
        let store = try F.store("unattributed", settings: settings, events: [anonymous])
        defer { F.cleanup(store) }
        let stored = try #require(try F.storedEvents(store).with(id: "e-1-3"))
        #expect(!String(decoding: stored.canonicalLine(), as: UTF8.self).contains("walk-in@example.net"))
        let reader = PersonalDataReader(layout: store.layout)
        let ref = try reader.subjectRef("unattributed:app-json:2026-07-01")
        #expect(stored.attributes.first { $0.0 == "subjectRef" }?.1 == .string(ref))
        #expect(reader.reveal(event: stored).attributes.first { $0.0 == "email" }?.1 == .string("walk-in@example.net"))
    }
}
