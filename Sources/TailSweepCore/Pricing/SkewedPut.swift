import Foundation

/// A skewed Black–Scholes put, shared by the model and synthetic quote sources and by model marks
/// of open positions: σ(K) = σ_atm · min(1 + skewSlope · z, maxSkewMultiple) with
/// z = max(0, ln(S/K)) / (σ_atm √T), T in trading years to the close.
///
/// ```swift
/// let put = SkewedPut(spot: 450, strike: 440, minutesLeft: 120, atmVolatility: 0.2, skewSlope: 0.12, maxSkewMultiple: 3)
/// put.value                  // the price
/// put.farBounds?.upper       // a bound on it without the normal tail integrals, far out of the money
/// ```
///
/// `farBounds` lets a quote source settle a far put's cent-rounded quote without pricing it:
/// with s = σ√T, the put is K ∫_{d₂}^∞ φ(x)(1 − e^{−s(x − d₂)}) dx, so
/// put ≤ K s (φ(d₂) − d₂ N(−d₂)) ≤ K s φ(d₂)/(d₂² + 1)  (1 − e^{−y} ≤ y; Gordon: N(−d) ≥ φ(d) d/(d² + 1)) and
/// put ≥ K s/(1 + s) · φ(d₂ + 2)                        (the integrand on [d₂ + 1, d₂ + 2]).
/// Both hold for the exact put at these inputs; `value` and the bounds' own floating evaluation
/// differ from it by far less than the margins the sources leave (relative 10⁻¹², against 10⁻³).
public struct SkewedPut {
    public let spot: Double, strike: Double, years: Double, logMoneyness: Double, volatility: Double

    public init(spot: Double, strike: Double, minutesLeft: Double, atmVolatility atm: Double, skewSlope: Double, maxSkewMultiple: Double) {
        self.spot = spot
        self.strike = strike
        years = BlackScholes.tradingYears(minutes: minutesLeft)
        guard years > 0 else { (logMoneyness, volatility) = (.nan, .nan); return }
        logMoneyness = log(spot / strike)
        let z = max(0, logMoneyness) / (atm * years.squareRoot())
        volatility = atm * min(1 + skewSlope * z, maxSkewMultiple)
    }

    public var value: Double {
        guard years > 0 else { return max(strike - spot, 0) }
        return BlackScholes.put(spot: spot, strike: strike, years: years, volatility: volatility, logMoneyness: logMoneyness)
    }

    public struct FarBounds {
        public let upper: Double
        let strike: Double, stdev: Double, d2: Double, density: Double
        /// Costs a second `exp`: φ(d₂ + 2) = φ(d₂) e^{−2d₂−2}.
        public var lower: Double { strike * stdev / (1 + stdev) * density * exp(-2 * d2 - 2) }
    }

    /// The bounds for a put with d₂ ≥ 1, else nil (one `exp`).
    public var farBounds: FarBounds? {
        guard years > 0, strike > 0, logMoneyness > 0 else { return nil }
        let stdev = volatility * years.squareRoot()
        guard stdev > 0 else { return nil }
        let d2 = logMoneyness / stdev - 0.5 * stdev
        guard d2 >= 1 else { return nil }
        let density = StandardNormal.pdf(d2)
        return FarBounds(upper: strike * stdev * density / (d2 * d2 + 1), strike: strike, stdev: stdev, d2: d2, density: density)
    }
}
