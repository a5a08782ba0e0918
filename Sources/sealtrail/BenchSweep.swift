import ArgumentParser
import Foundation
import Retention
import SegmentStore
import TrailIndex
import TrailModel

extension BenchCommand {
    struct SweepBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Sweep planning over many sealed segments (target: 10,000 in under 5 s) beside reading the same seal files with cat | sha256sum.")
        @Option(help: "Sealed segments in the bench store.") var segments: Int = 10_000
        @OptionGroup var common: BenchCommand.Common
        func run() throws { try reportingErrors { try Bench(common: common).sweep(segments: segments) } }
    }
}

extension Bench {
    /// Builds (once, reused when `--dir` holds it) a store of `segments` small segments over the
    /// last three years from four sources under the shipped kind of policies, with an index and two
    /// legal holds; then times `sealtrail sweep` (a dry run, as cron would plan it) as a child process.
    func sweep(segments: Int) throws {
        let path = dir + "/sweep-store-\(segments)"
        if !FS.exists(path + "/store.json") { try buildSweepStore(path: path, segments: segments) }
        let bin = CommandLine.arguments[0]
        var plans: [Spawn.Measured] = [], reads: [Spawn.Measured] = []
        for _ in 0..<max(1, common.runs) {
            plans.append(try Spawn.shell("\(Spawn.q(bin)) sweep --store \(Spawn.q(path)) --format json > /dev/null"))
            reads.append(try Spawn.shell("cat \(Spawn.q(path))/seals/*.seal.json | sha256sum > /dev/null"))
        }
        guard plans.allSatisfy({ $0.status == 0 }) else { throw CLIError("sweep exited with status \(plans.map(\.status))") }
        let plan = median(plans), read = median(reads)
        print("sweep plan over \(segments) segments (median of \(plans.count) runs)")
        print("command".padding(toLength: 36, withPad: " ", startingAt: 0) + "wall s".leftPad(10) + "segments/s".leftPad(14))
        for (name, m) in [("sealtrail sweep (plan)", plan), ("cat seals/* | sha256sum", read)] {
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0) + f(m.seconds).leftPad(10)
                  + String(Int(Double(segments) / m.seconds)).leftPad(14))
        }
        print("target: under 5 s for 10,000 segments: \(plan.seconds < 5 * Double(segments) / 10_000 ? "met" : "NOT met")")
        cleanup()
    }

    private func buildSweepStore(path: String, segments: Int) throws {
        note("building a store of \(segments) sealed segments (once; reused with --dir)…")
        let store = try Store.initialize(path: path, origin: "bench.local/sweep")
        let policies = path + ".policies.yaml"
        try """
            policies:
              - { name: pci, match: { sources: ["payments-*"] }, retain: 13m, hot: 3m, archiveAfter: 4m, mode: compliance }
              - { name: debug, match: { sources: ["debug-*"] }, retain: 30d, hot: 30d, mode: governance }
            default: { name: default-7y, retain: 7y, hot: 90d, mode: compliance }
            """.write(toFile: policies, atomically: true, encoding: .utf8)
        try FS.writeAtomically(store.layout.retentionPolicies, try PolicyFiles.load(policies).encoded())
        let sources = ["payments-api", "payments-web", "debug-app", "ledger"]
        let now = Timestamp.now.micros
        let span = Int64(3 * 365) * 86_400_000_000
        let w = try TrailWriter(store: store, threads: 1)
        for i in 0..<segments {
            // Oldest first, so each segment is one source and one day.
            let t = Timestamp(micros: now - span + span * Int64(i) / Int64(segments))
            let source = sources[i % sources.count]
            for r in 0..<3 {
                let e = TrailEvent(id: "b-\(i)-\(r)", time: Timestamp(micros: t.micros + Int64(r)), received: t, source: source, format: "app-json",
                                   actor: "user:u-\(i % 50)", action: "payment.authorize", resource: "card:\(i)", outcome: .success,
                                   origin: "10.0.0.1", session: nil, attributes: [], raw: "{\"i\":\(i),\"r\":\(r)}")
                _ = try w.accept(e, identity: nil)
            }
            try w.commit()
            try w.sealAll()
            if i % 1000 == 999 { note("  \(i + 1) segments") }
        }
        try w.close()
        try TrailIndex(store: store).catchUp()
        _ = try HoldStore.add(store: store, reason: "bench matter", by: "bench", source: "payments-web", from: nil, to: nil, actor: nil, query: nil, params: [:])
        _ = try HoldStore.add(store: store, reason: "bench actor", by: "bench", source: nil, from: nil, to: nil, actor: "user:u-7", query: nil, params: [:])
    }
}
