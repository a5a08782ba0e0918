import ArgumentParser
import Collectors
import Foundation
import TrailModel

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write realistic, deterministic fintech audit events as JSON Lines.")

    @Option(help: "Number of events.")
    var count: Int = 100_000

    @Option(help: "Seed: the same seed gives the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "First event time (RFC 3339 or YYYY-MM-DD).")
    var start: String = "2026-07-01"

    @Option(help: "Write here instead of standard output.")
    var out: String?

    func run() throws {
        try reportingErrors {
            guard count >= 0 else { throw CLIError("--count must be ≥ 0") }
            let sink = try OutputSink(path: out)
            var sim = Simulator(options: .init(count: count, seed: seed, start: try parseTime(start), eventsPerSecond: 0.4))
            let nl: [UInt8] = [0x0A]
            try sim.generate { line in
                try sink.write(line)
                try nl.withUnsafeBytes { try sink.write($0) }
            }
            try sink.close()
        }
    }
}


/// Buffered output to a file or standard output.
final class OutputSink {
    private let fd: Int32
    private let path: String
    private var buf: [UInt8] = []

    init(path: String?) throws {
        if let path {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw CLIError("\(path): \(String(cString: strerror(errno)))") }
            self.path = path
        } else {
            fd = 1
            self.path = "standard output"
        }
        buf.reserveCapacity(1 << 20)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        buf.append(contentsOf: bytes)
        if buf.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        var off = 0
        try buf.withUnsafeBytes { raw in
            while off < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CLIError("\(path): \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
        buf.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if fd != 1 {
            guard fsync(fd) == 0 || errno == EINVAL else { throw CLIError("\(path): \(String(cString: strerror(errno)))") }
            Foundation.close(fd)
        }
    }
}
