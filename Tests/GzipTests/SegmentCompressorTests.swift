import Foundation
import Gzip
import Testing

/// Compresses `input` with a `SegmentCompressor`, feeding it `pieceSize` bytes at a time and
/// collecting output as it becomes available.
func segmentGzip(_ input: [UInt8], threads: Int, chunkSize: Int, level: Int32 = 6, pieceSize: Int? = nil) throws -> [UInt8] {
    let c = try SegmentCompressor(level: level, threads: threads, chunkSize: chunkSize)
    var out: [UInt8] = []
    let step = max(1, pieceSize ?? input.count)
    var k = 0
    while k < input.count {
        let end = min(k + step, input.count)
        try input[k..<end].withUnsafeBytes { try c.write($0) }
        try c.takeOutput { out.append(contentsOf: $0) }
        k = end
    }
    try c.finish()
    try c.takeOutput { out.append(contentsOf: $0) }
    // Nothing more comes out afterwards.
    try c.takeOutput { Issue.record("takeOutput produced \($0.count) bytes after the trailer") }
    return out
}

/// Reads every gzip member of `bytes` (small buffers, to cross member boundaries mid-buffer).
func gunzipMembers(_ bytes: [UInt8]) throws -> [UInt8] {
    try readAll(GzipSource(MemorySource(bytes), allowConcatenatedMembers: true, chunkSize: 3), readSize: 11)
}

@Suite("SegmentCompressor (parallel gzip)")
struct SegmentCompressorTests {
    static let chunk = 4096

    static let payloads: [Payload] = [
        Payload(name: "empty", bytes: []),
        Payload(name: "one byte", bytes: [0x7B]),
        Payload(name: "one chunk minus one", bytes: Array(logText(lines: 100).prefix(chunk - 1))),
        Payload(name: "exactly one chunk", bytes: Array(logText(lines: 100).prefix(chunk))),
        Payload(name: "one chunk plus one", bytes: Array(logText(lines: 100).prefix(chunk + 1))),
        Payload(name: "exactly three chunks", bytes: Array(logText(lines: 300).prefix(3 * chunk))),
        Payload(name: "many chunks of log text", bytes: logText(lines: 1500)),
        Payload(name: "random incompressible", bytes: randomBytes(50_000, seed: 42)),
        Payload(name: "long repeats across the 32 KiB dictionary", bytes: {
            let block = randomBytes(20_000, seed: 8)
            return block + block + block + Array(block.prefix(10_000)) + block
        }()),
        Payload(name: "zeros", bytes: [UInt8](repeating: 0, count: 100_000)),
    ]

    @Test("identical bytes for 1, 2 and 4 threads and any write pattern; gzip and Gzip recover the input", arguments: payloads)
    func deterministicAndReadable(_ p: Payload) throws {
        let reference = try segmentGzip(p.bytes, threads: 1, chunkSize: Self.chunk)
        // gzip magic, deflate, no flags, mtime 0 (so equal input gives equal bytes).
        #expect(Array(reference.prefix(8)) == [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0])
        for threads in [1, 2, 4] {
            for piece in [nil, 1000, Self.chunk, 4097] as [Int?] {
                let out = try segmentGzip(p.bytes, threads: threads, chunkSize: Self.chunk, pieceSize: piece)
                #expect(out == reference, "threads \(threads), pieces of \(piece.map(String.init) ?? "all")")
            }
        }
        if p.bytes.count <= 5_000 {
            // One byte at a time as well.
            #expect(try segmentGzip(p.bytes, threads: 2, chunkSize: Self.chunk, pieceSize: 1) == reference)
        }

        // A segment may be one gzip member or several (RFC 1952 allows a series); the store reads it
        // with members allowed, and a single-member segment also passes the strict one-shot reader.
        #expect(try gunzipMembers(reference) == p.bytes)
        if p.bytes.count <= Self.chunk { #expect(try Gzip.decompress(reference) == p.bytes) }

        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = try dir.write("segment.jsonl.gz", reference)
        let dc = try runTool(gzipPath, ["-dc", path])
        #expect(dc.status == 0, "gzip -dc failed: \(dc.stderr)")
        #expect(Array(dc.stdout) == p.bytes)
        let t = try runTool(gzipPath, ["-t", path])
        #expect(t.status == 0, "gzip -t: \(t.stderr)")
    }

    @Test("levels 1, 6 and 9", arguments: [Int32(1), 6, 9])
    func levels(level: Int32) throws {
        let input = logText(lines: 600) + randomBytes(9_000, seed: 1)
        let one = try segmentGzip(input, threads: 1, chunkSize: Self.chunk, level: level)
        let two = try segmentGzip(input, threads: 2, chunkSize: Self.chunk, level: level, pieceSize: 777)
        #expect(one == two)
        #expect(try gunzipMembers(one) == input)
        #expect(one.count < input.count / 2)
    }

    @Test func defaultChunkSizeWithFourThreads() throws {
        let input = logText(lines: 30_000) // about 2.5 MiB: three default chunks
        #expect(input.count > 2 * SegmentCompressor.defaultChunk)
        let one = try segmentGzip(input, threads: 1, chunkSize: SegmentCompressor.defaultChunk)
        let four = try segmentGzip(input, threads: 4, chunkSize: SegmentCompressor.defaultChunk, pieceSize: 65_536)
        #expect(one == four)
        #expect(try gunzipMembers(four) == input)
        #expect(four.count < input.count / 3)
    }

    @Test func outOfRangeLevelIsRefused() {
        #expect(throws: GzipError.self) { try SegmentCompressor(level: 13, threads: 1) }
        #expect(throws: GzipError.self) { try SegmentCompressor(level: -1, threads: 2) }
    }
}
