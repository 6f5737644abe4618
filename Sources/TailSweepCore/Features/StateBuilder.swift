import Foundation

/// Computes every decision state of a dataset: anchors, causal features, regime and label.
///
/// ```swift
/// let builder = StateBuilder(configuration: try FeatureConfiguration().validated())
/// let states = try builder.build(dataset: dataset, schedule: .rollingDefault)   // ~125k states for 5,000 sessions
/// ```
///
/// One pass per session builds prefix sums over its slots (running VWAP numerator and
/// denominator, squared returns, running high, last valid bar), after which every decision
/// time of the session costs O(1) except the range percentile, which scans the completed bars.
/// Nothing at or after the decision slot is read for features; the entry bar's open and the
/// final close are read only for the anchor and the label.
public struct StateBuilder: Sendable {
    public let configuration: FeatureConfiguration

    public init(configuration: FeatureConfiguration = FeatureConfiguration()) {
        self.configuration = configuration
    }

    /// With `parallel`, blocks of sessions are filled side by side, each into its own rows of
    /// the one table (the same states: every session's rows depend only on it and on the
    /// regimes, computed first).
    public func build(dataset: MarketDataset, schedule: DecisionSchedule,
                      parallel: ScoredStates.ParallelFor? = nil) throws(ConfigurationError) -> DecisionStates {
        let times = try schedule.validated().times
        let config = try configuration.validated()
        let regimes = VolatilityRegime.compute(dataset: dataset, configuration: config)
        var states = DecisionStates(times: times, sessions: dataset.sessions, configuration: config, regimes: regimes,
                                    previousClose: dataset.daily.previousClose)
        let n = dataset.bars.sessionCount, block = 250
        states.withColumns { columns in
            guard let parallel, n > block else {
                return Self.fill(columns, sessions: 0..<n, times: times, dataset: dataset, config: config, regimes: regimes)
            }
            let blocks = stride(from: 0, to: n, by: block).map { $0..<min(n, $0 + block) }
            parallel(blocks.count) { b in
                Self.fill(columns, sessions: blocks[b], times: times, dataset: dataset, config: config, regimes: regimes)
            }
        }
        return states
    }

    /// The rows of `sessions` (each writes only its own rows of `states`).
    private static func fill(_ states: DecisionStates.Columns, sessions: Range<Int>, times: [Int], dataset: MarketDataset,
                             config: FeatureConfiguration, regimes: VolatilityRegime) {
        var scratch = SessionPrefix()
        let count = states.count
        let grid = dataset.bars
        for s in sessions {
            scratch.fill(grid: grid, session: s)
            let session = grid.sessions[s]
            let slots = session.minuteCount
            let openMinute = EasternTime.local(session.open).minuteOfDay
            let previousClose = dataset.daily.previousClose[s]
            let finalClose = grid.finalClose(session: s) ?? .nan
            for (j, minute) in times.enumerated() {
                let row = s * times.count + j
                let d = minute - openMinute
                states.decisionSlot[row] = Int16(d)
                states.timeBucket[row] = Int16(config.timeBucketEdges.index(of: Double(minute))!)
                states.regime[row] = regimes.bucket[s]
                var missing: UInt16 = 0
                func set(_ kind: FeatureKind, _ value: Double) {
                    if value.isFinite { states.values[kind.rawValue * count + row] = value } else { missing |= kind.bit }
                }
                set(.regimeVolatility, regimes.volatility[s])
                guard d < slots else {
                    states.skip[row] = SkipReason.outsideSession.rawValue
                    states.unavailable[row] = UInt16.max
                    continue
                }
                let last = scratch.lastValid[d]
                // Entry: the bar stamped at the decision, or the next one within the allowed delay.
                var entry = -1
                var k = d
                while k < slots && k <= d + config.maxEntryDelayMinutes {
                    if grid.valid[grid.index(session: s, slot: k)] != 0 { entry = k; break }
                    k += 1
                }
                if entry >= 0 {
                    states.entrySlot[row] = Int16(entry)
                    let price = grid.open[grid.index(session: s, slot: entry)]
                    states.entryPrice[row] = price
                    states.closePrice[row] = finalClose
                    states.outcome[row] = finalClose / price - 1
                }
                set(.minutesToClose, Double(slots - d))
                if last < 0 {
                    missing |= ~(FeatureKind.regimeVolatility.bit | FeatureKind.minutesToClose.bit)
                    states.unavailable[row] = missing
                    states.skip[row] = SkipReason.insufficientData.rawValue
                    continue
                }
                states.lastBarSlot[row] = Int16(last)
                let lastClose = grid.close[grid.index(session: s, slot: last)]
                set(.extension_, lastClose / previousClose - 1)
                set(.gap, scratch.sessionOpen / previousClose - 1)
                set(.returnSinceOpen, lastClose / scratch.sessionOpen - 1)
                set(.drawdownFromOpen, min(0, lastClose / scratch.runningHigh[d] - 1))
                set(.vwapDistance, scratch.volume[d] > 0 ? lastClose / (scratch.priceVolume[d] / scratch.volume[d]) - 1 : .nan)
                let n = scratch.returnCount[d]
                set(.realizedVolatility, n >= config.minimumReturnsForVolatility
                    ? (scratch.squaredReturns[d] / Double(n) * 390 * 252).squareRoot() : .nan)
                set(.barRangePercentile, scratch.validCount[d] >= config.minimumBarsForRangePercentile
                    ? scratch.rangePercentile(of: last, before: d) : .nan)
                set(.minutesSinceOpen, Double(d))
                states.unavailable[row] = missing
                if entry < 0 {
                    states.skip[row] = SkipReason.noEntryAnchor.rawValue
                } else if !finalClose.isFinite {
                    states.skip[row] = SkipReason.insufficientData.rawValue
                }
            }
        }
    }
}

