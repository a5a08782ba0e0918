import Foundation
import Rules
import SegmentStore
import TrailIndex
import TrailModel

/// The text files of a pack other than the report: README, per-control narrative, queries,
/// findings and sample, and the rule files the pack evaluated.
enum PackText {
    static let findingsColumns = ["id", "rule", "severity", "controls", "key", "start", "end", "events", "status"]
    static let sampleColumns = ["sample_key"] + ControlWork.populationHeader + ["attributes", "raw", "raw_encoding"]

    /// Findings in the columns and encodings of `sealtrail rules findings --format csv|json`
    /// (the same bytes `ResultFormat` gives those rows), written directly: a pack may hold tens
    /// of thousands. `ids` are the findings' ids, computed once.
    static func findings(_ fs: [Finding], ids: [String]) -> (csv: [UInt8], json: [UInt8]) {
        var csv: [UInt8] = []
        var objects: [JSONValue] = []
        objects.reserveCapacity(fs.count)
        func row(_ fields: [String]) {
            for (i, f) in fields.enumerated() {
                if i > 0 { csv.append(0x2C) }
                CSV.appendField(f, to: &csv)
            }
            csv.append(0x0D); csv.append(0x0A)
        }
        row(findingsColumns)
        for (f, id) in zip(fs, ids) {
            let fields = [id, f.rule, f.severity, CanonicalJSON.string(.array(f.controls.map(JSONValue.string))), f.key,
                          f.start.rfc3339, f.end.rfc3339, CanonicalJSON.string(.array(f.events.map(JSONValue.string))), "open"]
            row(fields)
            objects.append(.object(zip(findingsColumns, fields).map { ($0, .string($1)) }))
        }
        return (csv, CanonicalJSON.encode(.array(objects)) + [0x0A])
    }

    /// The sample with each event's fields, attributes and raw record as the query output shows them.
    static func sample(_ w: ControlWork, shown: PersonalView) -> (csv: [UInt8], json: [UInt8]) {
        var rows: [[String]] = []
        var objects: [JSONValue] = []
        for (p, e) in w.revealed {
            let attributes = CanonicalJSON.string(.object(e.attributes))
            let encoding = e.rawIsEncrypted ? "encrypted" : (e.rawIsBase64 ? "base64" : "")
            let fields = [p.key] + ControlWork.fields(e, at: p.at, rules: p.rules, shown: shown) + [attributes, e.raw, encoding]
            rows.append(fields)
            var members: [(String, JSONValue)] = zip(sampleColumns, fields).map { ($0, .string($1)) }
            members[1] = ("segment", .number(String(p.at.segment)))
            members[2] = ("record", .number(String(p.at.record)))
            members[sampleColumns.count - 3] = ("attributes", .object(e.attributes))
            objects.append(.object(members))
        }
        return (CSV.render(header: sampleColumns, rows: rows), CanonicalJSON.encode(.array(objects)) + [0x0A])
    }

