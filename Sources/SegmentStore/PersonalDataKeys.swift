#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Sealing

/// The keys that protect personal data, under `<store>/keys/privacy/` (`StoreLayout.privacy`):
///
/// | file | content |
/// | --- | --- |
/// | `master.key` | 32 random bytes, mode 0600; everything below is useless without it |
/// | `subjects/<ab>/<ref>.<n>.key` | generation *n* of subject *ref*'s 256-bit key, AES-GCM-wrapped under the master (60 bytes, 0600) |
/// | `erasures/<ref>.<n>.json` | the signed record of that key's destruction |
///
/// Two keys are derived from the master with HKDF-SHA256 (salt `sealtrail-privacy/1`): the
/// key-wrapping key (info `subject key wrapping`) and the blind-index key (info `blind index`).
/// A subject's reference is `hex(HMAC-SHA256(blind key, normalized id))[0..<32]`.
public final class PersonalDataKeys {
    public let layout: StoreLayout
    private let wrapKey: SymmetricKey
    private let blindKey: SymmetricKey

    public var directory: String { layout.privacy }
    public var masterPath: String { Self.masterPath(layout) }
    public var subjectsDirectory: String { layout.privacy + "/subjects" }
    public var erasuresDirectory: String { layout.privacy + "/erasures" }

    public static func masterPath(_ layout: StoreLayout) -> String { layout.privacy + "/master.key" }

