import Gzip
import Testing

/// Hands out at most `step` bytes per read, to push every boundary through the reader.
final class TrickleSource: ByteSource {
    private let bytes: [UInt8]
    private let step: Int
    private var pos = 0

    init(_ bytes: [UInt8], step: Int) { self.bytes = bytes; self.step = step }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - pos)
        for k in 0..<n { buffer[k] = bytes[pos + k] }
        pos += n
        return n
    }
}

/// What a `LineReader` reported, copied out of its buffer.
enum Got: Equatable, CustomStringConvertible {
    case line(String, offset: Int64, number: Int)
    case oversized(prefix: [UInt8], offset: Int64, number: Int, length: Int64)

    var description: String {
        switch self {
        case let .line(s, o, n): return "line \(n) @\(o): \(s.debugDescription)"
        case let .oversized(p, o, n, l): return "oversized \(n) @\(o) length \(l) prefix \(p.count) B"
        }
    }
}

func collect(_ reader: LineReader) throws -> [Got] {
    var got: [Got] = []
    try reader.forEach { item in
        switch item {
        case let .line(bytes, offset, number):
            got.append(.line(String(decoding: bytes, as: UTF8.self), offset: offset, number: number))
        case let .oversized(prefix, offset, number, length):
            got.append(.oversized(prefix: Array(prefix), offset: offset, number: number, length: length))
        }
    }
    return got
}

/// The lines a reader must report for `input`, computed the obvious way.
func expectedLines(_ input: [UInt8], maxLineBytes: Int) -> [(line: [UInt8], offset: Int64, number: Int)] {
    var out: [(line: [UInt8], offset: Int64, number: Int)] = []
    var start = 0
    for k in input.indices where input[k] == 0x0A {
        out.append((Array(input[start..<k]), Int64(start), out.count + 1))
        start = k + 1
    }
    if start < input.count { out.append((Array(input[start...]), Int64(start), out.count + 1)) }
    return out
}

struct LineInput: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var testDescription: String { name }
    init(_ name: String, _ text: String) { self.name = name; bytes = Array(text.utf8) }
    init(_ name: String, bytes: [UInt8]) { self.name = name; self.bytes = bytes }
}

struct ReaderConfig: Sendable, CustomTestStringConvertible {
    var maxLineBytes: Int
    var bufferSize: Int
    var trickle: Int?
    var testDescription: String { "max \(maxLineBytes), buffer \(bufferSize)" + (trickle.map { ", \($0) B reads" } ?? "") }
}

@Suite("LineReader")
struct LineReaderTests {
    static let x25 = String(repeating: "x", count: 25)

    static let inputs: [LineInput] = [
        LineInput("empty", ""),
        LineInput("one newline", "\n"),
        LineInput("one line without newline", "a"),
        LineInput("one line", "a\n"),
        LineInput("blank lines and last line without newline", "a\nbb\n\nccc"),
        LineInput("CRLF keeps the CR", "one\r\ntwo\r\n"),
        LineInput("oversized line between short ones", "short\n" + x25 + "\nafter\n"),
        LineInput("line of exactly max (10)", "0123456789\nnext\n"),
        LineInput("line of max + 1", "0123456789A\nnext\n"),
        LineInput("oversized last line without newline", "ok\n" + x25),
        LineInput("two oversized lines in a row", x25 + "\n" + x25 + x25 + "\nend"),
        LineInput("oversized line longer than the 256-byte prefix", String(repeating: "y", count: 700) + "\nz\n"),
        LineInput("non-ASCII", "é😀\n中文\n"),
        LineInput("log text", bytes: logText(lines: 60)),
    ]

    static let configs: [ReaderConfig] = [
        ReaderConfig(maxLineBytes: 10, bufferSize: 1 << 20, trickle: nil),
        ReaderConfig(maxLineBytes: 10, bufferSize: 1, trickle: nil),
        ReaderConfig(maxLineBytes: 10, bufferSize: 16, trickle: nil),
        ReaderConfig(maxLineBytes: 10, bufferSize: 1, trickle: 1),
        ReaderConfig(maxLineBytes: 10, bufferSize: 64, trickle: 3),
        ReaderConfig(maxLineBytes: 300, bufferSize: 4096, trickle: 7),
        ReaderConfig(maxLineBytes: 300, bufferSize: 1, trickle: nil),
        ReaderConfig(maxLineBytes: 1 << 20, bufferSize: 1 << 20, trickle: nil),
    ]

