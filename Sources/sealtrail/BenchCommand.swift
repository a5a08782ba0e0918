import ArgumentParser
import Collectors
import Foundation
import Gzip
import SegmentStore
import TrailModel

/// `sealtrail bench ingest|verify`: times the real code paths (this binary, as a child process) beside
/// the standard tools on the same bytes in the same run, and prints MB/s, events/s, peak RSS and ratios.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks on simulated data beside the standard tools: ingest (gzip -6), verify (gzip -dc | sha256sum), parse, index (sqlite3), rules.",
        subcommands: [Ingest.self, Verify.self, Parse.self, Index.self, RulesBench.self, SweepBench.self, EvidenceBench.self, ServeBench.self])

    struct Common: ParsableArguments {
        @Option(help: "Simulated events.") var count: Int = 500_000
        @Option(help: "Simulation seed.") var seed: UInt64 = 7
        @Option(help: "Timed runs of each command; the median is reported.") var runs: Int = 3
        @Option(help: "Work directory (default: a new temp dir, removed afterwards).") var dir: String?
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sealed ingest (parse, WAL+fsync, compress, hash, sign) vs gzip -6 alone.")
        @OptionGroup var common: Common
        func run() throws { try reportingErrors { try Bench(common: common).ingest() } }
    }

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse speed of one format on one core (no storing), beside gzip -6 on the same file.")
        @Option(help: "Format to parse.") var format: String = "app-json"
        @Option(help: "Input file in that format (default for app-json: simulated events).") var file: String?
        @OptionGroup var common: Common
        func run() throws { try reportingErrors { try Bench(common: common).parse(format: format, file: file) } }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Full verify vs gzip -dc | sha256sum over the same segment files.")
        @OptionGroup var common: Common
        func run() throws { try reportingErrors { try Bench(common: common).verify() } }
    }
}

struct Bench {
    let common: BenchCommand.Common
    let dir: String
    let owned: Bool

    init(common: BenchCommand.Common) throws {
        self.common = common
        if let d = common.dir {
            dir = d
            owned = false
        } else {
            dir = NSTemporaryDirectory() + "sealtrail-bench-\(getpid())"
            owned = true
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    var input: String { dir + "/events.jsonl" }
    var store: String { dir + "/store" }

    func prepareInput() throws -> Int64 {
        if let size = try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int64, size > 0,
           FileManager.default.fileExists(atPath: input + ".\(common.count)-\(common.seed)") {
            return size
        }
        note("simulating \(common.count) events (seed \(common.seed)) into \(input)")
        let sink = try OutputSink(path: input)
        var sim = Simulator(options: .init(count: common.count, seed: common.seed, start: try parseTime("2026-07-01"), eventsPerSecond: 0.4))
        let nl: [UInt8] = [0x0A]
        try sim.generate { line in
            try sink.write(line)
            try nl.withUnsafeBytes { try sink.write($0) }
        }
        try sink.close()
        _ = FileManager.default.createFile(atPath: input + ".\(common.count)-\(common.seed)", contents: Data())
        return (try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int64) ?? 0
    }

    func freshStore() throws {
        try? FileManager.default.removeItem(atPath: store)
        let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) init \(Spawn.q(store)) --origin bench.local/trail > /dev/null")
        guard r.status == 0 else { throw CLIError("init failed") }
    }

    func ingestOnce() throws -> Spawn.Measured {
        try freshStore()
        let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) ingest --store \(Spawn.q(store)) --source bench \(Spawn.q(input)) > /dev/null")
        guard r.status == 0 else { throw CLIError("ingest exited with \(r.status)") }
        return r
    }

    func median(_ xs: [Spawn.Measured]) -> Spawn.Measured {
        let s = xs.sorted { $0.seconds < $1.seconds }
        var m = s[s.count / 2]
        m.peakRSSBytes = xs.map(\.peakRSSBytes).max() ?? 0
        return m
    }

