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
        Self.pruneReceipts(dir: store.layout.state + "/http-idempotency", olderThan: Self.receiptDays)
    }

    /// Days an idempotency key's answer is kept (a retry after that stores events without ids again).
    public static let receiptDays = 7

    static func pruneReceipts(dir: String, olderThan days: Int) {
        let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
        for name in FS.list(dir) where name.hasSuffix(".json") {
            let path = dir + "/" + name
            if let m = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, m < cutoff {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
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

        /// The answer's JSON (keys sorted, absent optionals left out, as `Codable` decodes it), through
        /// the trail's own canonical writer: Foundation's `JSONEncoder` took milliseconds per
        /// 1,000-event answer, on the threads that parse the next requests.
        public func json() -> [UInt8] {
            func int(_ n: Int) -> JSONValue { .number(String(n)) }
            var members: [(String, JSONValue)] = [
                ("source", .string(source)), ("received", int(received)), ("accepted", int(accepted)),
                ("duplicates", int(duplicates)), ("quarantined", int(quarantined)),
                ("events", .array(events.map { e in
                    var m: [(String, JSONValue)] = []
                    if let line = e.line { m.append(("line", int(line))) }
                    if let element = e.element { m.append(("element", int(element))) }
                    if let id = e.id { m.append(("id", .string(id))) }
                    if let leaf = e.leaf { m.append(("leaf", .string(leaf))) }
                    if let duplicate = e.duplicate { m.append(("duplicate", .bool(duplicate))) }
                    return .object(m)
                })),
                ("rejected", .array(rejected.map { .object([("line", int($0.line)), ("offset", int($0.offset)), ("reason", .string($0.reason))]) })),
            ]
            if let replayed { members.append(("replayed", .bool(replayed))) }
            return CanonicalJSON.encode(.object(members))
        }
    }

    /// One record of a batch after parsing: an event ready to store, or a refusal.
    enum Item: Sendable {
        /// `leaf`: the hex leaf hash of the event's line, worked out while parsing (off the actor).
        case event(PreparedEvent, line: Int?, element: Int?, leaf: String)
        case refused(line: Int, offset: Int, reason: String, bytes: [UInt8])
    }

    /// Stores one batch (NDJSON, or a JSON array when the first byte is `[`) from source `source`.
    /// Returns after the WAL fsync. With an idempotency key, a batch seen before returns the first
    /// answer and stores nothing; the key also names events without their own id, so even a batch
    /// whose answer was lost in a crash is stored once. Parsing (the costly part) runs on the
    /// caller's task, so concurrent requests parse in parallel; only storing is serialized here.
    public nonisolated func ingest(_ body: [UInt8], source: String, caller: String, idempotencyKey: String?) async throws -> Receipt {
        let keyHash = idempotencyKey.map { Hash32.sha256(Array((caller + "\n" + $0).utf8)).hex }
        let items = try Self.parse(body, source: source, keyHash: keyHash, maxEvents: limits.maxEventsPerRequest)
        let receipt = try await store(items, source: source, caller: caller, keyHash: keyHash)
        // Written (and fsync'd) here, off the actor, before the answer: a retry finds it. Two
        // requests racing with one key both store, and dedupe keeps the second from storing twice.
        // On a dispatch thread: its fsyncs must not block one of the few threads tasks run on.
        if let keyHash, receipt.replayed != true { try await SealtrailAPI.offload { try self.writeReceipt(keyHash, receipt) } }
        return receipt
    }

    static func parse(_ body: [UInt8], source: String, keyHash: String?, maxEvents: Int) throws -> [Item] {
        let context = ParseContext(source: source, received: .now)
        var items: [Item] = []
        func tooMany() -> APIError {
            APIError(.contentTooLarge, "too_many_events", "a request may hold at most \(maxEvents) events; split the batch")
        }
        func identity(_ id: String?, _ position: String) -> DedupeIdentity? {
            id.map { .sourceId($0) } ?? keyHash.map { .idempotency($0 + ":" + position) }
        }
        /// The leaf hash is worked out here, on the request's task, not on the actor.
        func event(_ p: PreparedEvent, line: Int?, element: Int?) -> Item {
            var p = p
            let leaf = p.line.withUnsafeBytes { Merkle.leafHash($0) }
            p.leafHash = leaf.storage
            return .event(p, line: line, element: element, leaf: leaf.hex)
        }
        let first = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == UInt8(ascii: "[") {
            let results = body.withUnsafeBytes { AppJSONArrayParser(format: "app-json").records(in: $0, context: context) }
            guard results.count <= maxEvents else { throw tooMany() }
            for (k, r) in results.enumerated() {
                switch r {
                case let .success(e):
                    items.append(event(PreparedEvent(event: e, identity: identity(e.id, "element:\(k + 1)")), line: nil, element: k + 1))
                case let .failure(f): items.append(.refused(line: f.line, offset: f.offset, reason: f.reason, bytes: f.bytes))
                }
            }
            return items
        }
        let parser = AppJSONParser()
        var lineNo = 0, start = 0, count = 0
        let n = body.count
        while start < n {
            var end = start
            while end < n && body[end] != 0x0A { end += 1 }
            lineNo += 1
            var stop = end
            if stop > start && body[stop - 1] == 0x0D { stop -= 1 }
            if !body[start..<stop].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                count += 1
                guard count <= maxEvents else { throw tooMany() }
                do {
                    var p = try body[start..<stop].withUnsafeBytes { raw throws(ParseFailure) in try parser.prepare(raw, context: context) }
                    p.identity = identity(p.id, "line:\(lineNo)")
                    items.append(event(p, line: lineNo, element: nil))
                } catch let f as ParseFailure {
                    items.append(.refused(line: lineNo, offset: start + (f.offset ?? 0), reason: f.reason, bytes: Array(body[start..<stop])))
                }
            }
            start = end + 1
        }
        return items
    }

    private func store(_ items: [Item], source: String, caller: String, keyHash: String?) async throws -> Receipt {
        guard !closed else { throw APIError(.serviceUnavailable, "shutting_down", "the server is shutting down", retryAfter: 5) }
        if let keyHash, let previous = try readReceipt(keyHash) {
            var r = previous
            r.replayed = true
            return r
        }
        try checkCapacity()
        var receipt = Receipt(source: source, received: items.count, accepted: 0, duplicates: 0, quarantined: 0, events: [], rejected: [])
        for item in items {
            switch item {
            case let .refused(line, offset, reason, bytes):
                try writer.quarantine(QuarantinedRecord(source: source, format: "app-json", file: "http:" + caller, line: line,
                                                        offset: Int64(offset), reason: reason, bytes: bytes))
                receipt.quarantined += 1
                receipt.rejected.append(.init(line: line, offset: offset, reason: reason))
            case let .event(prepared, line, element, parsedLeaf):
                let stored = try writer.accept(prepared)
                var leaf: String?
                if stored {
                    receipt.accepted += 1
                    // The leaf of what the store kept (the writer may have encrypted personal fields).
                    if let protected = writer.lastProtectedLine {
                        leaf = protected.withUnsafeBytes { Merkle.leafHash($0) }.hex
                    } else {
                        leaf = parsedLeaf
                    }
                } else {
                    receipt.duplicates += 1
                }
                receipt.events.append(.init(line: line, element: element, id: prepared.id, leaf: leaf, duplicate: stored ? nil : true))
            }
        }
        try await durable()
        counters.accepted += receipt.accepted
        counters.duplicates += receipt.duplicates
        counters.quarantined += receipt.quarantined
        counters.batches += 1
        return receipt
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

    // MARK: Group commit

    /// Commits done so far; a batch appended now is durable once the next one finishes.
    private var commitsDone = 0
    private var committing = false
    /// A commit's fsync is running (its WAL writes are done).
    private var inFlight = false
    private var waiting: [(commit: Int, continuation: CheckedContinuation<Void, Error>)] = []

    /// Returns once everything appended before the call is fsync'd. Batches that arrive while a
    /// commit runs share the next one (group commit): one fsync acknowledges them all.
    private func durable() async throws {
        // A commit that has begun (its WALs written) does not hold this batch: wait for the one after.
        let needed = commitsDone + 1 + (inFlight ? 1 : 0)
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
            waiting.append((needed, c))
            if !committing { startCommit() }
        }
    }

    private func startCommit() {
        committing = true
        // A task of its own, so batches already waiting for the actor append first and share it.
        Task { await self.runCommit() }
    }

    /// One group commit: the WAL fsync runs off the actor, so batches keep appending meanwhile (they
    /// wait for the next commit).
    private func runCommit() async {
        var failure: Error?
        do {
            let ticket = try writer.beginCommit()
            dirty = false   // what is appended from here on needs a later commit
            inFlight = true
            defer { inFlight = false }
            try await SealtrailAPI.offload { try ticket.wait() }
            try writer.finishCommit()
        } catch { failure = error }
        commitsDone += 1
        committing = false
        let due = waiting.filter { $0.commit <= commitsDone }
        waiting.removeAll { $0.commit <= commitsDone }
        for w in due {
            if let failure { w.continuation.resume(throwing: failure) } else { w.continuation.resume() }
        }
        if !waiting.isEmpty { startCommit() }
    }



    // MARK: Idempotency receipts

    private nonisolated var receiptsDir: String { store.layout.state + "/http-idempotency" }

    private func readReceipt(_ keyHash: String) throws -> Receipt? {
        let path = receiptsDir + "/" + keyHash + ".json"
        guard FS.exists(path) else { return nil }
        return try JSONDecoder().decode(Receipt.self, from: Data(try FS.read(path)))
    }

    private nonisolated func writeReceipt(_ keyHash: String, _ r: Receipt) throws {
        try FS.writeAtomically(receiptsDir + "/" + keyHash + ".json", r.json())
    }

    // MARK: Audit, commits, seals

    /// Stores an audit event of an API call (acknowledged by the next commit, within a second).
    /// Its canonical line is built on the caller's task; only storing runs on the actor.
    public nonisolated func record(_ event: TrailEvent) async throws {
        try await store(audit: PreparedEvent(event: event, identity: event.id.map { .sourceId($0) }))
    }

    private func store(audit event: PreparedEvent) throws {
        guard !closed else { return }
        _ = try writer.accept(event)
        dirty = true
    }

    /// Commits what is pending and moves readers' spooled audit events into the trail (every second),
    /// through the group commit: the fsync runs off the actor, so ingest requests are not held up.
    public func tick() async throws {
        guard !closed else { return }
        let spooled = !FS.list(store.layout.spool).isEmpty
        guard dirty || spooled else { return }
        if spooled { try writer.drainSpoolNow() }
        dirty = false
        try await durable()
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
