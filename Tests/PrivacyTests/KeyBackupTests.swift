import Foundation
import Privacy
import Sealing
import SegmentStore
import Testing
import TrailModel

/// Deliberate key backups: encrypted with a passphrase, restorable after the keys are lost, and
/// never a way to undo an erasure.
@Suite struct KeyBackupTests {
    typealias F = PrivacyFixture
    static let passphrase = "correct horse battery staple"
    /// Few PBKDF2 rounds keep the tests fast; the format records the count.
    static let rounds = 1_000

    @Test(arguments: [
        ("passwd", "salt", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        ("Password", "NaCl", 80_000, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
    ])
    func pbkdf2MatchesRFC7914(_ v: (String, String, Int, String)) {
        #expect(Hex.encode(KeyBackup.pbkdf2(Array(v.0.utf8), salt: Array(v.1.utf8), iterations: v.2, length: 64)) == v.3)
    }

    /// Loses every key file (as a disk failure would).
    func loseKeys(_ store: Store, erasures: Bool) throws {
        try FileManager.default.removeItem(atPath: store.layout.privacy + "/subjects")
        try FileManager.default.removeItem(atPath: store.layout.privacy + "/master.key")
        if erasures { try? FileManager.default.removeItem(atPath: store.layout.privacy + "/erasures") }
    }

    func email(_ store: Store, _ id: String) throws -> JSONValue? {
        PersonalDataReader(layout: store.layout).reveal(event: try F.storedEvents(store).with(id: id)!).attributes.first { $0.0 == "email" }?.1
    }

    @Test func aBackupRestoresLostKeysButNeverAnErasedOne() throws {
        let store = try F.store("backup", events: [F.event(0, F.alice), F.event(1, F.bob)])
        defer { F.cleanup(store) }
        let file = store.layout.root + "-keys.backup"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try KeyBackup.export(store: store, to: file, passphrase: Self.passphrase, iterations: Self.rounds, actor: "ops")
        #expect(out.subjectKeys == 2)
        #expect(FS.mode(file) == 0o600)
        let text = String(decoding: try FS.read(file), as: UTF8.self)
        #expect(text.contains("\"format\":\"sealtrail-privacy-keys/1\"") && text.contains("pbkdf2-hmac-sha256"))
        // Exporting again never overwrites a backup.
        #expect(throws: StoreError.self) {
            try KeyBackup.export(store: store, to: file, passphrase: Self.passphrase, iterations: Self.rounds, actor: "ops")
        }

        // Alice is erased after the backup; then the disk holding the keys (and the erasure records) dies.
        let erased = try Erasure.erase(store: store, subject: F.alice.id, reason: "DSR-9", by: "dpo")
        try loseKeys(store, erasures: true)
        #expect(try email(store, "e-1-1") == .string("[encrypted]"))

        // The trail still says which keys were destroyed; the import skips them.
        let back = try KeyBackup.importKeys(store: store, from: file, passphrase: Self.passphrase, excluding: Set(erased.destroyed), actor: "ops")
        #expect(back.masterRestored && back.subjectKeys == 1 && back.skippedErased == 1)
        #expect(try email(store, "e-1-1") == .string(F.bob.email))
        #expect(try email(store, "e-1-0") != .string(F.alice.email))
        #expect(FS.mode(PersonalDataKeys.masterPath(store.layout)) == 0o600)

        // Importing the same backup again changes nothing.
        let again = try KeyBackup.importKeys(store: store, from: file, passphrase: Self.passphrase, excluding: Set(erased.destroyed), actor: "ops")
        #expect(again.subjectKeys == 0 && again.alreadyPresent == 1 && !again.masterRestored)
        try TrailWriter(store: store, threads: 1).close()
        let actions = try F.storedEvents(store).compactMap(\.action)
        #expect(actions.filter { $0 == "privacy.keys.export" }.count == 1 && actions.filter { $0 == "privacy.keys.import" }.count == 2)
    }

    @Test func erasureRecordsInTheBackupOrTheStoreAlsoBlockARestore() throws {
        let store = try F.store("backup-records", events: [F.event(0, F.alice), F.event(1, F.bob)])
        defer { F.cleanup(store) }
        let file = store.layout.root + "-keys.backup"
        defer { try? FileManager.default.removeItem(atPath: file) }
        // Erased before the backup: the backup carries the signed record, not the key.
        _ = try Erasure.erase(store: store, subject: F.bob.id, reason: "DSR-3", by: "dpo")
        _ = try KeyBackup.export(store: store, to: file, passphrase: Self.passphrase, iterations: Self.rounds, actor: "ops")
        try loseKeys(store, erasures: true)
        let back = try KeyBackup.importKeys(store: store, from: file, passphrase: Self.passphrase, actor: "ops")
        #expect(back.subjectKeys == 1 && back.erasures == 1)
        #expect(try email(store, "e-1-0") == .string(F.alice.email))
        #expect(try email(store, "e-1-1") == .string("[erased]"))
    }

    static let badImports: [(name: String, passphrase: String, edit: @Sendable (String) -> String, message: String)] = [
        ("wrong passphrase", "not the passphrase at all", { $0 }, "wrong passphrase, or the file was altered"),
        ("altered header", passphrase, { $0.replacingOccurrences(of: "\"subjectKeys\":2", with: "\"subjectKeys\":3") }, "wrong passphrase, or the file was altered"),
        ("another trail", passphrase, { $0.replacingOccurrences(of: "test.local/privacy", with: "other.local/x") }, "is a backup of trail 'other.local/x'"),
        ("not a backup", passphrase, { _ in "{\"format\":\"something\"}" }, "not a key backup"),
        ("not JSON", passphrase, { _ in "PK\u{3}\u{4}" }, "not a key backup"),
    ]

    @Test(arguments: badImports.indices)
    func badImportsAreRefusedWithTheReason(_ k: Int) throws {
        let c = Self.badImports[k]
        let store = try F.store("backup-bad", events: [F.event(0, F.alice), F.event(1, F.bob)])
        defer { F.cleanup(store) }
        let file = store.layout.root + "-keys.backup"
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try KeyBackup.export(store: store, to: file, passphrase: Self.passphrase, iterations: Self.rounds, actor: "ops")
        try c.edit(String(decoding: try FS.read(file), as: UTF8.self)).write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try KeyBackup.importKeys(store: store, from: file, passphrase: c.passphrase, actor: "ops")
            Issue.record("\(c.name): imported")
        } catch {
            #expect("\(error)".contains(c.message), "\(c.name): \(error)")
        }
    }

    @Test func aShortPassphraseIsRefused() throws {
        let store = try F.store("backup-short", events: [F.event(0, F.alice)])
        defer { F.cleanup(store) }
        #expect(throws: PersonalDataError.invalidArgument("the passphrase must have at least 12 characters")) {
            try KeyBackup.export(store: store, to: store.layout.root + "-k", passphrase: "hunter2", actor: "ops")
        }
    }
}
