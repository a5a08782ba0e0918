#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import TrailModel

/// The write side of crypto-shredding: turns an event line of a configured format into the line
/// that is stored, with every personal field and the raw record encrypted under the data
/// subject's key and the subject's blind-index reference added as `attributes.subjectRef`.
///
/// `TrailWriter` runs every line through `protect(line:)` before its WAL append, so no path
/// (ingest, tail, spool, HTTP) can store a personal value of a configured format in clear.
/// Events whose subject field is missing are not left in clear either: they go under the key of
/// the pseudo-subject `unattributed:<format>:<UTC date>` (counted in `stats.unattributed`).
///
/// New subject keys are written without fsync; `sync()` makes them durable, and the writer calls
/// it before any WAL bytes reach the disk, so a record on disk never refers to a key that a crash
/// could lose.
public final class PersonalDataProtector {
    public let config: PersonalDataConfig
    public let keys: PersonalDataKeys
    private var rules: [String: CompiledRule] = [:]
    /// Subject ref → its current key (bounded: emptied when it grows past `cacheLimit`).
    private var current: [String: (keyId: String, key: SymmetricKey)] = [:]
    private let cacheLimit = 100_000
    /// Subject id → its reference (normalizing and HMAC cost more than the lookup).
    private var refs: [String: String] = [:]
    private var pendingFiles: [String] = []
    private var pendingDirs: Set<String> = []
    private let nonces = NonceSource()
    private var erasuresStamp: Int64 = 0
    private var lastErasureCheck: Int64 = 0

    /// What the protector did since it was opened.
    public struct Stats: Sendable, Equatable {
        public var events = 0
        /// Events of a configured format without a subject (stored under `unattributed:<format>:<date>`).
        public var unattributed = 0
        public var keysCreated = 0
    }
    public private(set) var stats = Stats()

    struct CompiledRule {
        var subject: [PersonalField]
        var prefix: String
        var fields: [PersonalField]
    }

    public init(config: PersonalDataConfig, keys: PersonalDataKeys) throws {
        self.config = config
        self.keys = keys
        for (format, rule) in config.formats {
            rules[format] = CompiledRule(subject: try rule.subject.map { try PersonalField(parsing: $0, subject: true) },
                                         prefix: rule.subjectPrefix ?? "",
                                         fields: try rule.fields.map { try PersonalField(parsing: $0, subject: false) })
        }
        erasuresStamp = Self.mtime(keys.erasuresDirectory)
    }

    /// The store's protector, or nil when it has no `privacy.json`. A missing master key stops the
    /// writer: a new one made here would split the store's data between two masters, and a key
    /// backup of the old one could no longer be restored (`privacy set` makes the first one).
    public static func load(store: Store) throws -> PersonalDataProtector? {
        guard let config = try PersonalDataConfig.load(layout: store.layout) else { return nil }
        let keys: PersonalDataKeys
        do { keys = try PersonalDataKeys.open(layout: store.layout) } catch let PersonalDataError.masterKey(path, "missing") {
            throw PersonalDataError.masterKey(path: path, reason: "missing while privacy.json asks for encryption: restore it with "
                                              + "'sealtrail privacy import-keys' (or run 'sealtrail privacy set' to make a new one)")
        }
        return try PersonalDataProtector(config: config, keys: keys)
    }

    /// Whether events of `format` are encrypted.
    public func covers(format: String) -> Bool { rules[format] != nil }

    /// The stored form of `line`, or nil when it is stored as it is (a format without personal
    /// fields, or a line that is already protected).
    public func protect(line: UnsafeRawBufferPointer) throws -> [UInt8]? {
        guard let format = Self.format(of: line), let rule = rules[format] else { return nil }
        var event = try TrailEvent.decode(line: Array(line))
        guard !event.rawIsEncrypted else { return nil }
        try protect(&event, rule: rule)
        return event.canonicalLine()
    }

    /// Encrypts `event` in place when its format is configured; returns whether it did.
    @discardableResult
    public func protect(_ event: inout TrailEvent) throws -> Bool {
        guard let rule = rules[event.format], !event.rawIsEncrypted else { return false }
        try protect(&event, rule: rule)
        return true
    }

    private func protect(_ event: inout TrailEvent, rule: CompiledRule) throws {
        checkErasures()
        var subject: String?
        for path in rule.subject {
            if let text = path.value(in: event)?.scalarText, text.contains(where: { !$0.isWhitespace }) {
                subject = rule.prefix + text
                break
            }
        }
        if subject == nil { stats.unattributed += 1 }
        let id = subject ?? "unattributed:\(event.format):\(event.time.dateString)"
        let ref: String
        if let hit = refs[id] { ref = hit } else {
            if refs.count >= cacheLimit { refs.removeAll(keepingCapacity: true) }
            ref = keys.ref(subject: id)
            refs[id] = ref
        }
        let (keyId, key) = try currentKey(ref: ref)
        for path in rule.fields {
            try path.replace(in: &event) { value in
                .string(try PersonalDataToken.seal(CanonicalJSON.encode(value), key: key, keyId: keyId, nonce: nonces.next()).text)
            }
        }
        let rawBytes: [UInt8]
        if event.rawIsBase64 {
            guard let d = Data(base64Encoded: event.raw) else { throw StoreError.invalidArgument("raw is marked base64 but is not") }
            rawBytes = Array(d)
        } else {
            rawBytes = Array(event.raw.utf8)
        }
        event.raw = try PersonalDataToken.seal(rawBytes, key: key, keyId: keyId, nonce: nonces.next()).text
        event.rawIsBase64 = false
        event.rawIsEncrypted = true
        event.attributes.removeAll { $0.0 == "subjectRef" }
        event.attributes.append(("subjectRef", .string(ref)))
        stats.events += 1
    }

