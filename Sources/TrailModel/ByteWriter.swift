/// A growable byte buffer written through a raw pointer: the hot paths build event lines in it
/// without `Array`'s per-append capacity and uniqueness checks, then hand the bytes on in one copy.
///
/// One writer is meant to be reused for many lines (`removeAll()` keeps the memory). Hand-written:
/// no listed package offers an append-only byte buffer with unchecked writes.
public final class ByteWriter {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var used = 0
    /// Bytes written so far.
    public var count: Int { used }
    @usableFromInline var capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `n` more bytes.
    @inlinable @inline(__always)
    public func reserve(_ n: Int) {
        if used &+ n > capacity { grow(used &+ n) }
    }

    @usableFromInline @inline(never)
    func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        fresh.update(from: base, count: used)
        base.deallocate()
        base = fresh
        capacity = c
    }

    /// Forgets the bytes written, keeping the memory.
    @inlinable public func removeAll() { used = 0 }

    /// Forgets the bytes written after the first `n`.
    public func truncate(to n: Int) { used = min(used, max(0, n)) }

    /// Appends one byte.
    @inlinable @inline(__always)
    public func append(_ b: UInt8) {
        reserve(1)
        base[used] = b
        used &+= 1
    }

    /// Appends raw bytes with one `memcpy`.
    @inlinable @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        reserve(n)
        UnsafeMutableRawPointer(base + used).copyMemory(from: bytes.baseAddress!, byteCount: n)
        used &+= n
    }

    /// Appends a literal's UTF-8 bytes.
    @inlinable @inline(__always)
    public func append(_ s: StaticString) {
        append(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes (as-is, not escaped).
    public func appendUTF8(_ s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes written so far (valid until the next write).
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes from `start` on, as an array.
    public func array(from start: Int = 0) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// Appends the canonical JSON string literal of `text` (UTF-8 bytes the caller has checked):
    /// `"` and `\` and the control characters escaped, everything else as-is (docs/formats.md).
    public func appendJSONString(_ text: UnsafeRawBufferPointer) {
        append(0x22)
        appendJSONEscaped(text)
        append(0x22)
    }

    /// Appends `text` escaped as inside a JSON string literal, without the quotes.
    ///
    /// Eight bytes at a time: each word is copied whole, then the first byte needing an escape (if
    /// any) is found with a bit trick and overwritten by its escape.
    public func appendJSONEscaped(_ text: UnsafeRawBufferPointer) {
        let n = text.count
        guard n > 0 else { return }
        reserve(n &* 6 &+ 8)
        var o = base + used
        let src = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = 0
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(o).storeBytes(of: x, as: UInt64.self)
            let m = Self.escapeMask(x)
            if m == 0 { i &+= 8; o += 8; continue }
            let k = m.trailingZeroBitCount >> 3
            i &+= k; o += k
            o = Self.escape(src[i], at: o)
            i &+= 1
        }
        while i < n {
            let c = src[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C { o.pointee = c; o += 1 } else { o = Self.escape(c, at: o) }
            i &+= 1
        }
        used = o - base
    }

    /// High bit set in each byte of `x` that is `"`, `\` or below 0x20 (bytes ≥ 0x80 never are).
    @inline(__always)
    static func escapeMask(_ x: UInt64) -> UInt64 {
        let low = x & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastSpace = (low &+ 0x6060_6060_6060_6060) | x
        let notQuote = ((low ^ 0x2222_2222_2222_2222) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
        let notBackslash = ((low ^ 0x5C5C_5C5C_5C5C_5C5C) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
        return ~(atLeastSpace & notQuote & notBackslash) & 0x8080_8080_8080_8080
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// Writes the escape of `c` at `o` (room was reserved) and returns the next position.
    @inline(__always)
    static func escape(_ c: UInt8, at o: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        o[0] = 0x5C
        switch c {
        case 0x22: o[1] = 0x22
        case 0x5C: o[1] = 0x5C
        case 0x0A: o[1] = 0x6E
        case 0x0D: o[1] = 0x72
        case 0x09: o[1] = 0x74
        case 0x08: o[1] = 0x62
        case 0x0C: o[1] = 0x66
        default:
            o[1] = 0x75; o[2] = 0x30; o[3] = 0x30
            o[4] = hex.utf8Start[Int(c >> 4)]; o[5] = hex.utf8Start[Int(c & 0xF)]
            return o + 6
        }
        return o + 2
    }

    /// Appends a string as a canonical JSON string literal.
    public func appendJSONString(_ s: String) {
        var s = s
        s.withUTF8 { appendJSONString(UnsafeRawBufferPointer($0)) }
    }
}
