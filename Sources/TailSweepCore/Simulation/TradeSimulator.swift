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

    public init(states: DecisionStates, scored: ScoredStates, bars: SessionBarGrid, quotes: any PutQuoteSource,
                marks: any PutQuoteSource, policy: TierPolicy) {
        self.states = states
        self.scored = scored
        self.bars = bars
        self.quotes = quotes
        self.marks = marks
        self.policy = policy
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
    /// Within a session every track reuses the strike candidates of a decision, its tier decisions
    /// and each strike's minute marks (``DecisionCache``) — the work cells differing only in
    /// decision time, tier, gate, fill or exit rule have in common; the cache is dropped at the end
    /// of each session, so memory stays small however many sessions there are. Each track's result is what simulating it
    /// alone gives.
    public func tracks(_ specs: [TrackSpec], sessions: Range<Int>? = nil) -> [TrackResult] {
        simulate(specs.map { TrackRun(spec: $0, simulator: self, keep: .records) }, sessions: sessions).runs.map(\.result)
    }

    /// Only each track's daily P&L (what the dashboard charts), the same as `tracks(_:)` gives.
    public func dailyPnL(_ specs: [TrackSpec]) -> [[(session: CivilDate, pnl: Double)]] {
        simulate(specs.map { TrackRun(spec: $0, simulator: self, keep: .days) }, sessions: nil).runs.map(\.result.dailyPnL)
    }

    /// The same simulation feeding each track's trades, skips and days straight into its
    /// mergeable statistics, in the order `CellAccumulator.add(track:)` would add the records —
    /// so the result is bit-identical, without building trade records (sweep shards need only
    /// the statistics). `tailCapacities[i]` sizes track i's CVaR tail.
    /// With `keepDailyPnL`, each track's daily P&L values are kept too, for the sessions
    /// `dayDates(sessions:)` lists (what `dailyPnL(_:)` gives over these sessions, without the dates).
    public func accumulate(_ specs: [TrackSpec], tailCapacities: [Int], sessions: Range<Int>? = nil,
                           keepDailyPnL: Bool = false) -> [(statistics: CellAccumulator, dailyPnL: [Double])] {
        let runs = zip(specs, tailCapacities).map {
            TrackRun(spec: $0, simulator: self, keep: .statistics(CellAccumulator(tailCapacity: $1)))
        }
        let (done, days) = simulate(runs, sessions: sessions, keepDayValues: keepDailyPnL)
        return zip(done, days).map { ($0.statistics!, $1) }
    }

    /// The sessions that give a track a day (the scored ones), in order.
    public func dayDates(sessions: Range<Int>? = nil) -> [CivilDate] {
        (sessions ?? 0..<states.sessions.count).filter { scored.sessionScored[$0] }.map { states.sessions[$0].date }
    }

    /// With `keepDayValues`, also each run's daily P&L values (else empty arrays).
    private func simulate(_ runs: [TrackRun], sessions: Range<Int>?, keepDayValues: Bool = false) -> (runs: [TrackRun], dayValues: [[Double]]) {
        var runs = runs
        // Small integer ids for the fills, (tier, gate) choices and exit rules in play: the cache is indexed by them.
        func id<T: Equatable>(_ value: T, in list: inout [T]) -> Int {
            if let i = list.firstIndex(of: value) { return i }
            list.append(value)
            return list.count - 1
        }
        var fills: [FillModel] = [], choices: [TierChoice] = [], rules: [ExitRule] = []
        for i in runs.indices {
            let cell = runs[i].spec.cell
            runs[i].fillID = id(cell.fill, in: &fills)
            runs[i].choiceID = id(TierChoice(tier: cell.tier, gate: cell.gate), in: &choices)
            runs[i].ruleID = id(cell.exit, in: &rules)
        }
        // Skips by track and reason while only statistics are kept, added to them at the end: one
        // table (a row of every raw value per track), as an array per track cost a cache miss per skip.
        let width = Int(UInt8.max) + 1
        var skipCounts = [Int](repeating: 0, count: runs.count * width)
        // Daily P&L values by (day, track): a session's values side by side, not one array per track.
        let scoredSessions = (sessions ?? 0..<states.sessions.count).filter { scored.sessionScored[$0] }
        var dayTable = [Double](repeating: 0, count: keepDayValues ? scoredSessions.count * runs.count : 0)
        for (day, s) in scoredSessions.enumerated() {
            var cache = DecisionCache(times: states.timesPerSession, fills: fills.count, choices: choices.count, rules: rules.count,
                                      slots: states.sessions[s].minuteCount)
            runs.withUnsafeMutableBufferPointer { tracks in
                skipCounts.withUnsafeMutableBufferPointer { counts in
                    dayTable.withUnsafeMutableBufferPointer { days in
                        let dayRow = keepDayValues ? days.baseAddress.map { $0 + day * tracks.count } : nil
                        let close = bars.finalClose(session: s)
                        for i in tracks.indices {
                            tracks[i].step(session: s, finalClose: close, simulator: self, fills: fills,
                                           skipCounts: counts.baseAddress! + i * width, dayValue: dayRow.map { $0 + i }, cache: &cache)
                        }
                    }
                }
            }
        }
        for i in runs.indices { runs[i].addSkips(skipCounts[(i * width)..<((i + 1) * width)]) }
        let dayValues = runs.indices.map { i in keepDayValues ? scoredSessions.indices.map { dayTable[$0 * runs.count + i] } : [] }
        return (runs, dayValues)
    }

    /// The part of a cell a tier decision depends on besides the fill.
    private struct TierChoice: Equatable {
        let tier: Double
        let gate: TierGate
    }

    /// What a track keeps of its outcomes.
    enum Keep {
        case records, days
        case statistics(CellAccumulator)
    }

    /// A track's running state: equity and results so far — records, daily P&L, or statistics.
    struct TrackRun {
        let spec: TrackSpec
        let paths: ExitPath
        let timeIndices: [Int]
        var equity: Double
        var result: TrackResult
        var statistics: CellAccumulator?
        var fillID = 0, choiceID = 0, ruleID = 0
        /// Positions opened in the current session, not yet realised; empty between sessions.
        var pending = OpenPositions()
        let recording: Bool, keepsDays: Bool, countsSkips: Bool

        init(spec: TrackSpec, simulator t: TradeSimulator, keep: Keep) {
            self.spec = spec
            paths = ExitPath(bars: t.bars, quotes: t.quotes, marks: t.marks, fill: spec.cell.fill, rules: t.policy.configuration.quality)
            timeIndices = spec.times ?? Array(0..<t.states.timesPerSession)
            equity = spec.cell.startingEquity
            result = TrackResult(exitMode: spec.mode)
            switch keep {
            case .records: (recording, keepsDays, countsSkips) = (true, true, false)
            case .days: (recording, keepsDays, countsSkips) = (false, true, false)
            case let .statistics(a): (recording, keepsDays, countsSkips, statistics) = (false, false, true, a)
            }
        }

        /// Adds skips counted by reason (`counts[raw value]`) to the statistics.
        mutating func addSkips(_ counts: ArraySlice<Int>) {
            for (raw, n) in zip(0..., counts) where n > 0 { statistics?.addSkip(SkipReason(rawValue: UInt8(raw))!, count: n) }
        }

        /// `finalClose`: the session's, looked up once for all tracks; `fills`: the fill models by id
        /// (candidates are computed for all of them at once); `skipCounts`: the track's skip counts
        /// by raw value, counted while only statistics are kept; `dayValue`: where the session's P&L
        /// goes, when the values are kept. Reads `t.states` and `spec.cell` in place: local copies
        /// of them cost retains on every call.
        mutating func step(session s: Int, finalClose: Double?, simulator t: TradeSimulator, fills: [FillModel], skipCounts: UnsafeMutablePointer<Int>,
                           dayValue: UnsafeMutablePointer<Double>?, cache: inout DecisionCache) {
            let mode = spec.mode
            let session = t.states.sessions[s]
            var entries = 0, dayPnL = 0.0
            func realise(through slot: Int) {
                pending.close(through: slot) { p in
                    equity += p.pnl
                    if p.trade >= 0 { result.trades[p.trade].equityAfter = equity }
                }
            }
            for j in timeIndices {
                let row = t.states.row(session: s, time: j)
                func skip(_ r: SkipReason) {
                    if recording {
                        result.skips.append(SkippedDecision(session: session.date, decisionTs: t.states.decisionTimestamp(row), reason: r))
                    } else if countsSkips {
                        skipCounts[Int(r.rawValue)] += 1
                    }
                }
                if let reason = t.states.skipReason(row) { skip(reason); continue }
                guard t.scored.group(ofRow: row) != nil else { skip(.notScored); continue }
                let d = Int(t.states.decisionSlot[row])
                realise(through: d)
                let open = pending.count
                if open >= spec.cell.caps.perSymbol { skip(.capPerSymbol); continue }
                if open >= spec.cell.caps.total { skip(.capTotal); continue }
                if entries >= spec.cell.caps.perDay { skip(.capPerDay); continue }
                let fillID = self.fillID, ruleID = self.ruleID
                let decisionResult = cache.decision(time: j, fill: fillID, choice: choiceID) { candidates in
                    t.policy.choose(tier: spec.cell.tier, gate: spec.cell.gate, candidates: candidates)
                } candidates: {
                    t.policy.candidates(states: t.states, scored: t.scored, row: row, quotes: t.quotes, fills: fills)
                }
                guard let chosen = decisionResult.chosen else { skip(decisionResult.skip ?? .noStrikeWithinTier); continue }
                let contracts = spec.cell.sizing.contracts(equity: equity, strike: chosen.strike, credit: chosen.credit)
                guard contracts > 0 else { skip(.sizeZero); continue }
                let entrySlot = Int(t.states.entrySlot[row])
                let outcome = mode == .holdToClose
                    ? self.paths.settlement(session: s, strike: chosen.strike)
                    : cache.exit(time: j, strike: chosen.strike, fill: fillID, rule: ruleID) { cache in
                        cache.withMarks(strike: chosen.strike) { marks in
                            self.paths.adaptive(session: s, entrySlot: entrySlot, strike: chosen.strike, credit: chosen.credit, rule: spec.cell.exit) { j in
                                if let m = marks[j] { return m }
                                let m = self.paths.mark(session: s, slot: j, strike: chosen.strike)
                                marks[j] = m
                                return m
                            }
                        }
                    }
                guard let outcome else { skip(.insufficientData); continue }
                let exitFee = outcome.reason == .settlement ? 0 : spec.cell.fill.feePerContract
                let perContract = 100 * (chosen.credit - outcome.price) - spec.cell.fill.feePerContract - exitFee
                let pnl = perContract * Double(contracts)
                dayPnL += pnl
                entries += 1
                let close = finalClose!
                guard recording else {
                    statistics?.addTrade(pnl: pnl, breached: close < chosen.strike, probability: chosen.probability)
                    pending.open(.init(slot: outcome.slot, pnl: pnl, trade: -1))
                    continue
                }
                pending.open(.init(slot: outcome.slot, pnl: pnl, trade: result.trades.count))
                result.trades.append(TradeRecord(
                    session: session.date, tier: spec.cell.tier, exitMode: mode, decisionTs: t.states.decisionTimestamp(row),
                    entryTs: session.slotStart(entrySlot), exitTs: session.slotStart(outcome.slot), strike: chosen.strike,
                    entryPrice: t.states.entryPrice[row], moneyness: chosen.moneyness,
                    moneynessFromPreviousClose: chosen.moneynessFromPreviousClose, probability: chosen.probability,
                    ciLow: chosen.lower, ciHigh: chosen.upper, expectedValue: chosen.expectedValue, premium: chosen.credit,
                    premiumSource: t.quotes.premiumSource, quoteQuality: chosen.quality, fill: spec.cell.fill.label,
                    fallback: decisionResult.fallback, exitReason: outcome.reason, exitPrice: outcome.price,
                    exitMarked: outcome.marked, contracts: contracts, pnlPerContract: perContract, pnl: pnl,
                    equityAfter: .nan, breached: close < chosen.strike))
            }
            realise(through: Int.max)
            statistics?.addDay(pnl: dayPnL)
            if keepsDays { result.dailyPnL.append((session.date, dayPnL)) }
            dayValue?.pointee = dayPnL
        }
    }
}

