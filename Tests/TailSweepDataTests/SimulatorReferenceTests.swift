import Dispatch
import Testing
@testable import TailSweepCore
@testable import TailSweepData

/// The simulator (sessions worked out in blocks, shared decisions, exit walks and marks, tracks
/// stepped side by side) against a slow, obviously-correct reference that simulates one track at
/// a time: every decision from its own candidates, every exit walked minute by minute from fresh
/// marks, no caches.
@Suite struct SimulatorReferenceTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 71).generate(sessions: 260)
    static let states = try! StateBuilder().build(dataset: dataset, schedule: .rollingDefault)
    static let scored: ScoredStates = {
        var config = TailModelConfiguration()
        config.minimumTrainingSessions = 60
        return try! WalkForward(configuration: config).run(states: states)
    }()
    static let quotes = SyntheticQuoteSource(dataset: dataset, seed: 71)
    static let marks = ModelQuoteSource(dataset: dataset, states: states)
    static let path = ExitPath(bars: dataset.bars, quotes: quotes, marks: marks, rules: QuoteQualityRules())

    static func simulator(_ policy: TierPolicy) -> TradeSimulator {
        TradeSimulator(states: states, scored: scored, bars: dataset.bars, quotes: quotes, marks: marks, policy: policy)
    }

    /// The exit of a position, minute by minute, as the specification reads.
    static func referenceExit(session s: Int, entrySlot: Int, strike: Double, credit: Double, fill: FillModel,
                              rule: ExitRule) -> ExitPath.Outcome? {
        let session = dataset.sessions[s]
        for j in (entrySlot + 1)..<session.minuteCount {
            let m = path.mark(session: s, slot: j, strike: strike)
            guard let spot = m.spot, m.priced else { continue }
            let price = fill.exitCost(mid: m.mid, halfSpread: m.half)
            let minute = EasternTime.local(session.open).minuteOfDay + j
            let reason: ExitReason? =
                rule.underlyingBuffer.map { spot <= strike * (1 + $0) } == true ? .underlyingBuffer
                : rule.stopMultiple.map { price >= $0 * credit } == true ? .stopLoss
                : rule.capture.map { price <= (1 - $0) * credit } == true ? .takeProfit
                : rule.timeStop.map { minute >= $0 } == true ? .timeStop : nil
            if let reason { return ExitPath.Outcome(reason: reason, slot: j, price: price, marked: m.marked) }
        }
        return path.settlement(session: s, strike: strike)
    }

    /// One track, sessions in order: the skips, trades and daily P&L the specification gives.
    static func reference(_ spec: TradeSimulator.TrackSpec, policy: TierPolicy) -> TrackResult {
        var result = TrackResult(exitMode: spec.mode)
        var equity = spec.cell.startingEquity
        let cell = spec.cell
        for s in 0..<states.sessions.count where scored.sessionScored[s] {
            let session = states.sessions[s]
            var open: [(slot: Int, pnl: Double, trade: Int)] = [], entries = 0, day = 0.0
            func realise(through slot: Int) {
                for p in open.enumerated().sorted(by: { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) })
                    where p.element.slot <= slot {
                    equity += p.element.pnl
                    result.trades[p.element.trade].equityAfter = equity
                }
                open.removeAll { $0.slot <= slot }
            }
            for j in spec.times ?? Array(0..<states.timesPerSession) {
                let row = states.row(session: s, time: j)
                func skip(_ r: SkipReason) { result.skips.append(SkippedDecision(session: session.date, decisionTs: states.decisionTimestamp(row), reason: r)) }
                if let r = states.skipReason(row) { skip(r); continue }
                guard scored.group(ofRow: row) != nil else { skip(.notScored); continue }
                realise(through: Int(states.decisionSlot[row]))
                if open.count >= cell.caps.perSymbol { skip(.capPerSymbol); continue }
                if open.count >= cell.caps.total { skip(.capTotal); continue }
                if entries >= cell.caps.perDay { skip(.capPerDay); continue }
                let candidates = policy.candidates(states: states, scored: scored, row: row, quotes: quotes, fill: cell.fill)
                let decision = policy.decide(tier: cell.tier, gate: cell.gate, candidates: candidates, ladderSize: 1)
                guard let chosen = decision.ladder.first else { skip(decision.skip ?? .noStrikeWithinTier); continue }
                let contracts = cell.sizing.contracts(equity: equity, strike: chosen.strike, credit: chosen.credit)
                guard contracts > 0 else { skip(.sizeZero); continue }
                let entrySlot = Int(states.entrySlot[row])
                let exit = spec.mode == .holdToClose
                    ? path.settlement(session: s, strike: chosen.strike)
                    : referenceExit(session: s, entrySlot: entrySlot, strike: chosen.strike, credit: chosen.credit, fill: cell.fill,
                                    rule: cell.exit)
                guard let exit else { skip(.insufficientData); continue }
                let exitFee = exit.reason == .settlement ? 0 : cell.fill.feePerContract
                let perContract = 100 * (chosen.credit - exit.price) - cell.fill.feePerContract - exitFee
                let pnl = perContract * Double(contracts)
                let close = dataset.bars.finalClose(session: s)!
                result.trades.append(TradeRecord(
                    session: session.date, tier: cell.tier, exitMode: spec.mode, decisionTs: states.decisionTimestamp(row),
                    entryTs: session.slotStart(entrySlot), exitTs: session.slotStart(exit.slot), strike: chosen.strike,
                    entryPrice: states.entryPrice[row], moneyness: chosen.moneyness,
                    moneynessFromPreviousClose: chosen.moneynessFromPreviousClose, probability: chosen.probability,
                    ciLow: chosen.lower, ciHigh: chosen.upper, expectedValue: chosen.expectedValue, premium: chosen.credit,
                    premiumSource: quotes.premiumSource, quoteQuality: chosen.quality, fill: cell.fill.label,
                    fallback: decision.fallback, exitReason: exit.reason, exitPrice: exit.price, exitMarked: exit.marked,
                    contracts: contracts, pnlPerContract: perContract, pnl: pnl, equityAfter: .nan, breached: close < chosen.strike))
                open.append((exit.slot, pnl, result.trades.count - 1))
                entries += 1
                day += pnl
            }
            realise(through: Int.max)
            result.dailyPnL.append((session.date, day))
        }
        return result
    }

    /// Tracks differing in everything a cell holds: single and several decision times, caps above
    /// one (later entries of a day), equity-based sizing, both gates, fills with slippage, exit
    /// rules with a buffer and a time stop, and a fallback outside the tier.
    static let specs: [TradeSimulator.TrackSpec] = {
        var cells: [StrategyCell] = []
        for (i, tier) in [0.005, 0.01, 0.02, 0.05].enumerated() {
            var c = StrategyCell(tier: tier)
            c.gate = i % 2 == 0 ? .mean : .upper
            c.fill = i == 1 ? FillModel(price: .mid) : i == 2 ? FillModel(price: .spread(0.25)) : .bid
            if i == 3 { c.fill.slippageBps = 30; c.fill.slippageAbsolute = 0.01 }
            c.exit = i < 2 ? ExitRule(name: "tp50", capture: 0.5, stopMultiple: 2)
                : ExitRule(name: "tp80", capture: 0.8, stopMultiple: 3, underlyingBuffer: 0.001, timeStop: 15 * 60)
            c.sizing = i == 2 ? .riskPctOfEquity(0.9) : .fixedContracts(1 + i)
            c.caps.perDay = i == 1 ? 3 : 1
            cells.append(c)
        }
        var specs: [TradeSimulator.TrackSpec] = []
        for (i, c) in cells.enumerated() {
            let times: [Int]? = i == 1 ? nil : i == 3 ? [2, 9, 20] : [i * 5]
            for mode in ExitMode.allCases { specs.append(.init(cell: c, mode: mode, times: times)) }
        }
        return specs
    }()

    static func expectSame(_ fast: TrackResult, _ slow: TrackResult, _ label: String) {
        // The first difference only: whole tracks are too long to print.
        let trade = fast.trades.indices.first { $0 < slow.trades.count && fast.trades[$0] != slow.trades[$0] }
        #expect(fast.trades.count == slow.trades.count && trade == nil,
                "\(label): \(fast.trades.count) trades against \(slow.trades.count); first differing: \(trade.map { "\(fast.trades[$0]) against \(slow.trades[$0])" } ?? "-")")
        let skip = fast.skips.indices.first { $0 < slow.skips.count && fast.skips[$0] != slow.skips[$0] }
        #expect(fast.skips.count == slow.skips.count && skip == nil, "\(label): skips differ at \(skip ?? -1)")
        #expect(fast.dailyPnL.map(\.pnl) == slow.dailyPnL.map(\.pnl) && fast.dailyPnL.map(\.session) == slow.dailyPnL.map(\.session),
                "\(label): daily P&L differs")
    }

    @Test func tracksSimulatedTogetherEqualTheReferenceOneByOne() {
        let policy = TierPolicy(configuration: .init())
        let fast = Self.simulator(policy).tracks(Self.specs)
        for (spec, track) in zip(Self.specs, fast) {
            Self.expectSame(track, Self.reference(spec, policy: policy), "\(spec.cell.tier) \(spec.mode)")
        }
        #expect(fast.allSatisfy { $0.trades.count > 20 }, "\(fast.map(\.trades.count))")
        #expect(fast.contains { t in t.trades.contains { $0.exitReason == .timeStop } })
        #expect(fast.contains { t in t.trades.contains { $0.exitReason == .underlyingBuffer } })
        let perDay = Dictionary(grouping: fast[3].trades, by: \.session).values.map(\.count).max() ?? 0
        #expect(perDay > 1, "the three-entries-a-day track never re-entered")
    }

    @Test func fallbackTracksEqualTheReference() {
        var configuration = TierPolicy.Configuration()
        configuration.allowFallback = true
        let policy = TierPolicy(configuration: configuration)
        let specs = Array(Self.specs.prefix(4))
        for (spec, track) in zip(specs, Self.simulator(policy).tracks(specs)) {
            Self.expectSame(track, Self.reference(spec, policy: policy), "fallback \(spec.cell.tier) \(spec.mode)")
        }
    }

    /// The sweep's statistics-only simulation adds up to the records (which equal the reference's,
    /// above): one-time tracks step a block's sessions in one pass, the others session by session.
    @Test func statisticsEqualTheRecordsAddedUp() {
        let simulator = Self.simulator(TierPolicy(configuration: .init()))
        let tails = Self.specs.indices.map { 30 + 7 * $0 }
        let statistics = simulator.accumulate(Self.specs, tailCapacities: tails).map(\.statistics)
        for (i, track) in simulator.tracks(Self.specs).enumerated() {
            var added = CellAccumulator(tailCapacity: tails[i])
            added.add(track: track)
            #expect(statistics[i] == added, "track \(i): \(statistics[i].trades) trades against \(added.trades)")
        }
    }

    /// On threads, and with the tracks in another order, every track's result is the same.
    @Test func threadsAndCompanyDoNotChangeATrack() {
        let simulator = Self.simulator(TierPolicy(configuration: .init()))
        let serial = simulator.tracks(Self.specs)
        let threaded = simulator.tracks(Array(Self.specs.reversed()),
                                        parallel: { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) })
        for (a, b) in zip(serial, threaded.reversed()) { Self.expectSame(a, b, "threaded") }
    }
}