    /// The control's narrative, status, rules and counts.
    static func controlJSON(_ w: ControlWork, facts: PackFacts) -> [UInt8] {
        let c = w.control
        let r = facts.request
        var severities: [String: Int] = [:]
        for f in w.findings { severities[f.severity, default: 0] += 1 }
        let doc: JSONValue = .object([
            ("framework", .string(r.framework.qualified)),
            ("id", .string(c.id)),
            ("title", .string(c.title)),
            ("meaning", .string(c.meaning)),
            ("coverage", .string(c.coverage.rawValue)),
            ("note", c.note.map(JSONValue.string) ?? .null),
            ("status", .string(w.row?.status ?? "error")),
            ("statusNote", .string(w.row?.note ?? "")),
            ("from", .string(r.from.rfc3339)),
            ("to", .string(r.to.rfc3339)),
            ("rules", .array(w.rules.map { rule in
                .object([("id", .string(rule.id)), ("title", .string(rule.title)), ("severity", .string(rule.severity)),
                         ("kind", .string(rule.kind.name)), ("description", .string(rule.description)),
                         ("file", .string(ruleFileName(rule.path))), ("line", .number(String(rule.line)))])
            })),
            ("counts", .object([
                ("eventsEvaluated", .number(String(facts.events))),
                ("eventsMatched", .number(String(w.row?.events ?? 0))),
                ("population", .number(String(w.population.rows))),
                ("findings", .number(String(w.findings.count))),
                ("sample", .number(String(w.sampler.picks.count))),
            ])),
            ("findingsBySeverity", .object(severities.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) })),
            ("sampleSeed", .string(r.seed)),
        ])
        return CanonicalJSON.encode(doc) + [0x0A]
    }

    /// The rules whose matching events make up the population (not absence or sql rules).
    static func populationRules(_ w: ControlWork) -> [String] {
        w.rules.filter {
            switch $0.kind {
            case .absence, .sql: return false
            default: return true
            }
        }.map(\.id)
    }

    /// Where a rule file goes in the pack: `rules/<file name>`.
    static func ruleFileName(_ path: String) -> String { "rules/" + FS.baseName(path) }

    /// The rule files defining the evaluated rules, and the framework's crosswalk file, byte for byte.
    static func ruleFiles(rules: RuleSet, framework: Framework) throws -> [(String, [UInt8])] {
        var out: [String: [UInt8]] = [:]
        for path in Set(rules.rules.map(\.path)) { out[ruleFileName(path)] = try FS.read(path) }
        out["rules/controls/" + FS.baseName(framework.path)] = try FS.read(framework.path)
        return out.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The SQL behind every file of a control folder, with the values bound to it.
    static func queries(_ w: ControlWork, facts: PackFacts) -> String {
        let r = facts.request
        var s = """
            -- Evidence pack: \(r.framework.qualified) control \(w.control.id), period [\(r.from.rfc3339), \(r.to.rfc3339)),
            -- trail \(facts.origin), \(facts.trail.size) seals (\(facts.trail.checkpointPath)).
            -- Run on the store's index (sealtrail query, or sqlite3 on index/trail.sqlite) with these values bound:
            --   :from = '\(r.from.rfc3339)'
            --   :to = '\(r.to.rfc3339)'
            --   :trailSize = \(facts.trail.size)

            -- 1. The events the rules saw, in this order: every sealed event of the period in the pack's
            --    trail. Every file of this folder is made from these rows.
            \(TrailIndex.sealedEventsSQL);

            -- 2. population.csv: the rows of query 1 that met a condition of one of these rules
            --    (definitions in the pack's rules/ folder; the column 'rules' says which):
            --    \(populationRules(w).joined(separator: ", "))
            --    Absence rules (silence of a source) and sql rules add no rows: an absence rule sees every
            --    event of its sources as a heartbeat, and its findings are the silent spans.

            -- 3. sample.csv, sample.json: the \(r.sample) rows of population.csv whose sample key, the hex SHA-256
            --    of the UTF-8 text '<seed>:<leaf>' with seed '\(r.seed)', sorts lowest; listed in time order.

            -- 4. findings.csv, findings.json: the findings of the rules over the rows of query 1 (each event
            --    a leaf hash; docs/rules.md says what each kind finds), in the columns of
            --    'sealtrail rules findings'. They are also stored in the index's findings table.

            """
        for rule in w.rules {
            guard case let .sql(text) = rule.kind else { continue }
            s += "\n-- Rule \(rule.id) (kind sql) ran this query with :from and :to bound; its rows are findings:\n"
            s += text.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n"
        }
        return s
    }

    /// What the pack is and how to check it.
    static func readme(_ facts: PackFacts) -> String {
        let r = facts.request
        var s = """
            Sealtrail evidence pack
            =======================

            Framework: \(r.framework.title) (\(r.framework.qualified))
            Period:    \(r.from.rfc3339) to \(r.to.rfc3339) (end excluded)
            Controls:  \(facts.works.map(\.control.id).joined(separator: ", "))
            As of:     \(r.asOf.rfc3339)
            Trail:     \(facts.origin), \(facts.trail.size) seals, root \(facts.trail.root.hex)
            Events:    \(facts.events) sealed events in the period were evaluated

            What is inside
            --------------
            report.html                  the report: per control its meaning, status, rules, counts, sample and exceptions
            controls/<id>/control.json   the control's narrative and coverage (from the crosswalk), status, rules, counts
            controls/<id>/findings.csv   the findings of its rules in the period (also findings.json)
            controls/<id>/population.csv every event of the period that met a condition of its rules
            controls/<id>/sample.csv     a seeded sample of the population with the raw records (also sample.json)
            controls/<id>/queries.sql    the SQL each of those files comes from
            rules/                       the rule files and the crosswalk that were evaluated, byte for byte
            trail/seals/                 the seals of the segments the pack relies on
            trail/checkpoints/           the signed checkpoint (C2SP signed note) of the trail of \(facts.trail.size) seals
            trail/keys/                  the Ed25519 public keys (PEM and raw) that signed seals, checkpoint and manifest
            proofs/<segment>.json        per segment: the seal's path to the checkpoint root, and for every cited
                                         record the exact line and its path to the seal's Merkle root
            manifest.json                size and SHA-256 of every other file
            manifest.sig                 Ed25519 signature (64 raw bytes) of manifest.json by trail/keys/\(facts.trail.signing.publicKey.keyId).pem

            How to verify it
            ----------------
            sealtrail evidence verify <this pack>               offline: files, manifest signature, seals,
                                                                checkpoint, every proof and cited record
            sealtrail evidence verify <this pack> --store DIR   also: the pack's checkpoint is consistent with the live trail

            Without Sealtrail: docs/formats.md, section "Evidence packs", does the same with unzip (or tar),
            sha256sum, openssl and python3. Compare the key id \(facts.trail.signer.keyId) with one you
            obtained from the trail's operator by another channel.

            """
        if !facts.notes.isEmpty {
            s += "Notes\n-----\n" + facts.notes.map { "- " + $0 + "\n" }.joined()
        }
        return s
    }
}
