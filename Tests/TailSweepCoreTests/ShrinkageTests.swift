import Foundation
import Testing
@testable import TailSweepCore

@Suite struct ShrinkageTests {
    @Test func posteriorFollowsTheHierarchy() {
        let post = HierarchicalPosterior(global: (k: 9, n: 999), parent: (k: 1, n: 50), local: (k: 0, n: 10),
                                         kappaParent: 20, kappaLocal: 25)
        let pg = 9.5 / 1000.0
        let pp = (pg * 20 + 1) / 70
        #expect(abs(post.globalMean - pg) < 1e-15 && abs(post.parentMean - pp) < 1e-15)
        #expect(abs(post.alpha - pp * 25) < 1e-15 && abs(post.beta - ((1 - pp) * 25 + 10)) < 1e-13)
        #expect(post.dominantLevel == .parent)   // w_l = 10/35, w_p = (25/35)·(50/70)
        #expect(HierarchicalPosterior(global: (0, 0), parent: (0, 0), local: (0, 0), kappaParent: 20, kappaLocal: 25).mean == 0.5)
        #expect(HierarchicalPosterior(global: (5, 900), parent: (2, 300), local: (1, 400), kappaParent: 20, kappaLocal: 25).dominantLevel == .local)
    }

    @Test func kappaAutoRecoversAKnownConcentration() {
        // Buckets with p_b ~ Beta(μκ, (1 − μ)κ), κ = 30, μ = 0.1, and k_b ~ Binomial(120, p_b).
        var rng = SplitMix64(state: 77)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        func gamma(_ shape: Double) -> Double {   // Marsaglia–Tsang with the shape < 1 boost
            if shape < 1 { return gamma(shape + 1) * pow(u(), 1 / shape) }
            let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
            while true {
                var x = 0.0, v = 0.0
                repeat {
                    let (u1, u2) = (u(), u())
                    x = (-2 * log(max(u1, 1e-300))).squareRoot() * cos(2 * .pi * u2)
                    v = 1 + c * x
                } while v <= 0
                v = v * v * v
                if log(u()) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
            }
        }
        for trueKappa in [8.0, 30.0, 150.0] {
            var counts: [(k: Double, n: Double, mean: Double)] = []
            for _ in 0..<400 {
                let g1 = gamma(0.1 * trueKappa), g2 = gamma(0.9 * trueKappa)
                let p = g1 / (g1 + g2)
                let k = (0..<120).filter { _ in u() < p }.count
                counts.append((Double(k), 120, 0.1))
            }
            let fitted = KappaFit.maximumLikelihood(counts: counts)
            #expect(fitted > trueKappa / 1.5 && fitted < trueKappa * 1.5, "true κ \(trueKappa), fitted \(fitted)")
        }
    }
}
