import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
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
        var batchList: [Data] = []
        for start in stride(from: 0, to: lines.count, by: batch) {
            batchList.append(Data((lines[start..<min(start + batch, lines.count)].joined(separator: "\n") + "\n").utf8))
        }

        let batches = batchList
        // The per-token rate limit is lifted: this measures the server, not its limiter.
        let config = dir + "/bench-serve.yaml"
        try "rateLimit: {requestsPerSecond: 1000000, burst: 1000000}\n".write(toFile: config, atomically: true, encoding: .utf8)

        func runServer(paced: Double?) throws -> (seconds: Double, latencies: [Double], rss: Int64) {
            try freshStore()
            let secret = try captureOutput([Spawn.selfPath, "token", "add", "--store", store, "--name", "bench", "--role", "ingest"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let port = Int.random(in: 20_000...45_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Spawn.selfPath)
            p.arguments = ["serve", "--store", store, "--config", config, "--listen", "127.0.0.1:\(port)"]
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
            let retries = Latencies()
            let failures = BatchCounter()
            let started = Date()
            // One thread per client (concurrentPerform would run only as many as there are cores).
            let group = DispatchGroup()
            for _ in 0..<clients { DispatchQueue.global().async(group: group) {
                let client = LoopbackClient(port: port, token: secret)   // a session (connection) per client
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
                        status = (try? client.post("/v1/events?source=bench", body: batches[i], key: "b\(i)")) ?? -1
                        if status == 202 { break }
                        retries.add(Double(status))
                        usleep(20_000)
                    }
                    if status != 202 { _ = failures.take() }
                    lat.add(Date().timeIntervalSince(t0))
                }
            } }
            group.wait()
            let seconds = Date().timeIntervalSince(started)
            let retried = retries.sorted
            if !retried.isEmpty {
                note("retried \(retried.count) requests (status: \(Dictionary(grouping: retried, by: { Int($0) }).map { "\($0.key == -1 ? "no answer" : String($0.key)) x\($0.value.count)" }.sorted().joined(separator: ", ")))")
            }
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

/// A blocking HTTP/1.1 client for the benchmark: one keep-alive connection, `Content-Length`
/// bodies, one request at a time. Hand-written over POSIX sockets because URLSession on Linux
/// (libcurl underneath) stalled some requests for 1–3 s under concurrent load, which measured the
/// client instead of the server; no package of the mirror offers a small synchronous client.
final class LoopbackClient: @unchecked Sendable {
    let port: Int, token: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    init(port: Int, token: String) { self.port = port; self.token = token }
    deinit { if fd >= 0 { close(fd) } }

    func get(_ path: String) throws -> Int { try send("GET", path, body: Data(), key: nil) }
    func post(_ path: String, body: Data, key: String) throws -> Int { try send("POST", path, body: body, key: key) }

    private func connect() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); fd = -1; throw CLIError("connect: \(String(cString: strerror(errno)))") }
        buffer.removeAll()
    }

    private func send(_ method: String, _ path: String, body: Data, key: String?) throws -> Int {
        do { return try exchange(method, path, body: body, key: key) } catch {
            if fd >= 0 { close(fd); fd = -1 }
            throw error
        }
    }

    private func exchange(_ method: String, _ path: String, body: Data, key: String?) throws -> Int {
        if fd < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(body.count)\r\n"
        if let key { head += "Idempotency-Key: \(key)\r\n" }
        head += "\r\n"
        try writeAll(Array(head.utf8))
        try body.withUnsafeBytes { try writeAll($0) }
        // Status line and headers.
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = find([13, 10, 13, 10])
            if headerEnd == nil { try fill() }
        }
        let headerText = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        let lines = headerText.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw CLIError("bad response")
        }
        var length = 0
        for l in lines.dropFirst() where l.lowercased().hasPrefix("content-length:") {
            length = Int(l.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        while buffer.count < length { try fill() }
        buffer.removeFirst(length)
        return status
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] && Array(buffer[i..<i + pattern.count]) == pattern { return i }
        return nil
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw CLIError("connection closed") }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func writeAll(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try writeAll($0) } }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL))
            guard n > 0 else { throw CLIError("send: \(String(cString: strerror(errno)))") }
            off += n
        }
    }
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
