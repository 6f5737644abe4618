import Foundation
import Testing
@testable import TailSweepCore

@Suite struct SimulatorScenarioTests {
    /// Flat at 100 until 10:30, then `after` from slot 61 on.
    static func market(date: String = "2024-06-04", schedule: DecisionSchedule = .fixed([630]),
                       after: @escaping (Int) -> Double) throws -> ScenarioMarket {
        try ScenarioMarket(dates: [date], schedule: schedule) { _, k in k <= 60 ? 100 : after(k) }
    }

    static func run(_ m: ScenarioMarket, cell: StrategyCell, quotes: ScriptedQuotes? = nil,
                    policy: TierPolicy.Configuration = .init()) -> TradeSimulator.CellResult {
        let q = quotes ?? ScriptedQuotes(bars: m.dataset.bars)
        return TradeSimulator(states: m.states, scored: m.scored, bars: m.dataset.bars, quotes: q,
                              marks: ScriptedQuotes(bars: m.dataset.bars), policy: TierPolicy(configuration: policy)).run(cell: cell)
    }

    static func cell(tier: Double = 0.02, exit: ExitRule = .standard, fill: FillModel = .bid) -> StrategyCell {
        var c = StrategyCell(tier: tier)
        c.exit = exit
        c.fill = fill
        return c
    }

    @Test func fullWinPartialWinITMLossAndDeepTail() throws {
        // Tier 2 %: strikes 99 (p 4 %) out, 98 (1.5 %) and 97 (0.4 %) in; 98 pays more.
        for (close, intrinsic) in [(100.0, 0.0), (97.9, 0.1), (97.0, 1.0), (90.0, 8.0)] {
            let m = try Self.market { k in 100 + (close - 100) * Double(k - 60) / 329 }
            let r = Self.run(m, cell: Self.cell(exit: ExitRule(name: "none")))
            let t = try #require(r.hold.trades.first)
            #expect(t.strike == 98 && t.exitReason == .settlement)
            #expect(abs(t.exitPrice - intrinsic) < 1e-9)
            let credit = t.premium
            #expect(abs(t.pnlPerContract - (100 * (credit - intrinsic) - 0.65)) < 1e-9)
            #expect(t.breached == (close < 98))
            // No exit rule on the adaptive track: it must equal hold exactly.
            #expect(r.adaptive.trades.first?.pnl == t.pnl)
        }
    }

    @Test func takeProfitBeforeStopAndStopBeforeTakeProfit() throws {
        // Rally first (put cheapens → take profit), crash later.
        let rallyThenCrash = try Self.market { k in k < 200 ? 100 + 0.02 * Double(k - 60) : 90 }
        let a = try #require(Self.run(rallyThenCrash, cell: Self.cell()).adaptive.trades.first)
        #expect(a.exitReason == .takeProfit && a.exitTs < EasternTime.timestamp(date: a.session, hour: 12, minute: 50))
        #expect(a.exitPrice <= 0.5 * a.premium)
        // Crash first (stop), rally later.
        let crashThenRally = try Self.market { k in k < 90 ? 100 - 0.08 * Double(k - 60) : 104 }
        let b = try #require(Self.run(crashThenRally, cell: Self.cell()).adaptive.trades.first)
        #expect(b.exitReason == .stopLoss && b.exitPrice >= 2 * b.premium)
        #expect(b.exitTs <= EasternTime.timestamp(date: b.session, hour: 11, minute: 0))
        // Hold ignores both and settles.
        #expect(Self.run(crashThenRally, cell: Self.cell()).hold.trades.first?.exitReason == .settlement)
    }

    @Test func timeStopAndUnderlyingBuffer() throws {
        let flat = try Self.market { _ in 100 }
        let timed = try #require(Self.run(flat, cell: Self.cell(exit: ExitRule(name: "t", timeStop: 12 * 60))).adaptive.trades.first)
        #expect(timed.exitReason == .timeStop && timed.exitTs == EasternTime.timestamp(date: timed.session, hour: 12, minute: 0))
        let sliding = try Self.market { k in 100 - 0.012 * Double(k - 60) }
        let buffered = try #require(Self.run(sliding, cell: Self.cell(exit: ExitRule(name: "b", underlyingBuffer: 0.005))).adaptive.trades.first)
        #expect(buffered.exitReason == .underlyingBuffer)
        let spotAtExit = sliding.dataset.bars.knownPrice(session: 0, atSlot: sliding.dataset.sessions[0].slot(startingAt: buffered.exitTs)!)!
        #expect(spotAtExit <= 98 * 1.005)
    }

    @Test func everyQuoteQualityClassSkipsWithItsReason() throws {
        let m = try Self.market { _ in 100 }
        let t = m.dataset.sessions[0].slotStart(60)
        let cases: [(OptionQuote?, SkipReason)] = [
            (nil, .quoteMissing),
            (OptionQuote(strike: 98, bid: 0, ask: 0.05, quoteTime: t), .quoteZeroBid),
            (OptionQuote(strike: 98, bid: 0.30, ask: 0.28, quoteTime: t), .quoteCrossed),
            (OptionQuote(strike: 98, bid: 0.30, ask: 0.30, quoteTime: t), .quoteLocked),
            (OptionQuote(strike: 98, bid: 0.10, ask: 0.40, quoteTime: t), .quoteWide),
            (OptionQuote(strike: 98, bid: 0.30, ask: 0.32, quoteTime: t.adding(minutes: -10)), .quoteStale),
            (OptionQuote(strike: 98, bid: 0.30, ask: 0.32, quoteTime: nil), .quoteStale),
        ]
        for (forced, reason) in cases {
            var quotes = ScriptedQuotes(bars: m.dataset.bars)
            // Every entry-window quote of both in-tier strikes is the forced one.
            quotes.override = { _, slot, _ in slot <= 61 ? .some(forced) : nil }
            let r = Self.run(m, cell: Self.cell(), quotes: quotes)
            #expect(r.hold.trades.isEmpty)
            #expect(r.hold.skips.map(\.reason) == [reason], "\(String(describing: forced))")
        }
        // A good quote trades; no fallback to an old bar or other price.
        #expect(Self.run(m, cell: Self.cell()).hold.trades.count == 1)
    }

