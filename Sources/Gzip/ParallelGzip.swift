import CLibdeflate
import Foundation

/// Compresses a segment on several cores into a gzip file of one member per 1 MiB chunk.
///
/// RFC 1952 defines a gzip file as a series of members; `gzip -dc`, `zcat` and Python's `gzip`
/// read them as one stream. Each member is produced by libdeflate (at the same level numbers as
/// gzip), which runs about twice as fast as zlib's deflate at level 6 and compresses slightly better;
/// zlib alone cannot compress the ~2.5× larger sealed form of the input as fast as `gzip -6` reads the
/// input (measured in docs/benchmarks.md). The output depends only on the input, the level and the
/// chunk size, never on the number of threads or their timing, so equal input gives equal bytes.
///
/// Hand-written: neither zlib nor a listed package compresses on several threads.
public final class SegmentCompressor: @unchecked Sendable {
    public static let defaultChunk = 1 << 20

    private let level: Int32
    private let chunkSize: Int
    private let threads: Int
    private var current = Buffer()
    private var nextSeq = 0
    private var nextOut = 0
    private var finished = false
    private let lock = NSCondition()
    private var results: [Int: Buffer] = [:]
    /// Buffers done with (input chunks, members), reused so that steady-state compression allocates
    /// (and page-faults) nothing.
    private var spareInputs: [Buffer] = []
    private var spareMembers: [Buffer] = []
    private var failure: GzipError?
    private var inFlight = 0
    private var pool: [OpaquePointer] = []
    private let queue = DispatchQueue(label: "sealtrail.deflate", attributes: .concurrent)

    /// `threads` ≤ 1 compresses on the calling thread.
    public init(level: Int32, threads: Int, chunkSize: Int = SegmentCompressor.defaultChunk) throws {
        guard (1...12).contains(level) else { throw GzipError.initFailed(code: level) }
        self.level = level
        self.threads = max(1, threads)
        self.chunkSize = chunkSize
        current.bytes.reserveCapacity(chunkSize)
    }

    deinit {
        lock.lock()
        while inFlight > 0 { lock.wait() }
        lock.unlock()
        for c in pool { libdeflate_free_compressor(c) }
    }

    /// Adds input bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            let take = min(chunkSize - current.bytes.count, rest.count)
            current.bytes.append(contentsOf: UnsafeBufferPointer(start: rest.baseAddress?.assumingMemoryBound(to: UInt8.self), count: take))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if current.bytes.count == chunkSize { try submit() }
        }
    }

    private func compressor() throws -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        if let c = pool.popLast() { return c }
        guard let c = libdeflate_alloc_compressor(level) else { throw GzipError.initFailed(code: level) }
        return c
    }

    private func spareBuffer(member: Bool) -> Buffer {
        lock.lock()
        defer { lock.unlock() }
        return (member ? spareMembers.popLast() : spareInputs.popLast()) ?? Buffer()
    }

    /// Compresses `chunk` into one gzip member in a buffer of its own; nil if libdeflate fails.
    private func member(_ chunk: Buffer, _ c: OpaquePointer) -> Buffer? {
        let out = spareBuffer(member: true)
        let bound = libdeflate_gzip_compress_bound(c, chunk.bytes.count)
        if out.bytes.count < bound { out.bytes = [UInt8](repeating: 0, count: bound) }
        out.used = chunk.bytes.withUnsafeBytes { src in
            out.bytes.withUnsafeMutableBytes { dst in
                libdeflate_gzip_compress(c, src.baseAddress, src.count, dst.baseAddress, dst.count)
            }
        }
        chunk.bytes.removeAll(keepingCapacity: true)
        lock.lock(); spareInputs.append(chunk); lock.unlock()
        return out.used > 0 ? out : nil
    }

    private func submit() throws {
        let chunk = current
        current = spareBuffer(member: false)
        if current.bytes.capacity < chunkSize { current.bytes.reserveCapacity(chunkSize) }
        guard !chunk.bytes.isEmpty else { return }
        let seq = nextSeq
        nextSeq += 1
        let c = try compressor()
        if threads == 1 {
            guard let m = member(chunk, c) else { throw GzipError.initFailed(code: -1) }
            lock.lock(); results[seq] = m; pool.append(c); lock.unlock()
            return
        }
        lock.lock()
        while inFlight >= threads * 2 { lock.wait() }
        inFlight += 1
        lock.unlock()
        let box = CompressorBox(c)
        queue.async {
            let m = self.member(chunk, box.pointer)
            self.lock.lock()
            if let m { self.results[seq] = m } else { self.failure = .initFailed(code: -1) }
            self.pool.append(box.pointer)
            self.inFlight -= 1
            self.lock.broadcast()
            self.lock.unlock()
        }
    }

    /// Hands finished members, in order, to `body`.
    public func takeOutput(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            lock.lock()
            if let f = failure { lock.unlock(); throw f }
            let r = results.removeValue(forKey: nextOut)
            lock.unlock()
            guard let r else { return }
            nextOut += 1
            try r.bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<r.used])) }
            lock.lock(); spareMembers.append(r); lock.unlock()
        }
    }

    /// Compresses the last chunk and waits for every worker; `takeOutput` then yields the rest.
    public func finish() throws {
        guard !finished else { return }
        if current.bytes.isEmpty && nextSeq == 0 { try emptyMember() } else { try submit() }
        lock.lock()
        while inFlight > 0 { lock.wait() }
        lock.unlock()
        finished = true
    }

    /// An empty input still makes a valid gzip file (one empty member).
    private func emptyMember() throws {
        let c = try compressor()
        guard let m = member(Buffer(), c) else { throw GzipError.initFailed(code: -1) }
        lock.lock(); results[nextSeq] = m; nextSeq += 1; pool.append(c); lock.unlock()
    }
}

/// Bytes handed between the writer and the workers: input chunks use `bytes` as they grow, members
/// use the first `used` bytes of `bytes`.
private final class Buffer: @unchecked Sendable {
    var bytes: [UInt8] = []
    var used = 0
}

/// Hands one libdeflate compressor to one worker at a time (the pool's lock guarantees exclusivity).
private struct CompressorBox: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
