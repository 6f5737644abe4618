import Foundation

/// xoshiro256** seeded through SplitMix64: a small, fast, reproducible generator.
///
/// ```swift
/// var rng = RandomSource(seed: 1, stream: 42)
/// rng.uniform()         // in [0, 1)
/// rng.normal()          // standard normal (Marsaglia polar method)
/// rng.studentT(dof: 4)  // Student t, scaled to unit variance
/// ```
///
/// The same `(seed, stream)` always yields the same sequence on every platform: the synthetic
/// market's determinism rests on it. Different streams give independent-looking sequences, so
/// each session draws from its own stream and can be regenerated alone.
public struct RandomSource: Sendable {
    private var s0, s1, s2, s3: UInt64
    private var spareNormal: Double?

    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(state: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// Student t with `dof` > 2 degrees of freedom, divided by its standard deviation.
    public mutating func studentT(dof: Double) -> Double {
        let z = normal()
        let chi2 = gamma(shape: dof / 2) * 2
        return z / (chi2 / dof).squareRoot() * ((dof - 2) / dof).squareRoot()
    }

    /// Gamma(shape, 1) by Marsaglia–Tsang (shape ≥ 1).
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape >= 1)
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64, used to expand seeds and to hash coordinates into uniforms.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform in [0, 1) that depends only on its coordinates.
    public static func uniform(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
        uniform(prefix: prefix(a, b), c, d)
    }

    /// The part of `uniform(a, b, c, d)` that depends on (a, b) only, for callers drawing many
    /// uniforms that share it.
    public static func prefix(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(mix(a) ^ b) }

    /// `uniform(a, b, c, d)` from `prefix(a, b)`, bit for bit.
    @inline(__always)
    public static func uniform(prefix: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
        let h = mix(mix(prefix ^ c) ^ d)
        return Double(h >> 11) * 0x1.0p-53
    }
}
