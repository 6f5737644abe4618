import Foundation
import Testing
@testable import TailSweepCore

@Suite struct SkewedPutTests {
    /// Random far and near puts over the product's range: spot $50–$600, strikes up to 8 % below,
    /// 1–390 minutes left, at-the-money volatility 5–120 %.
    static func randomPuts(_ n: Int) -> [SkewedPut] {
        var rng = SplitMix64(state: 42)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        return (0..<n).map { _ in
            let spot = 50 + 550 * uniform()
            return SkewedPut(spot: spot, strike: (spot * (1 - 0.08 * uniform())).rounded(.down),
                             minutesLeft: (1 + 389 * uniform()).rounded(), atmVolatility: 0.05 + 1.15 * uniform(),
                             skewSlope: 0.12, maxSkewMultiple: 3)
        }
    }

    /// The put as K ∫_{d₂}^∞ φ(x)(1 − e^{−s(x − d₂)}) dx by Simpson's rule — the representation the
    /// bounds rest on, computed independently of the closed form.
    static func integral(_ p: SkewedPut) -> Double {
        let s = p.volatility * p.years.squareRoot(), d2 = p.logMoneyness / s - s / 2
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
        for p in Self.randomPuts(400) where p.logMoneyness > 0 && p.value > 1e-200 {
            let reference = Self.integral(p)
            #expect(abs(p.value - reference) <= 1e-7 * reference, "\(p): \(p.value) vs \(reference)")
            checked += 1
        }
        #expect(checked > 300)
    }

    @Test func farBoundsBracketThePutAndAreTight() {
        var bounded = 0, tiny = 0
        for p in Self.randomPuts(200_000) {
            guard let b = p.farBounds else { continue }
            let value = p.value
            #expect(b.lower <= value && value <= b.upper, "\(p): \(b.lower) ≤ \(value) ≤ \(b.upper)")
            let s = p.volatility * p.years.squareRoot(), d2 = p.logMoneyness / s - s / 2
            // Within 1 + 2/d₂² (and the s-terms) of the put: tight enough to settle most far quotes.
            if d2 >= 2 && value > 1e-250 { #expect(b.upper <= 1.6 * value, "\(p): \(b.upper) vs \(value)") }
            bounded += 1
            if b.upper < 0.005 { tiny += 1 }
        }
        #expect(bounded > 50_000 && tiny > 10_000, "\(bounded) bounded, \(tiny) below half a cent")
        // Near the money (d₂ < 1) there are no bounds: the normal tails are needed there.
        #expect(SkewedPut(spot: 100, strike: 99, minutesLeft: 390, atmVolatility: 0.2, skewSlope: 0.12, maxSkewMultiple: 3).farBounds == nil)
    }
}
