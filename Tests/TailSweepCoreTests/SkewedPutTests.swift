import Foundation
import Testing
@testable import TailSweepCore

@Suite struct SkewedPutTests {
    /// Random far and near puts over the product's range: spot $50–$600, strikes up to 8 % below,
    /// 1–390 minutes left, at-the-money volatility 5–120 %.
    static func randomPuts(_ n: Int, seed: UInt64 = 42) -> [SkewedPut] {
        var rng = SplitMix64(state: seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        return (0..<n).map { _ in
            let spot = 50 + 550 * uniform()
            return SkewedPut(spot: spot, strike: (spot * (1 - 0.08 * uniform())).rounded(.down),
                             minutesLeft: (1 + 389 * uniform()).rounded(), atmVolatility: 0.05 + 1.15 * uniform(),
                             skewSlope: 0.12, maxSkewMultiple: 3)
        }
    }

    /// s = σ√T and d₂ of a put.
    static func stdevAndD2(_ p: SkewedPut) -> (s: Double, d2: Double) {
        let s = p.volatility * p.years.squareRoot()
        return (s, log(p.spot / p.strike) / s - s / 2)
    }

    /// σ follows the documented skew: σ_atm · min(1 + 0.12 z, 3), z = max(0, ln(S/K)) / (σ_atm √T).
    @Test func volatilityFollowsTheSkew() {
        let root = (60.0 / (252 * 390)).squareRoot()
        for (spot, strike, atm) in [(450.0, 440.0, 0.2), (450, 450, 0.2), (450, 460, 0.3), (100, 80, 0.1)] {
            let z = max(0, log(spot / strike)) / (atm * root)
            let put = SkewedPut(spot: spot, strike: strike, minutesLeft: 60, atmVolatility: atm, skewSlope: 0.12, maxSkewMultiple: 3)
            #expect(abs(put.volatility - atm * min(1 + 0.12 * z, 3)) <= 1e-15, "\(spot) \(strike) \(atm)")
        }
        // Far below the money the skew is capped at three times the at-the-money level.
        #expect(SkewedPut(spot: 100, strike: 80, minutesLeft: 60, atmVolatility: 0.1, skewSlope: 0.12, maxSkewMultiple: 3).volatility == 0.1 * 3)
    }

    /// The put as K ∫_{d₂}^∞ φ(x)(1 − e^{−s(x − d₂)}) dx by Simpson's rule — the representation the
    /// bounds rest on, computed independently of the closed form.
    static func integral(_ p: SkewedPut) -> Double {
        let (s, d2) = stdevAndD2(p)
        let steps = 20_000, width = 12.0 / Double(steps)
        var sum = 0.0
        for i in 0...steps {
            let x = d2 + Double(i) * width
            let f = StandardNormal.pdf(x) * (1 - exp(-s * (x - d2)))
            sum += f * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2))
        }
        return p.strike * sum * width / 3
    }

    @Test func theClosedFormIsTheIntegralTheBoundsRestOn() {
        var checked = 0
        for p in Self.randomPuts(400) where p.spot > p.strike && p.value > 1e-200 {
            let reference = Self.integral(p)
            #expect(abs(p.value - reference) <= 1e-7 * reference, "\(p): \(p.value) vs \(reference)")
            checked += 1
        }
        #expect(checked > 300)
    }

    /// Whatever the limits, a proof is never wrong; and far puts clearly inside the limits are
    /// proven (the bounds are within 1 + 2/d₂² of the put, the table within a sixteenth of d₂).
    @Test func proofsAreNeverWrongAndCoverFarPuts() {
        var rng = SplitMix64(state: 7)
        var proven = 0, expected = 0, missed = 0
        for p in Self.randomPuts(200_000) {
            let value = p.value
            let limit = [0.0095, 0.0145, 0.005, value * (0.5 + 2.5 * Double(rng.next() >> 11) / Double(1 << 53))][Int(rng.next() % 4)]
            let floor = rng.next() % 2 == 0 ? -Double.infinity : [1e-15, value / 2, value][Int(rng.next() % 3)]
            let yes = p.provably(atMost: limit, above: floor)
            if yes {
                #expect(floor < value && value <= limit, "\(p): \(floor) < \(value) ≤ \(limit)")
                proven += 1
            }
            let (s, d2) = Self.stdevAndD2(p)
            let lower = p.strike * s / (1 + s) * StandardNormal.pdf(d2 + 2)
            if p.spot > p.strike, d2 >= 2.5, value > 1e-280, value <= limit / 1.8, lower > 2 * floor {
                expected += 1
                if !yes { missed += 1 }
            }
        }
        #expect(proven > 20_000 && expected > 10_000, "\(proven) proven, \(expected) expected")
        #expect(missed == 0, "\(missed) of \(expected) far puts clearly within the limits not proven")
        // Near the money (d₂ < 1) nothing is proven: the normal tails are needed there.
        #expect(!SkewedPut(spot: 100, strike: 99, minutesLeft: 390, atmVolatility: 0.2, skewSlope: 0.12, maxSkewMultiple: 3)
            .provably(atMost: 100))
    }
}
