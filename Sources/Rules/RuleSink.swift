import Dispatch
import Foundation
import Sealing
import TrailModel

/// Streaming evaluation while ingesting: passes every record on to the store's sink and shows the
/// events it stored (not duplicates) to the rules, in the order they arrive. For a source that
/// delivers in time order the findings equal a batch evaluation of the same events (see
/// `RuleSet.evaluate`).
///
/// The rules run beside the store, not on its thread: each stored line (what the store kept,
/// after any encryption of personal fields) is copied with its leaf hash into a block, and full
/// blocks go to a thread of their own that decodes the lines and feeds one `RuleStream`. So the
/// store's critical path gains a copy per event, and the rules use the core ingest leaves idle.
/// At most `maxBlocksInFlight` blocks wait, so memory stays bounded and the rules never fall
/// further behind than that; `finish()` waits for the last of them.
public final class RuleSink: EventSink {
    private let inner: EventSink
    private let worker: RuleWorker
    private var block = LineBlock()
    /// Events per block handed to the rules' thread.
    public static let blockSize = 2048
    /// The line the store actually kept for the last accepted event when it differs from the one
    /// given (the writer encrypts personal fields: docs/privacy.md), so rules see and cite what is
    /// stored, exactly as a batch evaluation of the index does.
    public var storedLine: (() -> [UInt8]?)?

    public init(wrapping inner: EventSink, rules: RuleSet, maxBlocksInFlight: Int = 3) {
        self.inner = inner
        worker = RuleWorker(rules: rules, slots: maxBlocksInFlight)
    }

    public func accept(_ event: TrailEvent, identity: DedupeIdentity?) throws -> Bool {
        guard try inner.accept(event, identity: identity) else { return false }
        if let stored = storedLine?() { try add(stored, leaf: nil) } else { try add(event.canonicalLine(), leaf: nil) }
        return true
    }

    public func accept(_ prepared: PreparedEvent) throws -> Bool {
        guard try inner.accept(prepared) else { return false }
        if let stored = storedLine?() { try add(stored, leaf: nil) } else { try add(prepared.line, leaf: prepared.leafHash.map { Hash32(storage: $0) }) }
        return true
    }

    public func accept(_ prepared: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool {
        guard try inner.accept(prepared, line: line) else { return false }
        if let stored = storedLine?() {
            try add(stored, leaf: nil)
        } else {
            block.append(line, leaf: prepared.leafHash.map { Hash32(storage: $0) } ?? Merkle.leafHash(line))
            try handOverIfFull()
        }
        return true
    }

    private func add(_ line: [UInt8], leaf: Hash32?) throws {
        line.withUnsafeBytes { block.append($0, leaf: leaf ?? Merkle.leafHash($0)) }
        try handOverIfFull()
    }

    private func handOverIfFull() throws {
        guard block.count >= Self.blockSize else { return }
        try worker.submit(block)
        block = LineBlock()
    }

    public func quarantine(_ record: QuarantinedRecord) throws { try inner.quarantine(record) }

    public func commit() throws { try inner.commit() }

    public func commitInBackground() throws { try inner.commitInBackground() }

    /// Waits for the rules to see every stored event, ends the stream just after the newest one and
    /// returns the findings (the `sql` rules need the index and run only in batch evaluation).
    public func finish() throws -> [Finding] {
        if block.count > 0 { try worker.submit(block); block = LineBlock() }
        return try worker.finish()
    }
}

/// Stored lines and their leaf hashes, back to back in one buffer (one allocation per block).
struct LineBlock: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var leaves: [Hash32] = []
    var count: Int { ends.count }

    mutating func append(_ line: UnsafeRawBufferPointer, leaf: Hash32) {
        if bytes.isEmpty { bytes.reserveCapacity(RuleSink.blockSize * 512) }
        bytes.append(contentsOf: line)
        ends.append(bytes.count)
        leaves.append(leaf)
    }
}

/// The rules' thread: decodes blocks of stored lines in the order they were submitted and shows
/// each event to one `RuleStream`. The first error stops evaluation and is rethrown to the store's
/// thread at its next hand-over.
final class RuleWorker: @unchecked Sendable {
    private let rules: RuleSet
    private let queue = DispatchQueue(label: "sealtrail.rules.stream")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: Error?
    // Touched only on `queue`.
    private var stream: RuleStream?
    private var last: Timestamp?

    init(rules: RuleSet, slots: Int) {
        self.rules = rules
        self.slots = DispatchSemaphore(value: max(1, slots))
    }

    func submit(_ block: LineBlock) throws {
        slots.wait()
        if let e = lock.withLock({ failure }) { slots.signal(); throw e }
        queue.async { [self] in
            defer { slots.signal() }
            do { try evaluate(block) } catch { lock.withLock { if failure == nil { failure = error } } }
        }
    }

    private func evaluate(_ block: LineBlock) throws {
        var start = 0
        for i in 0..<block.count {
            let end = block.ends[i]
            let event = try TrailEvent.decode(line: Array(block.bytes[start..<end]))
            start = end
            if stream == nil { stream = rules.stream(from: event.time) }
            if last == nil || event.time.micros > last!.micros { last = event.time }
            stream!.observe(EvalEvent(event: event, ref: block.leaves[i].hex))
        }
    }

    func finish() throws -> [Finding] {
        let (stream, last) = queue.sync { (self.stream, self.last) }
        if let e = lock.withLock({ failure }) { throw e }
        guard let stream, let last else { return [] }
        return stream.finish(to: Timestamp(micros: last.micros + 1))
    }
}
