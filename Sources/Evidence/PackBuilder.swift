#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Rules
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

/// Builds an evidence pack (DESIGN.md, "Evidence packs"; docs/evidence.md): one archive for a
/// framework, a period and optionally a subset of its controls, holding per control the
/// narrative, status, rules, findings, population and a seeded sample; the seals, checkpoint and
/// public key it relies on; an inclusion proof of every event it cites; and a signed manifest.
///
/// The pack relies on the trail as it was at `asOf`: the seals made by then and the checkpoint
/// of that size. Only sealed events of those segments are evaluated, so the same store,
/// arguments and `asOf` give a byte-identical pack, and every event it cites can be proven.
public struct PackBuilder {
    public let store: Store
    /// Called with one line about each step (the CLI prints it on standard error).
    public var progress: ((String) -> Void)?

    public init(store: Store) { self.store = store }

    /// What a build wrote.
    public struct Summary: Sendable {
        public var path: String
        public var files: Int
        public var bytes: Int64
        public var manifestSHA256: String
        public var trailSize: UInt64
        public var events: Int
        public var controls: [ControlSummary]
        /// Things the reader of the pack must know (gaps in the index, unprovable citations).
        public var notes: [String]
    }

    /// One control's outcome.
    public struct ControlSummary: Sendable, Equatable {
        public var id: String
        public var status: String
        public var population: Int
        public var findings: Int
        public var sample: Int
    }

    /// Builds the pack `request` describes into `out` (`.zip` or `.tar.gz`), written to a
    /// temporary file first and renamed into place when complete; records an `evidence.build`
    /// event in the trail.
    public func build(_ request: PackRequest, to out: String) throws -> Summary {
        let started = Date()
        let progress: ((String) -> Void)? = self.progress.map { p in
            { line in p(String(format: "[%6.1f s] ", Date().timeIntervalSince(started)) + line) }
        }
        let format = try PackRequest.format(of: out)
        guard request.from < request.to else { throw EvidenceError.badRequest("the period is empty: --from must be before --to") }
        guard request.sample >= 0 else { throw EvidenceError.badRequest("--sample must be 0 or more") }
        let selected = try request.selectedControls()
        let fw = request.framework
        var scope = fw
        scope.controls = selected
        let tags = Set(selected.map { "\(fw.qualified):\($0.id)" })
        let rules = RuleSet(rules: request.rules.rules.filter { !tags.isDisjoint(with: $0.controls) })

        // The index, and the trail as of `asOf`.
        let index = try TrailIndex(store: store)
        let caught = try index.catchUp { progress?($0) }
        for n in caught.notes { progress?(n) }
        let trail = try TrailState(store: store, asOf: request.asOf)
        progress?("trail as of \(request.asOf.rfc3339): \(trail.size) seals, checkpoint \(trail.checkpointPath)")

        // One pass over the period's sealed events: rules, populations and samples.
        let scratch = FS.parent(out) + "/.evidence-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FS.mkdirs(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let shown = PersonalView(layout: store.layout)
        var works: [ControlWork] = []
        var byRule: [String: [Int]] = [:]
        for c in selected {
            let tag = "\(fw.qualified):\(c.id)"
            let rs = rules.rules.filter { $0.controls.contains(tag) }
            for r in rs { byRule[r.id, default: []].append(works.count) }
            works.append(try ControlWork(control: c, rules: rs, scratch: scratch, sample: request.sample, seed: request.seed))
        }
        progress?("evaluating \(rules.rules.count) rules for \(selected.count) controls over \(request.from.rfc3339) – \(request.to.rfc3339)")
        // Where each matched event is (findings cite matched events), so that most citations need no lookup.
        var matchedAt = PositionMap()
        // Absence rules see every event of their sources as a heartbeat: their evidence is the
        // silent spans (findings) and the count, not a population of every event.
        let heartbeats = Set(rules.rules.filter { if case .absence = $0.kind { return true }; return false }.map(\.id))
        let result = try rules.evaluateSealed(index: index, from: request.from, to: request.to, trailSize: trail.size,
                                              progress: { progress?("evaluated \($0) events") }) { e, at, all in
            let ids = heartbeats.isEmpty ? all : all.filter { !heartbeats.contains($0) }
            if ids.isEmpty { return }
            matchedAt.insert(at)
            if ids.count == 1 {
                for w in byRule[ids[0]] ?? [] { works[w].add(e.event, at: at, ruleIds: ids, shown: shown) }
                return
            }
            var perWork: [Int: [String]] = [:]
            for id in ids { for w in byRule[id] ?? [] { perWork[w, default: []].append(id) } }
            for (w, ruleIds) in perWork { works[w].add(e.event, at: at, ruleIds: ruleIds, shown: shown) }
        }
        for w in works { try w.population.finish() }
        let stored = result.findings.map(\.stored)
        try index.store(findings: stored, mode: "evidence")
        let idOf = stored.map(\.id)
        progress?("\(result.events) events evaluated, \(result.findings.count) findings")

        // Statuses, findings per control, and the events the pack cites.
        var notes: [String] = []
        let rows = scope.coverage(rules: rules, findings: result.findings, matched: result.matched, errors: result.errors)
        progress?("locating the events the findings cite")
        let located = try Citations.locate(findings: result.findings, samples: works.flatMap { $0.sampler.picks.map(\.at) },
                                           known: matchedAt, store: store, request: request, trailSize: trail.size)
        if located.unprovable > 0 {
            notes.append("\(located.unprovable) findings of sql rules cite events that are not sealed within the pack's trail (\(trail.size) seals) and are left out; build the pack again after those events are sealed")
        }
        for (w, row) in zip(works, rows) {
            w.row = row
            let ids = Set(w.rules.map(\.id))
            let kept = result.findings.indices.filter { ids.contains(result.findings[$0].rule) && located.provable(result.findings[$0]) }
            w.findings = kept.map { result.findings[$0] }
            w.findingIds = kept.map { idOf[$0] }
        }
        notes += try Gaps.of(store: store, trail: trail, from: request.from, to: request.to)
        for w in works { w.revealed = w.sampler.ordered.map { ($0, shown.event($0.event)) } }

        // Proofs: one file per segment the pack relies on.
        progress?("proving \(located.positions.count) cited events (\(located.lookedUp) looked up in the index)")
        let proofs = try ProofSet.build(store: store, trail: trail, cited: located.positions, from: request.from, to: request.to)

        // The archive.
        progress?("writing the pack")
        let temp = out + ".tmp-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let pack = try PackArchive(path: temp, format: format, mtime: request.asOf.seconds)
        let facts = PackFacts(request: request, trail: trail, origin: store.manifest.origin, events: result.events,
                              rules: rules, works: works, notes: notes, shown: shown)
        try pack.add("README.txt", text: PackText.readme(facts))
        try pack.add("report.html", text: Report.html(facts))
        for w in works {
            progress?("writing \(w.path)")
            try pack.add(w.path + "/control.json", PackText.controlJSON(w, facts: facts))
            try pack.add(w.path + "/queries.sql", text: PackText.queries(w, facts: facts))
            let f = PackText.findings(w.findings, ids: w.findingIds)
            try pack.add(w.path + "/findings.csv", f.csv)
            try pack.add(w.path + "/findings.json", f.json)
            try pack.add(w.path + "/population.csv", file: w.population.path)
            let s = PackText.sample(w, shown: shown)
            try pack.add(w.path + "/sample.csv", s.csv)
            try pack.add(w.path + "/sample.json", s.json)
        }
        progress?("writing rules, trail and proofs")
        for (name, bytes) in try PackText.ruleFiles(rules: rules, framework: fw) { try pack.add(name, bytes) }
        try pack.add(trail.checkpointPath, Array(trail.checkpointNote.utf8))
        for seq in proofs.segments {
            try pack.add("trail/seals/\(StoreLayout.segmentName(seq)).seal.json", trail.seals[Int(seq)].canonicalBytes)
        }
        for key in trail.keys(for: proofs.segments) {
            try pack.add("trail/keys/\(key.keyId).pem", Array(key.pem.utf8))
            try pack.add("trail/keys/\(key.keyId).pub", key.raw)
        }
        for (seq, bytes) in proofs.files { try pack.add("proofs/\(StoreLayout.segmentName(seq)).json", bytes) }
        let manifest = Manifest(request: request, trail: trail, origin: store.manifest.origin, controls: selected.map(\.id),
                                keyId: trail.signing.publicKey.keyId, files: pack.entries)
        let manifestBytes = manifest.encoded()
        try pack.add(Manifest.name, manifestBytes)
        try pack.add(Manifest.signatureName, try trail.signing.sign(manifestBytes))
        try pack.close()
        guard rename(temp, out) == 0 else { throw EvidenceError.io(path: out, reason: String(cString: strerror(errno))) }

        let manifestHash = Hash32.sha256(manifestBytes).hex
        let summary = Summary(path: out, files: pack.entries.count, bytes: (try? FS.size(out)) ?? 0, manifestSHA256: manifestHash,
                              trailSize: trail.size, events: result.events,
                              controls: works.map { w in
                                  ControlSummary(id: w.control.id, status: w.row?.status ?? "error", population: w.population.rows,
                                                 findings: w.findings.count, sample: w.sampler.picks.count)
                              }, notes: notes)
        if let note = try AuditSpool.record(store: store, auditEvent(request, summary: summary, decrypted: shown.decrypted)) {
            progress?(note)
        }
        return summary
    }

