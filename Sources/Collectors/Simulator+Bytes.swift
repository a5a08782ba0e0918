import TrailModel

// MARK: - Bytes

extension Simulator {
    /// One event line under construction: a byte buffer with JSON writers for the shapes we emit.
    struct Line {
        var bytes: [UInt8]

        @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

        @inline(__always) mutating func put(_ s: StaticString) {
            s.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        /// Decimal digits, built in a stack scratch and appended in one copy.
        mutating func putUInt(_ v: UInt64) {
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &scratch) { raw in
                var n = v, i = 20
                repeat {
                    i -= 1
                    raw[i] = UInt8(truncatingIfNeeded: n % 10) &+ 0x30
                    n /= 10
                } while n > 0
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<20]))
            }
        }

        @inline(__always) mutating func put2(_ v: Int64) {
            append(UInt8(truncatingIfNeeded: v / 10) &+ 0x30)
            append(UInt8(truncatingIfNeeded: v % 10) &+ 0x30)
        }

        /// Up to 24 Crockford base32 characters of a token, appended in one copy.
        mutating func putToken(_ t: Token, _ chars: Int) {
            let alphabet: StaticString = "0123456789abcdefghjkmnpqrstvwxyz"
            let a = alphabet.utf8Start
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &scratch) { raw in
                for i in 0..<min(chars, 24) {
                    let v = i < 12 ? (t.hi >> UInt64(5 * i)) & 31 : (t.lo >> UInt64(5 * (i - 12))) & 31
                    raw[i] = a[Int(v)]
                }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<min(chars, 24)]))
            }
        }

        mutating func putIP(_ ip: UInt32) {
            putUInt(UInt64(ip >> 24)); append(0x2E)
            putUInt(UInt64((ip >> 16) & 0xFF)); append(0x2E)
            putUInt(UInt64((ip >> 8) & 0xFF)); append(0x2E)
            putUInt(UInt64(ip & 0xFF))
        }

        /// `,"key":`
        @inline(__always) mutating func key(_ k: StaticString) {
            append(0x2C); append(0x22); put(k); append(0x22); append(0x3A)
        }

        mutating func field(_ k: StaticString, _ v: StaticString) {
            key(k); append(0x22); put(v); append(0x22)
        }

        mutating func field(_ k: StaticString, text v: String) {
            key(k); CanonicalJSON.writeString(v, into: &bytes)
        }

        mutating func field(_ k: StaticString, int v: Int) {
            key(k); putUInt(UInt64(v))
        }

        /// A money amount as a JSON number with two decimals.
        mutating func field(_ k: StaticString, cents v: Int64) {
            key(k); putUInt(UInt64(v / 100)); append(0x2E); put2(v % 100)
        }

        /// A number in [0, 1) with three decimals.
        mutating func field(_ k: StaticString, milli v: Int) {
            key(k); put("0."); append(UInt8(v / 100) &+ 0x30); put2(Int64(v % 100))
        }

        mutating func field(_ k: StaticString, prefix: StaticString, token t: Token) {
            key(k); append(0x22); put(prefix); putToken(t, 16); append(0x22)
        }

        mutating func field(_ k: StaticString, prefix: StaticString, number n: Int) {
            key(k); append(0x22); put(prefix); putUInt(UInt64(n)); append(0x22)
        }
    }
}
