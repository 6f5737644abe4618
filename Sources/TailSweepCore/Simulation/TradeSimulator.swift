/// Simulates a strategy cell over scored states, sessions in order, one track per exit mode.
///
/// ```swift
/// let sim = TradeSimulator(states: states, scored: scored, bars: dataset.bars, quotes: source,
///                          marks: ModelQuoteSource(dataset: dataset, states: states), policy: TierPolicy(configuration: .init()))
/// let result = sim.run(cell: StrategyCell(tier: 0.01))
/// result[.holdToClose].trades; result[.adaptiveExit].skips
/// ```
///
/// For each decision in time order: the state's own skip reason, `not_scored`, then the caps
/// (a position still open at the decision instant, or the day's entries used up), then the
/// policy's choice (ladder rank 0) and sizing. Hold-to-close settles at intrinsic on the close;
/// the adaptive track exits along ``ExitPath``. Equity moves by each trade's P&L when it closes
/// (a position counts as open until its exit instant); sizing reads only realised equity.
public struct TradeSimulator: Sendable {
    public let states: DecisionStates
    public let scored: ScoredStates
    public let bars: SessionBarGrid
    public let quotes: any PutQuoteSource
    public let marks: any PutQuoteSource
    public let policy: TierPolicy
    let exitPath: ExitPath

    public init(states: DecisionStates, scored: ScoredStates, bars: SessionBarGrid, quotes: any PutQuoteSource,
                marks: any PutQuoteSource, policy: TierPolicy) {
        self.states = states
        self.scored = scored
        self.bars = bars
        self.quotes = quotes
        self.marks = marks
        self.policy = policy
        exitPath = ExitPath(bars: bars, quotes: quotes, marks: marks, rules: policy.configuration.quality)
    }

    public struct CellResult: Sendable {
        public let cell: StrategyCell
        public let hold: TrackResult
        public let adaptive: TrackResult
        public subscript(mode: ExitMode) -> TrackResult { mode == .holdToClose ? hold : adaptive }
    }

    public func run(cell: StrategyCell) -> CellResult {
        let results = tracks([TrackSpec(cell: cell, mode: .holdToClose), TrackSpec(cell: cell, mode: .adaptiveExit)])
        return CellResult(cell: cell, hold: results[0], adaptive: results[1])
    }

    /// One track to simulate: a cell, its exit mode and the decision-time indices it trades at
    /// (all of the schedule when nil).
    public struct TrackSpec: Sendable {
        public let cell: StrategyCell
        public let mode: ExitMode
        public let times: [Int]?
        public init(cell: StrategyCell, mode: ExitMode, times: [Int]? = nil) {
            self.cell = cell
            self.mode = mode
            self.times = times
        }
    }

    /// Simulates several tracks together, session by session, over `sessions` (all when nil).
    /// Every session's shared work — strike candidates, tier decisions, exit walks and their
    /// minute marks (``SessionBlock``) — is done once for all tracks, for blocks of sessions side
    /// by side on `parallel`, and the tracks then step through the block, also side by side (each
    /// track's sessions in order). Each track's result is what simulating it alone, serially, gives.
    public func tracks(_ specs: [TrackSpec], sessions: Range<Int>? = nil,
                       parallel: ScoredStates.ParallelFor = ScoredStates.serial) -> [TrackResult] {
        simulate(specs.map { TrackRun(spec: $0, timesPerSession: states.timesPerSession, keep: .records) },
                 sessions: sessions, parallel: parallel).runs.map(\.result)
    }

    /// Only each track's daily P&L (what the dashboard charts), the same as `tracks(_:)` gives.
    public func dailyPnL(_ specs: [TrackSpec], parallel: ScoredStates.ParallelFor = ScoredStates.serial)
        -> [[(session: CivilDate, pnl: Double)]] {
        simulate(specs.map { TrackRun(spec: $0, timesPerSession: states.timesPerSession, keep: .days) },
                 sessions: nil, parallel: parallel).runs.map(\.result.dailyPnL)
    }

    /// The same simulation feeding each track's trades, skips and days straight into its
    /// mergeable statistics, in the order `CellAccumulator.add(track:)` would add the records —
    /// so the result is bit-identical, without building trade records (sweep shards need only
    /// the statistics). `tailCapacities[i]` sizes track i's CVaR tail.
    /// With `keepDailyPnL`, each track's daily P&L values are kept too, for the sessions
    /// `dayDates(sessions:)` lists (what `dailyPnL(_:)` gives over these sessions, without the
    /// dates) — slices of one table, so they are not copied out of it.
    public func accumulate(_ specs: [TrackSpec], tailCapacities: [Int], sessions: Range<Int>? = nil, keepDailyPnL: Bool = false,
                           parallel: ScoredStates.ParallelFor = ScoredStates.serial)
        -> [(statistics: CellAccumulator, dailyPnL: ArraySlice<Double>)] {
        let runs = zip(specs, tailCapacities).map {
            TrackRun(spec: $0, timesPerSession: states.timesPerSession,
                     keep: .statistics(CellAccumulator(tailCapacity: $1), days: keepDailyPnL))
        }
        let (done, days) = simulate(runs, sessions: sessions, parallel: parallel)
        return zip(done, days).map { ($0.statistics!, $1) }
    }

