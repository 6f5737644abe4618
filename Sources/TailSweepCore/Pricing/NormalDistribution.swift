import Foundation

/// The standard normal distribution.
///
/// ```swift
/// StandardNormal.cdf(1.959963984540054)  // 0.975
/// StandardNormal.pdf(0)                  // 0.3989422804014327
/// ```
///
/// `cdf` is `erfc(−x/√2)/2` from the C library, accurate to a few ulps across the whole line
/// (including the far lower tail, where `1 − Φ(−x)` would cancel).
public enum StandardNormal {
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    public static func pdf(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
}
