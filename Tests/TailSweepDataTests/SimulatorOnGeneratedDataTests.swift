import Dispatch
import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct SimulatorOnGeneratedDataTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 51).generate(sessions: 400)
    static let states = try! StateBuilder().build(dataset: dataset, schedule: .benchmark)
    static let scored: ScoredStates = {
        var config = TailModelConfiguration()
        config.minimumTrainingSessions = 60
        return try! WalkForward(configuration: config).run(states: states)
    }()

    static func simulator(_ d: MarketDataset) -> TradeSimulator {
        let source = SyntheticQuoteSource(dataset: d, seed: 51)
        return TradeSimulator(states: states, scored: scored, bars: d.bars, quotes: source,
                              marks: ModelQuoteSource(dataset: d, states: states), policy: TierPolicy(configuration: .init()))
    }

    @Test func adaptiveDiffersFromHoldOnlyWhereARuleFired() {
        var cell = StrategyCell(tier: 0.05)
        cell.exit = ExitRule(name: "tp90_sl300", capture: 0.9, stopMultiple: 3)
        let result = Self.simulator(Self.dataset).run(cell: cell)
        #expect(result.hold.trades.count > 100)
        let hold = Dictionary(uniqueKeysWithValues: result.hold.trades.map { ($0.session, $0) })
        var differ = 0, agree = 0
        for a in result.adaptive.trades {
            let h = hold[a.session]!
            #expect(a.strike == h.strike && a.premium == h.premium)
            if a.exitReason == .settlement {
                #expect(a.pnl == h.pnl && a.exitPrice == h.exitPrice)
                agree += 1
            } else {
                if a.pnl != h.pnl { differ += 1 }
                #expect(a.exitTs < Self.dataset.sessions.first { $0.date == a.session }!.close)
            }
        }
        #expect(differ > 50 && agree > 5, "differ \(differ), agree \(agree)")
        #expect(result.adaptive.trades.count == result.hold.trades.count)
    }

    /// Credible bounds computed on several threads are those of the serial walk, bit for bit.
    @Test func parallelCredibleBoundsEqualSerialOnes() {
        var config = TailModelConfiguration()
        config.minimumTrainingSessions = 60
        let scheme = BucketScheme(features: Self.states.configuration, model: config)
        let contributions = SessionContributions(states: Self.states, scheme: scheme, strikes: config.strikes)
        let walk = WalkForward(configuration: config)
        for lowerBounds in [true, false] {
            let serial = walk.run(states: Self.states, scheme: scheme, contributions: contributions, lowerBounds: lowerBounds)
            let threaded = walk.run(states: Self.states, scheme: scheme, contributions: contributions, lowerBounds: lowerBounds,
                                    parallel: { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) })
            let same = serial.upper.map(\.bitPattern) == threaded.upper.map(\.bitPattern)
                && serial.lower.map(\.bitPattern) == threaded.lower.map(\.bitPattern)
                && serial.adjusted == threaded.adjusted && serial.mean == threaded.mean
            #expect(same, "bounds differ between serial and threaded walks")
            let finite = serial.upper.allSatisfy(\.isFinite) && serial.lower.allSatisfy(\.isFinite) == lowerBounds
            #expect(serial.upper.count > 1_000 && finite, "\(serial.upper.count) bounds")
        }
    }

    /// The sweep's statistics-only and daily-only simulations equal simulating full records,
    /// field for field, for tracks differing in tier, gate, fill, exit, sizing (equity-dependent)
    /// and caps, and for tracks every session refuses (no entries allowed, no contracts). One
    /// decision time a session here: statistics step a block's sessions in one pass (`stepsByColumn`).
    @Test func statisticsOnlySimulationEqualsRecordsAddedUp() {
        var cells: [(StrategyCell, ExitMode)] = []
        for (i, tier) in [0.01, 0.02, 0.05].enumerated() {
            var c = StrategyCell(tier: tier)
            c.gate = i == 1 ? .upper : .mean
            c.fill = i == 2 ? FillModel(price: .mid) : .bid
            c.exit = ExitRule(name: "tp50", capture: 0.5, stopMultiple: 2)
            c.sizing = i == 0 ? .riskPctOfEquity(0.9) : .fixedContracts(2)
            c.caps.perDay = i == 2 ? 1 : c.caps.perDay
            cells += [(c, .holdToClose), (c, .adaptiveExit)]
        }
        var refused = cells[0].0, sizedOut = cells[1].0
        refused.caps.perDay = 0
        sizedOut.sizing = .riskPctOfEquity(0)
        let specs = (cells + [(refused, .adaptiveExit), (sizedOut, .holdToClose)]).map { TradeSimulator.TrackSpec(cell: $0.0, mode: $0.1) }
        let simulator = Self.simulator(Self.dataset)
        let tails = specs.indices.map { 20 + $0 }
        // The daily-P&L-only simulation (the finaliser's) gives the full simulation's series.
        #expect(simulator.accumulate([], tailCapacities: [], keepDailyPnL: true).isEmpty)     // no tracks: no table to write
        let days = simulator.dailyPnL(specs), full = simulator.tracks(specs)
        #expect(days.map { $0.map(\.pnl) } == full.map { $0.dailyPnL.map(\.pnl) })
        #expect(days.map { $0.map(\.session) } == full.map { $0.dailyPnL.map(\.session) })
        for sessions in [nil, 100..<250] as [Range<Int>?] {
            let withDays = simulator.accumulate(specs, tailCapacities: tails, sessions: sessions, keepDailyPnL: true)
            let streamed = simulator.accumulate(specs, tailCapacities: tails, sessions: sessions).map(\.statistics)
            #expect(withDays.map(\.statistics) == streamed)
            let recorded = zip(simulator.tracks(specs, sessions: sessions), tails).map { track, tail in
                var a = CellAccumulator(tailCapacity: tail)
                a.add(track: track)
                return a
            }
            #expect(streamed == recorded)
            let tracks = simulator.tracks(specs, sessions: sessions)
            #expect(withDays.map { Array($0.dailyPnL) } == tracks.map { $0.dailyPnL.map(\.pnl) })
            #expect(tracks.allSatisfy { $0.dailyPnL.map(\.session) == simulator.dayDates(sessions: sessions) })
            let trading = recorded.dropLast(2), refusing = recorded.suffix(2)
            #expect(trading.allSatisfy { $0.trades > 10 && !$0.skips.isEmpty }, "\(recorded.map { ($0.trades, $0.skips) })")
            #expect(refusing.map { $0.skips.keys.contains("concurrency_cap_day") } == [true, false]
                    && refusing.map { $0.skips.keys.contains("size_zero") } == [false, true] && refusing.allSatisfy { $0.trades == 0 },
                    "\(refusing.map(\.skips))")
        }
    }

    @Test func tighterTiersChooseDeeperOrEqualStrikes() {
        let policy = TierPolicy(configuration: .init())
        let source = SyntheticQuoteSource(dataset: Self.dataset, seed: 51)
        var compared = 0
        for row in 0..<Self.states.count where Self.scored.group(ofRow: row) != nil && Self.states.skip[row] == 0 {
            let candidates = policy.candidates(states: Self.states, scored: Self.scored, row: row, quotes: source, fill: .bid)
            let chosen = [0.005, 0.01, 0.02, 0.05].map { policy.decide(tier: $0, gate: .mean, candidates: candidates).ladder.first?.strike }
            for i in 0..<3 {
                guard let tight = chosen[i], let loose = chosen[i + 1] else { continue }
                #expect(tight <= loose)
                compared += 1
            }
            let upper = policy.decide(tier: 0.02, gate: .upper, candidates: candidates).ladder.first?.strike
            if let upper, let mean = chosen[2] { #expect(upper <= mean) }
        }
        #expect(compared > 200)
    }

    @Test func candidatesForSeveralFillsDifferOnlyInTheirCredit() throws {
        let policy = TierPolicy(configuration: .init())
        let source = SyntheticQuoteSource(dataset: Self.dataset, seed: 51)
        var slipped = FillModel(price: .spread(0.4))
        slipped.slippageAbsolute = 0.01
        slipped.slippageBps = 25
        let fills: [FillModel] = [.bid, FillModel(price: .mid), slipped]
        var good = 0
        for row in 0..<Self.states.count where Self.scored.group(ofRow: row) != nil && Self.states.skip[row] == 0 {
            let byFill = policy.candidates(states: Self.states, scored: Self.scored, row: row, quotes: source, fills: fills)
            let reference = byFill[0]
            #expect(byFill.allSatisfy { $0.count == reference.count })
            for (fill, candidates) in zip(fills, byFill) {
                for (c, r) in zip(candidates, reference) {
                    #expect(c.strike == r.strike && c.probability == r.probability && c.upper == r.upper && c.quote == r.quote
                            && c.quality == r.quality && c.expectedIntrinsic == r.expectedIntrinsic)
                    // The seller's price from the quote, by hand: bid, mid or bid + x·spread, less slippage.
                    guard c.quality == .good, let q = c.quote else { #expect(c.credit == 0); continue }
                    let raw: Double
                    switch fill.price {
                    case .bid: raw = q.bid
                    case .mid: raw = (q.bid + q.ask) / 2
                    case .spread(let x): raw = q.bid + x * (q.ask - q.bid)
                    }
                    #expect(abs(c.credit - max(0, raw - fill.slippageAbsolute - raw * fill.slippageBps / 10_000)) < 1e-12)
                    #expect(abs(c.expectedValue - (100 * (c.credit - c.expectedIntrinsic) - fill.feePerContract)) < 1e-9)
                    good += 1
                }
            }
        }
        #expect(good > 1000)
    }

    @Test func pricesAfterTheExitMinuteDoNotChangeTheAdaptiveResult() {
        let base = Self.simulator(Self.dataset).run(cell: StrategyCell(tier: 0.05)).adaptive
        var checked = 0
        for trade in base.trades.filter({ $0.exitReason != .settlement }).prefix(25) {
            let s = Self.dataset.sessions.firstIndex { $0.date == trade.session }!
            let exitSlot = Self.dataset.sessions[s].slot(startingAt: trade.exitTs)!
            var changed = Self.dataset
            for t in s..<changed.bars.sessionCount {
                for k in (t == s ? exitSlot : 0)..<SessionBarGrid.slotsPerSession {
                    let i = changed.bars.index(session: t, slot: k)
                    guard changed.bars.valid[i] != 0 else { continue }
                    let f = 0.97 + 0.06 * Double((k * 7 + t) % 11) / 10
                    changed.bars.open[i] *= f; changed.bars.high[i] *= f * 1.01
                    changed.bars.low[i] *= f * 0.99; changed.bars.close[i] *= f
                }
            }
            let again = Self.simulator(changed).run(cell: StrategyCell(tier: 0.05)).adaptive
            let same = again.trades.first { $0.session == trade.session }
            #expect(same?.exitTs == trade.exitTs && same?.exitPrice == trade.exitPrice && same?.pnl == trade.pnl
                    && same?.exitReason == trade.exitReason, "\(trade.session)")
            checked += 1
        }
        #expect(checked >= 10)
    }
}
