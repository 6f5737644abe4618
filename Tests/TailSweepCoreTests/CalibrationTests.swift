import Testing
@testable import TailSweepCore

@Suite struct CalibrationTests {
    @Test func handWorkedExample() {
        let m = CalibrationMetrics(forecasts: [0.1, 0.1, 0.9, 0.9], outcomes: [0, 1, 1, 1])
        #expect(abs(m.brier - 0.21) < 1e-15)
        #expect(abs(m.observedRate - 0.75) < 1e-15 && abs(m.meanForecast - 0.5) < 1e-15)
        // Bins 1 ([0.1, 0.2)) and 9: |0.1 − 0.5| and |0.9 − 1.0|, weighted ½ each.
        #expect(abs(m.ece - 0.25) < 1e-15)
        #expect(abs(m.sharpness - 0.16) < 1e-15)
        let logLoss = -(log(0.9) + log(0.1) + 2 * log(0.9)) / 4
        #expect(abs(m.logLoss - logLoss) < 1e-15)
        #expect(m.equalWidthBins[1].count == 2 && m.equalWidthBins[9].count == 2)
        #expect(abs(m.uncertainty - 0.1875) < 1e-15)
    }

    @Test func murphyDecompositionHoldsOnBinnedForecasts() {
        var rng = SplitMix64(state: 5)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        for trial in 0..<20 {
            let n = 50 + trial * 37
            let f = (0..<n).map { _ in pow(u(), 3) }
            let o = f.map { u() < min(1, $0 * 1.3) ? 1.0 : 0.0 }
            let m = CalibrationMetrics(forecasts: f, outcomes: o)
            #expect(abs(m.binnedBrier - (m.reliability - m.resolution + m.uncertainty)) < 1e-12)
            // The binned Brier recomputed directly from bin means.
            var direct = 0.0
            for i in 0..<n {
                let b = min(Int(f[i] * 10), 9)
                direct += pow(m.equalWidthBins[b].meanForecast - o[i], 2)
            }
            #expect(abs(direct / Double(n) - m.binnedBrier) < 1e-12)
            #expect(m.quantileBins.map(\.count).reduce(0, +) == n)
            #expect(m.quantileBins.allSatisfy { abs($0.count - n / 10) <= 1 })
        }
    }

    /// Jeffreys intervals against SciPy: beta.ppf(0.05 / 0.95, k + ½, n − k + ½).
    @Test func jeffreysIntervalsMatchSciPy() {
        let cases: [(Int, Int, Double, Double)] = [(3, 400, 0.0027140005019312685, 0.017484521208029784),
                                                  (1, 2, 0.0973081817399401, 0.9026918182600598)]
        for (k, n, lo, hi) in cases {
            let i = BreachRate(breaches: k, trials: n).interval(0.9)
            #expect(abs(i.lower - lo) / lo < 1e-9 && abs(i.upper - hi) / hi < 1e-9)
        }
        let none = BreachRate(breaches: 0, trials: 250).interval(0.9)
        #expect(none.lower == 0 && abs(none.upper - 0.0076458542715785284) / 0.0076458542715785284 < 1e-9)
        #expect(BreachRate(breaches: 10, trials: 10).interval(0.9).upper == 1)
        #expect(BreachRate(breaches: 1, trials: 400).holds(tier: 0.005))
        #expect(!BreachRate(breaches: 20, trials: 400).holds(tier: 0.01))
    }
}

import Foundation
