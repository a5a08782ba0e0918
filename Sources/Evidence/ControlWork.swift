import Crypto
import Foundation
import Rules
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

/// One control while its pack folder is built: the population file (written as the events
/// stream past), the seeded sample, the findings and the status.
final class ControlWork {
    let control: Framework.Control
    let folder: String
    let rules: [Rule]
    let population: CSVFile
    var sampler: Sampler
    var findings: [Finding] = []
    /// The findings' ids (a hash each), computed once.
    var findingIds: [String] = []
    var row: CoverageRow?
    /// The sample in trail order, each event with its personal data as the reader shows it.
    var revealed: [(pick: Sampler.Pick, event: TrailEvent)] = []

    static let populationHeader = ["segment", "record", "leaf", "time", "source", "format", "id", "actor", "action",
                                   "resource", "outcome", "origin", "session", "rules"]

    init(control: Framework.Control, rules: [Rule], scratch: String, sample: Int, seed: String) throws {
        self.control = control
        folder = controlFolder(control.id)
        self.rules = rules
        population = try CSVFile(path: scratch + "/" + folder + ".population.csv", header: Self.populationHeader)
        sampler = Sampler(size: sample, seed: seed)
    }

    var path: String { "controls/\(folder)" }

    /// An event that met a condition of `ruleIds` (some of this control's rules).
    func add(_ e: TrailEvent, at: EventPosition, ruleIds: [String], shown: PersonalView) {
        population.append(Self.fields(e, at: at, rules: ruleIds, shown: shown))
        sampler.offer(e, at: at, rules: ruleIds)
    }

    static func fields(_ e: TrailEvent, at: EventPosition, rules: [String], shown: PersonalView) -> [String] {
        [String(at.segment), String(at.record), at.leaf, e.time.rfc3339, e.source, e.format, e.id ?? "",
         shown.text(e.actor), e.action ?? "", shown.text(e.resource), e.outcome.rawValue, shown.text(e.origin),
         shown.text(e.session), rules.joined(separator: " ")]
    }
}

/// Personal data as the query output shows it (docs/privacy.md): tokens through the store's
/// `PersonalDataReader` — plaintext, `[erased]`, `[encrypted]` or `[damaged]`. A store that never
/// had personal-data settings has no tokens, and its text is shown as stored.
final class PersonalView {
    let reader: PersonalDataReader
    let active: Bool

    init(layout: StoreLayout) {
        reader = PersonalDataReader(layout: layout)
        active = FS.exists(layout.privacyConfig) || FS.exists(layout.privacy)
    }

    func text(_ s: String?) -> String {
        guard let s else { return "" }
        guard active, PersonalDataToken.mayOccur(in: s) else { return s }
        return reader.revealText(s)
    }

    func event(_ e: TrailEvent) -> TrailEvent { active ? reader.reveal(event: e) : e }

    var decrypted: Int { reader.counts.decrypted }
}

/// A deterministic seeded sample: of all the events offered, the `size` whose sample key —
/// hex SHA-256 of the UTF-8 bytes of `<seed>:<leaf hash>` — sorts lowest. The choice does not
/// depend on the order events arrive in, and anyone holding the population can recompute it.
struct Sampler {
    struct Pick {
        var key: String
        var event: TrailEvent
        var at: EventPosition
        var rules: [String]
    }

    let size: Int
    let seed: String
    private(set) var picks: [Pick] = []
    private var worst = -1

    init(size: Int, seed: String) {
        self.size = size
        self.seed = seed
    }

    static func key(seed: String, leaf: String) -> String {
        Hash32.sha256(Array((seed + ":" + leaf).utf8)).hex
    }

    mutating func offer(_ e: TrailEvent, at: EventPosition, rules: [String]) {
        guard size > 0 else { return }
        let k = Self.key(seed: seed, leaf: at.leaf)
        if picks.count < size {
            picks.append(Pick(key: k, event: e, at: at, rules: rules))
            if picks.count == size { worst = picks.indices.max { picks[$0].key < picks[$1].key }! }
            return
        }
        guard k < picks[worst].key else { return }
        picks[worst] = Pick(key: k, event: e, at: at, rules: rules)
        worst = picks.indices.max { picks[$0].key < picks[$1].key }!
    }

    /// The sample in trail order (time, then position).
    var ordered: [Pick] {
        picks.sorted { ($0.event.time.micros, $0.at.segment, $0.at.record) < ($1.event.time.micros, $1.at.segment, $1.at.record) }
    }
}