    /// The key new data of `ref` goes under: the newest live generation, else a new one (after an
    /// erasure, new data about the same subject gets a fresh key; the destroyed one stays destroyed).
    private func currentKey(ref: String) throws -> (keyId: String, key: SymmetricKey) {
        if let hit = current[ref] { return hit }
        if current.count >= cacheLimit { current.removeAll(keepingCapacity: true) }
        let (live, next) = keys.generations(ref: ref)
        for id in live.reversed() {
            do {
                if let key = try keys.loadKey(id) { current[ref] = (id, key); return (id, key) }
            } catch let PersonalDataError.badKeyFile(path, _) where ((try? FS.size(path)) ?? 60) != 60 {
                // Written partly before a crash and never made durable: no stored record uses it.
                continue
            }
        }
        let id = PersonalDataToken.keyId(ref: ref, generation: next)
        let (key, path) = try keys.createKey(id)
        pendingFiles.append(path)
        pendingDirs.insert(FS.parent(path))
        stats.keysCreated += 1
        current[ref] = (id, key)
        return (id, key)
    }

    /// Whether keys were created that are not yet durable.
    public var hasPending: Bool { !pendingFiles.isEmpty }

    /// Makes every key created so far durable: fsync of each file, then of each directory; or, for
    /// many new keys at once (a backfill meeting thousands of new customers), one syncfs(2) of the
    /// file system, which costs about a fifth of one fsync per file.
    public func sync() throws {
        guard !pendingFiles.isEmpty else { return }
        if pendingFiles.count >= 16, let syncfs = Self.syncfs {
            let fd = try FS.open(keys.subjectsDirectory, O_RDONLY)
            defer { close(fd) }
            guard syncfs(fd) == 0 else { throw StoreError.io(path: keys.subjectsDirectory, reason: "syncfs: " + String(cString: strerror(errno))) }
            pendingFiles.removeAll(keepingCapacity: true)
            pendingDirs.removeAll()
            return
        }
        for path in pendingFiles {
            let fd = try FS.open(path, O_RDONLY)
            defer { close(fd) }
            try FS.fsync(fd, path: path)
        }
        for dir in pendingDirs { try FS.fsyncDirectory(dir) }
        try FS.fsyncDirectory(keys.subjectsDirectory)
        pendingFiles.removeAll(keepingCapacity: true)
        pendingDirs.removeAll()
    }

    /// syncfs(2), looked up at run time (Glibc's Swift module does not declare it).
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "syncfs") else { return nil }
        return unsafeBitCast(sym, to: (@convention(c) (Int32) -> Int32).self)
    }()

    /// An erasure by another process must not leave its destroyed key in this cache: the cache is
    /// dropped when the erasure directory changes (checked at most once a second).
    private func checkErasures() {
        let now = Timestamp.now.micros
        guard now - lastErasureCheck >= 1_000_000 else { return }
        lastErasureCheck = now
        let stamp = Self.mtime(keys.erasuresDirectory)
        if stamp != erasuresStamp { erasuresStamp = stamp; current.removeAll() }
    }

    private static func mtime(_ path: String) -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    /// The top-level `format` of a canonical event line, read from the end: everything after it
    /// (`id`, `origin`, `outcome`, `raw`, …, `time`) is a string or null, whose quotes are escaped,
    /// so the last `,"format":"` is the top-level key even when an attribute is named `format`.
    static func format(of line: UnsafeRawBufferPointer) -> String? {
        let needle = Array(#","format":""#.utf8)
        let n = needle.count
        guard line.count > n else { return nil }
        var i = line.count - n
        while i >= 0 {
            if line[i] == 0x2C && line[i + 1] == 0x22 {
                var match = true
                for k in 2..<n where line[i + k] != needle[k] { match = false; break }
                if match {
                    var j = i + n
                    while j < line.count && line[j] != 0x22 {
                        if line[j] == 0x5C { return (try? TrailEvent.decode(line: Array(line)))?.format }
                        j += 1
                    }
                    return String(decoding: UnsafeRawBufferPointer(rebasing: line[(i + n)..<j]), as: UTF8.self)
                }
            }
            i -= 1
        }
        return nil
    }
}

/// Random 96-bit GCM nonces, read from the kernel's CSPRNG (`/dev/urandom`) 4 KiB at a time: one
/// system call per 341 nonces instead of one per value (five values per event made those calls a
/// fifth of the cost of encrypting).
final class NonceSource {
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var at = 4096
    private var fd: Int32 = -1

    deinit { if fd >= 0 { close(fd) } }

    func next() throws -> AES.GCM.Nonce {
        if at + 12 > buffer.count {
            if fd < 0 { fd = try FS.open("/dev/urandom", O_RDONLY) }
            var filled = 0
            while filled < buffer.count {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
                guard n > 0 else {
                    if n < 0 && errno == EINTR { continue }
                    throw StoreError.io(path: "/dev/urandom", reason: n == 0 ? "end of file" : String(cString: strerror(errno)))
                }
                filled += n
            }
            at = 0
        }
        defer { at += 12 }
        return try AES.GCM.Nonce(data: buffer[at..<(at + 12)])
    }
}
