import Sealing
import TrailModel

/// Streaming evaluation while ingesting: passes every record on to the store's sink and shows the
/// events it stored (not duplicates) to the rules, in the order they arrive. For a source that
/// delivers in time order the findings equal a batch evaluation of the same events (see
/// `RuleSet.evaluate`).
public final class RuleSink: EventSink {
    private let inner: EventSink
    private let rules: RuleSet
    private var stream: RuleStream?
    public private(set) var first: Timestamp?
    public private(set) var last: Timestamp?
    /// The line the store actually kept for the last accepted event when it differs from the one
    /// given (the writer encrypts personal fields: docs/privacy.md), so rules see and cite what is
    /// stored, exactly as a batch evaluation of the index does.
    public var storedLine: (() -> [UInt8]?)?

    public init(wrapping inner: EventSink, rules: RuleSet) {
        self.inner = inner
        self.rules = rules
    }

    public func accept(_ event: TrailEvent, identity: DedupeIdentity?) throws -> Bool {
        guard try inner.accept(event, identity: identity) else { return false }
        if try observeStored() { return true }
        observe(event, leaf: event.canonicalLine().withUnsafeBytes { Merkle.leafHash($0) })
        return true
    }

    public func accept(_ prepared: PreparedEvent) throws -> Bool {
        guard try inner.accept(prepared) else { return false }
        if try observeStored() { return true }
        let event = try TrailEvent.decode(line: prepared.line)
        let leaf = prepared.leafHash.map { Hash32(storage: $0) } ?? prepared.line.withUnsafeBytes { Merkle.leafHash($0) }
        observe(event, leaf: leaf)
        return true
    }

    public func accept(_ prepared: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool {
        guard try inner.accept(prepared, line: line) else { return false }
        if try observeStored() { return true }
        let event = try TrailEvent.decode(line: Array(line))
        observe(event, leaf: prepared.leafHash.map { Hash32(storage: $0) } ?? Merkle.leafHash(line))
        return true
    }

    private func observeStored() throws -> Bool {
        guard let stored = storedLine?() else { return false }
        observe(try TrailEvent.decode(line: stored), leaf: stored.withUnsafeBytes { Merkle.leafHash($0) })
        return true
    }

    private func observe(_ event: TrailEvent, leaf: Hash32) {
        if stream == nil { stream = rules.stream(from: event.time); first = event.time }
        if last == nil || event.time.micros > last!.micros { last = event.time }
        stream!.observe(EvalEvent(event: event, ref: leaf.hex))
    }

    public func quarantine(_ record: QuarantinedRecord) throws { try inner.quarantine(record) }

    public func commit() throws { try inner.commit() }

    /// Ends the stream just after the newest event seen and returns the findings (the `sql` rules
    /// need the index and run only in batch evaluation).
    public func finish() -> [Finding] {
        guard let stream, let last else { return [] }
        return stream.finish(to: Timestamp(micros: last.micros + 1))
    }
}
