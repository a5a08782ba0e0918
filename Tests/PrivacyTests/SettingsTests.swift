import Foundation
import Privacy
import SegmentStore
import Testing

/// The `personalData:` settings: a good file compiles to `privacy.json`; a bad one is refused
/// with the file, the line and the field.
@Suite struct SettingsTests {
    func write(_ text: String, name: String = "settings.yaml") throws -> (dir: String, file: String) {
        let dir = PrivacyFixture.tempDir("settings")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    @Test func theShippedExampleLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try PrivacyFiles.load(root.appendingPathComponent("retention").path)
        let rule = try #require(config.formats["app-json"])
        #expect(rule.subject == ["attributes.customer_id", "actor"])
        #expect(rule.fields.contains("attributes.email") && rule.fields.contains("attributes.card_holder"))
        #expect(rule.definedAt?.hasSuffix("personal-data.yaml:15") == true, "\(rule.definedAt ?? "")")
    }

    @Test func aDirectoryMixesPolicyFilesAndSettings() throws {
        let (dir, _) = try write("default:\n  name: d\n  retain: 7y\n  hot: 90d\n  mode: compliance\n", name: "a.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "personalData:\n  app-json:\n    subject: actor\n    subjectPrefix: \"user:\"\n    fields: [actor, attributes.user.email]\n"
            .write(toFile: dir + "/b.yml", atomically: true, encoding: .utf8)
        let config = try PrivacyFiles.load(dir)
        #expect(config.formats == ["app-json": .init(subject: ["actor"], subjectPrefix: "user:", fields: ["actor", "attributes.user.email"],
                                                     definedAt: dir + "/b.yml:2")])
        let back = try JSONDecoder().decode(PersonalDataConfig.self, from: Data(try config.encoded()))
        #expect(back == config)
    }

    /// Bad settings: the text, then the expected `line: field: reason` (after the file name).
    static let bad: [(yaml: String, message: String)] = [
        ("personalData:\n  app-json:\n    subject: actor\n", "2: personalData.app-json.fields: missing"),
        ("personalData:\n  app-json:\n    fields: [actor]\n", "2: personalData.app-json.subject: missing"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [attributes.email, emial]\n",
         "4: personalData.app-json.fields[1]: 'emial' is not a field"),
        ("personalData:\n  app-json:\n    subject: [time]\n    fields: [actor]\n",
         "3: personalData.app-json.subject[0]: 'time' is not a field"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [attributes..x]\n",
         "4: personalData.app-json.fields[0]: 'attributes..x' has an empty path component"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [attributes.subjectRef]\n",
         "4: personalData.app-json.fields[0]: 'attributes.subjectRef' is where the blind index goes"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [actor, actor]\n",
         "4: personalData.app-json.fields[1]: 'actor' is listed twice"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: []\n", "4: personalData.app-json.fields: name at least one field"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [actor]\n    feilds: [origin]\n",
         "5: personalData.app-json.feilds: unknown key"),
        ("personalData:\n  sealtrail-audit:\n    subject: actor\n    fields: [actor]\n",
         "2: personalData.sealtrail-audit: Sealtrail's own audit events cannot be encrypted"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: {email: yes}\n",
         "4: personalData.app-json.fields: expected a value or a list of values"),
        ("personalData:\n  app-json: [actor]\n", "2: personalData.app-json: expected a mapping"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [actor]\n  app-json:\n    subject: actor\n    fields: [origin]\n",
         "duplicated key(s): 'app-json'"),
        ("personalData:\n  app-json:\n    subject: actor\n    fields: [actor\n", "(file): not valid YAML"),
        ("policies: []\n", "(file): no personalData: key"),
    ]

    @Test(arguments: bad)
    func badSettingsNameFileLineAndField(_ c: (yaml: String, message: String)) throws {
        let (dir, file) = try write(c.yaml)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try PrivacyFiles.load(file)
            Issue.record("accepted: \(c.yaml)")
        } catch let e as PrivacyError {
            #expect("\(e)".hasPrefix(file + ":"), "\(e)")
            #expect("\(e)".contains(c.message), "\(e)")
        }
    }

    @Test func aFormatConfiguredInTwoFilesIsRefused() throws {
        let rule = "personalData:\n  app-json:\n    subject: actor\n    fields: [actor]\n"
        let (dir, _) = try write(rule, name: "a.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rule.write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        #expect(throws: PrivacyError.badFile(path: dir + "/b.yaml", line: 2, field: "personalData.app-json",
                                             reason: "format 'app-json' is already configured at \(dir)/a.yaml:2")) {
            try PrivacyFiles.load(dir)
        }
    }

    @Test func aDamagedPrivacyJSONStopsTheWriter() throws {
        let store = try PrivacyFixture.store("bad-json", events: [])
        defer { PrivacyFixture.cleanup(store) }
        try "{\"format\":\"sealtrail-privacy/1\",\"formats\":{\"app-json\":{\"subject\":[\"actor\"],\"fields\":[\"raw\"]}}}"
            .write(toFile: store.layout.privacyConfig, atomically: true, encoding: .utf8)
        do {
            _ = try TrailWriter(store: store, threads: 1)
            Issue.record("the writer started with a bad privacy.json")
        } catch {
            #expect("\(error)".contains("privacy.json: field 'formats.app-json.fields': 'raw' is not a field"), "\(error)")
        }
    }

    @Test func installingIsRecordedAndRefusedWhileAWriterRuns() throws {
        let store = try PrivacyFixture.store("install", events: [])
        defer { PrivacyFixture.cleanup(store) }
        let config = try PrivacyFiles.load(store.layout.root + "-settings.yaml")
        let writer = try TrailWriter(store: store, threads: 1)
        #expect(throws: StoreError.self) { try PrivacyInstall.install(config, store: store, from: "x", actor: "test") }
        try writer.close()
        let events = try PrivacyFixture.storedEvents(store)
        let set = try #require(events.first { $0.action == "privacy.settings.set" })
        #expect(set.source == "sealtrail" && set.resource == "privacy.json")
        #expect(set.attributes.first { $0.0 == "sha256" } != nil)
    }
}
