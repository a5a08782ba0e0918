/// What makes two deliveries of a record the same record (DESIGN.md, dedupe key).
public enum DedupeIdentity: Sendable, Equatable {
    /// The source's own event id.
    case sourceId(String)
    /// A byte offset in an identified file (device, inode and a fingerprint of its first bytes).
    case fileOffset(fileIdentity: String, offset: Int64)
    /// A client's idempotency key plus the record's position in its batch.
    case idempotency(String)
}

/// A record that could not be parsed, kept byte-exact with where it came from and why.
public struct QuarantinedRecord: Sendable {
    public var source: String
    public var format: String
    public var file: String
    public var line: Int
    public var offset: Int64
    public var reason: String
    public var bytes: [UInt8]

    public init(source: String, format: String, file: String, line: Int, offset: Int64, reason: String, bytes: [UInt8]) {
        self.source = source; self.format = format; self.file = file; self.line = line
        self.offset = offset; self.reason = reason; self.bytes = bytes
    }
}

/// An event ready to store: its canonical line and what the store needs besides (time, source, id),
/// prepared on a parse worker, off the store's thread.
public struct PreparedEvent: Sendable {
    public var line: [UInt8]
    public var time: Timestamp
    public var source: String
    /// The source's own event id, when it has one.
    public var id: String?
    /// Set by the collector: the id, a file offset, or nothing.
    public var identity: DedupeIdentity?
    /// `SHA-256(0x00 ‖ line)` when the preparer computed it on its own thread; the store computes it
    /// otherwise.
    public var leafHash: SIMD32<UInt8>?

    public init(line: [UInt8], time: Timestamp, source: String, id: String?, identity: DedupeIdentity? = nil) {
        self.line = line; self.time = time; self.source = source; self.id = id; self.identity = identity
    }

    public init(event: TrailEvent, identity: DedupeIdentity? = nil) {
        self.init(line: event.canonicalLine(), time: event.time, source: event.source, id: event.id, identity: identity)
    }
}

/// Where collectors deliver: the store's writer in production, an array in tests.
public protocol EventSink: AnyObject {
    /// Stores `event` unless its identity was stored before; returns false for a duplicate.
    func accept(_ event: TrailEvent, identity: DedupeIdentity?) throws -> Bool
    /// Stores a prepared event (same rules as `accept(_:identity:)`).
    func accept(_ prepared: PreparedEvent) throws -> Bool
    /// Stores a prepared event whose line is `line` (held in a shared buffer); `prepared.line` is ignored.
    func accept(_ prepared: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool
    /// Keeps an unparseable record byte-exact.
    func quarantine(_ record: QuarantinedRecord) throws
    /// Makes everything accepted so far durable (fsync). Only then is it acknowledged.
    func commit() throws
    /// Between acknowledged points of a batch ingest: lets the sink start making what it holds
    /// durable without waiting for it, acknowledging nothing. A later `commit()` acknowledges.
    func commitInBackground() throws
}

extension EventSink {
    /// Sinks without a background path simply commit.
    public func commitInBackground() throws { try commit() }

    /// Sinks that need the whole event re-read it from the canonical line.
    public func accept(_ prepared: PreparedEvent) throws -> Bool {
        try accept(try TrailEvent.decode(line: prepared.line), identity: prepared.identity)
    }

    /// Sinks without a buffer-aware path take the line as an array.
    public func accept(_ prepared: PreparedEvent, line: UnsafeRawBufferPointer) throws -> Bool {
        var copy = prepared
        copy.line = Array(line)
        return try accept(copy)
    }
}
