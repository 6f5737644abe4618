import Foundation
import TailSweepCore

/// Generates SPY-like regular-session minute bars on the real NYSE calendar.
///
/// ```swift
/// let generator = SyntheticMarketGenerator(model: SyntheticMarketModel(), seed: 1)
/// let dataset = try generator.generate(sessions: 5_000, start: try CivilDate(parsing: "2005-01-03"))
/// dataset.bars.sessionCount   // 5000, early closes included
/// ```
///
/// Deterministic: the same model, seed, start and count give bit-identical datasets on every
/// platform. The daily variance chain is drawn sequentially from one stream; each session's
/// minutes come from a stream of their own keyed by the session date.
public struct SyntheticMarketGenerator: Sendable {
    public let model: SyntheticMarketModel
    public let seed: UInt64

    public init(model: SyntheticMarketModel = SyntheticMarketModel(), seed: UInt64) {
        self.model = model
        self.seed = seed
    }

    public static let defaultStart = CivilDate(year: 2005, month: 1, day: 3)!

    public func generate(sessions count: Int, start: CivilDate = defaultStart) throws(CalendarError) -> MarketDataset {
        let sessions = try NYSECalendar.sessions(startingOnOrAfter: start, count: count)
        var grid = SessionBarGrid(sessions: sessions)
        var daily = DailyTable(sessionCount: count)
        var dailyRNG = RandomSource(seed: seed, stream: 0)
        let m = model
        let meanLogVariance = 2 * log(m.meanVolatility)
        let innovation = 2 * m.logVolatilityDispersion * (1 - m.variancePersistence * m.variancePersistence).squareRoot()
        var logVariance = meanLogVariance
        var previousClose = m.initialPrice
        var lastStandardisedReturn = 0.0
        var weights = [Double](repeating: 0, count: SessionBarGrid.slotsPerSession)
        var volumeShape = weights

        for s in 0..<count {
            logVariance = meanLogVariance + m.variancePersistence * (logVariance - meanLogVariance)
                + innovation * dailyRNG.normal() + 2 * m.varianceLeverage * lastStandardisedReturn
            let sigma = min(max(exp(logVariance / 2), m.volatilityFloor), m.volatilityCap)
            logVariance = 2 * log(sigma)
            let dailyVariance = sigma * sigma / 252
            let slots = sessions[s].minuteCount
            let sessionShare = Double(slots) / Double(NYSECalendar.fullSessionMinutes)
            let intradayVariance = dailyVariance * (1 - m.overnightVarianceShare) * sessionShare
            shapes(slots: slots, volatility: &weights, volume: &volumeShape)

            var rng = RandomSource(seed: seed, stream: 1 + UInt64(bitPattern: Int64(sessions[s].date.dayNumber)))
            let gap = (dailyVariance * m.overnightVarianceShare).squareRoot() * rng.studentT(dof: m.tailDegreesOfFreedom)
            let logPrevious = log(previousClose)
            var logPrice = logPrevious + gap
            let drift = m.annualDrift / 252 / Double(slots)
            let jumpProbability = m.jumpsPerSession / Double(slots) * (sigma / m.meanVolatility)
            let jumpScale = sigma / m.meanVolatility
            let reversionPerMinute = -log(1 - m.extensionReversion) / Double(NYSECalendar.fullSessionMinutes)
            let volumeScale = m.volumePerMinute * pow(sigma / m.meanVolatility, 0.8)

            for k in 0..<slots {
                let extension_ = logPrice - logPrevious
                let leverage = min(max(exp(-m.intradayLeverage * extension_), m.leverageFactorRange.lowerBound),
                                   m.leverageFactorRange.upperBound)
                let minuteSD = (intradayVariance).squareRoot() * weights[k] * leverage
                var r = drift - reversionPerMinute * extension_
                    + minuteSD * rng.studentT(dof: m.tailDegreesOfFreedom)
                if rng.uniform() < jumpProbability {
                    r += jumpScale * (m.jumpMean + m.jumpStdDev * rng.normal())
                }
                let openLog = logPrice
                logPrice += r
                let o = exp(openLog), c = exp(logPrice)
                let up = abs(rng.normal()) * minuteSD * m.rangeExcursion
                let down = abs(rng.normal()) * minuteSD * m.rangeExcursion
                let oc = (cents(o), cents(c))
                let h = max(cents(max(o, c) * exp(up)), max(oc.0, oc.1))
                let l = min(cents(min(o, c) * exp(-down)), min(oc.0, oc.1))
                let v = (volumeScale * volumeShape[k] * exp(m.volumeNoise * rng.normal() - 0.5 * m.volumeNoise * m.volumeNoise)).rounded()
                grid.setBar(session: s, slot: k, open: oc.0, high: h, low: l, close: oc.1, volume: v)
            }
            let close = cents(exp(logPrice))
            daily.previousClose[s] = previousClose
            daily.officialClose[s] = close
            daily.volatilityIndex[s] = 100 * m.impliedVolatilityPremium * sigma + m.impliedVolatilityOffsetPoints
            lastStandardisedReturn = log(close / previousClose) / dailyVariance.squareRoot()
            previousClose = close
        }
        return MarketDataset(symbol: "SPY", bars: grid, daily: daily, previousCloseSource: .synthetic)
    }

    /// Fills the per-slot volatility weights (normalised so their squares sum to 1) and the
    /// volume shape (normalised to mean 1) for a session of `slots` minutes.
    func shapes(slots: Int, volatility: inout [Double], volume: inout [Double]) {
        let m = model
        var sumSquares = 0.0, sumVolume = 0.0
        for k in 0..<slots {
            let x = (Double(k) + 0.5) / Double(slots)
            let w = 1 + m.openVolatilityBoost * exp(-x / m.openVolatilityDecay)
                + m.closeVolatilityBoost * exp(-(1 - x) / m.closeVolatilityDecay)
            let u = 1 + m.openVolumeBoost * exp(-x / 0.08) + m.closeVolumeBoost * exp(-(1 - x) / 0.06)
            volatility[k] = w
            volume[k] = u
            sumSquares += w * w
            sumVolume += u
        }
        let norm = 1 / sumSquares.squareRoot(), volumeNorm = Double(slots) / sumVolume
        for k in 0..<slots {
            volatility[k] *= norm
            volume[k] *= volumeNorm
        }
    }
}

@inline(__always)
func cents(_ price: Double) -> Double { (price * 100).rounded() / 100 }
