import Foundation
@_exported import TestSupport
import Gzip
import Testing

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
