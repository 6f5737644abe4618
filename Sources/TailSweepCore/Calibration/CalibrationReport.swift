/// Calibration of walk-forward breach probabilities, pooled and grouped by strike, time-of-day
/// bucket and volatility regime.
///
/// ```swift
/// let report = CalibrationReport(states: states, scored: scored)
/// report.pooled.brier
/// report.byStrike.first { $0.key == "-0.0100" }?.metrics.ece
/// ```
///
/// Every scored state with a close label contributes one forecast per strike (the posterior
/// mean) and its 0/1 breach outcome.
public struct CalibrationReport: Sendable, Codable {
    public struct Group: Sendable, Codable {
        public let key: String
        public let metrics: CalibrationMetrics
    }

    public let pooled: CalibrationMetrics
    public let byStrike: [Group]
    public let byTimeBucket: [Group]
    public let byRegime: [Group]

    public init(states: DecisionStates, scored: ScoredStates) {
        let k = scored.strikes.count
        let config = states.configuration
        var all = (f: [Double](), o: [Double]())
        var strike = Array(repeating: (f: [Double](), o: [Double]()), count: k)
        var time = Array(repeating: (f: [Double](), o: [Double]()), count: config.timeBucketEdges.count)
        var regime = Array(repeating: (f: [Double](), o: [Double]()), count: config.regimeEdges.count + 1)
        for row in 0..<states.count where states.skip[row] == 0 {
            guard let g = scored.group(ofRow: row) else { continue }
            let t = Int(states.timeBucket[row])
            let r = states.regime[row] >= 0 ? Int(states.regime[row]) : config.regimeEdges.count
            for j in 0..<k {
                let f = scored.mean[g * k + j]
                let o: Double = BreachLabels.isBreach(close: states.closePrice[row], entry: states.entryPrice[row],
                                                      moneyness: scored.strikes.moneyness[j]) ? 1 : 0
                all.f.append(f); all.o.append(o)
                strike[j].f.append(f); strike[j].o.append(o)
                time[t].f.append(f); time[t].o.append(o)
                regime[r].f.append(f); regime[r].o.append(o)
            }
        }
        pooled = CalibrationMetrics(forecasts: all.f, outcomes: all.o)
        byStrike = (0..<k).map { Group(key: formatFixed(scored.strikes.moneyness[$0], decimals: 4),
                                       metrics: CalibrationMetrics(forecasts: strike[$0].f, outcomes: strike[$0].o)) }
        byTimeBucket = time.indices.filter { !time[$0].f.isEmpty }.map {
            Group(key: config.timeBucketLabel($0), metrics: CalibrationMetrics(forecasts: time[$0].f, outcomes: time[$0].o))
        }
        byRegime = regime.indices.filter { !regime[$0].f.isEmpty }.map {
            Group(key: $0 == config.regimeEdges.count ? "unknown" : config.regimeLabel($0),
                  metrics: CalibrationMetrics(forecasts: regime[$0].f, outcomes: regime[$0].o))
        }
    }
}
