import Crypto
import Foundation

/// A SHA-256 digest held inline (no heap allocation), with hex and base64 forms.
public struct Hash32: Hashable, Sendable, CustomStringConvertible {
    public var storage: SIMD32<UInt8>

    public init(storage: SIMD32<UInt8>) { self.storage = storage }

    /// Wraps exactly 32 bytes; nil for any other length.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        if let s = bytes.withContiguousStorageIfAvailable({ UnsafeRawBufferPointer($0).loadUnaligned(as: SIMD32<UInt8>.self) }) {
            storage = s
            return
        }
        var s = SIMD32<UInt8>()
        var k = 0
        for b in bytes { s[k] = b; k += 1 }
        storage = s
    }

    public init(_ digest: SHA256.Digest) {
        storage = digest.withUnsafeBytes { $0.loadUnaligned(as: SIMD32<UInt8>.self) }
    }

    /// Parses 64 hex digits (either case).
    public init?(hex: String) {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return nil }
        var s = SIMD32<UInt8>()
        for k in 0..<32 {
            guard let hi = hexValue(u[2 * k]), let lo = hexValue(u[2 * k + 1]) else { return nil }
            s[k] = hi << 4 | lo
        }
        storage = s
    }

    /// Parses standard base64 of 32 bytes.
    public init?(base64: String) {
        guard let d = Data(base64Encoded: base64), let h = Hash32(bytes: d) else { return nil }
        self = h
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: storage) { Array($0) } }
    public var hex: String { withUnsafeBytes(of: storage) { Hex.encode($0) } }
    public var base64: String { Data(bytes).base64EncodedString() }
    public var description: String { hex }

    /// SHA-256 of `data`.
    public static func sha256<D: DataProtocol>(_ data: D) -> Hash32 { Hash32(SHA256.hash(data: data)) }

    /// SHA-256 of raw memory.
    public static func sha256(raw: UnsafeRawBufferPointer) -> Hash32 {
        var h = SHA256()
        h.update(bufferPointer: raw)
        return Hash32(h.finalize())
    }
}

@inline(__always) private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x61...0x66: return c - 0x61 + 10
    case 0x41...0x46: return c - 0x41 + 10
    default: return nil
    }
}

/// Lowercase hex encoding.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var k = 0
        while k < u.count {
            guard let hi = hexValue(u[k]), let lo = hexValue(u[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
            k += 2
        }
        return out
    }
}
