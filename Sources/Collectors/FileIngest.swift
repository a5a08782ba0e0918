#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Gzip
import TrailModel

/// Counts that must reconcile after every run: read = stored + duplicates + quarantined.
public struct Reconciliation: Sendable, Equatable, Codable {
    public var read = 0
    public var stored = 0
    public var duplicates = 0
    public var quarantined = 0
    public var bytes: Int64 = 0

    public init() {}

    public var balanced: Bool { read == stored + duplicates + quarantined }

    public static func += (a: inout Reconciliation, b: Reconciliation) {
        a.read += b.read; a.stored += b.stored; a.duplicates += b.duplicates; a.quarantined += b.quarantined; a.bytes += b.bytes
    }
}

/// A reader of inputs into a sink: line formats (`LineIngest`) or multi-record documents (`DocumentIngest`).
public protocol InputIngest {
    var sink: EventSink { get }
    /// Reads one input (`-` is standard input) and returns its counts.
    func ingest(path: String) throws -> Reconciliation
}

extension InputIngest {
    /// Ingests each path in order, commits, and returns the summed counts.
    public func run(paths: [String]) throws -> Reconciliation {
        var total = Reconciliation()
        for path in paths { total += try ingest(path: path) }
        try sink.commit()
        return total
    }
}

/// Reports progress of long work; the CLI prints it, libraries only call it.
public protocol ProgressReporter: AnyObject {
    func progress(file: String, counts: Reconciliation)
}

/// Reads line-oriented input (files, gzip files, standard input) through a parser into a sink,
/// quarantining what does not parse and committing in batches.
///
/// Dedupe identity per record: the event's own id when it has one, else (file identity, byte offset)
/// for files, none for standard input (such records are never merged).
public final class LineIngest: InputIngest {
    public let source: String
    public let parser: RecordParser
    public let sink: EventSink
    public var timeZone: TimeZone?
    /// Records per commit (fsync).
    public var batchSize = 20_000
    /// Longest accepted record; a longer one is quarantined (its first bytes and its length kept).
    public var maxRecordBytes = 1 << 20
    public weak var progress: ProgressReporter?
    /// Threads that parse in parallel (records are still stored in input order).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Clock for `received`; tests replace it.
    public var now: () -> Timestamp = { .now }

    public init(source: String, parser: RecordParser, sink: EventSink) {
        self.source = source; self.parser = parser; self.sink = sink
    }


