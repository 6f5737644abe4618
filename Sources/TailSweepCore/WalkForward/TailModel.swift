/// Walk-forward scoring for whichever family the configuration names.
///
/// ```swift
/// let scored = try TailModel.walkForward(states: states, configuration: config)
/// ```
///
/// `logistic` with `fallbackToBucket` scores the sessions whose logistic fit did not converge
/// with the bucket model instead (those groups keep their bucket levels, so they stay visible).
public enum TailModel {
    /// `parallel` spreads the bucket model's credible-bound quantiles over threads (same results).
    public static func walkForward(states: DecisionStates, configuration: TailModelConfiguration, intervals: Bool = true,
                                   parallel: ScoredStates.ParallelFor = ScoredStates.serial) throws(ConfigurationError) -> ScoredStates {
        switch configuration.family {
        case .bucket:
            return try WalkForward(configuration: configuration).run(states: states, intervals: intervals, parallel: parallel)
        case .logistic(let settings):
            var (scored, _) = try LogisticWalkForward(configuration: configuration, settings: settings).run(states: states, intervals: intervals)
            if settings.fallbackToBucket {
                let bucket = try WalkForward(configuration: configuration).run(states: states, intervals: intervals, parallel: parallel)
                let unscored = scored.sessionScored
                scored.fill(from: bucket, where: { !unscored[$0] && bucket.sessionScored[$0] })
            }
            return scored
        }
    }
}

extension ScoredStates {
    /// Copies the groups of `other` (same states and strikes) for the sessions selected.
    mutating func fill(from other: ScoredStates, where pick: (Int) -> Bool) {
        let k = strikes.count
        var map: [Int: Int] = [:]
        for row in other.groupOfRow.indices {
            guard let g = other.group(ofRow: row), pick(Int(other.groupSession[g])) else { continue }
            if map[g] == nil {
                map[g] = groupCount
                groupSession.append(other.groupSession[g]); groupLocalBucket.append(other.groupLocalBucket[g])
                rows.append(other.rows[g]); effectiveSessions.append(other.effectiveSessions[g]); level.append(other.level[g])
                let r = (g * k)..<((g + 1) * k)
                alpha += other.alpha[r]; beta += other.beta[r]; mean += other.mean[r]; lower += other.lower[r]
                upper += other.upper[r]; rawBreaches += other.rawBreaches[r]; adjusted += other.adjusted[r]
            }
            groupOfRow[row] = Int32(map[g]!)
        }
        for s in sessionScored.indices where pick(s) {
            sessionScored[s] = true
            trainedThrough[s] = other.trainedThrough[s]
        }
    }
}
