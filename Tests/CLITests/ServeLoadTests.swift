import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `sealtrail serve` over loopback, as clients see it: concurrent clients post batches (half the
/// events with ids, half named only by the batch's Idempotency-Key) and retry until each batch is
/// acknowledged. Afterwards the store holds exactly what was acknowledged. Then the same with the
/// server killed (-9) in the middle and restarted while the clients retry: nothing lost, nothing
/// twice, and `verify` passes. Bounded: fixed counts, and a deadline after which it fails.
@Suite(.serialized) struct ServeLoadTests {
    final class Server: @unchecked Sendable {
        let store: String, port: Int
        var process: Process?
        init(store: String, port: Int) { self.store = store; self.port = port }

        func start() throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["serve", "--store", store, "--listen", "127.0.0.1:\(port)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            process = p
            // Ready when /healthz answers.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let (status, _) = try? http("GET", "/healthz", token: nil, body: nil, key: nil), status == 200 { return }
                usleep(50_000)
            }
            throw CLIFailure("server did not start on port \(port)")
        }

        func stop(signal: Int32) {
            guard let p = process else { return }
            kill(p.processIdentifier, signal)
            p.waitUntilExit()
            process = nil
        }

        func http(_ method: String, _ path: String, token: String?, body: Data?, key: String?) throws -> (Int, Data) {
            var req = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            req.httpMethod = method
            req.timeoutInterval = 10
            if let token { req.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
            if let key { req.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
            req.httpBody = body
            let done = DispatchSemaphore(value: 0)
            let box = ResultBox()
            URLSession.shared.dataTask(with: req) { data, response, error in
                box.value = error.map { .failure($0) } ?? .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
                done.signal()
            }.resume()
            done.wait()
            return try box.value!.get()
        }
    }

    final class ResultBox: @unchecked Sendable { var value: Result<(Int, Data), Error>? }
    struct CLIFailure: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    static func batch(client: Int, batch: Int, size: Int) -> Data {
        var lines: [String] = []
        for i in 0..<size {
            let n = (client * 1_000 + batch) * 1_000 + i
            let id = i % 2 == 0 ? "\"id\":\"load-\(n)\"," : ""
            lines.append("{\(id)\"time\":\"2026-11-20T10:\(String(format: "%02d", i % 60)):00Z\",\"actor\":\"user:c\(client)\",\"action\":\"load.test\",\"resource\":\"b:\(batch)\",\"n\":\(n)}")
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    func run(killMidway: Bool) throws {
        let dir = CLI.tempDir(killMidway ? "serve-kill" : "serve-load")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let ingest = try CLI.run(["token", "add", "--store", store, "--name", "loader", "--role", "ingest"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = Server(store: store, port: Int.random(in: 20_000...45_000))
        try server.start()
        let clients = 4, batches = 12, size = 100
        let deadline = Date().addingTimeInterval(180)
        let acknowledged = ResultCounter()
        let killer = DispatchGroup()
        if killMidway {
            DispatchQueue.global().async(group: killer) {
                // Let some batches land, then kill -9 and restart while clients keep retrying.
                while acknowledged.value < clients * batches / 3 && Date() < deadline { usleep(10_000) }
                server.stop(signal: SIGKILL)
                acknowledged.kills += 1
                usleep(300_000)
                try? server.start()
            }
        }
        // One thread per client (concurrentPerform would run only as many as there are cores).
        let load = DispatchGroup()
        for c in 0..<clients { DispatchQueue.global().async(group: load) {
            for b in 0..<batches {
                let body = Self.batch(client: c, batch: b, size: size)
                while Date() < deadline {
                    if let (status, _) = try? server.http("POST", "/v1/events?source=load", token: ingest, body: body, key: "c\(c)-b\(b)"), status == 202 {
                        acknowledged.add()
                        break
                    }
                    usleep(100_000)
                }
            }
        } }
        load.wait()
        killer.wait()
        #expect(Date() < deadline, "the load did not finish in time")
        #expect(acknowledged.value == clients * batches)
        if killMidway { #expect(acknowledged.kills == 1) }
        server.stop(signal: SIGTERM)
        let q = try CLI.run(["query", "--store", store, "--format", "csv",
                             "SELECT count(*), count(DISTINCT json_extract(raw, '$.n')) FROM events WHERE source = 'load'"])
        #expect(q.stdout.contains("\(clients * batches * size),\(clients * batches * size)"), "\(q.stdout) \(q.stderr)")
        let v = try CLI.run(["verify", "--store", store])
        #expect(v.status == 0, "\(v.stdout)")
    }

    final class ResultCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        var kills = 0
        func add() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }

    @Test func concurrentClientsStoreExactlyWhatWasAcknowledged() throws { try run(killMidway: false) }

    @Test func killNineMidLoadLosesAndDoublesNothing() throws { try run(killMidway: true) }

    /// Over a real socket with TLS from PEM files: HTTPS ingest works; a request with 200 KB of headers
    /// and one with a body past the limit are refused and the server keeps serving; SIGTERM exits 0
    /// with the open segment sealed.
    @Test func httpsHugeHeadersAndACleanStop() throws {
        let dir = CLI.tempDir("serve-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try CLI.run(["init", store]).status == 0)
        let token = try CLI.run(["token", "add", "--store", store, "--name", "t", "--role", "admin"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cert = try CLI.exec("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                                 "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                 "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"])
        #expect(cert.status == 0, "\(cert.stderr)")
        let port = Int.random(in: 20_000...45_000)
        try "listen: 127.0.0.1:\(port)\ntls: {cert: \(dir)/cert.pem, key: \(dir)/key.pem}\nlimits: {maxBodyBytes: 65536}\n"
            .write(toFile: dir + "/serve.yaml", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["serve", "--store", store, "--config", dir + "/serve.yaml"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        let base = "https://127.0.0.1:\(port)"
        func curl(_ args: [String]) throws -> CLI.Result {
            try CLI.exec("/usr/bin/env", ["curl", "-sS", "--cacert", dir + "/cert.pem", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20"] + args)
        }
        var up = false
        for _ in 0..<200 where !up {
            up = (try? curl([base + "/healthz"]))?.stdout == "200"
            if !up { usleep(50_000) }
        }
        #expect(up, "the server did not answer over HTTPS")
        #expect(try curl(["http://127.0.0.1:\(port)/healthz"]).stdout != "200", "plain HTTP must not be served on a TLS port")
        let body = #"{"id":"tls-1","time":"2026-11-20T10:00:00Z","action":"x"}"#
        #expect(try curl(["-H", "Authorization: Bearer \(token)", "--data-binary", body, base + "/v1/events?source=tls"]).stdout == "202")
        try ("X-Huge: " + String(repeating: "a", count: 200_000) + "\n").write(toFile: dir + "/headers", atomically: true, encoding: .utf8)
        let h = try curl(["-H", "@" + dir + "/headers", base + "/healthz"])
        #expect(h.stdout != "200", "200 KB of headers were accepted")
        try String(repeating: "x", count: 100_000).write(toFile: dir + "/big", atomically: true, encoding: .utf8)
        #expect(try curl(["-H", "Authorization: Bearer \(token)", "--data-binary", "@" + dir + "/big", base + "/v1/events?source=tls"]).stdout == "413")
        #expect(try curl([base + "/healthz"]).stdout == "200", "the server stopped serving")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stdout.contains("listening on https://127.0.0.1:\(port)") && stdout.contains("stopped; open segments sealed"), "\(stdout)")
        #expect(!FileManager.default.fileExists(atPath: store + "/wal/tls.wal"))
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)")
        let q = try CLI.run(["query", "--store", store, "--format", "csv", "SELECT count(*) FROM events WHERE source = 'tls' AND sealed = 1"])
        #expect(q.stdout.contains("\n1"), "\(q.stdout)")
    }
}
