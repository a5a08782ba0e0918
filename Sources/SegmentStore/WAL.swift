#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Gzip
import TrailModel

/// One record as the WAL holds it: the event line plus what sealing and dedupe need without
/// re-parsing it (event time, dedupe key).
public struct WALRecord {
    public var time: Int64
    public var key: DedupeKey?
    public var line: UnsafeRawBufferPointer
}

/// The write-ahead log of one source's open segment.
///
/// File: the 16-byte header `SEALTRAIL-WAL/1\n`, then frames `u32le length ‖ u32le crc32(payload) ‖
/// payload`, payload = `u8 flags ‖ i64le time µs ‖ [16-byte dedupe key if flags & 1] ‖ event line`.
/// Appends are buffered and written + fsync'd by `commit()`; only then is a batch acknowledged.
public final class WALWriter {
    static let header: [UInt8] = Array("SEALTRAIL-WAL/1\n".utf8)
    public let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let flushAt = 4 << 20
    /// Bytes in the file once everything buffered is written.
    public private(set) var logicalSize: Int64
    /// Called before buffered frames are written (the writer makes new subject keys durable here).
    public var beforeWrite: (() throws -> Void)?

    /// Opens (creating if needed) the WAL at `path`, appending after `validLength` bytes.
    public init(path: String, validLength: Int64) throws {
        self.path = path
        fd = try FS.open(path, O_WRONLY | O_CREAT, 0o644)
        if validLength == 0 {
            guard ftruncate(fd, 0) == 0 else { throw StoreError.io(path: path, reason: FS.reason()) }
            buffer.append(contentsOf: Self.header)
            logicalSize = Int64(Self.header.count)
        } else {
            guard ftruncate(fd, off_t(validLength)) == 0 else { throw StoreError.io(path: path, reason: FS.reason()) }
            logicalSize = validLength
        }
        guard lseek(fd, off_t(validLength), SEEK_SET) >= 0 else { throw StoreError.io(path: path, reason: FS.reason()) }
        buffer.reserveCapacity(flushAt + (1 << 16))
    }

    deinit {
        pendingSync?.wait()
        close(fd)
    }

    /// Buffers one record.
    public func append(line: UnsafeRawBufferPointer, time: Int64, key: DedupeKey?) throws {
        let payloadLen = 1 + 8 + (key == nil ? 0 : 16) + line.count
        let frameStart = buffer.count
        // length, CRC (patched below), flags, time: 17 bytes in one append.
        withUnsafeBytes(of: (UInt32(payloadLen).littleEndian, UInt32(0), UInt8(key == nil ? 0 : 1))) {
            buffer.appendBytes(UnsafeRawBufferPointer(rebasing: $0[0..<9]))
        }
        withUnsafeBytes(of: time.littleEndian) { buffer.appendBytes($0) }
        if let key { key.append(to: &buffer) }
        buffer.appendBytes(line)
        let crc = buffer.withUnsafeBytes { Gzip.fastCRC32(UnsafeRawBufferPointer(rebasing: $0[(frameStart + 8)...])) }
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: crc.littleEndian, toByteOffset: frameStart + 4, as: UInt32.self) }
        logicalSize += Int64(8 + payloadLen)
        if buffer.count >= flushAt { try writeBuffer() }
    }

    private func writeBuffer() throws {
        guard !buffer.isEmpty else { return }
        try beforeWrite?()
        try buffer.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) }
        FS.startWriteback(fd, offset: logicalSize - Int64(buffer.count), count: buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes everything buffered and fsyncs: after this returns, the records survive power loss.
    public func commit() throws {
        try writeBuffer()
        try waitForBackgroundSync()
        try FS.fsync(fd, path: path)
    }

    // MARK: Background fsync

    private static let syncQueue = DispatchQueue(label: "sealtrail.wal.fsync")
    private var pendingSync: DispatchGroup?
    private let syncFailure = FailureBox()

    /// Writes everything buffered and starts its fsync on another thread, after the previous one has
    /// finished. The records are NOT acknowledged when this returns: only a later `commit()` (which
    /// waits for this fsync and then syncs again) acknowledges them. A batch ingest uses this between
    /// its acknowledged points so the disk flushes one batch while the next is parsed.
    public func commitInBackground() throws {
        try writeBuffer()
        try waitForBackgroundSync()
        let group = DispatchGroup()
        Self.syncQueue.async(group: group) { [fd, path, syncFailure] in
            if Glibc.fsync(fd) != 0 { syncFailure.set(StoreError.io(path: path, reason: "fsync: " + FS.reason())) }
        }
        pendingSync = group
    }

    /// Waits for the fsync `commitInBackground()` started (on the sealer thread, for a handed-off WAL).
    public func awaitBackgroundSync() throws { try waitForBackgroundSync() }

    /// The fsync in flight, to be waited on elsewhere (see `TrailWriter.beginCommit`).
    var backgroundSync: (DispatchGroup, FailureBox)? { pendingSync.map { ($0, syncFailure) } }

    /// Waits for a background fsync in flight and rethrows its failure.
    private func waitForBackgroundSync() throws {
        guard let group = pendingSync else { return }
        group.wait()
        pendingSync = nil
        if let e = syncFailure.take() { throw e }
    }
}

