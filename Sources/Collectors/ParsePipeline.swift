import Crypto
import Dispatch
import Foundation
import TrailModel

/// A block of raw records copied out of the reader, parsed as one unit of parallel work.
final class RecordBlock {
    enum Item {
        case record(start: Int, count: Int, offset: Int64, number: Int)
        case oversized(start: Int, count: Int, offset: Int64, number: Int, reason: String)
    }

    /// What parsing made of one item, in input order. An event's line is `lines[part]` from `start`.
    enum Result {
        case event(PreparedEvent, part: Int, start: Int, count: Int)
        case failure(number: Int, offset: Int64, reason: String, bytes: [UInt8])
    }

    static let maxItems = 2048
    static let maxBytes = 4 << 20
    var bytes: [UInt8] = []
    var items: [Item] = []
    var results: [Result] = []
    /// The canonical lines written by each part of the block, back to back (kept across reuse).
    var lines: [ByteWriter] = []

    init() {
        bytes.reserveCapacity(Self.maxBytes + (64 << 10))
        items.reserveCapacity(Self.maxItems)
    }

    /// Empties the block for the next records, keeping its memory.
    func reset() {
        bytes.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        results.removeAll(keepingCapacity: true)
        for w in lines { w.removeAll() }
    }

    /// The line of an event result.
    func line(part: Int, start: Int, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: lines[part].bytes[start..<(start + count)])
    }

    var isFull: Bool { items.count >= Self.maxItems || bytes.count >= Self.maxBytes }

    func add(_ record: UnsafeRawBufferPointer, offset: Int64, number: Int) {
        items.append(.record(start: bytes.count, count: record.count, offset: offset, number: number))
        bytes.appendBytes(record)
    }

    func addOversized(_ prefix: UnsafeRawBufferPointer, offset: Int64, number: Int, reason: String) {
        items.append(.oversized(start: bytes.count, count: prefix.count, offset: offset, number: number, reason: reason))
        bytes.appendBytes(prefix)
    }
}

/// Parses blocks on worker threads: each block is split between the workers, and every record
/// becomes an event with its canonical line (or a failure) at its own index, so order never changes.
struct ParsePipeline {
    let parser: RecordParser
    let identity: String?
    let workers: Int
    private let queue = DispatchQueue(label: "sealtrail.parse", attributes: .concurrent)

    init(parser: RecordParser, identity: String?, workers: Int) {
        self.parser = parser
        self.identity = identity
        self.workers = max(1, workers)
    }

    /// Starts parsing `block` in the background; wait on the group before reading its results.
    func start(_ block: RecordBlock, context: ParseContext) -> (RecordBlock, DispatchGroup) {
        let n = block.items.count
        let group = DispatchGroup()
        let parts = min(workers, max(1, n / 64))
        let pieces = Pieces()
        while block.lines.count < parts { block.lines.append(ByteWriter(capacity: 1 << 20)) }
        for p in 0..<parts {
            let lo = n * p / parts, hi = n * (p + 1) / parts
            let lines = block.lines[p]
            group.enter()
            queue.async {
                var out: [RecordBlock.Result] = []
                out.reserveCapacity(hi - lo)
                block.bytes.withUnsafeBytes { raw in
                    for i in lo..<hi { out.append(parse(block.items[i], raw, context, part: p, into: lines)) }
                }
                pieces.add(lo, out)
                group.leave()
            }
        }
        // Assemble in input order once every part is done; the caller waits on `done`.
        let done = DispatchGroup()
        done.enter()
        group.notify(queue: queue) {
            block.results = pieces.inOrder()
            done.leave()
        }
        return (block, done)
    }

    /// The parts of one block, filled by workers under a lock and read back in input order.
    final class Pieces: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [(Int, [RecordBlock.Result])] = []

        func add(_ start: Int, _ results: [RecordBlock.Result]) {
            lock.lock(); parts.append((start, results)); lock.unlock()
        }

        func inOrder() -> [RecordBlock.Result] {
            lock.lock(); defer { lock.unlock() }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// RFC 6962 leaf hash of a line, computed here so the store's thread does not have to.
    static func leafHash(_ line: UnsafeRawBufferPointer) -> SIMD32<UInt8> {
        var h = SHA256()
        withUnsafeBytes(of: UInt8(0)) { h.update(bufferPointer: $0) }
        h.update(bufferPointer: line)
        return h.finalize().withUnsafeBytes { $0.loadUnaligned(as: SIMD32<UInt8>.self) }
    }

    private func parse(_ item: RecordBlock.Item, _ raw: UnsafeRawBufferPointer, _ context: ParseContext,
                       part: Int, into lines: ByteWriter) -> RecordBlock.Result {
        switch item {
        case let .record(start, count, offset, number):
            let rec = UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)])
            do {
                let lineStart = lines.count
                var prepared = try parser.prepare(rec, context: context, into: lines)
                prepared.identity = prepared.id.map { .sourceId($0) } ?? identity.map { .fileOffset(fileIdentity: $0, offset: offset) }
                prepared.leafHash = Self.leafHash(UnsafeRawBufferPointer(rebasing: lines.bytes[lineStart...]))
                return .event(prepared, part: part, start: lineStart, count: lines.count - lineStart)
            } catch {
                return .failure(number: number, offset: offset, reason: error.description, bytes: Array(rec))
            }
        case let .oversized(start, count, offset, number, reason):
            return .failure(number: number, offset: offset, reason: reason, bytes: Array(raw[start..<(start + count)]))
        }
    }
}