    /// The trail's record of this build (PCI DSS 10.2.1.3: access to audit logs is logged).
    func auditEvent(_ r: PackRequest, summary: Summary, decrypted: Int) -> TrailEvent {
        let now = Timestamp.now
        var attrs: [(String, JSONValue)] = [
            ("framework", .string(r.framework.qualified)), ("from", .string(r.from.rfc3339)), ("to", .string(r.to.rfc3339)),
            ("controls", .array(summary.controls.map { .string($0.id) })), ("sample", .number(String(r.sample))),
            ("seed", .string(r.seed)), ("asOf", .string(r.asOf.rfc3339)), ("trailSize", .number(String(summary.trailSize))),
            ("events", .number(String(summary.events))), ("files", .number(String(summary.files))),
            ("pack", .string(FS.baseName(summary.path))), ("manifestSha256", .string(summary.manifestSHA256)),
            ("sql", .string(TrailIndex.sealedEventsSQL)),
        ]
        if decrypted > 0 { attrs.append(("personalDataDecrypted", .number(String(decrypted)))) }
        let host = ProcessInfo.processInfo.hostName
        let record: JSONValue = .object(attrs + [("actor", .string(r.actor)), ("host", .string(host)), ("time", .string(now.rfc3339))])
        return TrailEvent(id: "evidence-" + UUID().uuidString.lowercased(), time: now, received: now, source: "sealtrail",
                          format: "sealtrail-audit", actor: r.actor, action: "evidence.build",
                          resource: "evidence-pack:" + r.framework.qualified, outcome: .success, origin: host, session: nil,
                          attributes: attrs, raw: String(decoding: CanonicalJSON.encode(record), as: UTF8.self))
    }
}

/// Everything the texts of a pack are made from.
struct PackFacts {
    var request: PackRequest
    var trail: TrailState
    var origin: String
    var events: Int
    var rules: RuleSet
    var works: [ControlWork]
    var notes: [String]
    var shown: PersonalView
}