/// A track's open positions: the first inline, later ones (caps above one) in an array — a sweep
/// steps thousands of tracks per session, and a buffer of their own cost each a cache miss.
struct OpenPositions {
    /// `slot`: the exit instant; `trade`: the trade record's index, −1 without records.
    struct Position {
        let slot: Int, pnl: Double, trade: Int
    }

    private var first: Position?
    private var more: [Position] = []

    var count: Int { first == nil ? 0 : 1 + more.count }

    mutating func open(_ p: Position) {
        if first == nil { first = p } else { more.append(p) }
    }

    /// Closes, by exit instant (ties in opening order), the positions that exit at or before `slot`.
    mutating func close(through slot: Int, _ close: (Position) -> Void) {
        guard let head = first else { return }
        if more.isEmpty {                       // the common case, without sorting a copy
            guard head.slot <= slot else { return }
            close(head)
            first = nil
            return
        }
        let all = [head] + more
        let order = all.indices.sorted { (all[$0].slot, $0) < (all[$1].slot, $1) }
        for i in order where all[i].slot <= slot { close(all[i]) }
        let left = all.filter { $0.slot > slot }
        first = left.first
        more = Array(left.dropFirst())
    }
}

/// Work shared by the tracks simulated together within one session: strike candidates per
/// (decision, fill) — each strike's entry quote looked up once for all fills — tier decisions
/// per (decision, fill, tier, gate), shared by the exit rules, the session's
/// minute-by-minute marks per strike, each minute computed once for every decision, fill and exit
/// rule that walks it (a mark depends only on the minute and the strike), and exit outcomes per
/// (decision, strike, fill, rule). Decisions are the session's time indices and fills and rules
/// small ids, so lookups are array indexing plus a scan of the few strikes in play.
/// Owned by one worker; never shared.
public struct DecisionCache {
    private let fills: Int, choices: Int, rules: Int, slots: Int
    private var candidateStore: [[StrikeCandidate]?]
    private var decisionStore: [TierPolicy.Choice?]
    private var markStore: [(strike: Double, marks: [ExitPath.MinuteMark?])] = []
    private var exitStore: [[(strike: Double, outcome: ExitPath.Outcome?)]]

