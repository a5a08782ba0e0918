import ArgumentParser
import Foundation
import SegmentStore
import TrailIndex
import TrailModel

extension BenchCommand {
    struct RulesBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "Streaming rules during ingest (vs ingest alone) and batch evaluation of a quarter of the events.")
        @OptionGroup var common: Common
        @Option(help: "Rules directory (default: ./rules).") var rules: String = "rules"
        @Option(help: "Time batch evaluation on this store instead (e.g. one left by 'bench index --dir').") var batchStore: String?
        func run() throws {
            try reportingErrors { try Bench(common: common).rules(dir: rules, batchStore: batchStore) }
        }
    }
}

extension Bench {
    func rules(dir rulesDir: String, batchStore: String?) throws {
        let bytes = try prepareInput()
        let rules = URL(fileURLWithPath: rulesDir).standardizedFileURL.path
        var plain: [Spawn.Measured] = [], streaming: [Spawn.Measured] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs)")
            plain.append(try ingestOnce())
            try freshStore()
            let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) ingest --store \(Spawn.q(store)) --source bench --rules \(Spawn.q(rules)) \(Spawn.q(input)) > /dev/null 2>&1")
            guard r.status == 0 else { throw CLIError("ingest --rules exited with \(r.status)") }
            streaming.append(r)
        }
        let p = median(plain), s = median(streaming)
        let mb = Double(bytes) / 1e6
        print("bench rules: \(common.count) events, \(String(format: "%.1f", mb)) MB, median of \(common.runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        table(mbHeader: "MB/s", mb: mb, [("sealtrail ingest", p), ("sealtrail ingest --rules (streaming)", s)])
        print("ratio: streaming rules add \(f((s.seconds / p.seconds - 1) * 100)) % to sealed ingest (target <= 20 %)")

        let target = batchStore ?? store
        note("indexing \(target)")
        let u = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) index update --store \(Spawn.q(target)) > /dev/null")
        guard u.status == 0 else { throw CLIError("index update exited with \(u.status)") }
        let runner = QueryRunner(indexPath: TrailIndex.path(StoreLayout(root: target)))
        let span = try runner.run(sql: "SELECT min(time), max(time), count(*) FROM events").rows[0]
        guard let lo = span[0].text.flatMap(TimeArgument.parse), let hi = span[1].text.flatMap(TimeArgument.parse), case let .int(total) = span[2] else {
            throw CLIError("the store holds no events")
        }
        let quarterEnd = Timestamp(micros: lo.micros + (hi.micros - lo.micros) / 4)
        let n = try runner.run(sql: "SELECT count(*) FROM events WHERE time >= :f AND time < :t",
                               textArguments: ["f": lo.rfc3339, "t": quarterEnd.rfc3339]).rows[0][0].text ?? "?"
        let b = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) rules eval --store \(Spawn.q(target)) --rules \(Spawn.q(rules)) --from \(lo.rfc3339) --to \(quarterEnd.rfc3339) > /dev/null")
        guard b.status == 0 else { throw CLIError("rules eval exited with \(b.status)") }
        print("batch: rules eval over the first quarter of the period (\(n) of \(total) events): \(f(b.seconds)) s, peak RSS \(f(Double(b.peakRSSBytes) / 1e6)) MB (target < 60 s for a quarter of 10M)")
        if batchStore == nil { cleanup() }
    }
}
