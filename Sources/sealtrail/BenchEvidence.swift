import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex

extension BenchCommand {
    struct EvidenceBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Evidence pack build and verify over a period of simulated events (targets for 1M events: build < 20 s, verify < 10 s), beside sqlite3 reading the same rows and unzip -p | sha256sum.")
        @OptionGroup var common: BenchCommand.Common
        @Option(help: "Rules directory (default: ./rules).") var rules: String = "rules"
        @Option(help: "The framework of the pack.") var framework: String = "pci-dss@4.0"
        func run() throws {
            try reportingErrors { try Bench(common: common).evidence(rules: rules, framework: framework) }
        }
    }
}

extension Bench {
    /// Builds (once; reused with --dir) a store of the simulated events with its index, then times
    /// `sealtrail evidence build` over the whole simulated period and `sealtrail evidence verify` of
    /// the pack, as child processes, beside `sqlite3` reading the period's rows with the pack's own
    /// first query and `unzip -p | sha256sum` reading the pack.
    func evidence(rules: String, framework: String) throws {
        _ = try prepareInput()
        let ready = store + "/.bench-evidence-\(common.count)-\(common.seed)"
        if !FileManager.default.fileExists(atPath: ready) {
            note("ingesting and indexing \(common.count) events (once; reused with --dir)…")
            _ = try ingestOnce()
            let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) index rebuild --store \(Spawn.q(store)) > /dev/null")
            guard r.status == 0 else { throw CLIError("index rebuild exited with \(r.status)") }
            _ = FileManager.default.createFile(atPath: ready, contents: Data())
        }
        let pack = dir + "/pack.zip"
        let period = "--from 2026-07-01 --to 2026-07-31"
        let build = "exec \(Spawn.q(Spawn.selfPath)) evidence build --store \(Spawn.q(store)) --rules \(Spawn.q(rules)) --framework \(Spawn.q(framework)) \(period) --as-of 2030-01-01 --out \(Spawn.q(pack)) > /dev/null 2>&1"
        let sql = TrailIndex.sealedEventsSQL.replacingOccurrences(of: ":from", with: "'2026-07-01T00:00:00.000000Z'")
            .replacingOccurrences(of: ":to", with: "'2026-08-01T00:00:00.000000Z'").replacingOccurrences(of: ":trailSize", with: "1000000000")
        let read = "sqlite3 \(Spawn.q(store + "/index/trail.sqlite")) \(Spawn.q(sql)) > /dev/null"
        var builds: [Spawn.Measured] = [], verifies: [Spawn.Measured] = [], reads: [Spawn.Measured] = [], unzips: [Spawn.Measured] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs)")
            try? FileManager.default.removeItem(atPath: pack)
            let b = try Spawn.shell(build)
            guard b.status == 0 else { throw CLIError("evidence build exited with \(b.status)") }
            builds.append(b)
            let v = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) evidence verify \(Spawn.q(pack)) > /dev/null")
            guard v.status == 0 else { throw CLIError("evidence verify exited with \(v.status)") }
            verifies.append(v)
            reads.append(try Spawn.shell(read))
            unzips.append(try Spawn.shell("unzip -p \(Spawn.q(pack)) | sha256sum > /dev/null"))
        }
        let size = (try? FS.size(pack)) ?? 0
        let b = median(builds), v = median(verifies)
        print("bench evidence: \(framework) pack over \(common.count) simulated events (2026-07-01 to 2026-07-31), "
              + "\(String(format: "%.1f", Double(size) / 1e6)) MB zip, median of \(common.runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("command".padding(toLength: 36, withPad: " ", startingAt: 0) + "wall s".leftPad(10) + "events/s".leftPad(12) + "peak RSS MB".leftPad(14))
        for (name, m) in [("sealtrail evidence build", b), ("sqlite3 (the pack's event query)", median(reads)),
                          ("sealtrail evidence verify", v), ("unzip -p | sha256sum", median(unzips))] {
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0) + f(m.seconds).leftPad(10)
                  + String(Int(Double(common.count) / m.seconds)).leftPad(12) + f(Double(m.peakRSSBytes) / 1e6).leftPad(14))
        }
        let scale = Double(common.count) / 1_000_000
        print("targets for 1M events: build under 20 s: \(b.seconds < 20 * scale ? "met" : "NOT met"); verify under 10 s: \(v.seconds < 10 * scale ? "met" : "NOT met")")
        cleanup()
    }
}
