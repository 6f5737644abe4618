extension TradeSimulator {
    /// What a track keeps of its outcomes: trade and skip records with daily P&L, daily P&L
    /// only, or statistics (and, with `days`, the daily P&L values).
    enum Keep {
        case records, days
        case statistics(CellAccumulator, days: Bool)
    }

    /// A track's running state: equity and results so far — records, daily P&L, or statistics.
    struct TrackRun {
        let spec: TrackSpec
        let timeIndices: [Int]
        var equity: Double
        var result: TrackResult
        var statistics: CellAccumulator?
        /// Per decision time, the entry key (``SessionDemand``).
        var keys: [Int] = []
        /// Positions opened in the current session, not yet realised; empty between sessions.
        var pending = OpenPositions()
        /// While only statistics are kept: skips by raw reason, added to them at the end (inline:
        /// counting one needs no buffer of its own, nor its uniqueness check).
        var skipCounts = SkipCounts(repeating: 0)
        typealias SkipCounts = InlineArray<17, Int>
        /// What is kept, as flags: `statistics != nil` resolves to `Equatable`'s `!=` and compares
        /// whole accumulators.
        let recording: Bool, keepsDays: Bool, countsSkips: Bool, keepsDayValues: Bool
        /// Statistics of one decision time a session: the track steps through a block's sessions
        /// in one call (`stepColumns`) — nothing is open between sessions and its one trade a day
        /// is always the session's first, whose exit the block has walked.
        let stepsByColumn: Bool

        init(spec: TrackSpec, timesPerSession: Int, keep: Keep) {
            self.spec = spec
            // A buffer of the track's own (`map`, not a shared copy): tracks of one decision time
            // would otherwise share one, and its reference count bounce between the threads
            // stepping them.
            timeIndices = (spec.times ?? Array(0..<timesPerSession)).map { $0 }
            equity = spec.cell.startingEquity
            result = TrackResult(exitMode: spec.mode)
            switch keep {
            case .records: (recording, keepsDays, countsSkips, keepsDayValues) = (true, true, false, false)
            case .days: (recording, keepsDays, countsSkips, keepsDayValues) = (false, true, false, false)
            case let .statistics(a, days):
                (recording, keepsDays, countsSkips, keepsDayValues, statistics) = (false, false, true, days, a)
                precondition(SkipReason.allCases.allSatisfy { Int($0.rawValue) < SkipCounts.count }, "a skip reason without a count")
            }
            stepsByColumn = countsSkips && timeIndices.count == 1
        }

        /// After the last session: the skips counted in, the CVaR tail settled.
        mutating func finish() {
            for raw in skipCounts.indices where skipCounts[raw] > 0 {
                statistics?.addSkip(SkipReason(rawValue: UInt8(raw))!, count: skipCounts[raw])
            }
            statistics?.settleTail()
        }

        /// Session `column` of `block`, from the block's shared work; exits the block did not
        /// walk are walked in `walks` (created on first need). `finalClose`: the session's;
        /// `dayValue`: where the session's P&L goes, when the values are kept.
        /// Reads `t.states` and `spec.cell` in place: local copies of them cost retains on every call.
        mutating func step(block: SessionBlock, column k: Int, walks: inout ExitWalks?, finalClose: Double?, simulator t: TradeSimulator,
                           demand: SessionDemand, dayValue: UnsafeMutablePointer<Double>?) {
            let mode = spec.mode
            let s = block.sessions[k]
            var entries = 0, dayPnL = 0.0
            func realise(through slot: Int) {
                pending.close(through: slot) { p in
                    equity += p.pnl
                    if p.trade >= 0 { result.trades[p.trade].equityAfter = equity }
                }
            }
            for n in timeIndices.indices {             // by index: an iterator would retain the array
                let j = timeIndices[n]
                let row = t.states.row(session: s, time: j)
                func skip(_ r: SkipReason) {
                    if recording {
                        result.skips.append(SkippedDecision(session: t.states.sessions[s].date, decisionTs: t.states.decisionTimestamp(row),
                                                            reason: r))
                    } else if countsSkips {
                        skipCounts[Int(r.rawValue)] += 1
                    }
                }
                var trade = block[key: keys[n], column: k]
                if trade.stateSkipped { skip(SkipReason(rawValue: trade.skip)!); continue }
                realise(through: Int(t.states.decisionSlot[row]))
                let (refusal, contracts) = admit(trade, block: block, column: k, open: pending.count, entries: entries)
                if let refusal { skip(refusal); continue }
                let pick = block.pick(trade.candidate, column: k)
                let entrySlot = Int(t.states.entrySlot[row])
                if trade.exit == .notWalked {
                    if walks == nil {
                        walks = ExitWalks(session: s, slots: t.bars.slotCount(session: s), demand: demand)
                    }
                    let e = demand.keys[keys[n]]
                    trade.settle(walks!.outcome(time: j, entrySlot: entrySlot, strike: pick.strike, credit: pick.credit, fill: e.fill,
                                                rule: e.rule, path: t.exitPath),
                                 credit: pick.credit, fill: spec.cell.fill)
                }
                guard trade.exit == .known else { skip(.insufficientData); continue }
                let exitSlot = trade.exitSlot
                let pnl = trade.pnlPerContract * Double(contracts)
                dayPnL += pnl
                entries += 1
                let close = finalClose!
                guard recording else {
                    statistics?.addTrade(pnl: pnl, breached: close < pick.strike, probability: pick.probability)
                    pending.open(.init(slot: exitSlot, pnl: pnl, trade: -1))
                    continue
                }
                let chosen = block.chosen[k][Int(trade.candidate)], session = t.states.sessions[s]
                pending.open(.init(slot: exitSlot, pnl: pnl, trade: result.trades.count))
                result.trades.append(TradeRecord(
                    session: session.date, tier: spec.cell.tier, exitMode: mode, decisionTs: t.states.decisionTimestamp(row),
                    entryTs: session.slotStart(entrySlot), exitTs: session.slotStart(exitSlot), strike: chosen.strike,
                    entryPrice: t.states.entryPrice[row], moneyness: chosen.moneyness,
                    moneynessFromPreviousClose: chosen.moneynessFromPreviousClose, probability: chosen.probability,
                    ciLow: chosen.lower, ciHigh: chosen.upper, expectedValue: chosen.expectedValue, premium: chosen.credit,
                    premiumSource: t.quotes.premiumSource, quoteQuality: chosen.quality, fill: spec.cell.fill.label,
                    fallback: trade.fallback, exitReason: trade.exitReason, exitPrice: trade.exitPrice,
                    exitMarked: trade.exitMarked, contracts: contracts, pnlPerContract: trade.pnlPerContract, pnl: pnl,
                    equityAfter: .nan, breached: close < chosen.strike))
            }
            realise(through: Int.max)
            statistics?.addDay(pnl: dayPnL)
            if keepsDays { result.dailyPnL.append((t.states.sessions[s].date, dayPnL)) }
            dayValue?.pointee = dayPnL
        }

        /// Why the track does not take a decision's `trade` with `open` positions and `entries`
        /// made today — caps, no candidate, zero contracts, in that order — or how many contracts it sells.
        private func admit(_ trade: SessionBlock.Entry, block: SessionBlock, column k: Int, open: Int,
                           entries: Int) -> (refusal: SkipReason?, contracts: Int) {
            if open >= spec.cell.caps.perSymbol { return (.capPerSymbol, 0) }
            if open >= spec.cell.caps.total { return (.capTotal, 0) }
            if entries >= spec.cell.caps.perDay { return (.capPerDay, 0) }
            guard trade.candidate >= 0 else { return (SkipReason(rawValue: trade.skip) ?? .noStrikeWithinTier, 0) }
            let chosen = block.pick(trade.candidate, column: k)
            let contracts = spec.cell.sizing.contracts(equity: equity, strike: chosen.strike, credit: chosen.credit)
            return contracts > 0 ? (nil, contracts) : (.sizeZero, 0)
        }

        /// The first `columns` sessions of `block`, as `step` would take them one by one, for a track
        /// that `stepsByColumn`: its accumulator and counts stay at hand for the whole block.
        /// `closes`: the sessions' final closes; `dayValues`: where the sessions' P&L go, when kept.
        mutating func stepColumns(block: SessionBlock, columns: Int, closes: [Double?], dayValues: UnsafeMutablePointer<Double>?) {
            let key = keys[0]
            for k in 0..<columns {
                let trade = block[key: key, column: k]
                var dayPnL = 0.0
                let (refusal, contracts) = trade.stateSkipped ? (SkipReason(rawValue: trade.skip)!, 0)
                    : admit(trade, block: block, column: k, open: 0, entries: 0)
                if let refusal {
                    skipCounts[Int(refusal.rawValue)] += 1
                } else {
                    precondition(trade.exit != .notWalked, "a session's first trade not walked by its block")
                    if trade.exit == .known {
                        let pnl = trade.pnlPerContract * Double(contracts), pick = block.pick(trade.candidate, column: k)
                        dayPnL += pnl
                        statistics!.addTrade(pnl: pnl, breached: closes[k]! < pick.strike, probability: pick.probability)
                        equity += pnl
                    } else {
                        skipCounts[Int(SkipReason.insufficientData.rawValue)] += 1
                    }
                }
                statistics!.addDay(pnl: dayPnL)
                dayValues?[k] = dayPnL
            }
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
