import Foundation

/// Expected payoff of a short put under the model's whole conditional distribution of the
/// close, not `premium × (1 − p)`.
///
/// ```swift
/// let loss = ExpectedValue.expectedIntrinsic(moneyness: -0.012, entry: 450, grid: grid.moneyness, cdf: p)
/// let ev = 100 * (credit - loss) - fees      // per contract
/// ```
///
/// With r = close/entry − 1 and F(m) = P(r < m) known at the grid offsets (monotone, from the
/// model), E[(K − S)+] = entry · ∫_{−∞}^{m_K} F(m) dm. Integration rule: F is linear between grid
/// points (trapezoidal rule, exact for that interpolant) from the strike's offset m_K down to the
/// deepest offset m_D; below m_D the tail is exponential, F(m) = F(m_D)·e^{λ(m − m_D)}, with λ
/// fitted to the two deepest grid points and at least 1/(grid spacing) — so the tail adds
/// F(m_D)/λ. Above the shallowest offset F is taken as flat. Everything is per share.
public enum ExpectedValue {
    public static func expectedIntrinsic(moneyness mK: Double, entry: Double, grid m: [Double], cdf F: [Double]) -> Double {
        let n = m.count
        precondition(n == F.count && n > 0)
        let lambda = tailRate(grid: m, cdf: F)
        if mK <= m[n - 1] { return entry * cdfAt(mK, grid: m, cdf: F) / lambda }
        var integral = F[n - 1] / lambda
        for i in 0..<(n - 1) {
            let a = m[i + 1], b = min(m[i], mK)
            // F at a grid offset is `cdfAt` at it, formed as `cdfAt` forms it, without its search.
            if b > a { integral += 0.5 * (F[i + 1] + (b == m[i] ? atGridPoint(i, grid: m, cdf: F) : cdfAt(b, grid: m, cdf: F))) * (b - a) }
        }
        if mK > m[0] { integral += F[0] * (mK - m[0]) }
        return entry * integral
    }

    /// F at an offset: linear between grid points (sorted nearest to deepest), flat above the
    /// grid, exponential below it.
    public static func cdfAt(_ x: Double, grid m: [Double], cdf F: [Double]) -> Double {
        let n = m.count
        if x >= m[0] { return F[0] }
        if x <= m[n - 1] { return F[n - 1] * exp(tailRate(grid: m, cdf: F) * (x - m[n - 1])) }
        var j = 1
        while m[j] > x { j += 1 }
        let w = (m[j - 1] - x) / (m[j - 1] - m[j])
        return F[j - 1] + w * (F[j] - F[j - 1])
    }

    /// `cdfAt(m[i], grid: m, cdf: F)` for i < n − 1, bit for bit: on a strictly decreasing grid (as
    /// `StrikeGrid` keeps it) its search stops at j = i, where the weight is 1.
    @inline(__always)
    private static func atGridPoint(_ i: Int, grid m: [Double], cdf F: [Double]) -> Double {
        guard i > 0 else { return F[0] }
        let w = (m[i - 1] - m[i]) / (m[i - 1] - m[i])
        return F[i - 1] + w * (F[i] - F[i - 1])
    }

    /// λ of the exponential tail below the grid: fitted to the two deepest points, at least 1/spacing.
    static func tailRate(grid m: [Double], cdf F: [Double]) -> Double {
        let n = m.count
        let spacing = n > 1 ? m[n - 2] - m[n - 1] : 0.0025
        var lambda = 1 / spacing
        if n > 1, F[n - 1] > 0, F[n - 2] > F[n - 1] { lambda = max(lambda, log(F[n - 2] / F[n - 1]) / spacing) }
        return lambda
    }
}
