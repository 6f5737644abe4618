import Foundation

/// The volatility regime of each session, computed from **prior sessions only**.
///
/// ```swift
/// let regimes = VolatilityRegime.compute(dataset: dataset, configuration: config)
/// regimes.volatility[s]    // annualised; NaN with status insufficient_history
/// regimes.bucket[s]        // index into config.regimeEdges, or -1 when unknown
/// regimes.inputs[s]        // which sessions (or which index close) it came from
/// ```
///
/// Trailing realised: `sqrt(252 · mean(rᵢ²))` over the close-to-close log returns
/// `rᵢ = ln(closeᵢ / previousCloseᵢ)` of the up to `regimeWindow` dataset sessions before `s`
/// (zero-mean convention), where `closeᵢ` is the session's final bar close (or its official
/// close when the final bar is missing). Volatility index: the index close of session `s − 1`
/// divided by 100.
public struct VolatilityRegime: Sendable {
    public struct Inputs: Sendable, Hashable {
        /// Dataset session indices the value was computed from (`lowerBound..<upperBound`, all before `s`).
        public let sessions: Range<Int>
        /// Returns actually used (sessions with both closes known).
        public let returnCount: Int
    }

    public let volatility: [Double]
    public let bucket: [Int16]
    public let inputs: [Inputs]

    public static func compute(dataset: MarketDataset, configuration c: FeatureConfiguration) -> VolatilityRegime {
        let n = dataset.bars.sessionCount
        var volatility = [Double](repeating: .nan, count: n)
        var bucket = [Int16](repeating: -1, count: n)
        var inputs = [Inputs](repeating: Inputs(sessions: 0..<0, returnCount: 0), count: n)
        switch c.regimeSource {
        case .volatilityIndex:
            for s in 1..<max(n, 1) {
                let v = dataset.daily.volatilityIndex[s - 1] / 100
                inputs[s] = Inputs(sessions: (s - 1)..<s, returnCount: v.isFinite ? 1 : 0)
                if v.isFinite { volatility[s] = v }
            }
        case .trailingRealized:
            var squared = [Double](repeating: .nan, count: n)
            for i in 0..<n {
                let close = dataset.bars.finalClose(session: i) ?? dataset.daily.officialClose[i]
                let previous = dataset.daily.previousClose[i]
                if close.isFinite, previous.isFinite, close > 0, previous > 0 {
                    let r = log(close / previous)
                    squared[i] = r * r
                }
            }
            for s in 0..<n {
                let lo = max(0, s - c.regimeWindow)
                var sum = 0.0, count = 0
                for i in lo..<s where squared[i].isFinite {
                    sum += squared[i]
                    count += 1
                }
                inputs[s] = Inputs(sessions: lo..<s, returnCount: count)
                if count >= c.regimeMinimumSessions { volatility[s] = (252 * sum / Double(count)).squareRoot() }
            }
        }
        for s in 0..<n {
            if let b = c.regimeEdges.index(of: volatility[s]) { bucket[s] = Int16(b) }
        }
        return VolatilityRegime(volatility: volatility, bucket: bucket, inputs: inputs)
    }
}
