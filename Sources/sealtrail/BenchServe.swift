import ArgumentParser
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension BenchCommand {
    struct ServeBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "HTTP ingest over loopback (acknowledged events/s, ack latency p50/p99) beside the CLI's ingest of the same events.")
        @OptionGroup var common: Common
        @Option(help: "Concurrent clients.") var clients: Int = 4
        @Option(help: "Events per request.") var batch: Int = 1000
        func run() throws {
            try reportingErrors { try Bench(common: common).serve(clients: clients, batch: batch) }
        }
    }
}

extension Bench {
    /// 1. `sealtrail ingest` of the simulated file (the reference rate). 2. A fresh store behind
    /// `sealtrail serve`; `clients` clients post the same events in batches as fast as the server
    /// acknowledges them: acknowledged events/s and latency per batch. 3. The same paced at half the
    /// CLI's rate: the latency a steady sender sees.
    func serve(clients: Int, batch: Int) throws {
        let bytes = try prepareInput()
        let cli = median((0..<max(1, common.runs)).map { _ in (try? ingestOnce()) ?? Spawn.Measured(status: 1, seconds: .infinity, peakRSSBytes: 0) })
        guard cli.status == 0 else { throw CLIError("ingest failed") }
        let cliRate = Double(common.count) / cli.seconds

        // Batches of the same lines.
        let text = try String(contentsOfFile: input, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        var batches: [Data] = []
        for start in stride(from: 0, to: lines.count, by: batch) {
            batches.append(Data((lines[start..<min(start + batch, lines.count)].joined(separator: "\n") + "\n").utf8))
        }

        func runServer(paced: Double?) throws -> (seconds: Double, latencies: [Double], rss: Int64) {
            try freshStore()
            let secret = try captureOutput([Spawn.selfPath, "token", "add", "--store", store, "--name", "bench", "--role", "ingest"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let port = Int.random(in: 20_000...45_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Spawn.selfPath)
            p.arguments = ["serve", "--store", store, "--listen", "127.0.0.1:\(port)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            defer { if p.isRunning { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() } }
            let client = LoopbackClient(port: port, token: secret)
            let ready = Date().addingTimeInterval(30)
            while (try? client.get("/healthz")) != 200 {
                guard Date() < ready else { throw CLIError("server did not start") }
                usleep(50_000)
            }
            let next = BatchCounter()
            let lat = Latencies()
            let failures = BatchCounter()
            let started = Date()
            DispatchQueue.concurrentPerform(iterations: clients) { _ in
                while true {
                    let i = next.take()
                    guard i < batches.count else { return }
                    if let rate = paced {
                        // Batch i is due when the steady rate would have sent its first event.
                        let due = started.addingTimeInterval(Double(i * batch) / rate)
                        let wait = due.timeIntervalSinceNow
                        if wait > 0 { usleep(UInt32(wait * 1e6)) }
                    }
                    let t0 = Date()
                    var status = 0
                    for _ in 0..<50 {
                        status = (try? client.post("/v1/events?source=bench", body: batches[i], key: "b\(i)")) ?? 0
                        if status == 202 { break }
                        usleep(20_000)
                    }
                    if status != 202 { _ = failures.take() }
                    lat.add(Date().timeIntervalSince(t0))
                }
            }
            let seconds = Date().timeIntervalSince(started)
            guard failures.value == 0 else { throw CLIError("\(failures.value) batches were not acknowledged") }
            let rss = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8))
                .flatMap { $0.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } }
                .flatMap { Int64($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 * 1024 } ?? 0
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
            let n = try captureOutput([Spawn.selfPath, "query", "--store", store, "--format", "csv",
                                       "SELECT count(*) FROM events WHERE source = 'bench'"])
            guard n.contains("\n\(common.count)") else { throw CLIError("the store holds \(n.split(separator: "\n").last ?? "?") events, expected \(common.count)") }
            return (seconds, lat.sorted, rss)
        }

        let full = try runServer(paced: nil)
        let halfRate = cliRate / 2
        let steady = try runServer(paced: halfRate)
        func pct(_ xs: [Double], _ p: Double) -> Double { xs.isEmpty ? 0 : xs[min(xs.count - 1, Int(Double(xs.count) * p))] * 1000 }
        let mb = Double(bytes) / 1e6
        print("bench serve: \(common.count) events, \(f(mb)) MB, batches of \(batch), \(clients) clients over loopback, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        serveRow("command", "wall s", "events/s", "p50 ms", "p99 ms", "peak RSS MB")
        serveRow("sealtrail ingest (CLI)", f(cli.seconds), String(Int(cliRate)), "-", "-", f(Double(cli.peakRSSBytes) / 1e6))
        serveRow("serve, as fast as acked", f(full.seconds), String(Int(Double(common.count) / full.seconds)), f(pct(full.latencies, 0.5)),
            f(pct(full.latencies, 0.99)), f(Double(full.rss) / 1e6))
        serveRow("serve, paced at CLI/2", f(steady.seconds), String(Int(Double(common.count) / steady.seconds)), f(pct(steady.latencies, 0.5)),
            f(pct(steady.latencies, 0.99)), f(Double(steady.rss) / 1e6))
        let ratio = (Double(common.count) / full.seconds) / cliRate
        print("ratio: serve throughput = \(f(ratio))x CLI ingest (target >= 0.5); p99 at half the CLI rate = \(f(pct(steady.latencies, 0.99))) ms (target < 50)")
        cleanup()
    }

    func serveRow(_ cols: String...) {
        print(cols.enumerated().map { $0.offset == 0 ? $0.element.padding(toLength: 26, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 11 - $0.element.count)) + $0.element }.joined(separator: " "))
    }
}

/// A blocking HTTP client for the benchmark (URLSession, one request at a time per caller).
final class LoopbackClient: @unchecked Sendable {
    let port: Int, token: String
    let session: URLSession
    init(port: Int, token: String) {
        self.port = port
        self.token = token
        let config = URLSessionConfiguration.ephemeral
        config.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: config)
    }

    func get(_ path: String) throws -> Int { try send("GET", path, body: nil, key: nil) }
    func post(_ path: String, body: Data, key: String) throws -> Int { try send("POST", path, body: body, key: key) }

    private func send(_ method: String, _ path: String, body: Data?, key: String?) throws -> Int {
        var req = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        req.httpMethod = method
        req.timeoutInterval = 30
        req.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        if let key { req.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        req.httpBody = body
        let done = DispatchSemaphore(value: 0)
        let box = StatusBox()
        session.dataTask(with: req) { _, response, error in
            box.status = error == nil ? (response as? HTTPURLResponse)?.statusCode ?? 0 : -1
            done.signal()
        }.resume()
        done.wait()
        if box.status < 0 { throw CLIError("request failed") }
        return box.status
    }

    final class StatusBox: @unchecked Sendable { var status = 0 }
}

final class BatchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func take() -> Int { lock.withLock { defer { n += 1 }; return n } }
    var value: Int { lock.withLock { n } }
}

final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var xs: [Double] = []
    func add(_ x: Double) { lock.withLock { xs.append(x) } }
    var sorted: [Double] { lock.withLock { xs.sorted() } }
}

/// Runs a command and returns its standard output (the benchmark's own setup steps).
func captureOutput(_ argv: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: argv[0])
    p.arguments = Array(argv.dropFirst())
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw CLIError("\(argv.dropFirst().prefix(2).joined(separator: " ")) exited with \(p.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}