    func ingest() throws {
        let bytes = try prepareInput()
        var ours: [Spawn.Measured] = [], gzip: [Spawn.Measured] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs)")
            ours.append(try ingestOnce())
            gzip.append(try Spawn.shell("exec gzip -6 -c \(Spawn.q(input)) > /dev/null"))
        }
        let o = median(ours), g = median(gzip)
        let mb = Double(bytes) / 1e6
        print("bench ingest: \(common.count) events, \(String(format: "%.1f", mb)) MB of JSON Lines, median of \(common.runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        table(mbHeader: "MB/s", mb: mb, [("sealtrail ingest (sealed)", o), ("gzip -6", g)])
        print("ratio: sealed ingest throughput = \(String(format: "%.2f", g.seconds / o.seconds))x gzip -6 (target >= 1.0); peak RSS \(f(Double(o.peakRSSBytes) / 1e6)) MB (target < 200)")
        cleanup()
    }

    func verify() throws {
        let bytes = try prepareInput()
        _ = try ingestOnce()
        let segs = try FileManager.default.subpathsOfDirectory(atPath: store + "/segments").filter { $0.hasSuffix(".jsonl.gz") }.sorted()
        let files = segs.map { Spawn.q(store + "/segments/" + $0) }.joined(separator: " ")
        var ours: [Spawn.Measured] = [], std: [Spawn.Measured] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs)")
            let r = try Spawn.shell("exec \(Spawn.q(Spawn.selfPath)) verify --store \(Spawn.q(store)) > /dev/null")
            guard r.status == 0 else { throw CLIError("verify failed with status \(r.status)") }
            ours.append(r)
            std.append(try Spawn.shell("gzip -dc \(files) | sha256sum > /dev/null"))
        }
        let o = median(ours), g = median(std)
        let mb = Double(bytes) / 1e6
        print("bench verify: \(segs.count) segments holding \(common.count) events (from \(String(format: "%.1f", mb)) MB of input), median of \(common.runs) runs")
        table(mbHeader: "input MB/s", mb: mb, [("sealtrail verify", o), ("gzip -dc | sha256sum", g)])
        print("ratio: verify throughput = \(String(format: "%.2f", g.seconds / o.seconds))x gzip -dc | sha256sum (target >= 1.0)")
        cleanup()
    }

    func parse(format: String, file: String?) throws {
        let path: String
        if let file { path = file } else if format == "app-json" { _ = try prepareInput(); path = input } else {
            throw CLIError("--file is needed for format \(format)")
        }
        let bytes = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        let context = ParseContext(source: "bench", received: .now)
        var timings: [(Double, Int, Int)] = []
        for i in 0..<max(1, common.runs) {
            note("run \(i + 1)/\(common.runs)")
            let t0 = DispatchTime.now().uptimeNanoseconds
            var events = 0, failures = 0
            if let doc = Formats.documentParser(format) {
                // The real document reader (same splitting into documents), into a sink that only counts.
                let counter = CountingSink()
                let counts = try DocumentIngest(source: "bench", parser: doc, sink: counter).run(paths: [path])
                events = counts.stored
                failures = counts.quarantined
            } else {
                // As ingest's parse workers do: each line written into one reused buffer.
                let parser = try Formats.parser(format)
                let out = ByteWriter(capacity: 1 << 20)
                try LineReader(try FileSource(path: path)).forEach { item in
                    guard case let .line(line, _, _) = item, !line.isEmpty else { return }
                    out.removeAll()
                    do { _ = try parser.prepare(line, context: context, into: out); events += 1 } catch { failures += 1 }
                }
            }
            timings.append((Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, events, failures))
        }
        var gzip: [Spawn.Measured] = []
        for _ in 0..<max(1, common.runs) { gzip.append(try Spawn.shell("exec gzip -6 -c \(Spawn.q(path)) > /dev/null")) }
        let t = timings.sorted { $0.0 < $1.0 }[timings.count / 2]
        let g = median(gzip)
        let mb = Double(bytes) / 1e6
        print("bench parse \(format): \(path), \(String(format: "%.1f", mb)) MB, \(t.1) events, \(t.2) refused, one core, median of \(common.runs) runs")
        row("command", "wall s", "MB/s", "events/s", "")
        row("parse + canonical line", f(t.0), f(mb / t.0), String(Int(Double(t.1) / t.0)), "")
        row("gzip -6", f(g.seconds), f(mb / g.seconds), "", "")
        print("ratio: parse throughput = \(String(format: "%.2f", g.seconds / t.0))x gzip -6 (target: >= 150 MB/s per parser)")
        cleanup()
    }

    /// The header and one row per measured command: wall time, MB/s, events/s, peak RSS.
    func table(mbHeader: String, mb: Double, _ rows: [(String, Spawn.Measured)]) {
        row("command", "wall s", mbHeader, "events/s", "peak RSS MB")
        for (name, m) in rows {
            row(name, f(m.seconds), f(mb / m.seconds), String(Int(Double(common.count) / m.seconds)), f(Double(m.peakRSSBytes) / 1e6))
        }
    }

    func cleanup() { if owned { try? FileManager.default.removeItem(atPath: dir) } }

    func f(_ x: Double) -> String { String(format: "%.2f", x) }

    func row(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) {
        print(a.padding(toLength: 28, withPad: " ", startingAt: 0) + [b, c, d, e].map { $0.leftPad(12) }.joined())
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// A sink that stores nothing and only counts (parse benchmarks).
final class CountingSink: EventSink {
    func accept(_ event: TrailEvent, identity: DedupeIdentity?) throws -> Bool { true }
    func accept(_ prepared: PreparedEvent) throws -> Bool { true }
    func accept(_ prepared: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool { true }
    func quarantine(_ record: QuarantinedRecord) throws {}
    func commit() throws {}
}
