import Foundation

/// Black–Scholes prices of European puts (the 0DTE contracts TailSweep sells are European and
/// PM-settled on the close).
///
/// ```swift
/// BlackScholes.put(spot: 100, strike: 95, years: 0.25, volatility: 0.2)   // ≈ 1.6
/// BlackScholes.put(spot: 100, strike: 95, years: 0, volatility: 0.2)      // 0 (intrinsic)
/// ```
///
/// Contract: rate and dividend yield default to zero (a same-day horizon makes both
/// negligible); at `years == 0` or `volatility == 0` the price is the discounted intrinsic value.
/// Accuracy is that of ``StandardNormal/cdf(_:)`` (a few ulps), reassociated freely.
public enum BlackScholes {
    public static func put(spot: Double, strike: Double, years: Double, volatility: Double,
                           rate: Double = 0, dividendYield: Double = 0) -> Double {
        put(spot: spot, strike: strike, years: years, volatility: volatility, rate: rate, dividendYield: dividendYield,
            logMoneyness: log(spot / strike))
    }

    /// The same with `logMoneyness = log(spot / strike)` already known (skewed callers compute it).
    /// A zero rate or yield skips its `exp` (exactly 1).
    static func put(spot: Double, strike: Double, years: Double, volatility: Double, rate: Double = 0, dividendYield: Double = 0,
                    logMoneyness: Double) -> Double {
        let discount = rate == 0 ? 1 : exp(-rate * years)
        let carry = dividendYield == 0 ? 1 : exp(-dividendYield * years)
        let stdev = volatility * years.squareRoot()
        guard stdev > 0 else { return max(strike * discount - spot * carry, 0) }
        let d1 = (logMoneyness + (rate - dividendYield) * years) / stdev + 0.5 * stdev
        let d2 = d1 - stdev
        return strike * discount * StandardNormal.cdf(-d2) - spot * carry * StandardNormal.cdf(-d1)
    }

    /// Trading-time years for a number of regular-session minutes left (252 sessions of 390 minutes).
    public static func tradingYears(minutes: Double) -> Double { minutes / (252 * 390) }
}
