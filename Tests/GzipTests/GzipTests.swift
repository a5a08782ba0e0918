import Foundation
import Gzip
import Testing

/// A named input.
struct Payload: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var testDescription: String { "\(name) (\(bytes.count) B)" }
}

enum Payloads {
    static let empty = Payload(name: "empty", bytes: [])
    static let oneByte = Payload(name: "one byte", bytes: [0x0A])
    static let hello = Payload(name: "hello", bytes: Array("hello, audit trail\n".utf8))
    static let log = Payload(name: "log text", bytes: logText(lines: 2000))
    static let random = Payload(name: "random", bytes: randomBytes(300_000, seed: 7))
    static let zeros = Payload(name: "zeros", bytes: [UInt8](repeating: 0, count: (1 << 20) + 3))
    static let all = [empty, oneByte, hello, log, random, zeros]
}

@Suite("Gzip one-shot, writer and reader")
struct GzipTests {
    @Test("compress → decompress", arguments: Payloads.all, [Int32(0), 1, 6, 9])
    func roundtrip(_ p: Payload, level: Int32) throws {
        let gz = try Gzip.compress(p.bytes, level: level)
        #expect(Array(gz.prefix(4)) == [0x1F, 0x8B, 0x08, 0x00], "gzip magic, deflate, no flags")
        #expect(Array(gz[4..<8]) == [0, 0, 0, 0], "mtime 0 so equal input gives equal bytes")
        #expect(try Gzip.decompress(gz) == p.bytes)
        #expect(try Gzip.compress(p.bytes, level: level) == gz, "not deterministic")
        // The trailer holds CRC-32 and length, little-endian.
        let crc = p.bytes.withUnsafeBytes { Gzip.crc32($0) }
        let trailer = Array(gz.suffix(8))
        #expect(trailer[0..<4].reversed().reduce(0) { $0 << 8 | UInt32($1) } == crc)
        #expect(trailer[4..<8].reversed().reduce(0) { $0 << 8 | UInt32($1) } == UInt32(truncatingIfNeeded: p.bytes.count))
    }

    @Test("gzip -dc reads our output; we read gzip's", arguments: Payloads.all)
    func interoperatesWithGzipTool(_ p: Payload) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let ours = try dir.write("ours.gz", try Gzip.compress(p.bytes))
        let dc = try runTool(gzipPath, ["-dc", ours])
        #expect(dc.status == 0, "gzip -dc failed: \(dc.stderr)")
        #expect(Array(dc.stdout) == p.bytes)

