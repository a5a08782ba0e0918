#if canImport(Glibc)
import Glibc
#endif
/// Splits a byte stream into `\n`-terminated lines, reporting each line's byte offset and number.
///
/// Memory stays bounded: a line longer than `maxLineBytes` is reported as `.oversized` (its first
/// bytes kept) and the rest skipped to the next newline, never silently truncated into a record.
public final class LineReader {
    /// One line, without its `\n` (a trailing `\r` is kept: the caller decides).
    public enum Item {
        case line(bytes: UnsafeRawBufferPointer, offset: Int64, number: Int)
        case oversized(prefix: UnsafeRawBufferPointer, offset: Int64, number: Int, length: Int64)
    }

    private let source: ByteSource
    private var buf: [UInt8]
    private var start = 0, end = 0
    private var eof = false
    private var offset: Int64 = 0
    private var number = 0
    public let maxLineBytes: Int
    /// True when the stream ended with bytes not followed by a newline (returned as a last line).
    public private(set) var endedWithoutNewline = false

    public init(_ source: ByteSource, maxLineBytes: Int = 1 << 20, bufferSize: Int = 1 << 20) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        buf = [UInt8](repeating: 0, count: min(bufferSize, maxLineBytes + 1))
    }

    /// Calls `body` for each line in order. The bytes are valid only during the call.
    public func forEach(_ body: (Item) throws -> Void) throws {
        while true {
            // Find a newline in the buffered bytes.
            if let nl = findNewline() {
                number += 1
                let len = nl - start
                try buf.withUnsafeBytes { raw in
                    if len > maxLineBytes {
                        // The whole line fit in the buffer, but it is still over the limit.
                        let prefix = UnsafeRawBufferPointer(rebasing: raw[start..<(start + min(256, len))])
                        try body(.oversized(prefix: prefix, offset: offset, number: number, length: Int64(len)))
                    } else {
                        try body(.line(bytes: UnsafeRawBufferPointer(rebasing: raw[start..<nl]), offset: offset, number: number))
                    }
                }
                offset += Int64(len + 1)
                start = nl + 1
                continue
            }
            if end - start > maxLineBytes {
                try skipOversized(body)
                continue
            }
            if eof {
                if start < end {
                    number += 1
                    endedWithoutNewline = true
                    try buf.withUnsafeBytes { raw in
                        try body(.line(bytes: UnsafeRawBufferPointer(rebasing: raw[start..<end]), offset: offset, number: number))
                    }
                    offset += Int64(end - start)
                    start = end
                }
                return
            }
            try refill()
        }
    }

    private func findNewline() -> Int? {
        buf.withUnsafeBytes { raw -> Int? in
            guard start < end, let base = raw.baseAddress else { return nil }
            guard let p = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(p))
        }
    }

    private func refill() throws {
        if start > 0 {
            let n = end - start
            buf.withUnsafeMutableBytes { raw in
                if n > 0 { raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: n) }
            }
            start = 0; end = n
        }
        if end == buf.count && buf.count < maxLineBytes + 1 {
            // A long line: grow (up to the limit) rather than holding the limit's worth of memory always.
            buf.append(contentsOf: [UInt8](repeating: 0, count: min(buf.count, maxLineBytes + 1 - buf.count)))
        }
        let cap = buf.count
        let n = try buf.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<cap]))
        }
        if n == 0 { eof = true }
        end += n
    }

    private func skipOversized(_ body: (Item) throws -> Void) throws {
        number += 1
        let lineOffset = offset
        let prefix = Array(buf[start..<(start + min(256, end - start))])
        var length: Int64 = 0
        while true {
            if let nl = findNewline() {
                length += Int64(nl - start)
                start = nl + 1
                try prefix.withUnsafeBytes { try body(.oversized(prefix: $0, offset: lineOffset, number: number, length: length)) }
                offset = lineOffset + length + 1
                return
            }
            length += Int64(end - start)
            start = end
            if eof {
                try prefix.withUnsafeBytes { try body(.oversized(prefix: $0, offset: lineOffset, number: number, length: length)) }
                offset = lineOffset + length
                return
            }
            try refill()
        }
    }
}
