import CArchive

/// Errors of the libarchive seam, naming the archive and libarchive's own message.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case failed(path: String, operation: String, message: String)
    case notFound(path: String, entry: String)

    public var description: String {
        switch self {
        case let .failed(path, op, msg): return "\(path): \(op): \(msg)"
        case let .notFound(path, entry): return "\(path): no entry '\(entry)'"
        }
    }
}

/// Writes a tar (POSIX pax) or zip archive through libarchive — the one seam to it.
///
/// Entries get the mode and modification time the caller gives, and no owner names, so equal
/// inputs give byte-identical archives (evidence packs and archive bundles rely on that).
public final class ArchiveWriter {
    /// `tarGzip` is a pax tar through libarchive's gzip filter with no time stamp in the gzip
    /// header, so it is as reproducible as the tar; `zip` entries are deflated.
    public enum Format: Sendable { case tar, tarGzip, zip }

    public let path: String
    private var handle: OpaquePointer?

    /// Creates (or truncates) the archive at `path`. `compressionLevel` (1–9) sets deflate's level
    /// for `zip` and `tarGzip` (default: zlib's 6).
    public init(path: String, format: Format, compressionLevel: Int? = nil) throws {
        self.path = path
        guard let a = archive_write_new() else { throw ArchiveError.failed(path: path, operation: "open", message: "out of memory") }
        handle = a
        switch format {
        case .tar: try check(archive_write_set_format_pax_restricted(a), "set format")
        case .tarGzip:
            try check(archive_write_set_format_pax_restricted(a), "set format")
            try check(archive_write_add_filter_gzip(a), "add gzip filter")
            // No modification time in the gzip header (the default is the current time).
            try check(archive_write_set_filter_option(a, "gzip", "timestamp", nil), "gzip without time stamp")
        case .zip: try check(archive_write_set_format_zip(a), "set format")
        }
        if let level = compressionLevel, format != .tar {
            let (module, option) = format == .zip ? ("zip", "compression-level") : ("gzip", "compression-level")
            try check(archive_write_set_option(a, module, option, String(level)), "set compression level")
        }
        try check(archive_write_open_filename(a, path), "open")
    }

    deinit { if let h = handle { archive_write_free(h) } }

    private func check(_ rc: Int32, _ op: String) throws {
        guard rc >= ARCHIVE_WARN else {
            let msg = handle.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "error \(rc)"
            throw ArchiveError.failed(path: path, operation: op, message: msg)
        }
    }

    /// Adds a regular file entry holding `bytes`.
    public func add(name: String, bytes: [UInt8], mode: Int32 = 0o444, mtime: Int64 = 0) throws {
        guard let a = handle else { throw ArchiveError.failed(path: path, operation: "add", message: "archive is closed") }
        let entry = archive_entry_new()
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, la_int64_t(bytes.count))
        archive_entry_set_filetype(entry, 0o100000) // AE_IFREG (a cast macro Swift cannot import)
        archive_entry_set_perm(entry, mode_t(mode))
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        try check(archive_write_header(a, entry), "write header of \(name)")
        if !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { archive_write_data(a, $0.baseAddress, $0.count) }
            guard n == bytes.count else { try check(Int32(truncatingIfNeeded: n < 0 ? n : -30), "write \(name)"); return }
        }
    }

    /// Adds a regular file entry of `size` bytes whose content `fill` writes through the function it
    /// is given (in chunks of any size), so a large file never has to be held in memory. Fails
    /// when `fill` writes more or fewer than `size` bytes.
    public func add(name: String, size: Int64, mode: Int32 = 0o444, mtime: Int64 = 0,
                    fill: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        guard let a = handle else { throw ArchiveError.failed(path: path, operation: "add", message: "archive is closed") }
        let entry = archive_entry_new()
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_filetype(entry, 0o100000)
        archive_entry_set_perm(entry, mode_t(mode))
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        try check(archive_write_header(a, entry), "write header of \(name)")
        var written: Int64 = 0
        try fill { chunk in
            guard !chunk.isEmpty else { return }
            guard written + Int64(chunk.count) <= size else {
                throw ArchiveError.failed(path: self.path, operation: "write \(name)", message: "more than the \(size) bytes announced")
            }
            let n = archive_write_data(a, chunk.baseAddress, chunk.count)
            guard n == chunk.count else { try self.check(Int32(truncatingIfNeeded: n < 0 ? n : -30), "write \(name)"); return }
            written += Int64(n)
        }
        guard written == size else {
            throw ArchiveError.failed(path: path, operation: "write \(name)", message: "\(written) bytes written, \(size) announced")
        }
    }

    /// Finishes the archive (writes its trailer or central directory).
    public func close() throws {
        guard let a = handle else { return }
        try check(archive_write_close(a), "close")
        archive_write_free(a)
        handle = nil
    }
}

