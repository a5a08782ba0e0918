import CLibdeflate
import CZlib

/// Streams bytes into one gzip member (RFC 1952) through zlib's deflate.
///
/// The header zlib writes has no name and mtime 0, so equal input and level give equal bytes.
/// Compressed output is handed to `sink` in chunks; the writer keeps no more than one chunk.
public final class GzipWriter {
    private var stream = z_stream()
    private var out: [UInt8]
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var finished = false
    /// Uncompressed bytes consumed so far.
    public private(set) var bytesIn: Int64 = 0
    /// Compressed bytes produced so far.
    public private(set) var bytesOut: Int64 = 0

    /// Starts a member at `level` (0–9). `sink` receives compressed chunks in order.
    public init(level: Int32 = 6, chunkSize: Int = 1 << 18, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        out = [UInt8](repeating: 0, count: chunkSize)
        let rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GzipError.initFailed(code: rc) }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        bytesIn += Int64(bytes.count)
        try run(bytes, flush: Z_NO_FLUSH)
    }

    /// Compresses an array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Ends the member (writes the CRC-32 and length trailer). Further writes are an error.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        let cap = out.count
        while true {
            let (rc, produced): (Int32, Int) = out.withUnsafeMutableBytes { o in
                stream.next_out = o.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(cap)
                let rc = deflate(&stream, flush)
                return (rc, cap - Int(stream.avail_out))
            }
            if rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR { throw GzipError.initFailed(code: rc) }
            if produced > 0 {
                bytesOut += Int64(produced)
                try out.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && produced < cap {
                return
            }
        }
    }
}

/// One-shot helpers.
public enum Gzip {
    /// Compresses `bytes` into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var result: [UInt8] = []
        let w = try GzipWriter(level: level) { result.append(contentsOf: $0) }
        try w.write(bytes)
        try w.finish()
        return result
    }

    /// Decompresses a gzip file (one or more members); bytes after the last member are an error.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        try decompress(bytes, limit: .max)
    }

    /// Inflates gzip data (one or more members), refusing with `GzipError.tooLarge` as soon as the
    /// output passes `limit` bytes, so a small body cannot expand into gigabytes.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        let src = GzipSource(MemorySource(bytes), allowConcatenatedMembers: true)
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buf.withUnsafeMutableBytes { try src.read(into: $0) }
            if n == 0 { return out }
            guard out.count + n <= limit else { throw GzipError.tooLarge(limit: limit) }
            out.append(contentsOf: buf[0..<n])
        }
    }

    /// CRC-32 (same polynomial and values as `crc32`) computed by libdeflate's carry-less-multiply
    /// implementation, several times faster than zlib's on the WAL's hot path.
    public static func fastCRC32(_ bytes: UnsafeRawBufferPointer, crc: UInt32 = 0) -> UInt32 {
        libdeflate_crc32(crc, bytes.baseAddress, bytes.count)
    }

    /// CRC-32 (the gzip/zlib polynomial) of `bytes`, continuing from `crc`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return UInt32(CZlib.crc32(uLong(crc), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }
}
