/// Parameters of the synthetic SPY-like market. The equations are in `docs/synthetic-market.md`;
/// the defaults give SPY-like levels: about 18 % realised annualised volatility on average, regimes that
/// persist for weeks, an intraday U-shape, fat tails and rare downward jumps.
///
/// ```swift
/// var model = SyntheticMarketModel()
/// model.meanVolatility = 0.20          // a more volatile market
/// let dataset = try SyntheticMarketGenerator(model: model, seed: 7).generate(sessions: 250)
/// ```
///
/// Every field is part of the dataset's provenance (it is written to the manifest), so a
/// dataset can always be regenerated exactly.
public struct SyntheticMarketModel: Sendable, Codable, Equatable {
    /// Price of the first session's previous close.
    public var initialPrice = 120.0
    /// Annual drift of the log price.
    public var annualDrift = 0.07
    /// Long-run mean of annualised volatility (geometric).
    public var meanVolatility = 0.14
    /// Daily persistence φ of log variance (half-life ≈ ln 2 / (1 − φ) sessions).
    public var variancePersistence = 0.97
    /// Stationary standard deviation of log volatility.
    public var logVolatilityDispersion = 0.40
    /// Feedback of a session's standardised return into the next session's log variance
    /// (negative: down days raise volatility).
    public var varianceLeverage = -0.06
    /// Bounds on annualised volatility.
    public var volatilityFloor = 0.06
    public var volatilityCap = 1.20
    /// Share of daily variance that falls overnight (the gap).
    public var overnightVarianceShare = 0.10
    /// Degrees of freedom of the unit-variance Student t used for minute and gap shocks.
    public var tailDegreesOfFreedom = 4.0
    /// U-shape of intraday volatility: w(x) = 1 + openBoost·e^(−x/openDecay) + closeBoost·e^(−(1−x)/closeDecay).
    public var openVolatilityBoost = 2.5
    public var openVolatilityDecay = 0.06
    public var closeVolatilityBoost = 0.8
    public var closeVolatilityDecay = 0.05
    /// Intraday leverage: minute volatility is multiplied by e^(−β·extension), clamped to the range.
    public var intradayLeverage = 25.0
    public var leverageFactorRange = 0.5...3.0
    /// Mean reversion of the extension (log return versus the previous close): a constant
    /// per-minute pull sized so that an extension held from the open would revert by this
    /// fraction by a full session's close.
    public var extensionReversion = 0.15
    /// Expected jumps per session at mean volatility, with normal sizes (log return).
    public var jumpsPerSession = 0.08
    public var jumpMean = -0.002
    public var jumpStdDev = 0.004
    /// Width of the high/low excursions around open and close, in minute standard deviations.
    public var rangeExcursion = 0.6
    /// Mean shares per minute at mean volatility, its U-shape boosts and log-normal noise.
    public var volumePerMinute = 150_000.0
    public var openVolumeBoost = 3.0
    public var closeVolumeBoost = 2.5
    public var volumeNoise = 0.35
    /// Synthetic volatility index (VIX-like, percent points) = 100·(ivPremium·σ) + ivOffsetPoints.
    public var impliedVolatilityPremium = 1.12
    public var impliedVolatilityOffsetPoints = 3.0

    public init() {}
}