    /// The sessions that give a track a day (the scored ones), in order.
    public func dayDates(sessions: Range<Int>? = nil) -> [CivilDate] {
        (sessions ?? 0..<states.sessions.count).filter { scored.sessionScored[$0] }.map { states.sessions[$0].date }
    }

    /// Sessions worked out side by side before the tracks step through them: enough that the
    /// workers stay busy, few enough that the block's entries stay in cache.
    static let sessionsPerBlock = 64
    /// Groups of tracks stepped side by side (more than workers, so that they finish together).
    static let trackGroups = 8

    /// Also each run's daily P&L values, for those that keep them (else empty).
    private func simulate(_ runs: [TrackRun], sessions: Range<Int>?, parallel: ScoredStates.ParallelFor)
        -> (runs: [TrackRun], dayValues: [ArraySlice<Double>]) {
        var runs = runs
        var registered = SessionDemand(times: states.timesPerSession)
        let scoredSessions = (sessions ?? 0..<states.sessions.count).filter { scored.sessionScored[$0] }
        for i in runs.indices {
            runs[i].keys = registered.add(cell: runs[i].spec.cell, mode: runs[i].spec.mode, times: runs[i].timeIndices)
        }
        let demand = registered
        // Daily P&L values by (track, day), written through pointers as the tracks step (an array
        // per track cost a uniqueness check per session); every value is written, so the table
        // starts uninitialised.
        let days = scoredSessions.count, keptDays = runs.contains(where: \.keepsDayValues) ? days : 0
        var dayTable = [Double](unsafeUninitializedCapacity: keptDays * runs.count) { $1 = keptDays * runs.count }
        let groupSize = max(1, (runs.count + Self.trackGroups - 1) / Self.trackGroups)
        let groups = stride(from: 0, to: runs.count, by: groupSize).map { $0..<min(runs.count, $0 + groupSize) }
        // Blocks in turn: while the tracks step through one block, the next one is worked out
        // (in the same parallel loop, the groups first), so the threads never wait between the two.
        let capacity = min(scoredSessions.count, Self.sessionsPerBlock)
        let blockColumns = stride(from: 0, to: scoredSessions.count, by: Self.sessionsPerBlock).map {
            $0..<min(scoredSessions.count, $0 + Self.sessionsPerBlock)
        }
        var block = SessionBlock(keys: demand.keys.count, capacity: capacity), upcoming = block
        if let first = blockColumns.first {
            block.work(sessions: Array(scoredSessions[first]), simulator: self, demand: demand, parallel: parallel)
        }
        runs.withUnsafeMutableBufferPointer { tracks in
            dayTable.withUnsafeMutableBufferPointer { dayTable in
                // Each group steps only its own tracks and writes only their days.
                nonisolated(unsafe) let (tracks, dayTable) = (tracks, dayTable)
                for (b, columns) in blockColumns.enumerated() {
                    let closes = block.sessions.map { bars.finalClose(session: $0) }
                    let next = b + 1 < blockColumns.count ? Array(scoredSessions[blockColumns[b + 1]]) : []
                    let current = block
                    upcoming.work(sessions: next, simulator: self, demand: demand) { nextColumns in
                        parallel(groups.count + nextColumns.count) { g in
                            guard g < groups.count else { return nextColumns.work(g - groups.count) }
                            for i in groups[g] where tracks[i].stepsByColumn {
                                let days = tracks[i].keepsDayValues ? dayTable.baseAddress! + i * days + columns.lowerBound : nil
                                tracks[i].stepColumns(block: current, columns: columns.count, closes: closes, dayValues: days)
                            }
                            // The others session by session, the group's tracks in key order: both the
                            // session's entries and the group's tracks are read in one pass.
                            for k in 0..<columns.count {
                                var walks: ExitWalks?
                                for i in groups[g] where !tracks[i].stepsByColumn {
                                    let day = tracks[i].keepsDayValues ? dayTable.baseAddress! + i * days + columns.lowerBound + k : nil
                                    tracks[i].step(block: current, column: k, walks: &walks, finalClose: closes[k], simulator: self,
                                                   demand: demand, dayValue: day)
                                }
                            }
                        }
                    }
                    swap(&block, &upcoming)
                }
            }
        }
        // Finished side by side: skips counted in, CVaR tails cut and sorted once.
        runs.withUnsafeMutableBufferPointer { tracks in
            nonisolated(unsafe) let tracks = tracks       // each group finishes its own tracks
            parallel(groups.count) { g in
                for i in groups[g] { tracks[i].finish() }
            }
        }
        let dayValues = runs.indices.map { i in runs[i].keepsDayValues ? dayTable[(i * days)..<((i + 1) * days)] : [] }
        return (runs, dayValues)
    }
}
