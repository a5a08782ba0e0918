#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Something bytes are read from in order: a file, a pipe, memory, or a decompressor over one of these.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file descriptor (a file, or standard input).
public final class FileSource: ByteSource {
    public let fd: Int32
    public let path: String
    private let owns: Bool
    /// Bytes read so far.
    public private(set) var offset: Int64 = 0

    /// Opens `path` for reading.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GzipError.io(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd; self.path = path; owns = true
    }

    /// Reads an already open descriptor (standard input is `FileSource(fd: 0, path: "-")`).
    public init(fd: Int32, path: String) {
        self.fd = fd; self.path = path; owns = false
    }

    deinit { if owns { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { offset += Int64(n); return n }
            if errno == EINTR { continue }
            throw GzipError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Reads from an array.
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var pos = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - pos)
        if n > 0 {
            bytes.withUnsafeBytes { src in buffer.baseAddress!.copyMemory(from: src.baseAddress! + pos, byteCount: n) }
            pos += n
        }
        return n
    }
}

/// Decompresses a gzip stream from another source, strictly: a damaged byte, a wrong CRC-32 or
/// length, a stream that stops early, or bytes after the member each raise a `GzipError` naming the
/// compressed offset. With `allowConcatenatedMembers` (input logs from `cat a.gz b.gz`), a following
/// member is read on as RFC 1952 allows.
public final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private var stream = z_stream()
    private var inBuf: [UInt8]
    private var inStart = 0, inEnd = 0
    private var ended = false
    private var upstreamEOF = false
    private let allowMembers: Bool
    /// Compressed bytes consumed by inflate so far.
    public private(set) var compressedOffset: Int64 = 0
    private var consumedBase: Int64 = 0

    public init(_ upstream: ByteSource, allowConcatenatedMembers: Bool = true, chunkSize: Int = 1 << 18) {
        self.upstream = upstream
        self.allowMembers = allowConcatenatedMembers
        inBuf = [UInt8](repeating: 0, count: chunkSize)
        _ = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    }

    deinit { inflateEnd(&stream) }

    private func fill() throws {
        if inStart < inEnd || upstreamEOF { return }
        let n = try inBuf.withUnsafeMutableBytes { try upstream.read(into: $0) }
        inStart = 0; inEnd = n
        if n == 0 { upstreamEOF = true }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if ended || buffer.isEmpty { return 0 }
        while true {
            try fill()
            if inStart == inEnd && upstreamEOF { throw GzipError.truncated(compressedOffset: compressedOffset) }
            let avail = inEnd - inStart
            let (rc, consumed, produced): (Int32, Int, Int) = inBuf.withUnsafeMutableBytes { src in
                stream.next_in = src.baseAddress!.advanced(by: inStart).assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(avail)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let rc = inflate(&stream, Z_NO_FLUSH)
                return (rc, avail - Int(stream.avail_in), buffer.count - Int(stream.avail_out))
            }
            inStart += consumed
            compressedOffset += Int64(consumed)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if rc == Z_BUF_ERROR && consumed == 0 && inStart < inEnd {
                    throw GzipError.corrupt(reason: "inflate made no progress", compressedOffset: compressedOffset)
                }
            case Z_STREAM_END:
                try afterMember()
                if produced > 0 || ended { return produced }
            case Z_NEED_DICT, Z_DATA_ERROR:
                let msg = stream.msg.map { String(cString: $0) } ?? "invalid deflate data"
                throw GzipError.corrupt(reason: msg, compressedOffset: compressedOffset)
            default:
                throw GzipError.corrupt(reason: "zlib error \(rc)", compressedOffset: compressedOffset)
            }
        }
    }

    private func afterMember() throws {
        try fill()
        if inStart == inEnd && upstreamEOF { ended = true; return }
        if !allowMembers { throw GzipError.trailingData(compressedOffset: compressedOffset) }
        // A next member must start with the gzip magic; anything else is trailing garbage.
        if inEnd - inStart >= 1 && inBuf[inStart] != 0x1F { throw GzipError.trailingData(compressedOffset: compressedOffset) }
        inflateReset(&stream)
    }
}

/// Opens a file for reading and decompresses it when it starts with the gzip magic bytes.
public func openMaybeGzip(path: String) throws -> (ByteSource, compressed: Bool) {
    let probe = try FileSource(path: path)
    var magic = [UInt8](repeating: 0, count: 2)
    let n = try magic.withUnsafeMutableBytes { try probe.read(into: $0) }
    let file = try FileSource(path: path)
    if n == 2 && magic[0] == 0x1F && magic[1] == 0x8B { return (GzipSource(file), true) }
    return (file, false)
}
