/// Walk-forward scoring of the bucket tail model: every session is scored from tables of
/// earlier sessions only, with O(N) table work for N sessions.
///
/// ```swift
/// let scored = try WalkForward(configuration: config).run(states: states)
/// scored.trainedThrough[s] < s     // always; checked in code
/// ```
///
/// Tables are running sums of per-session contributions (``SessionContributions``): moving to
/// the next session adds the session that enters the training window and, for a rolling window,
/// subtracts the one that leaves it — the incremental form of prefix sums and their differences.
/// With `embargo = e`, session `s` trains on sessions `< s − e`.
public struct WalkForward: Sendable {
    public let configuration: TailModelConfiguration

    public init(configuration: TailModelConfiguration) {
        self.configuration = configuration
    }

    public func run(states: DecisionStates, intervals: Bool = true,
                    parallel: ScoredStates.ParallelFor = ScoredStates.serial) throws(ConfigurationError) -> ScoredStates {
        let config = try configuration.validated()
        let scheme = BucketScheme(features: states.configuration, model: config)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: config.strikes)
        return run(states: states, scheme: scheme, contributions: contributions, intervals: intervals, parallel: parallel)
    }

    /// Scores with precomputed contributions (shared by every cell of a sweep with this model
    /// setting). `intervals: false` skips the credible-interval quantiles — the costly part —
    /// for callers that test bounds with ``ScoredStates/upperBound(atMost:group:strike:)``;
    /// `lowerBounds: false` computes only the upper bounds (what an upper gate needs).
    /// `parallel` spreads the credible-bound quantiles over threads (the engine passes its pool);
    /// results are the same for any. `decidedTiers`: upper bounds are exact only where tier
    /// decisions at tiers in that range read them, without fallback
    /// (``ScoredStates/finishIntervals(parallel:decidedTiers:)``).
    public func run(states: DecisionStates, scheme: BucketScheme, contributions: SessionContributions,
                    intervals: Bool = true, lowerBounds: Bool = true, decidedTiers: ClosedRange<Double>? = nil,
                    parallel: ScoredStates.ParallelFor = ScoredStates.serial) -> ScoredStates {
        let config = configuration
        let n = states.sessions.count, times = states.timesPerSession
        var scored = ScoredStates(strikes: config.strikes, credibleLevel: config.credibleLevel,
                                  rowCount: states.count, sessionCount: n, intervals: intervals, lowerBounds: lowerBounds)
        var tables = BucketTables(scheme: scheme, strikes: config.strikes.count)
        var kappa: (parent: Double, local: Double)
        var refitEvery = Int.max
        switch config.kappa {
        case let .fixed(p, l): kappa = (p, l)
        case .auto(let every): kappa = (20, 25); refitEvery = every
        }
        var trainingEnd = 0          // tables hold sessions [trainingStart, trainingEnd)
        var trainingStart = 0
        var lastRefit = Int.min
        // A session's groups are its distinct local buckets: counted over every session, a bound
        // on the groups to come.
        var local: [Int32] = [], groupIndex: [Int] = [], groupBound = 0
        for s in 0..<n {
            local.removeAll(keepingCapacity: true)
            for j in 0..<times {
                let b = contributions.localOfRow[s * times + j]
                if b >= 0 && !local.contains(b) { local.append(b) }
            }
            groupBound += local.count
        }
        scored.reserveGroups(groupBound)
        for s in 0..<n {
            let end = max(0, s - config.embargoSessions)
            while trainingEnd < end {
                tables.apply(contributions, session: trainingEnd, sign: 1)
                trainingEnd += 1
            }
            if case .rolling(let w) = config.window {
                while trainingStart < trainingEnd - w {
                    tables.apply(contributions, session: trainingStart, sign: -1)
                    trainingStart += 1
                }
            }
            guard trainingEnd - trainingStart >= config.minimumTrainingSessions else { continue }
            precondition(trainingEnd - 1 < s, "lookahead: training window reaches the scored session")
            if refitEvery != Int.max, lastRefit == Int.min || s - lastRefit >= refitEvery {
                kappa = KappaFit.fit(tables: tables, scheme: scheme)
                lastRefit = s
            }
            scored.trainedThrough[s] = Int32(trainingEnd - 1)
            scored.sessionScored[s] = true
            scored.kappaParent[s] = kappa.parent
            scored.kappaLocal[s] = kappa.local
            local.removeAll(keepingCapacity: true)
            groupIndex.removeAll(keepingCapacity: true)
            for j in 0..<times {
                let row = s * times + j
                let b = contributions.localOfRow[row]
                guard b >= 0 else { continue }
                let g: Int
                if let i = local.firstIndex(of: b) {
                    g = groupIndex[i]
                } else {
                    g = scored.appendGroup(session: s, localBucket: Int(b), tables: tables, scheme: scheme, kappa: kappa)
                    local.append(b)
                    groupIndex.append(g)
                }
                scored.groupOfRow[row] = Int32(g)
            }
        }
        scored.finishIntervals(parallel: parallel, decidedTiers: decidedTiers)
        return scored
    }
}
