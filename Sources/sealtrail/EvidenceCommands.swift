import ArgumentParser
import Evidence
import Foundation
import Rules
import SegmentStore
import TrailIndex
import TrailModel

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence packs for auditors: build one for a framework and a period, verify one offline (docs/evidence.md).",
        subcommands: [EvidenceBuild.self, EvidenceVerify.self])
}

struct EvidenceBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build an evidence pack (.zip or .tar.gz): per control the narrative, status, rules, findings, population and a seeded sample, with the seals, checkpoint, keys and proofs it relies on, and a signed manifest.",
        discussion: """
            The pack relies on the seals made at or before --as-of (default: now) and evaluates only their events, so the
            same store, arguments and --as-of give a byte-identical pack. Exit status: 0 built, 1 failed, 2 bad arguments.
            Example: sealtrail evidence build --store S --framework pci-dss@4.0 --from 2026-07-01 --to 2026-09-30 --controls '10.2.*' --out q3.zip
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RulesOptions
    @Option(help: "The framework, as rules name it: pci-dss@4.0, psd2-rts@2018/389, soc2@2017, gdpr@2016/679.") var framework: String
    @OptionGroup var period: PeriodOptions
    @Option(help: "Only controls whose id matches one of these comma-separated patterns ('10.2.*', '8.3.4').") var controls: String?
    @Option(help: "Sampled events per control.") var sample: Int = 25
    @Option(help: "The sample's seed (any text): the same seed picks the same events.") var seed: String = "1"
    @Option(name: .customLong("as-of"), help: "Build the pack as of this time (RFC 3339 or YYYY-MM-DD): the seals made by then, and the files' time.")
    var asOf: String?
    @Option(help: "The pack to write: *.zip or *.tar.gz.") var out: String

    func run() throws {
        let (builder, request) = try reportingErrors(code: 2) { () -> (PackBuilder, PackRequest) in
            _ = try PackRequest.format(of: out)
            let rules = try options.load()
            let frameworks = try Framework.loadAll(directory: try options.directory() + "/controls")
            guard let fw = frameworks.first(where: { $0.qualified == framework || $0.name == framework }) else {
                throw CLIError("no framework '\(framework)' in the crosswalk; known: \(frameworks.map(\.qualified).joined(separator: ", "))")
            }
            let (f, t) = try period.range()
            let at = try asOf.map { try timeOption("--as-of", $0) } ?? .now
            var request = PackRequest(framework: fw, rules: rules, from: f, to: t, asOf: at, actor: Investigation.defaultActor())
            request.controls = (controls ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            request.sample = sample
            request.seed = seed
            _ = try request.selectedControls()
            guard sample >= 0 else { throw CLIError("--sample must be 0 or more") }
            var builder = PackBuilder(store: try Store(path: try store.path()))
            let progress = progressPrinter()
            builder.progress = { line in if let progress { progress(line) } else { note(line) } }
            return (builder, request)
        }
        let started = Date()
        let summary = try reportingErrors { try builder.build(request, to: out) }
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        var counts: [String: Int] = [:]
        for c in summary.controls { counts[c.status, default: 0] += 1 }
        print("evidence pack \(summary.path): \(request.framework.qualified), \(request.from.rfc3339) – \(request.to.rfc3339), "
              + "\(summary.controls.count) controls, \(summary.events) events, \(summary.files) files, \(summary.bytes) bytes in "
              + String(format: "%.2f s", Date().timeIntervalSince(started)))
        print("  trail as of \(request.asOf.rfc3339): \(summary.trailSize) seals; manifest SHA-256 \(summary.manifestSHA256)")
        print("  " + ["ok", "alarm", "info", "manual", "n/a", "error"].map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", "))
        for c in summary.controls {
            print("  \(c.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c.status.padding(toLength: 6, withPad: " ", startingAt: 0)) population \(c.population), findings \(c.findings), sample \(c.sample)")
        }
        for n in summary.notes { print("  note: \(n)") }
    }
}

struct EvidenceVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an evidence pack offline: every file against the signed manifest, the seals, the checkpoint, every proof and cited record.",
        discussion: """
            With --store, also checks that the pack's checkpoint is consistent with the store's live trail.
            Exit status: 0 the pack verifies, 1 it does not (each problem names the file), 2 could not run.
            """)

    @Argument(help: "The pack (.zip or .tar.gz).") var pack: String
    @Option(help: "A store whose live trail must extend the pack's checkpoint.") var store: String?

    func run() throws {
        let live = try reportingErrors(code: 2) { () -> Store? in
            guard FileManager.default.isReadableFile(atPath: pack) else { throw CLIError("\(pack): no such file") }
            return try store.map { try Store(path: $0) }
        }
        let progress = progressPrinter()
        let report = try reportingErrors(code: 2) { try PackVerifier.verify(path: pack, store: live, progress: progress) }
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print("evidence pack \(pack): \(report.framework), \(report.files) files")
        print("  trail checkpoint of \(report.trailSize) seals, manifest key \(report.keyId)")
        print("  checked \(report.seals) seals, \(report.provenRecords) proven records, \(report.citedEvents) cited events")
        if let n = report.liveSize { print("  consistent with the live trail of \(n) seals") }
        for p in report.problems { print("FAIL \(p.file): \(p.reason)") }
        print(report.ok ? "OK: the pack verifies" : "FAILED: \(report.problems.count) problem(s)")
        if !report.ok { throw ExitCode(1) }
    }
}