/// Reads archives written by `ArchiveWriter` (or any tar/zip libarchive understands).
public enum ArchiveReader {
    /// One entry's name and size.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var size: Int64
        public var mode: Int32
        public var mtime: Int64
    }

    /// Calls `body` with every entry and its bytes, in archive order.
    public static func forEach(path: String, _ body: (Entry, [UInt8]) throws -> Void) throws {
        guard let a = archive_read_new() else { throw ArchiveError.failed(path: path, operation: "open", message: "out of memory") }
        defer { archive_read_free(a) }
        archive_read_support_format_all(a)
        archive_read_support_filter_all(a)
        func fail(_ op: String) -> ArchiveError {
            .failed(path: path, operation: op, message: archive_error_string(a).map { String(cString: $0) } ?? "error")
        }
        guard archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK else { throw fail("open") }
        var entry: OpaquePointer?
        while true {
            let rc = archive_read_next_header(a, &entry)
            if rc == ARCHIVE_EOF { return }
            guard rc >= ARCHIVE_WARN, let e = entry else { throw fail("read header") }
            let info = Entry(name: String(cString: archive_entry_pathname(e)), size: archive_entry_size(e),
                             mode: Int32(archive_entry_perm(e)), mtime: Int64(archive_entry_mtime(e)))
            var bytes: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buf.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                if n == 0 { break }
                guard n > 0 else { throw fail("read \(info.name)") }
                bytes.append(contentsOf: buf[0..<n])
            }
            try body(info, bytes)
        }
    }

    /// Calls `begin` with every entry, then `chunk` with its bytes in pieces of up to 64 KiB (the
    /// buffer is only valid during the call), then `end`: entries of any size in bounded memory.
    public static func stream(path: String, begin: (Entry) throws -> Void, chunk: (UnsafeRawBufferPointer) throws -> Void,
                              end: () throws -> Void) throws {
        guard let a = archive_read_new() else { throw ArchiveError.failed(path: path, operation: "open", message: "out of memory") }
        defer { archive_read_free(a) }
        archive_read_support_format_all(a)
        archive_read_support_filter_all(a)
        func fail(_ op: String) -> ArchiveError {
            .failed(path: path, operation: op, message: archive_error_string(a).map { String(cString: $0) } ?? "error")
        }
        guard archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK else { throw fail("open") }
        var entry: OpaquePointer?
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let rc = archive_read_next_header(a, &entry)
            if rc == ARCHIVE_EOF { return }
            guard rc >= ARCHIVE_WARN, let e = entry else { throw fail("read header") }
            let info = Entry(name: String(cString: archive_entry_pathname(e)), size: archive_entry_size(e),
                             mode: Int32(archive_entry_perm(e)), mtime: Int64(archive_entry_mtime(e)))
            try begin(info)
            while true {
                let n = buf.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                if n == 0 { break }
                guard n > 0 else { throw fail("read \(info.name)") }
                try buf.withUnsafeBytes { try chunk(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
            try end()
        }
    }

    /// Every entry's name, size, mode and time.
    public static func list(path: String) throws -> [Entry] {
        var out: [Entry] = []
        try forEach(path: path) { e, _ in out.append(e) }
        return out
    }
}