    @Test("lines, offsets, numbers and oversized lines match a plain split", arguments: inputs, configs)
    func matchesPlainSplit(_ input: LineInput, _ cfg: ReaderConfig) throws {
        let source: ByteSource = cfg.trickle.map { TrickleSource(input.bytes, step: $0) } ?? MemorySource(input.bytes)
        let reader = LineReader(source, maxLineBytes: cfg.maxLineBytes, bufferSize: cfg.bufferSize)
        let got = try collect(reader)
        let want = expectedLines(input.bytes, maxLineBytes: cfg.maxLineBytes)
        #expect(got.count == want.count, "\(got)")
        for (g, w) in zip(got, want) {
            if w.line.count > cfg.maxLineBytes {
                guard case let .oversized(prefix, offset, number, length) = g else {
                    Issue.record("line \(w.number) (\(w.line.count) B > max \(cfg.maxLineBytes)) reported as \(g)")
                    continue
                }
                #expect(offset == w.offset && number == w.number && length == Int64(w.line.count), "\(g)")
                // The kept prefix is the line's start, at most 256 bytes, and as much as was buffered.
                #expect(prefix.count <= 256 && prefix.count >= min(256, cfg.maxLineBytes + 1, w.line.count), "\(g)")
                #expect(Array(w.line.prefix(prefix.count)) == prefix, "\(g)")
            } else {
                #expect(g == .line(String(decoding: w.line, as: UTF8.self), offset: w.offset, number: w.number))
            }
        }
        let endsOpen = !input.bytes.isEmpty && input.bytes.last != 0x0A
        if endsOpen, let last = want.last, last.line.count <= cfg.maxLineBytes {
            #expect(reader.endedWithoutNewline)
        }
        if !endsOpen { #expect(!reader.endedWithoutNewline) }
    }

    @Test func explicitExample() throws {
        let input = Array(("short\n" + Self.x25 + "\nafter\nlast").utf8)
        let got = try collect(LineReader(MemorySource(input), maxLineBytes: 10))
        try #require(got.count == 4, "\(got)")
        #expect(got[0] == .line("short", offset: 0, number: 1))
        guard case let .oversized(prefix, offset, number, length) = got[1] else {
            Issue.record("line 2 not reported as oversized: \(got[1])")
            return
        }
        #expect(offset == 6 && number == 2 && length == 25)
        #expect(prefix.count >= 11 && prefix.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(got[2] == .line("after", offset: 32, number: 3))
        #expect(got[3] == .line("last", offset: 38, number: 4))
    }

    @Test func readsLinesThroughGzip() throws {
        let text = logText(lines: 5_000)
        let gz = try segmentGzip(text, threads: 2, chunkSize: 4096)
        let reader = LineReader(GzipSource(MemorySource(gz), allowConcatenatedMembers: true, chunkSize: 1000),
                                maxLineBytes: 4096, bufferSize: 8192)
        var count = 0
        var nextOffset: Int64 = 0
        var rebuilt: [UInt8] = []
        try reader.forEach { item in
            guard case let .line(bytes, offset, number) = item else { Issue.record("unexpected \(item)"); return }
            count += 1
            #expect(number == count)
            #expect(offset == nextOffset)
            nextOffset = offset + Int64(bytes.count) + 1
            rebuilt.append(contentsOf: bytes)
            rebuilt.append(0x0A)
        }
        #expect(count == 5_000)
        #expect(rebuilt == text)
        #expect(!reader.endedWithoutNewline)
    }

    @Test func sourceErrorsPropagate() {
        let gz = try! Gzip.compress(logText(lines: 200))
        let reader = LineReader(GzipSource(MemorySource(Array(gz.dropLast(20)))), maxLineBytes: 1024, bufferSize: 2048)
        #expect(throws: GzipError.self) { try reader.forEach { _ in } }
    }
}
