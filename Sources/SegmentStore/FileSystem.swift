#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Thin POSIX helpers: every failure becomes a `StoreError` that names the path and the OS reason.
public enum FS {
    static func reason() -> String { String(cString: strerror(errno)) }

    /// The directory part of a path (`.` for a bare name, `/` for the root).
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    /// The last component of a path.
    public static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// True when `path` exists (file, directory or anything else).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// True when `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Size of a regular file.
    public static func size(_ path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw StoreError.io(path: path, reason: reason()) }
        return Int64(st.st_size)
    }

    /// Creates `path` and its parents (mode 0755).
    public static func mkdirs(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = FS.parent(path)
        if parent != "." && parent != "/" && parent != path { try mkdirs(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw StoreError.io(path: path, reason: reason()) }
    }

    /// Opens a file descriptor; throws with the path on failure.
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: reason()) }
        return fd
    }

    /// Writes all of `bytes` to `fd`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: path, reason: reason())
            }
            off += n
        }
    }

    /// Asks the kernel to start writing `count` bytes at `offset` of `fd` to disk now, without waiting.
    /// The later `fsync` then finds most of them written, so the disk works while ingest computes
    /// instead of all at once in the acknowledging fsync. On Linux `POSIX_FADV_DONTNEED` starts
    /// asynchronous write-back of dirty pages in the range (pages still dirty or under write-back stay
    /// cached). Advice only: errors are ignored, durability still comes from `fsync`.
    public static func startWriteback(_ fd: Int32, offset: Int64, count: Int) {
        guard count > 0 else { return }
        _ = posix_fadvise(fd, off_t(offset), off_t(count), POSIX_FADV_DONTNEED)
    }

    /// `fsync`, naming the path on failure.
    public static func fsync(_ fd: Int32, path: String) throws {
        guard Glibc.fsync(fd) == 0 else { throw StoreError.io(path: path, reason: "fsync: " + reason()) }
    }

    /// Makes a directory's entries durable (after a create, rename or unlink inside it).
    public static func fsyncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// Reads a whole (small) file.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw StoreError.io(path: path, reason: reason()) }
            if n == 0 { return out }
            out.append(contentsOf: buf[0..<n])
        }
    }

    /// Reads a whole (small) UTF-8 file.
    public static func readString(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Writes a file durably and atomically: temp file, fsync, rename, directory fsync, then `mode`.
    /// With `createOnly`, an existing file at `path` is refused (`StoreError.refusedOverwrite`).
    /// Without `durable`, both fsyncs are skipped: after a crash the file is whole or absent (on
    /// file systems that order a rename after the data it names, as ext4 does), or damaged; only for
    /// files whose loss or damage is detected and tolerated.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644, createOnly: Bool = false,
                                       durable: Bool = true) throws {
        let dir = FS.parent(path)
        try mkdirs(dir)
        if createOnly && exists(path) { throw StoreError.refusedOverwrite(path: path) }
        let tmp = dir + "/." + FS.baseName(path) + ".tmp-\(getpid())"
        let fd = try open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        do {
            try bytes.withUnsafeBytes { try writeAll(fd, $0, path: tmp) }
            if durable { try fsync(fd, path: tmp) }
            close(fd)
        } catch { close(fd); unlink(tmp); throw error }
        try commit(temp: tmp, to: path, mode: mode, createOnly: createOnly, durable: durable)
    }

    /// Moves a finished, fsync'd temp file into place: chmod, then rename (or, with `createOnly`, a
    /// hard link that fails if the target exists, so a sealed file is never replaced), then dir fsync.
    public static func commit(temp: String, to path: String, mode: mode_t, createOnly: Bool, durable: Bool = true) throws {
        guard chmod(temp, mode) == 0 else { throw StoreError.io(path: temp, reason: reason()) }
        if createOnly {
            if link(temp, path) != 0 {
                let e = errno
                unlink(temp)
                if e == EEXIST { throw StoreError.refusedOverwrite(path: path) }
                errno = e
                throw StoreError.io(path: path, reason: reason())
            }
            unlink(temp)
        } else if rename(temp, path) != 0 {
            unlink(temp)
            throw StoreError.io(path: path, reason: reason())
        }
        if durable { try fsyncDirectory(FS.parent(path)) }
    }

    /// Names in a directory (no `.`/`..`), sorted; empty when it does not exist.
    public static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Removes a file if present.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw StoreError.io(path: path, reason: reason()) }
    }

    /// The file's permission bits.
    public static func mode(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o7777
    }
}

/// An exclusive advisory lock on a file, held until `release` or process exit (so `kill -9` frees it).
public final class FileLock {
    private let fd: Int32
    public let path: String

    /// Takes the lock or throws `StoreError.locked` at once.
    public init(path: String, what: String) throws {
        self.path = path
        fd = try FS.open(path, O_RDWR | O_CREAT, 0o644)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            release() // a class whose init throws after setting every property still runs deinit
            throw StoreError.locked(path: path, what: what)
        }
    }

    private var held = true

    /// Releases the lock (once; later calls and deinit do nothing, so no other descriptor is closed).
    public func release() {
        guard held else { return }
        held = false
        flock(fd, LOCK_UN)
        close(fd)
    }

    deinit { release() }
}