    /// A stable identity for a file: device, inode and a hash of its first KiB (so a reused inode
    /// with new content is a new file).
    public static func fileIdentity(path: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw GzipError.io(path: path, reason: String(cString: strerror(errno))) }
        let src = try FileSource(path: path)
        var head = [UInt8](repeating: 0, count: 1024)
        let n = try head.withUnsafeMutableBytes { try src.read(into: $0) }
        let digest = SHA256.hash(data: head[0..<n])
        return "\(st.st_dev):\(st.st_ino):" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func ingest(path: String) throws -> Reconciliation {
        let source: ByteSource
        var identity: String?
        if path == "-" {
            source = GzipSniffer(FileSource(fd: 0, path: "-"))
        } else {
            guard FileManager.default.fileExists(atPath: path) else { throw GzipError.io(path: path, reason: "no such file") }
            source = try openMaybeGzip(path: path).0
            identity = try Self.fileIdentity(path: path)
        }
        var counts = Reconciliation()
        let reader = LineReader(source, maxLineBytes: maxRecordBytes)
        var sinceCommit = 0
        let context = ParseContext(source: self.source, received: now(), timeZone: timeZone)
        let pipeline = ParsePipeline(parser: parser, identity: identity, workers: workers)
        var block = RecordBlock()
        // Blocks are parsed on worker threads while the previous block is stored here, in order.
        func store(_ done: RecordBlock) throws {
            for r in done.results {
                switch r {
                case let .event(prepared, part, start, count):
                    if try sink.accept(prepared, line: done.line(part: part, start: start, count: count)) {
                        counts.stored += 1
                    } else {
                        counts.duplicates += 1
                    }
                case let .failure(number, offset, reason, bytes):
                    try sink.quarantine(QuarantinedRecord(source: self.source, format: parser.format, file: path, line: number,
                                                          offset: offset, reason: reason, bytes: bytes))
                    counts.quarantined += 1
                }
                sinceCommit += 1
                if sinceCommit >= batchSize {
                    // Acknowledged at the end (`run`); meanwhile the disk flushes each batch as the next is parsed.
                    try sink.commitInBackground()
                    sinceCommit = 0
                    progress?.progress(file: path, counts: counts)
                }
            }
        }
        // Up to `depth` blocks parse ahead while the oldest is stored, so no core waits on another.
        var inFlight: [(RecordBlock, DispatchGroup)] = []
        var spare: [RecordBlock] = []
        let depth = 3
        func drain(keeping: Int) throws {
            while inFlight.count > keeping {
                let (prev, group) = inFlight.removeFirst()
                group.wait()
                try store(prev)
                prev.reset()
                spare.append(prev)
            }
        }
        func flushBlock() throws {
            guard !block.items.isEmpty else { return }
            var ctx = context
            ctx.received = now()
            inFlight.append(pipeline.start(block, context: ctx))
            block = spare.popLast() ?? RecordBlock()
            try drain(keeping: depth - 1)
        }
        do {
            try reader.forEach { item in
                switch item {
                case let .line(bytes, offset, number):
                    var rec = bytes
                    counts.bytes += Int64(bytes.count + 1)
                    if let last = rec.last, last == 0x0D { rec = UnsafeRawBufferPointer(rebasing: rec[0..<(rec.count - 1)]) }
                    if rec.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                    counts.read += 1
                    block.add(rec, offset: offset, number: number)
                case let .oversized(prefix, offset, number, length):
                    counts.read += 1
                    counts.bytes += length + 1
                    block.addOversized(prefix, offset: offset, number: number,
                                       reason: "record of \(length) bytes exceeds the \(maxRecordBytes)-byte limit; only its first \(prefix.count) bytes are kept")
                }
                if block.isFull { try flushBlock() }
            }
            try flushBlock()
            try drain(keeping: 0)
        } catch let e as GzipError {
            // Keep what was read: store and commit it, then report where the input broke.
            try flushBlock()
            try drain(keeping: 0)
            try sink.commit()
            throw IngestError.input(file: path, reason: e.description, after: counts)
        }
        return counts
    }
}

/// Errors of a run that stop it, naming the input file.
public enum IngestError: Error, CustomStringConvertible {
    case input(file: String, reason: String, after: Reconciliation)

    public var description: String {
        switch self {
        case let .input(file, reason, after):
            return "\(file): \(reason) (the \(after.read) records before it were processed: \(after.stored) stored, \(after.duplicates) duplicates, \(after.quarantined) quarantined)"
        }
    }
}

/// Standard input that may be gzip: looks at the first two bytes and decompresses if they are the magic.
final class GzipSniffer: ByteSource {
    private let upstream: ByteSource
    private var inner: ByteSource?
    private var head: [UInt8] = []

    init(_ upstream: ByteSource) { self.upstream = upstream }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if inner == nil {
            var probe = [UInt8](repeating: 0, count: 2)
            var got = 0
            while got < 2 {
                let n = try probe.withUnsafeMutableBytes { try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got..<2])) }
                if n == 0 { break }
                got += n
            }
            let replay = Replay(Array(probe[0..<got]), upstream)
            inner = (got == 2 && probe[0] == 0x1F && probe[1] == 0x8B) ? GzipSource(replay) : replay
        }
        return try inner!.read(into: buffer)
    }

    private final class Replay: ByteSource {
        var pending: [UInt8]
        let upstream: ByteSource
        init(_ p: [UInt8], _ u: ByteSource) { pending = p; upstream = u }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            if !pending.isEmpty {
                let n = min(buffer.count, pending.count)
                for k in 0..<n { buffer[k] = pending[k] }
                pending.removeFirst(n)
                return n
            }
            return try upstream.read(into: buffer)
        }
    }
}
