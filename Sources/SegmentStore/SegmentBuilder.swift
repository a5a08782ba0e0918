#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Gzip
import Sealing
import TrailModel

/// What a finished segment file holds, measured while it was written.
public struct SegmentSummary: Sendable {
    public var records: Int64
    public var firstTime: Int64
    public var lastTime: Int64
    public var merkleRoot: Hash32
    public var contentSHA256: Hash32
    public var fileSHA256: Hash32
    public var fileBytes: Int64
    public var contentBytes: Int64
    public var leaves: [UInt8]
}

/// Builds one segment in a single pass: each line is leaf-hashed, content-hashed and compressed as
/// it arrives, into a temp file that `finish()` fsyncs. Memory: the compressor's buffers plus 32
/// bytes of leaf hash per record (kept so `verify` can name a damaged record later).
final class SegmentBuilder {
    let tempPath: String
    private let fd: Int32
    private var compressor: SegmentCompressor
    private var content = SHA256()
    private var file = SHA256()
    private var roots = Merkle.RootBuilder()
    private var leaves: [UInt8] = []
    private(set) var records: Int64 = 0
    private(set) var contentBytes: Int64 = 0
    private var firstTime = Int64.max
    private var lastTime = Int64.min
    private var fileBytes: Int64 = 0
    private var outBuf: [UInt8] = []

    init(tempPath: String, level: Int32, threads: Int) throws {
        self.tempPath = tempPath
        fd = try FS.open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        compressor = try SegmentCompressor(level: level, threads: threads)
    }

    deinit { close(fd) }

    /// Adds one event line (without newline).
    func append(line: UnsafeRawBufferPointer, time: Int64, leaf known: SIMD32<UInt8>? = nil) throws {
        let leaf = known.map(Hash32.init(storage:)) ?? Merkle.leafHash(line)
        roots.append(leaf)
        withUnsafeBytes(of: leaf.storage) { leaves.appendBytes($0) }
        content.update(bufferPointer: line)
        withUnsafeBytes(of: UInt8(0x0A)) { content.update(bufferPointer: $0) }
        try compressor.write(line)
        try compressor.write(newline)
        records += 1
        contentBytes += Int64(line.count + 1)
        if time < firstTime { firstTime = time }
        if time > lastTime { lastTime = time }
        try drain()
    }

    private let newline: UnsafeRawBufferPointer = {
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
        p[0] = 0x0A
        return UnsafeRawBufferPointer(p)
    }()

    private func drain() throws {
        try compressor.takeOutput { chunk in
            file.update(bufferPointer: chunk)
            try FS.writeAll(fd, chunk, path: tempPath)
            FS.startWriteback(fd, offset: fileBytes, count: chunk.count)
            fileBytes += Int64(chunk.count)
        }
    }

    /// Ends the gzip member, fsyncs the temp file and returns what it holds.
    func finish() throws -> SegmentSummary {
        try compressor.finish()
        try drain()
        try FS.fsync(fd, path: tempPath)
        return SegmentSummary(records: records, firstTime: firstTime, lastTime: lastTime, merkleRoot: roots.root(),
                              contentSHA256: Hash32(content.finalize()), fileSHA256: Hash32(file.finalize()),
                              fileBytes: fileBytes, contentBytes: contentBytes, leaves: leaves)
    }
}
