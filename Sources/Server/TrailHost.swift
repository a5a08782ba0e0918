#if canImport(Glibc)
import Glibc
#endif
import Collectors
import Foundation
import Gzip
import Sealing
import SegmentStore
import TrailModel

/// The server's one writer of the store. Every change to the trail goes through this actor, one at a
/// time: ingest batches (answered only after the WAL fsync), the audit events of API calls, the
/// periodic commit that also moves spooled audit events of readers into the trail, seals, and the
/// final seal on shutdown.
public actor TrailHost {
    public let store: Store
    public let limits: ServeConfig.Limits
    private let writer: TrailWriter
    private var dirty = false
    private var closed = false
    /// Counters since start (for `/metrics` and `/readyz`).
    public private(set) var counters = Counters()

    public struct Counters: Sendable, Equatable {
        public var accepted = 0, duplicates = 0, quarantined = 0, batches = 0, seals = 0
    }

    public init(store: Store, limits: ServeConfig.Limits = .init()) throws {
        self.store = store
        self.limits = limits
        writer = try TrailWriter(store: store)
    }

    /// What `POST /v1/events` answers: the reconciliation of one batch and where each event went.
    public struct Receipt: Sendable, Codable, Equatable {
        public var source: String
        public var received: Int
        public var accepted: Int
        public var duplicates: Int
        public var quarantined: Int
        /// Each event of the batch: its line (NDJSON) or element number (JSON array), both 1-based, its
        /// id when it had one, its leaf hash (`GET /v1/events/{leaf}` proves it once sealed), and
        /// `duplicate: true` when the trail already held it.
        public var events: [Stored]
        /// Each refused line, with the reason; its bytes are in the quarantine.
        public var rejected: [Rejected]
        public var replayed: Bool?

        public struct Stored: Sendable, Codable, Equatable {
            public var line: Int?
            public var element: Int?
            public var id: String?
            /// The stored event's leaf hash (absent for a duplicate: the trail holds the earlier copy).
            public var leaf: String?
            public var duplicate: Bool?
        }
        public struct Rejected: Sendable, Codable, Equatable { public var line: Int; public var offset: Int; public var reason: String }
    }

    /// Stores one batch (NDJSON, or a JSON array when the first byte is `[`) from source `source`.
    /// Returns after the WAL fsync. With an idempotency key, a batch seen before returns the first
    /// answer and stores nothing; the key also names events without their own id, so even a batch
    /// whose answer was lost in a crash is stored once.
    public func ingest(_ body: [UInt8], source: String, caller: String, idempotencyKey: String?) throws -> Receipt {
        guard !closed else { throw APIError(.serviceUnavailable, "shutting_down", "the server is shutting down", retryAfter: 5) }
        let keyHash = idempotencyKey.map { Hash32.sha256(Array((caller + "\n" + $0).utf8)).hex }
        if let keyHash, let previous = try readReceipt(keyHash) {
            var r = previous
            r.replayed = true
            return r
        }
        try checkCapacity()
        let context = ParseContext(source: source, received: .now)
        var receipt = Receipt(source: source, received: 0, accepted: 0, duplicates: 0, quarantined: 0, events: [], rejected: [])
        let file = "http:" + caller
        func quarantine(line: Int, offset: Int, reason: String, bytes: [UInt8]) throws {
            try writer.quarantine(QuarantinedRecord(source: source, format: "app-json", file: file, line: line, offset: Int64(offset),
                                                    reason: reason, bytes: bytes))
            receipt.quarantined += 1
            receipt.rejected.append(.init(line: line, offset: offset, reason: reason))
        }
        func store(_ event: TrailEvent, line: Int?, element: Int?) throws {
            let position = line.map { "line:\($0)" } ?? "element:\(element ?? 0)"
            let identity: DedupeIdentity? = event.id.map { .sourceId($0) } ?? keyHash.map { .idempotency($0 + ":" + position) }
            let stored = try writer.accept(event, identity: identity)
            if stored { receipt.accepted += 1 } else { receipt.duplicates += 1 }
            // The leaf of what the store kept (the writer may have encrypted personal fields).
            let line0 = writer.lastProtectedLine ?? event.canonicalLine()
            let leaf = stored ? line0.withUnsafeBytes { Merkle.leafHash($0) }.hex : nil
            receipt.events.append(.init(line: line, element: element, id: event.id, leaf: leaf, duplicate: stored ? nil : true))
        }
        let first = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == UInt8(ascii: "[") {
            let results = body.withUnsafeBytes { AppJSONArrayParser(format: "app-json").records(in: $0, context: context) }
            guard results.count <= limits.maxEventsPerRequest else { throw tooMany(results.count) }
            for r in results {
                receipt.received += 1
                switch r {
                case let .success(e): try store(e, line: nil, element: receipt.received)
                case let .failure(f): try quarantine(line: f.line, offset: f.offset, reason: f.reason, bytes: f.bytes)
                }
            }
        } else {
            let parser = AppJSONParser()
            var lineNo = 0, start = 0
            let n = body.count
            while start < n {
                var end = start
                while end < n && body[end] != 0x0A { end += 1 }
                lineNo += 1
                var stop = end
                if stop > start && body[stop - 1] == 0x0D { stop -= 1 }
                let isBlank = body[start..<stop].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                if !isBlank {
                    receipt.received += 1
                    guard receipt.received <= limits.maxEventsPerRequest else { throw tooMany(receipt.received) }
                    let lineStart = start
                    do {
                        let event = try body[start..<stop].withUnsafeBytes { raw throws(ParseFailure) in try parser.parse(raw, context: context) }
                        try store(event, line: lineNo, element: nil)
                    } catch let f as ParseFailure {
                        try quarantine(line: lineNo, offset: lineStart + (f.offset ?? 0), reason: f.reason, bytes: Array(body[start..<stop]))
                    }
                }
                start = end + 1
            }
        }
        try writer.commit()
        counters.accepted += receipt.accepted
        counters.duplicates += receipt.duplicates
        counters.quarantined += receipt.quarantined
        counters.batches += 1
        if let keyHash { try writeReceipt(keyHash, receipt) }
        return receipt
    }

    private func tooMany(_ n: Int) -> APIError {
        APIError(.contentTooLarge, "too_many_events", "a request may hold at most \(limits.maxEventsPerRequest) events; split the batch")
    }

    /// Refuses new data (429) while the open WALs are past the limit or the disk is nearly full.
    /// Nothing accepted is ever dropped: the caller retries after `Retry-After` seconds.
    private func checkCapacity() throws {
        let wal = walBytes()
        if wal > limits.maxWALBytes {
            throw APIError(.tooManyRequests, "wal_full", "open WALs hold \(wal) bytes (limit \(limits.maxWALBytes)); retry after the next seal", retryAfter: 30)
        }
        if let free = freeDiskBytes(), free < limits.minFreeDiskBytes {
            throw APIError(.tooManyRequests, "disk_full", "\(free) bytes free on the store's disk (limit \(limits.minFreeDiskBytes))", retryAfter: 60)
        }
    }

    /// Bytes in the open WALs.
    public nonisolated func walBytes() -> Int64 {
        FS.list(store.layout.wal).reduce(0) { total, name in
            var st = stat()
            return stat(store.layout.wal + "/" + name, &st) == 0 ? total + Int64(st.st_size) : total
        }
    }

    /// Free bytes on the store's file system.
    public nonisolated func freeDiskBytes() -> Int64? {
        var s = statvfs()
        guard statvfs(store.layout.root, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }

    // MARK: Idempotency receipts

    private var receiptsDir: String { store.layout.state + "/http-idempotency" }

    private func readReceipt(_ keyHash: String) throws -> Receipt? {
        let path = receiptsDir + "/" + keyHash + ".json"
        guard FS.exists(path) else { return nil }
        return try JSONDecoder().decode(Receipt.self, from: Data(try FS.read(path)))
    }

    private func writeReceipt(_ keyHash: String, _ r: Receipt) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        try FS.writeAtomically(receiptsDir + "/" + keyHash + ".json", Array(try enc.encode(r)))
    }

    // MARK: Audit, commits, seals

    /// Stores an audit event of an API call (acknowledged by the next commit, within a second).
    public func record(_ event: TrailEvent) throws {
        guard !closed else { return }
        _ = try writer.accept(event, identity: event.id.map { .sourceId($0) })
        dirty = true
    }

    /// Commits what is pending and moves readers' spooled audit events into the trail (every second).
    public func tick() throws {
        guard !closed else { return }
        let spooled = !FS.list(store.layout.spool).isEmpty
        guard dirty || spooled else { return }
        if spooled { try writer.commitDrainingSpool() } else { try writer.commit() }
        dirty = false
    }

    /// Seals every open segment; returns how many seals were made.
    @discardableResult
    public func seal() throws -> Int {
        guard !closed else { return 0 }
        let n = try writer.sealAll().count
        counters.seals += n
        return n
    }

    /// Commits, seals and releases the store (on SIGTERM, after requests drain).
    public func close() throws {
        guard !closed else { return }
        try writer.close()
        closed = true
    }

    public var isClosed: Bool { closed }
}
