import TrailModel

// MARK: - Randomness

extension Simulator {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
    struct Xoshiro256 {
        var s0, s1, s2, s3: UInt64

        init(seed: UInt64) {
            var sm = SplitMix64(state: seed)
            s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        }

        @inline(__always) mutating func next() -> UInt64 {
            let result = rotl(s1 &* 5, 7) &* 9
            let t = s1 << 17
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
            s3 = rotl(s3, 45)
            return result
        }

        @inline(__always) func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

        /// Uniform in [0, 1).
        @inline(__always) mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
        /// Uniform in 0..<n.
        @inline(__always) mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }
        /// Uniform in lo...hi.
        @inline(__always) mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(below(Int(hi - lo + 1))) }
        @inline(__always) mutating func chance(_ p: Double) -> Bool { unit() < p }
        /// Exponential with mean 1.
        mutating func exponential() -> Double { -naturalLog(1 - unit()) }
        mutating func token() -> Token { Token(hi: next(), lo: next()) }
        mutating func pick(_ weights: [Double]) -> Int {
            var total = 0.0
            for w in weights { total += w }
            var x = unit() * total
            for (k, w) in weights.enumerated() {
                if x < w { return k }
                x -= w
            }
            return weights.count - 1
        }
    }

    /// ln(x) for x > 0 from IEEE arithmetic only, so results match on every platform's libm.
    static func naturalLog(_ x: Double) -> Double {
        let bits = x.bitPattern
        var e = Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, sum = 0.0, k = 1.0
        for _ in 0..<12 { sum += term / k; term *= z2; k += 2 }
        return 2 * sum + Double(e) * 0.6931471805599453
    }
}
