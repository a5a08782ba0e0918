import ArgumentParser
import Foundation
import Privacy
import SegmentStore
import TrailIndex
import TrailModel

struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Personal data (GDPR): which fields are stored encrypted under per-subject keys, and deliberate key backups.",
        discussion: "See docs/privacy.md. Erase a data subject with 'sealtrail erase'.",
        subcommands: [PrivacyCheck.self, PrivacySet.self, PrivacyShow.self, PrivacyRef.self, PrivacyExportKeys.self, PrivacyImportKeys.self])
}

struct PrivacyCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check personalData settings without installing them (exit 2 on errors).")

    @Argument(help: "A settings file, or a directory whose YAML files are read (default: ./retention).")
    var path = "retention"

    func run() throws {
        let config = try reportingErrors(code: 2) { try PrivacyFiles.load(path) }
        printSettings(config)
    }
}

struct PrivacySet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Install personalData settings into the store (privacy.json); events stored from now on are encrypted (recorded in the trail).",
        discussion: "Creates the privacy master key (keys/privacy/master.key, 0600) if the store has none. Refused while ingest or tail runs: they read the settings when they start.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "A settings file, or a directory whose YAML files are read (default: ./retention).")
    var path = "retention"

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            let config = try PrivacyFiles.load(path)
            let keys = try PrivacyInstall.install(config, store: store, from: path, actor: PrivacyEvents.defaultActor())
            printSettings(config)
            print("installed into \(store.layout.privacyConfig); master key \(keys.masterPath) (0600)")
            note("note: back the keys up on purpose with 'sealtrail privacy export-keys': without the master key nothing encrypted can be read")
        }
    }
}

struct PrivacyShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the settings in force and the state of the keys.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try reportingErrors(code: 2) {
            let store = try Store(path: try options.path())
            let s = try PrivacyStatus.of(store: store)
            if let config = s.config { printSettings(config) } else { print("no privacy.json: personal data is stored as it arrives") }
            print("master key:   \(s.masterPath): \(s.master)")
            print("subject keys: \(s.liveKeys) live, \(s.erasedKeys) destroyed by erasures")
            for p in s.problems { print("problem:      \(p)") }
            if !s.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

struct PrivacyRef: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ref",
        abstract: "Print a subject's blind-index reference (what attributes.subjectRef holds), e.g. to name the subject in a legal hold's parameters without writing the id down.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The data subject's id (with its format's subjectPrefix).")
    var subject: String

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            print(try PersonalDataReader(layout: store.layout).subjectRef(subject))
        }
    }
}

struct PrivacyExportKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-keys",
        abstract: "Write an encrypted backup of the privacy keys (the only way keys leave the store; recorded in the trail).")

    @OptionGroup var options: StoreOptions

    @Option(help: "The backup file to create (mode 0600; never overwritten).")
    var out: String

    @Option(help: "A file holding the passphrase (at least 12 characters; a final newline is ignored).")
    var passphraseFile: String

    @Option(help: .hidden)
    var iterations: Int = KeyBackup.defaultIterations

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            let s = try KeyBackup.export(store: store, to: out, passphrase: try readPassphrase(passphraseFile), iterations: iterations,
                                         actor: PrivacyEvents.defaultActor())
            print("wrote \(out): master key, \(s.subjectKeys) subject keys, \(s.erasures) erasure records (encrypted with the passphrase)")
            if let n = s.note { note("note: \(n)") }
        }
    }
}

struct PrivacyImportKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-keys",
        abstract: "Restore privacy keys from a backup; keys destroyed by an erasure (recorded in the store or in the trail) are never restored.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The backup file written by 'privacy export-keys'.")
    var file: String

    @Option(help: "A file holding the passphrase.")
    var passphraseFile: String

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            var inv = Investigation(store: store)
            inv.notes = { note("note: \($0)") }
            // Erasures recorded in the trail count even if their records in keys/ were lost with the keys.
            var erased = Set<String>()
            let r = try inv.run(sql: "SELECT json_extract(attributes, '$.keys') FROM events WHERE source = 'sealtrail' AND action = 'privacy.erase'")
            for row in r.rows {
                if let text = row.first?.text, case let .array(ids)? = try? JSONParser.parse(text) {
                    for case let .string(id) in ids { erased.insert(id) }
                }
            }
            let s = try KeyBackup.importKeys(store: store, from: file, passphrase: try readPassphrase(passphraseFile), excluding: erased,
                                             actor: PrivacyEvents.defaultActor())
            print("restored \(s.subjectKeys) subject keys\(s.masterRestored ? " and the master key" : ""); "
                  + "\(s.alreadyPresent) already present; \(s.skippedErased) skipped because they were erased; \(s.erasures) erasure records added")
            if let n = s.note { note("note: \(n)") }
        }
    }
}

struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a data subject (GDPR Art. 17): destroy their keys; their personal data reads [erased] from now on, and every hash, seal and proof stays valid.",
        discussion: """
            The subject is the id as events carry it, with its format's subjectPrefix (e.g. customer:c-1042). \
            Leaves a signed erasure record per key (keys/privacy/erasures/) and a privacy.erase event in the \
            trail that names the subject only by its blind-index reference. Exit status: 0 erased (or already \
            erased), 1 refused (unknown subject, no reason, reason naming the subject).
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The data subject's id.")
    var subject: String

    @Option(help: "Why (e.g. the request's ticket); kept in the trail, so it must not contain the subject's id.")
    var reason: String

    @Option(help: "Who performs the erasure (default: $SEALTRAIL_ACTOR, else the OS user).")
    var by: String?

    func run() throws {
        try reportingErrors {
            let store = try Store(path: try options.path())
            let r = try Erasure.erase(store: store, subject: subject, reason: reason, by: by ?? PrivacyEvents.defaultActor())
            if let at = r.alreadyErasedAt {
                print("subject ref \(r.subjectRef) was already erased (\(at)); nothing left to destroy")
            } else {
                print("erased subject ref \(r.subjectRef): destroyed \(r.destroyed.count) key\(r.destroyed.count == 1 ? "" : "s") (\(r.destroyed.joined(separator: ", ")))")
                print("recorded: keys/privacy/erasures/ (signed) and trail event \(r.event)")
            }
            if let n = r.note { note("note: \(n)") }
        }
    }
}

private func readPassphrase(_ path: String) throws -> String {
    var text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw CLIError("\(path): cannot read the passphrase file") }
    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
    return text
}

private func printSettings(_ config: PersonalDataConfig) {
    var rows: [[String]] = [["format", "subject (first present)", "prefix", "encrypted fields"]]
    for format in config.formats.keys.sorted() {
        let r = config.formats[format]!
        rows.append([format, r.subject.joined(separator: " | "), r.subjectPrefix ?? "", r.fields.joined(separator: ", ")])
    }
    printTable(rows)
}