/// The first failure of work on another thread (a background fsync, a second index connection),
/// handed to the thread that waits for it.
public final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    public init() {}
    public func set(_ e: Error) { lock.withLock { if error == nil { error = e } } }
    public func take() -> Error? { lock.withLock { defer { error = nil }; return error } }
    public func peek() -> Error? { lock.withLock { error } }
}

/// Reads a WAL back: on recovery (finding a torn tail) and when a segment is rebuilt from it.
public enum WALReader {
    /// The result of scanning a WAL.
    public struct Scan {
        /// Bytes up to the end of the last complete frame.
        public var validLength: Int64
        /// Bytes after it (a write cut short by a crash), 0 when clean.
        public var tornBytes: Int64
        public var records: Int
    }

    /// Walks every complete frame, calling `body` for each. A damaged or incomplete frame at the end
    /// is a torn tail (reported in the scan); a damaged frame followed by more data is corruption
    /// and throws `StoreError.walCorrupt` with its offset, because acknowledged records follow it.
    @discardableResult
    public static func scan(path: String, _ body: (WALRecord) throws -> Void = { _ in }) throws -> Scan {
        let fileSize = try FS.size(path)
        if fileSize == 0 { return Scan(validLength: 0, tornBytes: 0, records: 0) }
        let src = try FileSource(path: path)
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var start = 0, end = 0, eof = false
        var fileOffset: Int64 = 0 // offset of buf[start]
        func ensure(_ n: Int) throws -> Bool {
            while end - start < n && !eof {
                if start > 0 {
                    let k = end - start
                    buf.withUnsafeMutableBytes { raw in
                        if k > 0 { raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: k) }
                    }
                    start = 0; end = k
                }
                if buf.count < n { buf.append(contentsOf: [UInt8](repeating: 0, count: n - buf.count)) }
                let cap = buf.count
                let got = try buf.withUnsafeMutableBytes { try src.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[end..<cap])) }
                if got == 0 { eof = true }
                end += got
            }
            return end - start >= n
        }
        let h = WALWriter.header.count
        guard try ensure(h), Array(buf[start..<start + h]) == WALWriter.header else {
            if fileSize < Int64(h) { return Scan(validLength: 0, tornBytes: fileSize, records: 0) }
            throw StoreError.walCorrupt(path: path, offset: 0, reason: "not a Sealtrail WAL (bad header)")
        }
        start += h; fileOffset = Int64(h)
        var records = 0
        while true {
            if try !ensure(1) { return Scan(validLength: fileOffset, tornBytes: 0, records: records) }
            let torn = Scan(validLength: fileOffset, tornBytes: fileSize - fileOffset, records: records)
            guard try ensure(8) else { return torn }
            let (len, crc) = buf.withUnsafeBytes { raw in
                (Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))),
                 UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self)))
            }
            let frameEnd = fileOffset + 8 + Int64(len)
            if len < 9 || frameEnd > fileSize {
                if frameEnd > fileSize || fileOffset + 8 + 9 > fileSize { return torn }
                throw StoreError.walCorrupt(path: path, offset: fileOffset, reason: "impossible frame length \(len)")
            }
            guard try ensure(8 + len) else { return torn }
            let ok: Bool = try buf.withUnsafeBytes { raw in
                let payload = UnsafeRawBufferPointer(rebasing: raw[(start + 8)..<(start + 8 + len)])
                guard Gzip.fastCRC32(payload) == crc else { return false }
                let flags = payload[0]
                let time = Int64(littleEndian: payload.loadUnaligned(fromByteOffset: 1, as: Int64.self))
                var at = 9
                var key: DedupeKey?
                if flags & 1 == 1 {
                    guard len >= 25 else { return false }
                    key = DedupeKey(bytes: UnsafeRawBufferPointer(rebasing: payload[9..<25]))
                    at = 25
                }
                try body(WALRecord(time: time, key: key, line: UnsafeRawBufferPointer(rebasing: payload[at...])))
                return true
            }
            if !ok {
                if frameEnd == fileSize { return torn }
                throw StoreError.walCorrupt(path: path, offset: fileOffset, reason: "checksum mismatch with \(fileSize - frameEnd) bytes of later records after it")
            }
            records += 1
            start += 8 + len
            fileOffset = frameEnd
        }
    }
}
