import CZlib
import Foundation

/// Compresses one gzip member on several cores, pigz-style.
///
/// The input is cut into fixed-size chunks; each chunk is raw-deflated on its own with the previous
/// 32 KiB of input as its preset dictionary and ends with a sync flush (the last with the final
/// block), so the chunks concatenate into one valid deflate stream inside one gzip header and
/// trailer. The output depends only on the input, the level and the chunk size, never on the
/// number of threads or their timing, so the same input always gives the same bytes.
///
/// Hand-written: zlib has no multi-threaded mode and no listed package provides one.
public final class SegmentCompressor: @unchecked Sendable {
    public static let defaultChunk = 1 << 20
    private static let dictSize = 32 * 1024

    private let level: Int32
    private let chunkSize: Int
    private let threads: Int
    private var current: [UInt8] = []
    private var previousTail: [UInt8] = []
    private var crc: uLong = 0
    private var total: UInt64 = 0
    private var nextSeq = 0
    private var nextOut = 0
    private var headerWritten = false
    private var finished = false
    private let lock = NSCondition()
    private var results: [Int: Result<[UInt8], GzipError>] = [:]
    private var inFlight = 0
    private var ready: [[UInt8]] = []
    private let queue = DispatchQueue(label: "sealtrail.deflate", attributes: .concurrent)

    /// `threads` ≤ 1 compresses on the calling thread.
    public init(level: Int32, threads: Int, chunkSize: Int = SegmentCompressor.defaultChunk) throws {
        guard (0...9).contains(level) else { throw GzipError.initFailed(code: Z_STREAM_ERROR) }
        self.level = level
        self.threads = max(1, threads)
        self.chunkSize = chunkSize
        current.reserveCapacity(chunkSize)
    }

    /// Adds input bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        crc = CZlib.crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        total &+= UInt64(bytes.count)
        var rest = bytes
        while !rest.isEmpty {
            let take = min(chunkSize - current.count, rest.count)
            current.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<take]))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if current.count == chunkSize { try submit(last: false) }
        }
    }

    private func submit(last: Bool) throws {
        let chunk = current
        let dict = previousTail
        previousTail = chunk.count >= Self.dictSize ? Array(chunk.suffix(Self.dictSize)) : Array((dict + chunk).suffix(Self.dictSize))
        current = []
        current.reserveCapacity(chunkSize)
        let seq = nextSeq
        nextSeq += 1
        if threads == 1 {
            results[seq] = Self.deflateChunk(chunk, dict: dict, level: level, last: last)
            return
        }
        lock.lock()
        while inFlight >= threads * 2 { lock.wait() }
        inFlight += 1
        lock.unlock()
        let level = self.level
        queue.async {
            let r = Self.deflateChunk(chunk, dict: dict, level: level, last: last)
            self.lock.lock()
            self.results[seq] = r
            self.inFlight -= 1
            self.lock.broadcast()
            self.lock.unlock()
        }
    }

    /// Hands finished compressed bytes, in order, to `body`.
    public func takeOutput(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if !headerWritten {
            headerWritten = true
            let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
            try header.withUnsafeBytes(body)
        }
        while true {
            lock.lock()
            let r = results.removeValue(forKey: nextOut)
            lock.unlock()
            guard let r else { break }
            nextOut += 1
            switch r {
            case let .success(bytes): try bytes.withUnsafeBytes(body)
            case let .failure(e): throw e
            }
        }
        if finished && nextOut == nextSeq {
            var trailer: [UInt8] = []
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: crc).littleEndian) { trailer.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: total).littleEndian) { trailer.append(contentsOf: $0) }
            try trailer.withUnsafeBytes(body)
            nextOut += 1 // trailer emitted once
        }
    }

    /// Compresses the last chunk and waits for every worker; `takeOutput` then yields the rest and the trailer.
    public func finish() throws {
        guard !finished else { return }
        try submit(last: true)
        lock.lock()
        while inFlight > 0 { lock.wait() }
        lock.unlock()
        finished = true
    }

    static func deflateChunk(_ chunk: [UInt8], dict: [UInt8], level: Int32, last: Bool) -> Result<[UInt8], GzipError> {
        var s = z_stream()
        var rc = deflateInit2_(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { return .failure(.initFailed(code: rc)) }
        defer { deflateEnd(&s) }
        if !dict.isEmpty {
            rc = dict.withUnsafeBytes { deflateSetDictionary(&s, $0.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt($0.count)) }
            guard rc == Z_OK else { return .failure(.initFailed(code: rc)) }
        }
        let bound = Int(deflateBound(&s, uLong(chunk.count))) + 64
        var out = [UInt8](repeating: 0, count: bound)
        let produced: Int = chunk.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                s.next_in = UnsafeMutablePointer(mutating: src.baseAddress?.assumingMemoryBound(to: Bytef.self))
                s.avail_in = uInt(src.count)
                s.next_out = dst.baseAddress!.assumingMemoryBound(to: Bytef.self)
                s.avail_out = uInt(dst.count)
                rc = deflate(&s, last ? Z_FINISH : Z_SYNC_FLUSH)
                return dst.count - Int(s.avail_out)
            }
        }
        guard (last && rc == Z_STREAM_END) || (!last && rc == Z_OK) else { return .failure(.initFailed(code: rc)) }
        out.removeSubrange(produced...)
        return .success(out)
    }
}