/// Per-session prefix statistics: entry `k` describes the bars of slots `0..<k`.
struct SessionPrefix {
    var lastValid = [Int](repeating: -1, count: 391)
    var volume = [Double](repeating: 0, count: 391)
    var priceVolume = [Double](repeating: 0, count: 391)
    var squaredReturns = [Double](repeating: 0, count: 391)
    var returnCount = [Int](repeating: 0, count: 391)
    var validCount = [Int](repeating: 0, count: 391)
    var runningHigh = [Double](repeating: .nan, count: 391)
    var range = [Double](repeating: .nan, count: 390)
    var sessionOpen = Double.nan

    mutating func fill(grid: SessionBarGrid, session s: Int) {
        let slots = grid.slotCount(session: s)
        sessionOpen = .nan
        var last = -1, previousClose = Double.nan
        var v = 0.0, pv = 0.0, r2 = 0.0, nr = 0, nv = 0, high = -Double.infinity
        for k in 0..<slots {
            lastValid[k] = last; volume[k] = v; priceVolume[k] = pv; squaredReturns[k] = r2
            returnCount[k] = nr; validCount[k] = nv; runningHigh[k] = high
            let i = grid.index(session: s, slot: k)
            guard grid.valid[i] != 0 else { range[k] = .nan; continue }
            let o = grid.open[i], h = grid.high[i], l = grid.low[i], c = grid.close[i], vol = grid.volume[i]
            if sessionOpen.isNaN { sessionOpen = o }
            let r = log(c / (previousClose.isNaN ? o : previousClose))
            r2 += r * r
            nr += 1
            nv += 1
            v += vol
            pv += vol * (h + l + c) / 3
            high = max(high, h)
            range[k] = h - l
            previousClose = c
            last = k
        }
        lastValid[slots] = last; volume[slots] = v; priceVolume[slots] = pv; squaredReturns[slots] = r2
        returnCount[slots] = nr; validCount[slots] = nv; runningHigh[slots] = high
    }

    /// Share of the completed bars before `d` whose range is at most the range of bar `last`.
    /// Counted without branches (a missing bar's NaN range is never at or below anything), so the loop vectorises.
    func rangePercentile(of last: Int, before d: Int) -> Double {
        let target = range[last]
        var atOrBelow = 0, total = 0
        range.withUnsafeBufferPointer { range in
            for k in 0..<d {
                total += range[k].isNaN ? 0 : 1
                atOrBelow += range[k] <= target ? 1 : 0
            }
        }
        return Double(atOrBelow) / Double(total)
    }
}
