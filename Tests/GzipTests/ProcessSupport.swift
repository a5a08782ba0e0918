import Foundation
import Gzip
import Testing

/// The result of running an external tool.
struct ToolRun {
    var status: Int32
    var stdout: Data
    var stderr: String
}

/// Runs `executable` with `arguments` and waits; output is drained before waiting so a large output
/// cannot block the child.
func runTool(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> ToolRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    // stderr goes to a file so a chatty tool cannot block on a full pipe while we drain stdout.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("sealtrail-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let errHandle = try FileHandle(forWritingTo: errURL)
    p.standardOutput = out
    p.standardError = errHandle
    let inPipe = stdin.map { _ in Pipe() }
    if let inPipe { p.standardInput = inPipe } else { p.standardInput = FileHandle.nullDevice }
    try p.run()
    if let inPipe, let stdin {
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return ToolRun(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory, removed by `cleanup`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sealtrail-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws -> String {
        let u = file(name)
        try Data(text.utf8).write(to: u)
        return u.path
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let u = file(name)
        try Data(bytes).write(to: u)
        return u.path
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

let gzipPath = "/bin/gzip"

/// Reads a byte source to its end in reads of at most `readSize` bytes.
func readAll(_ source: ByteSource, readSize: Int = 1 << 16) throws -> [UInt8] {
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: readSize)
    while true {
        let n = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return out }
        out.append(contentsOf: buf[0..<n])
    }
}

/// A deterministic generator (SplitMix64) so "random" inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` incompressible bytes.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var g = SplitMix64(seed: seed)
    var out = [UInt8]()
    out.reserveCapacity(count)
    while out.count < count {
        withUnsafeBytes(of: g.next()) { out.append(contentsOf: $0.prefix(count - out.count)) }
    }
    return out
}

/// Audit-log-like text: compressible, with long repeats across chunk boundaries.
func logText(lines: Int, seed: UInt64 = 1) -> [UInt8] {
    var g = SplitMix64(seed: seed)
    var out = [UInt8]()
    let actors = ["alice", "bob", "svc-payments", "carol@bank.example", "José"]
    let actions = ["payment.authorize", "GET /v1/cards", "ConsoleLogin", "UPDATE accounts", "DELETE /v1/keys/42"]
    for k in 0..<lines {
        let a = actors[Int(g.next() % UInt64(actors.count))], b = actions[Int(g.next() % UInt64(actions.count))]
        let line = "{\"seq\":\(k),\"actor\":\"\(a)\",\"action\":\"\(b)\",\"amount\":\(g.next() % 100_000),\"outcome\":\"\(g.next() % 7 == 0 ? "failure" : "success")\"}\n"
        out.append(contentsOf: Array(line.utf8))
    }
    return out
}