    @Test func fillModelsFeesAndSlippage() throws {
        let m = try Self.market { _ in 100 }
        let q = ScriptedQuotes(bars: m.dataset.bars).quote(session: 0, slot: 60, strike: 98)!
        for (fill, expected) in [(FillModel.bid, q.bid), (try FillModel(parsing: "mid"), q.mid),
                                 (try FillModel(parsing: "spread:0.3"), q.bid + 0.3 * (q.ask - q.bid))] {
            let t = try #require(Self.run(m, cell: Self.cell(exit: ExitRule(name: "none"), fill: fill)).hold.trades.first)
            #expect(abs(t.premium - expected) < 1e-12)
        }
        var costly = FillModel.bid
        costly.feePerContract = 1.5
        costly.slippageAbsolute = 0.01
        let t = try #require(Self.run(m, cell: Self.cell(exit: ExitRule(name: "none"), fill: costly)).hold.trades.first)
        #expect(abs(t.premium - (q.bid - 0.01)) < 1e-12 && abs(t.pnlPerContract - (100 * t.premium - 1.5)) < 1e-9)
        #expect(throws: ConfigurationError.self) { try FillModel(parsing: "spread:1.5") }
    }

    @Test func sizingModes() throws {
        let m = try Self.market { _ in 100 }
        func contracts(_ sizing: Sizing) -> [Int] {
            var c = Self.cell(exit: ExitRule(name: "none"))
            c.sizing = sizing
            return Self.run(m, cell: c).hold.trades.map(\.contracts)
        }
        #expect(contracts(.fixedContracts(3)) == [3])
        let credit = Self.run(m, cell: Self.cell()).hold.trades[0].premium
        #expect(contracts(.riskPctOfEquity(0.2)) == [Int((100_000 * 0.2 / ((98 - credit) * 100)).rounded(.down))])
        #expect(contracts(.targetNotional(50_000)) == [5])
        var tiny = Self.cell()
        tiny.sizing = .riskPctOfEquity(0.01)
        #expect(Self.run(m, cell: tiny).hold.skips.map(\.reason) == [.sizeZero])
    }

    @Test func capsInRollingMode() throws {
        let m = try ScenarioMarket(dates: ["2024-06-04"], schedule: .rollingDefault) { _, k in k < 100 ? 100 + 0.03 * Double(k) : 103 }
        var c = Self.cell()
        c.caps.perDay = 3
        let r = Self.run(m, cell: c)
        // Hold keeps its one position until the close: every later decision hits the open-position cap.
        #expect(r.hold.trades.count == 1)
        #expect(r.hold.skips.allSatisfy { $0.reason == .capPerSymbol } && r.hold.skips.count == 23)
        // Adaptive takes profit early and may re-enter, up to three entries a day.
        #expect(r.adaptive.trades.count == 3)
        #expect(r.adaptive.skips.contains { $0.reason == .capPerDay })
        for (a, b) in zip(r.adaptive.trades, r.adaptive.trades.dropFirst()) { #expect(a.exitTs <= b.decisionTs) }
    }

    @Test func settlementOnAnEarlyClose() throws {
        let m = try Self.market(date: "2024-11-29") { k in 100 - 2.5 * Double(k - 60) / 149 }
        let t = try #require(Self.run(m, cell: Self.cell(exit: ExitRule(name: "none"))).hold.trades.first)
        #expect(t.exitTs.description == "2024-11-29T18:00:00Z")
        #expect(abs(t.exitPrice - (98 - m.dataset.bars.finalClose(session: 0)!)) < 1e-9)
    }

    @Test func tighterTiersChooseDeeperStrikes() throws {
        let m = try Self.market { _ in 100 }
        let strikes = [0.005, 0.02, 0.05].map { Self.run(m, cell: Self.cell(tier: $0)).hold.trades.first?.strike }
        #expect(strikes == [97, 98, 99])
        let none = Self.run(m, cell: Self.cell(tier: 0.001))
        #expect(none.hold.skips.map(\.reason) == [.noStrikeWithinTier])
        var fallback = TierPolicy.Configuration()
        fallback.allowFallback = true
        let fb = try #require(Self.run(m, cell: Self.cell(tier: 0.001), policy: fallback).hold.trades.first)
        #expect(fb.fallback && fb.strike == 97)
    }

    /// E[(m − r)+] for r ~ N(0, σ²) is m Φ(m/σ) + σ φ(m/σ); the grid integration must agree.
    @Test func expectedIntrinsicMatchesTheNormalClosedForm() throws {
        let sigma = 0.01
        let grid = (1...100).map { -0.0005 * Double($0) }
        let cdf = grid.map { StandardNormal.cdf($0 / sigma) }
        for m in [-0.004, -0.01, -0.02, -0.035] {
            let exact = m * StandardNormal.cdf(m / sigma) + sigma * StandardNormal.pdf(m / sigma)
            let ours = ExpectedValue.expectedIntrinsic(moneyness: m, entry: 1, grid: grid, cdf: cdf)
            #expect(abs(ours - exact) / exact < 0.01, "m \(m): \(ours) vs \(exact)")
        }
    }
}
