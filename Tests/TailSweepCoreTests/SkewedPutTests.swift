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

    /// Over random boxes of spot, minutes left and ATM volatility (near and far puts, both
    /// skews, up to a 2 % spot range, 16 minutes and a fifth of the volatility), every put
    /// priced inside the box — its corners and random points — lies within the bounds; a box of
    /// one point gives bounds within 10⁻⁸ of its price (the 10⁻⁹ margins, nothing looser); a skew
    /// that can make σ negative gives none.
    @Test func valueBoundsHoldEveryPriceInTheBox() {
        var rng = SplitMix64(state: 11)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var checked = 0, tiny = 0
        for _ in 0..<3_000 {
            let spotLow = 50 + 550 * uniform(), strike = (spotLow * (1 - 0.06 * uniform())).rounded(.down)
            let spots = spotLow...(spotLow * (1 + 0.02 * uniform()))
            let first = (1 + 389 * uniform()).rounded(), minutes = first...(first + (15 * uniform()).rounded())
            let atmLow = 0.05 + uniform(), atm = atmLow...(atmLow * (1 + 0.2 * uniform()))
            let slope = uniform() < 0.5 ? 0.12 : 0.5 * uniform(), cap = 1 + 3 * uniform()
            let bounds = SkewedPut.valueBounds(spots: spots, strike: strike, minutesLeft: minutes, atm: atm,
                                               skewSlope: slope, maxSkewMultiple: cap)!
            func price(_ spot: Double, _ left: Double, _ vol: Double) -> Double {
                SkewedPut(spot: spot, strike: strike, minutesLeft: left, atmVolatility: vol, skewSlope: slope, maxSkewMultiple: cap).value
            }
            var points = [(Double, Double, Double)]()
            for spot in [spots.lowerBound, spots.upperBound] {
                for left in [minutes.lowerBound, minutes.upperBound] {
                    for vol in [atm.lowerBound, atm.upperBound] { points.append((spot, left, vol)) }
                }
            }
            for _ in 0..<24 {
                let left = (minutes.lowerBound + (minutes.upperBound - minutes.lowerBound) * uniform()).rounded()
                points.append((spots.lowerBound + (spots.upperBound - spots.lowerBound) * uniform(), left,
                               atm.lowerBound + (atm.upperBound - atm.lowerBound) * uniform()))
            }
            for (spot, left, vol) in points {
                let value = price(spot, left, vol)
                #expect(bounds.contains(value), "\(value) outside \(bounds): spot \(spot) strike \(strike) left \(left) atm \(vol)")
                checked += 1
                if value < 0.01 { tiny += 1 }
            }
            let (spot, left, vol) = points[Int(rng.next() % UInt64(points.count))]
            let value = price(spot, left, vol)
            let point = SkewedPut.valueBounds(spots: spot...spot, strike: strike, minutesLeft: left...left, atm: vol...vol,
                                              skewSlope: slope, maxSkewMultiple: cap)!
            #expect(point.contains(value) && point.upperBound - point.lowerBound <= 1e-8 * (1 + value),
                    "point box \(point) around \(value)")
        }
        #expect(checked == 3_000 * 32 && tiny > 5_000 && tiny < checked - 5_000, "\(tiny) of \(checked) prices below a cent")
        #expect(SkewedPut.valueBounds(spots: 110...111, strike: 100, minutesLeft: 10...20, atm: 0.1...0.2,
                                      skewSlope: -5, maxSkewMultiple: 3) == nil)
    }
}