        // gzip's own output, with a file name in the header (FNAME) and an mtime.
        let plain = try dir.write("plain.txt", p.bytes)
        let theirs = try runTool(gzipPath, ["-c", "-9", plain])
        #expect(theirs.status == 0, "\(theirs.stderr)")
        #expect(theirs.stdout[theirs.stdout.startIndex + 3] & 0x08 != 0, "expected an FNAME header")
        #expect(try Gzip.decompress(Array(theirs.stdout)) == p.bytes)
    }

    @Test func crc32KnownValues() {
        #expect(Array("123456789".utf8).withUnsafeBytes { Gzip.crc32($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { Gzip.crc32($0) } == 0)
        let a = Array("The quick brown fox ".utf8), b = Array("jumps over the lazy dog".utf8)
        #expect((a + b).withUnsafeBytes { Gzip.crc32($0) } == 0x414F_A339)
        let first = a.withUnsafeBytes { Gzip.crc32($0) }
        #expect(b.withUnsafeBytes { Gzip.crc32($0, crc: first) } == 0x414F_A339)
    }

    @Test("GzipWriter streams in pieces", arguments: [1, 7, 4096, 100_000])
    func writerInPieces(pieceSize: Int) throws {
        let input = Payloads.log.bytes + randomBytes(20_000, seed: 3)
        var out: [UInt8] = []
        var largestChunk = 0
        let w = try GzipWriter(level: 6, chunkSize: 512) { chunk in
            out.append(contentsOf: chunk)
            largestChunk = max(largestChunk, chunk.count)
        }
        var k = 0
        while k < input.count {
            let end = min(k + pieceSize, input.count)
            try w.write(Array(input[k..<end]))
            k = end
        }
        try w.write([UInt8]()) // an empty write is harmless
        try w.finish()
        try w.finish() // a second finish is a no-op
        #expect(largestChunk <= 512)
        #expect(w.bytesIn == Int64(input.count))
        #expect(w.bytesOut == Int64(out.count))
        #expect(try Gzip.decompress(out) == input)
    }

    @Test("GzipSource reads the same bytes whatever the buffer sizes", arguments: [(1 << 18, 1 << 16), (1, 1), (3, 7), (64, 4096), (4096, 1)])
    func sourceBufferSizes(chunkSize: Int, readSize: Int) throws {
        let input = logText(lines: 300) + [UInt8](repeating: 0x41, count: 70_000) + randomBytes(5_000, seed: 11)
        let gz = try Gzip.compress(input)
        let src = GzipSource(MemorySource(gz), allowConcatenatedMembers: false, chunkSize: chunkSize)
        #expect(try readAll(src, readSize: readSize) == input)
        #expect(src.compressedOffset == Int64(gz.count))
        // Reading past the end keeps returning 0.
        var one = [UInt8](repeating: 0, count: 1)
        #expect(try one.withUnsafeMutableBytes { try src.read(into: $0) } == 0)
    }

    @Test("concatenated members are read in full when allowed", arguments: [(1 << 18, 1 << 16), (5, 3), (1, 1)])
    func concatenatedMembers(chunkSize: Int, readSize: Int) throws {
        let a = logText(lines: 50), b = randomBytes(5_000, seed: 5), c = Array("tail\n".utf8)
        let joined = try Gzip.compress(a) + Gzip.compress([]) + Gzip.compress(b) + Gzip.compress(c, level: 1)
        let src = GzipSource(MemorySource(joined), allowConcatenatedMembers: true, chunkSize: chunkSize)
        #expect(try readAll(src, readSize: readSize) == a + b + c)
        #expect(src.compressedOffset == Int64(joined.count))
        // The gzip tool agrees.
        let dir = try TempDir()
        defer { dir.cleanup() }
        let dc = try runTool(gzipPath, ["-dc", try dir.write("cat.gz", joined)])
        #expect(dc.status == 0)
        #expect(Array(dc.stdout) == a + b + c)
    }

    @Test func openMaybeGzipDetectsTheMagic() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let text = logText(lines: 20)
        let (plainSource, plainCompressed) = try openMaybeGzip(path: try dir.write("a.jsonl", text))
        #expect(!plainCompressed)
        #expect(try readAll(plainSource) == text)
        let (gzSource, gzCompressed) = try openMaybeGzip(path: try dir.write("a.jsonl.gz", try Gzip.compress(text) + Gzip.compress(text)))
        #expect(gzCompressed)
        #expect(try readAll(gzSource) == text + text)
        let (oneSource, oneCompressed) = try openMaybeGzip(path: try dir.write("one", [0x1F]))
        #expect(!oneCompressed)
        #expect(try readAll(oneSource) == [0x1F])
        #expect(throws: GzipError.self) { try openMaybeGzip(path: dir.file("missing").path) }
    }

    // MARK: Damaged streams

    enum Outcome: Equatable, CustomStringConvertible {
        case ok
        case truncated(at: Int64)
        case trailingData(at: Int64)
        case corrupt

        var description: String {
            switch self {
            case .ok: return "ok"
            case let .truncated(at): return "truncated at \(at)"
            case let .trailingData(at): return "trailing data at \(at)"
            case .corrupt: return "corrupt"
            }
        }
    }

    /// One damaged stream: how to make it from a good member, whether more members are allowed, and
    /// what reading must give.
    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        var allowMembers: Bool
        var make: @Sendable (_ member: [UInt8]) -> (input: [UInt8], expected: Outcome)
        var testDescription: String { name }

        init(_ name: String, allowMembers: Bool = false, _ make: @escaping @Sendable (_ member: [UInt8]) -> (input: [UInt8], expected: Outcome)) {
            self.name = name; self.allowMembers = allowMembers; self.make = make
        }
    }

    static let content = logText(lines: 400, seed: 9)
    static let member = try! Gzip.compress(content)

    static func flip(_ b: [UInt8], at k: Int, mask: UInt8 = 0x10) -> [UInt8] {
        var c = b
        c[k] ^= mask
        return c
    }

    static let damages: [Damage] = [
        Damage("intact") { m in (m, .ok) },
        Damage("intact, members allowed", allowMembers: true) { m in (m, .ok) },
        Damage("empty input") { _ in ([], .truncated(at: 0)) },
        Damage("cut inside the header") { m in (Array(m.prefix(5)), .truncated(at: 5)) },
        Damage("header only") { m in (Array(m.prefix(10)), .truncated(at: 10)) },
        Damage("cut in the middle") { m in (Array(m.prefix(m.count / 2)), .truncated(at: Int64(m.count / 2))) },
        Damage("trailer missing") { m in (Array(m.dropLast(8)), .truncated(at: Int64(m.count - 8))) },
        Damage("last byte missing") { m in (Array(m.dropLast()), .truncated(at: Int64(m.count - 1))) },
        Damage("cut members allowed", allowMembers: true) { m in (Array(m.dropLast(3)), .truncated(at: Int64(m.count - 3))) },
        Damage("trailing garbage") { m in (m + Array("garbage".utf8), .trailingData(at: Int64(m.count))) },
        Damage("trailing newline") { m in (m + [0x0A], .trailingData(at: Int64(m.count))) },
        Damage("trailing zero padding") { m in (m + [0, 0, 0, 0], .trailingData(at: Int64(m.count))) },
        Damage("second member when one is required") { m in (m + m, .trailingData(at: Int64(m.count))) },
        Damage("trailing garbage, members allowed", allowMembers: true) { m in (m + Array("garbage".utf8), .trailingData(at: Int64(m.count))) },
        Damage("second member with a bad header, members allowed", allowMembers: true) { m in (m + [0x1F, 0x00, 0x08, 0x00], .corrupt) },
        Damage("flipped byte in the middle") { m in (flip(m, at: m.count / 2), .corrupt) },
        Damage("flipped byte early in the data") { m in (flip(m, at: 12, mask: 0x01), .corrupt) },
        Damage("flipped byte late in the data") { m in (flip(m, at: m.count - 12, mask: 0x80), .corrupt) },
        Damage("flipped CRC byte") { m in (flip(m, at: m.count - 8), .corrupt) },
        Damage("flipped length byte") { m in (flip(m, at: m.count - 1), .corrupt) },
        Damage("bad magic") { m in (flip(m, at: 1), .corrupt) },
        Damage("bad compression method") { m in
            var c = m
            c[2] = 7
            return (c, .corrupt)
        },
        Damage("reserved flag bit set") { m in (flip(m, at: 3, mask: 0x80), .corrupt) },
        Damage("not gzip at all") { _ in (Array("{\"plain\":\"json\"}\n".utf8), .corrupt) },
    ]

    static func outcome(_ input: [UInt8], allowMembers: Bool, chunkSize: Int, readSize: Int) -> (Outcome, [UInt8], Error?) {
        let src = GzipSource(MemorySource(input), allowConcatenatedMembers: allowMembers, chunkSize: chunkSize)
        var got: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: readSize)
        do {
            while true {
                let n = try buf.withUnsafeMutableBytes { try src.read(into: $0) }
                if n == 0 { return (.ok, got, nil) }
                got.append(contentsOf: buf[0..<n])
            }
        } catch let e as GzipError {
            switch e {
            case let .truncated(off): return (.truncated(at: off), got, e)
            case let .trailingData(off): return (.trailingData(at: off), got, e)
            case let .corrupt(_, off):
                #expect(off >= 0 && off <= Int64(input.count), "corrupt offset \(off) outside the input")
                return (.corrupt, got, e)
            default: return (.corrupt, got, e)
            }
        } catch {
            return (.corrupt, got, error)
        }
    }

    @Test("damaged streams give the right GzipError", arguments: damages)
    func damaged(_ d: Damage) {
        let (input, expected) = d.make(Self.member)
        for (chunkSize, readSize) in [(1 << 18, 1 << 16), (7, 5), (1, 1)] {
            let (got, bytes, error) = Self.outcome(input, allowMembers: d.allowMembers, chunkSize: chunkSize, readSize: readSize)
            #expect(got == expected, "chunk \(chunkSize) / read \(readSize): \(error.map { "\($0)" } ?? "no error")")
            switch got {
            case .ok: #expect(bytes == Self.content)
            case .truncated, .trailingData:
                // What was handed out before the error is a true prefix of the content.
                #expect(bytes.count <= Self.content.count && Array(Self.content.prefix(bytes.count)) == bytes)
            case .corrupt: break
            }
        }
        // The one-shot helper reads segments, which are series of members: it classifies every
        // damage the same way, except that a second whole member is simply read on.
        do {
            let out = try Gzip.decompress(input)
            if d.name == "second member when one is required" {
                #expect(out == Self.content + Self.content)
            } else {
                #expect(expected == .ok, "Gzip.decompress accepted a damaged stream")
            }
        } catch let e as GzipError {
            switch (e, expected) {
            case (.truncated, .truncated), (.trailingData, .trailingData), (.corrupt, .corrupt): break
            default: Issue.record("Gzip.decompress: \(e), expected \(expected)")
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func errorsNameTheOffset() {
        #expect(GzipError.truncated(compressedOffset: 12).description.contains("12"))
        #expect(GzipError.trailingData(compressedOffset: 99).description.contains("99"))
        #expect(GzipError.corrupt(reason: "invalid distance too far back", compressedOffset: 7).description.contains("7"))
    }
}
