import Foundation

/// A linear map from a data domain to a pixel range, with "nice" ticks (1, 2, 5 × 10ⁿ).
///
/// ```swift
/// let x = LinearScale(domain: 0...37, from: 40, to: 600)      // pixels may run downwards (y axes)
/// x(18.5)          // 320
/// x.ticks(5)       // [0, 10, 20, 30]
/// LinearScale.format(0.125)   // "0.125"
/// ```
public struct LinearScale: Sendable {
    public let domain: ClosedRange<Double>
    /// Pixel positions of the domain's lower and upper ends.
    public let start: Double
    public let end: Double

    public init(domain: ClosedRange<Double>, from start: Double, to end: Double) {
        // A degenerate domain is widened so the map stays finite.
        self.domain = domain.lowerBound < domain.upperBound ? domain : (domain.lowerBound - 1)...(domain.upperBound + 1)
        self.start = start
        self.end = end
    }

    public func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return start + t * (end - start)
    }

    /// Ticks at a nice step inside the domain, about `count` of them.
    public func ticks(_ count: Int) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var t = ceil(domain.lowerBound / step) * step
        var out: [Double] = []
        while t <= domain.upperBound + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// Shortest readable label: up to 4 significant decimals, no trailing zeros.
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        if abs(v) >= 1e5 { return String(format: "%.0f", v) }
        var s = String(format: "%.4f", v)
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