    init(layout: StoreLayout, master: [UInt8]) {
        self.layout = layout
        let ikm = SymmetricKey(data: master)
        let salt = Array("sealtrail-privacy/1".utf8)
        wrapKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("subject key wrapping".utf8), outputByteCount: 32)
        blindKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("blind index".utf8), outputByteCount: 32)
    }

    /// Opens the keys of a store. With `create`, a missing master key is made (durably, 0600) —
    /// unless subject keys already exist, which would mean the master was lost: that is an error
    /// (restore it with `sealtrail privacy import-keys`), never a silent new key.
    public static func open(layout: StoreLayout, create: Bool = false) throws -> PersonalDataKeys {
        let path = masterPath(layout)
        if !FS.exists(path) {
            guard create else { throw PersonalDataError.masterKey(path: path, reason: "missing") }
            if !FS.list(layout.privacy + "/subjects").isEmpty {
                throw PersonalDataError.masterKey(path: path, reason: "missing while subject keys exist: restore it from a key backup ('sealtrail privacy import-keys')")
            }
            var bytes = [UInt8](repeating: 0, count: 32)
            SystemRandom.fill(&bytes)
            try FS.mkdirs(layout.privacy)
            chmod(layout.privacy, 0o700)
            try FS.writeAtomically(path, bytes, mode: 0o600, createOnly: true)
        }
        if let mode = FS.mode(path), mode & 0o077 != 0 {
            throw PersonalDataError.masterKey(path: path, reason: String(format: "mode is %o; must be 0600", mode))
        }
        let master: [UInt8]
        do { master = try FS.read(path) } catch {
            throw PersonalDataError.masterKey(path: path, reason: "unreadable (\(error))")
        }
        guard master.count == 32 else { throw PersonalDataError.masterKey(path: path, reason: "holds \(master.count) bytes, not 32") }
        return PersonalDataKeys(layout: layout, master: master)
    }

    /// How subject ids are compared: surrounding white space removed, Unicode NFC, lower case
    /// (`Alice@Example.com ` and `alice@example.com` are one subject).
    public static func normalize(_ id: String) -> String {
        var bytes = Array(id.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return id.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.lowercased()
        }
        // ASCII (nearly every id): the same result without Foundation's Unicode machinery.
        func space(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        var end = bytes.count
        while end > 0 && space(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end && space(bytes[start]) { start += 1 }
        for i in start..<end where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The blind-index reference of a subject id (32 hex digits): equal for equal ids, and
    /// computable only with the master key.
    public func ref(subject id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(Self.normalize(id).utf8), using: blindKey)
        return Hex.encode(Array(mac).prefix(16))
    }

    // MARK: Subject keys

    public func keyPath(_ keyId: String) -> String {
        subjectsDirectory + "/" + String(keyId.prefix(2)) + "/" + keyId + ".key"
    }

    public func erasurePath(_ keyId: String) -> String { erasuresDirectory + "/" + keyId + ".json" }

    /// The key ids of `ref` that have a key file, oldest generation first.
    public func keyIds(ref: String) -> [String] {
        FS.list(subjectsDirectory + "/" + String(ref.prefix(2)))
            .filter { $0.hasPrefix(ref + ".") && $0.hasSuffix(".key") }
            .map { String($0.dropLast(4)) }
            .filter(PersonalDataToken.isKeyId)
            .sorted { PersonalDataToken.generation(of: $0) < PersonalDataToken.generation(of: $1) }
    }

    /// The generations of `ref` found by probing `<ref>.1`, `<ref>.2`, … until neither a key file nor
    /// an erasure record exists (generations are made one after the other, so this is two or three
    /// `stat` calls where listing the shard directory would read hundreds of names).
    func generations(ref: String) -> (live: [String], next: Int) {
        var live: [String] = []
        var g = 1
        while true {
            let id = PersonalDataToken.keyId(ref: ref, generation: g)
            if FS.exists(keyPath(id)) { live.append(id) } else if !FS.exists(erasurePath(id)) { return (live, g) }
            g += 1
        }
    }

    /// The key ids of `ref` destroyed by erasures, oldest first.
    public func erasedKeyIds(ref: String) -> [String] {
        FS.list(erasuresDirectory)
            .filter { $0.hasPrefix(ref + ".") && $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }
            .filter(PersonalDataToken.isKeyId)
            .sorted { PersonalDataToken.generation(of: $0) < PersonalDataToken.generation(of: $1) }
    }

    public func isErased(_ keyId: String) -> Bool { FS.exists(erasurePath(keyId)) }

    /// Every key id with a key file (for backups and `privacy show`).
    public func allKeyIds() -> [String] {
        FS.list(subjectsDirectory).flatMap { shard in
            FS.list(subjectsDirectory + "/" + shard).filter { $0.hasSuffix(".key") }.map { String($0.dropLast(4)) }
        }.filter(PersonalDataToken.isKeyId)
    }

    /// Unwraps a subject key; nil when its file does not exist.
    public func loadKey(_ keyId: String) throws -> SymmetricKey? {
        let path = keyPath(keyId)
        let bytes: [UInt8]
        do { bytes = try FS.read(path) } catch {
            if !FS.exists(path) { return nil }
            throw PersonalDataError.badKeyFile(path: path, reason: "unreadable (\(error))")
        }
        return try unwrap(bytes, keyId: keyId, path: path)
    }

    func unwrap(_ bytes: [UInt8], keyId: String, path: String) throws -> SymmetricKey {
        guard bytes.count == 60 else { throw PersonalDataError.badKeyFile(path: path, reason: "holds \(bytes.count) bytes, not 60 (written partly before a crash, or damaged)") }
        do {
            let box = try AES.GCM.SealedBox(combined: bytes)
            let raw = try AES.GCM.open(box, using: wrapKey, authenticating: Self.wrapContext(keyId))
            return SymmetricKey(data: raw)
        } catch {
            throw PersonalDataError.badKeyFile(path: path, reason: "does not unwrap under the master key (damaged, renamed, or from another store)")
        }
    }

    static func wrapContext(_ keyId: String) -> [UInt8] { Array(("sealtrail-subject-key/1:" + keyId).utf8) }

    /// Makes a new random key for `keyId` and writes its wrapped form (0600). Not fsync'd: the
    /// caller makes it durable (`PersonalDataProtector.sync`) before any record using it is written.
    func createKey(_ keyId: String) throws -> (key: SymmetricKey, path: String) {
        let key = SymmetricKey(size: .bits256)
        let wrapped = try key.withUnsafeBytes { raw in
            Array(try AES.GCM.seal(Array(raw), using: wrapKey, authenticating: Self.wrapContext(keyId)).combined!)
        }
        let path = keyPath(keyId)
        let dir = FS.parent(path)
        if !FS.isDirectory(dir) {
            try FS.mkdirs(dir)
            chmod(subjectsDirectory, 0o700)
            chmod(dir, 0o700)
        }
        // Created in place with O_EXCL (an existing key file is never replaced). A temp file and a
        // rename would leave a freed inode per key, which ext4's allocator then scans past: with
        // thousands of new subjects that made creating keys ten times slower. A file cut short by
        // a crash is never used: it is not durable until `sync`, and no record refers to it before.
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST { throw PersonalDataError.badKeyFile(path: path, reason: "already exists") }
            throw StoreError.io(path: path, reason: String(cString: strerror(e)))
        }
        defer { close(fd) }
        try wrapped.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) }
        return (key, path)
    }

    /// Destroys a key file: overwritten with random bytes and fsync'd, then unlinked, then the
    /// directory fsync'd. (On copy-on-write or flash storage the old blocks may survive the
    /// overwrite; docs/privacy.md says what that means and what to do about it.)
    public func destroy(_ keyId: String) throws {
        let path = keyPath(keyId)
        guard FS.exists(path) else { return }
        let size = Int((try? FS.size(path)) ?? 60)
        chmod(path, 0o600)
        let fd = try FS.open(path, O_WRONLY, 0o600)
        var noise = [UInt8](repeating: 0, count: max(size, 60))
        SystemRandom.fill(&noise)
        do {
            try noise.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) }
            try FS.fsync(fd, path: path)
        } catch { close(fd); throw error }
        close(fd)
        try FS.remove(path)
        try FS.fsyncDirectory(FS.parent(path))
    }
}

/// Random bytes from the system's CSPRNG (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
enum SystemRandom {
    static func fill(_ bytes: inout [UInt8]) {
        var g = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0 ... 255, using: &g) }
    }
}
