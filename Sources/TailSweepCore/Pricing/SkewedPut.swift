import Foundation

/// A skewed Black–Scholes put, shared by the model and synthetic quote sources and by model marks
/// of open positions: σ(K) = σ_atm · min(1 + skewSlope · z, maxSkewMultiple) with
/// z = max(0, ln(S/K)) / (σ_atm √T), T in trading years to the close.
///
/// ```swift
/// let put = SkewedPut(spot: 450, strike: 440, minutesLeft: 120, atmVolatility: 0.2, skewSlope: 0.12, maxSkewMultiple: 3)
/// put.value                          // the price
/// put.provably(atMost: 0.005)        // true only when bounds prove the price ≤ $0.005
/// ```
///
/// `provably(atMost:above:)` lets a quote source settle a far put's cent-rounded quote without
/// pricing it — no normal tail integrals and usually no `exp`. With s = σ√T the put is
/// K ∫_{d₂}^∞ φ(x)(1 − e^{−s(x − d₂)}) dx, so
/// put ≤ K s (φ(d₂) − d₂ N(−d₂)) ≤ K s φ(d₂)/(d₂² + 1)  (1 − e^{−y} ≤ y; Gordon: N(−d) ≥ φ(d) d/(d² + 1)) and
/// put ≥ K s/(1 + s) · φ(d₂ + 2)                        (the integrand on [d₂ + 1, d₂ + 2]).
/// φ is bounded from a table at sixteenths (φ falls on x > 0), with `exp` only where the table's
/// bracket straddles the limit. The bounds hold for the exact put at `value`'s own inputs (the
/// same log-moneyness and σ), and `value`'s floating evaluation is within 10⁻¹² of that, far
/// inside the margins callers leave.
public struct SkewedPut {
    public let spot: Double, strike: Double, years: Double, logMoneyness: Double, volatility: Double

    /// `logMoneyness`: ln(spot / strike) when the caller has it (taken here otherwise).
    public init(spot: Double, strike: Double, minutesLeft: Double, atmVolatility atm: Double, skewSlope: Double, maxSkewMultiple: Double,
                logMoneyness known: Double? = nil) {
        self.spot = spot
        self.strike = strike
        years = BlackScholes.tradingYears(minutes: minutesLeft)
        guard years > 0 else { (logMoneyness, volatility) = (.nan, .nan); return }
        logMoneyness = known ?? log(spot / strike)
        let z = max(0, logMoneyness) / (atm * years.squareRoot())
        volatility = atm * min(1 + skewSlope * z, maxSkewMultiple)
    }

    public var value: Double {
        guard years > 0 else { return max(strike - spot, 0) }
        return BlackScholes.put(spot: spot, strike: strike, years: years, volatility: volatility, logMoneyness: logMoneyness)
    }

    /// True when bounds prove `floor < value ≤ limit`; false when they do not (which says nothing).
    /// Only puts with d₂ ≥ 1 (far out of the money) are bounded.
    public func provably(atMost limit: Double, above floor: Double = -.infinity) -> Bool {
        guard years > 0, strike > 0, logMoneyness > 0 else { return false }
        let stdev = volatility * years.squareRoot()          // as Black–Scholes forms it
        guard stdev > 0 else { return false }
        let d2 = logMoneyness / stdev - 0.5 * stdev           // a few roundings from the exact d₂
        let d2Low = d2 * (1 - 1e-13)
        guard d2Low >= 1 else { return false }
        // put ≤ K s φ(d₂)/(d₂² + 1) ≤ K s φ(d2Low)/(d2Low² + 1) (φ(d)/(d² + 1) falls on d ≥ 1).
        let scale = strike * stdev / (d2Low * d2Low + 1) * (1 + 1e-12)
        let cell = Int(d2Low * 16), last = Self.density.count - 1
        if cell < last {
            if scale * Self.density[cell + 1] * (1 - 1e-12) > limit { return false }   // φ(d2Low) is above that: not provable
            if scale * Self.density[cell] * (1 + 1e-12) > limit, scale * StandardNormal.pdf(d2Low) * (1 + 1e-12) > limit { return false }
        } else if scale * Self.density[last] * (1 + 1e-12) > limit {                // d2Low past the table: φ(d2Low) ≤ its last entry
            return false
        }
        guard floor > -.infinity else { return true }
        // put ≥ K s/(1 + s) φ(d₂ + 2) ≥ K s/(1 + s) φ(d2High + 2), φ there bounded by the next sixteenth.
        let upperCell = Int((d2 * (1 + 1e-13) + 2) * 16) + 1
        guard upperCell <= last else { return false }
        return strike * stdev / (1 + stdev) * Self.density[upperCell] * (1 - 1e-12) > floor
    }

    /// φ(i/16) for i = 0 … 591 (x < 37, where φ is still a normal number, so the relative error
    /// of `exp`, an ulp, is covered by the 10⁻¹² factors).
    private static let density: [Double] = (0..<592).map { StandardNormal.pdf(Double($0) / 16) }
}
