import Foundation

extension SkewedPut {
    /// Bounds on ``value`` over every spot in `spots`, minutes left in `minutesLeft` (at least
    /// one) and ATM volatility in `atm` (positive), for the skew `skewSlope`, `maxSkewMultiple`:
    /// a range holding the price at every such point, so a block of minutes can be judged
    /// without pricing each one; nil when the skew can make the volatility zero or negative.
    ///
    /// ```swift
    /// SkewedPut.valueBounds(spots: 449...451, strike: 440, minutesLeft: 105...120, atm: 0.19...0.2,
    ///                       skewSlope: 0.12, maxSkewMultiple: 3)   // ⊇ every value in that box
    /// ```
    ///
    /// The put (no rate, no dividend) falls with the spot and rises with time and volatility;
    /// σ = σ_atm · m(z) with m(z) = min(1 + skewSlope · z, maxSkewMultiple) monotone in
    /// z = max(0, ln(S/K)) / (σ_atm √T) ≥ 0, and z lies between its value at the box's
    /// smallest spot, largest ATM volatility and time and at the opposite corner. So the price is
    /// at most Black–Scholes at the smallest spot, longest time and largest σ the box allows and at
    /// least at the largest spot, shortest time and smallest σ. Both ends are widened by 10⁻⁹
    /// (relative and in dollars), which covers the floating evaluation at either end and at
    /// every point of the box (each within 10⁻¹² of its exact value for prices of a few
    /// hundred dollars).
    public static func valueBounds(spots: ClosedRange<Double>, strike: Double, minutesLeft: ClosedRange<Double>,
                                   atm: ClosedRange<Double>, skewSlope: Double, maxSkewMultiple: Double) -> ClosedRange<Double>? {
        precondition(minutesLeft.lowerBound >= 1 && atm.lowerBound > 0 && strike > 0 && spots.lowerBound > 0,
                     "value bounds need time left, a positive volatility, strike and spot")
        let shortest = BlackScholes.tradingYears(minutes: minutesLeft.lowerBound)
        let longest = BlackScholes.tradingYears(minutes: minutesLeft.upperBound)
        let moneyness = (log(spots.lowerBound / strike), log(spots.upperBound / strike))
        let zLow = max(0, moneyness.0) / (atm.upperBound * longest.squareRoot())
        let zHigh = max(0, moneyness.1) / (atm.lowerBound * shortest.squareRoot())
        let m = (min(1 + skewSlope * zLow, maxSkewMultiple), min(1 + skewSlope * zHigh, maxSkewMultiple))
        guard min(m.0, m.1) > 0 else { return nil }
        let highest = BlackScholes.put(spot: spots.lowerBound, strike: strike, years: longest,
                                       volatility: atm.upperBound * max(m.0, m.1), logMoneyness: moneyness.0)
        let lowest = BlackScholes.put(spot: spots.upperBound, strike: strike, years: shortest,
                                      volatility: atm.lowerBound * min(m.0, m.1), logMoneyness: moneyness.1)
        let margin = 1e-9
        return max(0, lowest * (1 - margin) - margin)...(highest * (1 + margin) + margin)
    }
}