    init(times: Int, fills: Int, choices: Int, rules: Int, slots: Int) {
        self.fills = fills
        self.choices = choices
        self.rules = rules
        self.slots = slots
        candidateStore = Array(repeating: nil, count: times * fills)
        decisionStore = Array(repeating: nil, count: times * fills * choices)
        exitStore = Array(repeating: [], count: times * fills * rules)
    }

    /// What a tier decision gives the simulator: the chosen strike, or why none.
    struct Decision {
        let chosen: StrikeCandidate?
        let skip: SkipReason?
        let fallback: Bool
    }

    /// The decision at `time` for fill id `fill` and (tier, gate) id `choice`, made by `decide`
    /// from that fill's candidates; `candidates` gives those of every fill id. Stored as the
    /// policy's choice (an index into the candidates), which keeps the per-session store small.
    mutating func decision(time: Int, fill: Int, choice: Int, decide: ([StrikeCandidate]) -> TierPolicy.Choice,
                           candidates: () -> [[StrikeCandidate]]) -> Decision {
        let i = (time * fills + fill) * choices + choice, c = time * fills + fill
        if candidateStore[c] == nil {
            for (f, value) in candidates().enumerated() { candidateStore[time * fills + f] = value }
        }
        let made: TierPolicy.Choice
        if let hit = decisionStore[i] {
            made = hit
        } else {
            made = decide(candidateStore[c]!)
            decisionStore[i] = made
        }
        return Decision(chosen: made.index.map { candidateStore[c]![$0] }, skip: made.skip, fallback: made.fallback)
    }

    mutating func exit(time: Int, strike: Double, fill: Int, rule: Int,
                       compute: (inout DecisionCache) -> ExitPath.Outcome?) -> ExitPath.Outcome? {
        let i = (time * fills + fill) * rules + rule
        if let hit = exitStore[i].first(where: { $0.strike == strike }) { return hit.outcome }
        let value = compute(&self)
        exitStore[i].append((strike, value))
        return value
    }

    /// The session's marks at `strike` by slot (nil where not computed yet), for one walk: taken
    /// out of the cache once (not looked up per minute), filled in by `body`, put back.
    mutating func withMarks<R>(strike: Double, _ body: (inout [ExitPath.MinuteMark?]) -> R) -> R {
        let k = markStore.firstIndex(where: { $0.strike == strike }) ?? {
            markStore.append((strike, Array(repeating: nil, count: slots)))
            return markStore.count - 1
        }()
        var marks = markStore[k].marks
        markStore[k].marks = []        // hand the buffer over without a copy
        defer { markStore[k].marks = marks }
        return body(&marks)
    }
}
