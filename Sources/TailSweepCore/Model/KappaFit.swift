import Foundation

/// Empirical-Bayes concentration κ: the value maximising the beta-binomial marginal likelihood
/// of bucket counts around known prior means.
///
/// ```swift
/// let kappa = KappaFit.maximumLikelihood(counts: [(k: 3, n: 40, mean: 0.05), …])   // e.g. 31.7
/// ```
///
/// log L(κ) = Σ_b [ln B(k_b + μ_b κ, n_b − k_b + (1 − μ_b) κ) − ln B(μ_b κ, (1 − μ_b) κ)]
/// (the binomial coefficients do not depend on κ). Counts may be fractional (session
/// weighting). The search scans ln κ on a grid over [0.5, 5000] and refines the best cell by
/// golden-section search; κ at a bound means the data prefer no pooling (upper) or none of
/// the prior (lower).
public enum KappaFit {
    public static let range = 0.5...5000.0

    public static func logLikelihood(_ kappa: Double, counts: [(k: Double, n: Double, mean: Double)]) -> Double {
        var total = 0.0
        for c in counts where c.n > 0 {
            let a = c.mean * kappa, b = (1 - c.mean) * kappa
            total += BetaDistribution.logBeta(c.k + a, c.n - c.k + b) - BetaDistribution.logBeta(a, b)
        }
        return total
    }

    public static func maximumLikelihood(counts: [(k: Double, n: Double, mean: Double)]) -> Double {
        let usable = counts.filter { $0.n > 0 && $0.mean > 0 && $0.mean < 1 }
        guard !usable.isEmpty else { return 25 }
        let lo = log(range.lowerBound), hi = log(range.upperBound), steps = 24
        var best = 0, bestValue = -Double.infinity
        let grid = (0...steps).map { lo + (hi - lo) * Double($0) / Double(steps) }
        for (i, u) in grid.enumerated() {
            let v = logLikelihood(exp(u), counts: usable)
            if v > bestValue { bestValue = v; best = i }
        }
        var a = grid[max(0, best - 1)], b = grid[min(steps, best + 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = logLikelihood(exp(c), counts: usable), fd = logLikelihood(exp(d), counts: usable)
        for _ in 0..<40 {
            if fc > fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = logLikelihood(exp(c), counts: usable) }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = logLikelihood(exp(d), counts: usable) }
            if b - a < 1e-6 { break }
        }
        return exp((a + b) / 2)
    }

    /// κp from the parent table around the global means, and κl from the local table around the
    /// parent posterior means (computed with that κp), pooled over strikes.
    public static func fit(tables: BucketTables, scheme: BucketScheme) -> (parent: Double, local: Double) {
        let k = tables.global.strikeCount
        let g = tables.global
        let globalMean = (0..<k).map { (0.5 + g.weighted[$0]) / (1 + g.sessions[0]) }
        var parentCounts: [(k: Double, n: Double, mean: Double)] = []
        for b in 0..<tables.parent.bucketCount where tables.parent.sessions[b] > 0 {
            for j in 0..<k { parentCounts.append((tables.parent.weighted[b * k + j], tables.parent.sessions[b], globalMean[j])) }
        }
        let kappaParent = maximumLikelihood(counts: parentCounts)
        var localCounts: [(k: Double, n: Double, mean: Double)] = []
        for b in 0..<tables.local.bucketCount where tables.local.sessions[b] > 0 {
            let p = scheme.parent(ofLocal: b)
            for j in 0..<k {
                let mean = (globalMean[j] * kappaParent + tables.parent.weighted[p * k + j]) / (kappaParent + tables.parent.sessions[p])
                localCounts.append((tables.local.weighted[b * k + j], tables.local.sessions[b], mean))
            }
        }
        return (kappaParent, maximumLikelihood(counts: localCounts))
    }
}
