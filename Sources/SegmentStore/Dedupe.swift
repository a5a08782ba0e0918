import Crypto
import Foundation
import TrailModel

/// A 128-bit fingerprint of an event's dedupe key (DESIGN.md: source id, else collector + file
/// identity + byte offset, else idempotency key).
public struct DedupeKey: Hashable, Sendable {
    public var hi: UInt64
    public var lo: UInt64

    /// `SHA-256(kind ‖ 0x00 ‖ parts joined by 0x00)` truncated to 16 bytes.
    public init(kind: String, parts: [String]) {
        var h = SHA256()
        Self.feed(&h, kind, parts)
        self.init(digest: h)
    }

    private init(digest h: SHA256) {
        (hi, lo) = h.finalize().withUnsafeBytes { raw in
            (UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)), UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    private static func feed(_ h: inout SHA256, _ kind: String, _ parts: [String]) {
        feed(&h, kind)
        for p in parts { feed(&h, separator: ()); feed(&h, p) }
    }

    private static func feed(_ h: inout SHA256, _ s: String) {
        var s = s
        s.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    private static func feed(_ h: inout SHA256, separator: Void) {
        withUnsafeBytes(of: UInt8(0)) { h.update(bufferPointer: $0) }
    }

    /// The key of an event with a source-assigned id.
    public static func sourceId(source: String, id: String) -> DedupeKey {
        var h = SHA256()
        feed(&h, "id"); feed(&h, separator: ()); feed(&h, source); feed(&h, separator: ()); feed(&h, id)
        return DedupeKey(digest: h)
    }

    /// The key of a record at a byte offset of an identified file: the same bytes as
    /// `DedupeKey(kind: "file", parts: [source, fileIdentity, String(offset)])`, without building
    /// the array and the decimal string (this runs once per ingested line).
    public static func fileOffset(source: String, fileIdentity: String, offset: Int64) -> DedupeKey {
        var h = SHA256()
        feed(&h, "file"); feed(&h, separator: ()); feed(&h, source); feed(&h, separator: ()); feed(&h, fileIdentity)
        feed(&h, separator: ())
        // Decimal digits of `offset`, as `String(offset)` writes them.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var n = offset.magnitude, end = 20, start = 20
            repeat { start -= 1; buf[start] = UInt8(ascii: "0") &+ UInt8(n % 10); n /= 10 } while n > 0
            if offset < 0 { start -= 1; buf[start] = UInt8(ascii: "-") }
            h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buf)[start..<end]))
        }
        return DedupeKey(digest: h)
    }

    /// Keys are SHA-256 prefixes, already uniform: hashing one of the two words is enough.
    public func hash(into hasher: inout Hasher) { hasher.combine(lo) }

    /// The fingerprint of an identity under `source`.
    public init(source: String, identity: DedupeIdentity) {
        switch identity {
        case let .sourceId(id): self = .sourceId(source: source, id: id)
        case let .fileOffset(file, offset): self = .fileOffset(source: source, fileIdentity: file, offset: offset)
        case let .idempotency(key): self.init(kind: "idem", parts: [source, key])
        }
    }

    init(bytes: UnsafeRawBufferPointer) {
        hi = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        lo = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Appends the 16 bytes, big-endian.
    func append(to out: inout [UInt8]) {
        withUnsafeBytes(of: (hi.bigEndian, lo.bigEndian)) { out.appendBytes($0) }
    }
}

/// The dedupe keys already stored, scoped by source and UTC event date.
///
/// A retried delivery repeats the event's time, so a duplicate always falls in the same date; scoping
/// by date keeps memory bounded by the busiest day rather than the trail's size. Files:
/// `state/dedupe/<source>/<date>.keys`, 16 bytes per key, appended and fsync'd at commit. Keys of
/// records still in a WAL are re-added from the WAL on recovery, so a crash between the WAL fsync and
/// the key append loses nothing.
final class DedupeStore {
    /// One (source, date) scope: its keys in memory and those not yet on disk.
    final class Scope {
        let name: String
        var keys: Set<DedupeKey>
        var pending: [UInt8] = []
        /// Keys written to the file since its last fsync.
        var unsynced = false
        var lastUse = 0
        init(name: String, keys: Set<DedupeKey>) { self.name = name; self.keys = keys }
    }

    private let dir: String
    private var scopes: [String: Scope] = [:]
    private var current: Scope?
    private var clock = 0
    private var loadedKeys = 0
    /// The most keys held in memory before the least recently used date sets are dropped.
    let maxLoadedKeys: Int
    /// Keys added since the last flush.
    private(set) var pendingKeys = 0
    /// Called before keys are written outside `flush()` (when a date set is dropped), so the writer
    /// can first make the WAL records they stand for durable: a key on disk must never stand for a
    /// record that a crash could still lose.
    var beforeEvictionFlush: (() throws -> Void)?
    /// Keys handed to the sealer thread with their segment (`handOff`), not yet in their file; guarded
    /// by `fileLock`, which also serializes every append to the key files.
    private var handedOff: [String: [UInt8]] = [:]
    private let fileLock = NSLock()

