import Foundation
import Testing
@testable import TailSweepCore

/// Beta quantiles against SciPy (`Fixtures/beta/beta-ppf.csv`, written by
/// scripts/fixtures/make_beta_fixture.py with `scipy.stats.beta.ppf`).
@Suite struct BetaDistributionTests {
    static func table() throws -> [(a: Double, b: Double, q: Double, x: Double)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/beta/beta-ppf.csv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map { Double($0)! }
            return (f[0], f[1], f[2], f[3])
        }
    }

    @Test func quantilesAgreeWithSciPyToOnePartInABillion() throws {
        let rows = try Self.table()
        #expect(rows.count > 900)
        var worst = 0.0, failures: [String] = []
        for r in rows {
            let x = BetaDistribution.quantile(r.q, a: r.a, b: r.b)
            // Relative error in x, or in 1 − x where the quantile sits against 1.
            let err = min(abs(x - r.x) / r.x, abs((1 - x) - (1 - r.x)) / max(1 - r.x, .leastNormalMagnitude))
            worst = max(worst, err)
            if err > 1e-9 { failures.append("a=\(r.a) b=\(r.b) q=\(r.q): \(x) vs \(r.x) (rel \(err))") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(rows.count) beyond 1e-9, e.g. \(failures.prefix(5)); worst \(worst)")
    }

    @Test func cdfInvertsTheQuantileAndKnownValues() {
        // I_0.3(2, 5) = 1 − (0.7^6 + 6·0.3·0.7^5) = 0.579825 exactly.
        #expect(abs(BetaDistribution.cdf(0.3, a: 2, b: 5) - 0.579825) < 1e-14)
        // Beta(1, 1) is uniform; Beta(a, 1) has CDF x^a.
        #expect(abs(BetaDistribution.quantile(0.37, a: 1, b: 1) - 0.37) < 1e-15)
        #expect(abs(BetaDistribution.quantile(0.2, a: 3, b: 1) - pow(0.2, 1.0 / 3)) < 1e-15)
        for (a, b) in [(0.5, 0.5), (0.5, 3000.5), (12.5, 40), (300, 2.5)] {
            for q in [1e-8, 0.05, 0.5, 0.95, 1 - 1e-8] {
                let x = BetaDistribution.quantile(q, a: a, b: b)
                // Near 1 a double cannot resolve 1 − x finely enough for the tail to be checked this way.
                guard 1 - x > 1e-3 else { continue }
                let t = BetaDistribution.tails(x, a: a, b: b)
                let achieved = q <= 0.5 ? t.lower : t.upper
                let wanted = q <= 0.5 ? q : 1 - q
                #expect(abs(achieved - wanted) <= 1e-12 * wanted, "a=\(a) b=\(b) q=\(q)")
            }
        }
        #expect(BetaDistribution.quantile(0, a: 2, b: 2) == 0 && BetaDistribution.quantile(1, a: 2, b: 2) == 1)
    }

    /// `quantiles` (four continued fractions in SIMD lanes) must give `quantile`'s bits for every
    /// shape pair: over the SciPy table's shapes and random ones from 0.01 to 20000, at the
    /// credible levels the walk-forward uses and at random levels, for counts that fill the
    /// lanes unevenly (and none), and at q = 0 and 1.
    @Test func batchedQuantilesEqualScalarOnesBitForBit() throws {
        var rng = RandomSource(seed: 7)
        func shape() -> Double { exp(log(0.01) + rng.uniform() * (log(20000) - log(0.01))) }
        let table = try Self.table()
        var cases: [(q: Double, a: [Double], b: [Double])] = Set(table.map(\.q)).sorted().map { q in
            let rows = table.filter { $0.q == q }
            return (q, rows.map(\.a), rows.map(\.b))
        }
        for count in [0, 1, 3, 5, 1_003] {
            for q in [0, 0.025, 0.05, 0.95, 0.975, 1, 1e-10 + rng.uniform() * (1 - 2e-9)] {
                cases.append((q, (0..<count).map { _ in shape() }, (0..<count).map { _ in shape() }))
            }
        }
        var mismatches: [String] = [], total = 0
        for c in cases {
            var out = [Double](repeating: .nan, count: c.a.count)
            c.a.withUnsafeBufferPointer { a in
                c.b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { BetaDistribution.quantiles(c.q, a: a, b: b, into: $0) }
                }
            }
            for i in c.a.indices {
                total += 1
                let scalar = BetaDistribution.quantile(c.q, a: c.a[i], b: c.b[i])
                if out[i].bitPattern != scalar.bitPattern { mismatches.append("q=\(c.q) a=\(c.a[i]) b=\(c.b[i]): \(out[i]) vs \(scalar)") }
            }
        }
        #expect(total > 8_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(total) differ, e.g. \(mismatches.prefix(3))")
    }

    @Test func logBetaIsAccurateForLopsidedShapes() {
        // ln B(0.01, 20000) = lgamma(0.01) − ln Γ(20000.01)/Γ(20000); check against the exact
        // series ψ-based expansion via mpmath (value computed with mpmath.log(mpmath.beta(0.01, 20000))).
        let expected = 4.500445250018681691
        #expect(abs(BetaDistribution.logBeta(0.01, 20000) - expected) < 1e-13)
        #expect(abs(BetaDistribution.logBeta(2, 3) - log(1.0 / 12)) < 1e-15)
    }
}