    init(dir: String, maxLoadedKeys: Int = 1_000_000) {
        self.dir = dir
        self.maxLoadedKeys = maxLoadedKeys
    }

    private func file(_ scope: String) -> String { dir + "/" + scope + ".keys" }

    private func load(_ name: String) throws -> Scope {
        if let s = scopes[name] { return s }
        var set = Set<DedupeKey>()
        let path = file(name)
        try fileLock.withLock {
            // The file, plus keys handed to the sealer that it has not appended yet.
            var bytes = FS.exists(path) ? try FS.read(path) : []
            bytes.removeLast(bytes.count % 16)
            bytes += handedOff[name] ?? []
            set.reserveCapacity(bytes.count / 16)
            bytes.withUnsafeBytes { raw in
                var k = 0
                while k < raw.count { set.insert(DedupeKey(bytes: UnsafeRawBufferPointer(rebasing: raw[k..<k + 16]))); k += 16 }
            }
        }
        let scope = Scope(name: name, keys: set)
        loadedKeys += set.count
        scopes[name] = scope
        try evictIfNeeded(keep: scope)
        return scope
    }

    private func evictIfNeeded(keep: Scope) throws {
        while loadedKeys > maxLoadedKeys, scopes.count > 1 {
            guard let victim = scopes.values.filter({ $0 !== keep }).min(by: { $0.lastUse < $1.lastUse }) else { return }
            if !victim.pending.isEmpty { try beforeEvictionFlush?() }
            try flush(victim)
            loadedKeys -= victim.keys.count
            scopes[victim.name] = nil
        }
    }

    /// Whether `key` is recorded under `scope`, without recording it.
    func contains(_ key: DedupeKey, scope name: String) throws -> Bool {
        let scope: Scope
        if let c = current, c.name == name { scope = c } else { scope = try load(name); current = scope }
        return scope.keys.contains(key)
    }

    /// Records `key` under `scope` (`<source>/<date>`); returns false when it was already there.
    func insert(_ key: DedupeKey, scope name: String) throws -> Bool {
        clock += 1
        let scope: Scope
        if let c = current, c.name == name { scope = c } else { scope = try load(name); current = scope }
        scope.lastUse = clock
        guard scope.keys.insert(key).inserted else { return false }
        loadedKeys += 1
        pendingKeys += 1
        key.append(to: &scope.pending)
        if loadedKeys > maxLoadedKeys { try evictIfNeeded(keep: scope) }
        return true
    }

    /// Appends the keys added since the last flush, and fsyncs them when `durable`. Between seals a
    /// key need not be durable: its record is in a WAL, and recovery re-adds the keys of every WAL
    /// record. Before a WAL is retired (a seal) its keys must be durable.
    func flush(durable: Bool = true) throws {
        for scope in scopes.values { try flush(scope, durable: durable) }
    }

    private func flush(_ scope: Scope, durable: Bool = true) throws {
        guard !scope.pending.isEmpty || (durable && scope.unsynced) else { return }
        try append(to: scope.name, durable: durable) { scope.pending }
        scope.unsynced = !durable
        pendingKeys -= scope.pending.count / 16
        scope.pending.removeAll(keepingCapacity: true)
    }

    /// Hands the keys of `scope` not yet written to the sealer thread, whose `writeHandedOff` appends
    /// and fsyncs them after the WAL holding their records is durable (a key on disk never stands for
    /// a record a crash could lose). Until then a reload of the scope still sees them.
    func handOff(scope name: String) {
        guard let scope = scopes[name] else { return }
        if !scope.pending.isEmpty { fileLock.withLock { handedOff[name, default: []] += scope.pending } }
        pendingKeys -= scope.pending.count / 16
        scope.pending.removeAll(keepingCapacity: true)
        scope.unsynced = false   // the sealer's fsync covers the earlier writes too
    }

    /// On the sealer thread: appends the keys handed off for `scope` and fsyncs the scope's file,
    /// so every key of a segment about to be sealed is durable before its WAL is retired.
    func writeHandedOff(scope name: String) throws {
        if fileLock.withLock({ handedOff[name] == nil }) && !FS.exists(file(name)) { return }   // no keys at all
        try append(to: name, durable: true) { handedOff.removeValue(forKey: name) ?? [] }
    }

    /// Appends the bytes `take` returns (called under `fileLock`, so appends never interleave) to
    /// the scope's key file, then fsyncs it when `durable`.
    private func append(to name: String, durable: Bool, _ take: () -> [UInt8]) throws {
        let path = file(name)
        try FS.mkdirs(FS.parent(path))
        let fd = try FS.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        defer { close(fd) }
        try fileLock.withLock {
            let bytes = take()
            if !bytes.isEmpty { try bytes.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) } }
        }
        if durable { try FS.fsync(fd, path: path) }
    }
}
