import Foundation
@testable import TailSweepCore

/// A one-symbol market whose minute closes are scripted, with a scripted put quote source and
/// fixed model probabilities, for exact simulator scenarios.
struct ScenarioMarket {
    var dataset: MarketDataset
    var states: DecisionStates
    var scored: ScoredStates

    /// `path(session, slot)` gives each bar's close; opens chain from the previous close.
    init(dates: [String], previousClose: Double = 100, schedule: DecisionSchedule = .fixed([630]),
         grid: [Double] = [-0.01, -0.02, -0.03], probabilities: [Double] = [0.04, 0.015, 0.004],
         path: (Int, Int) -> Double) throws {
        let sessions = try dates.map { try NYSECalendar.session(on: CivilDate(parsing: $0))! }
        var bars = SessionBarGrid(sessions: sessions)
        var daily = DailyTable(sessionCount: sessions.count)
        var prev = previousClose
        for s in sessions.indices {
            daily.previousClose[s] = prev
            var o = prev
            for k in 0..<sessions[s].minuteCount {
                let c = path(s, k)
                bars.setBar(session: s, slot: k, open: o, high: max(o, c) + 0.01, low: min(o, c) - 0.01, close: c, volume: 100)
                o = c
            }
            prev = bars.finalClose(session: s)!
            daily.officialClose[s] = prev
        }
        dataset = MarketDataset(symbol: "TEST", bars: bars, daily: daily, previousCloseSource: .data)
        states = try StateBuilder().build(dataset: dataset, schedule: schedule)
        let strikes = try StrikeGrid(moneyness: grid)
        scored = ScoredStates(strikes: strikes, credibleLevel: 0.9, rowCount: states.count, sessionCount: sessions.count)
        for s in sessions.indices {
            scored.sessionScored[s] = true
            for j in 0..<states.timesPerSession where states.skip[states.row(session: s, time: j)] == 0 {
                let g = scored.groupCount
                scored.groupOfRow[states.row(session: s, time: j)] = Int32(g)
                scored.groupSession.append(Int32(s)); scored.groupLocalBucket.append(0)
                scored.rows.append(100); scored.effectiveSessions.append(100); scored.level.append(.local)
                for p in probabilities {
                    scored.alpha.append(p * 100); scored.beta.append((1 - p) * 100)
                    scored.mean.append(p); scored.lower.append(p / 2); scored.upper.append(p * 1.5)
                    scored.rawBreaches.append(0); scored.adjusted.append(0)
                }
            }
        }
    }
}

/// Put quotes from a formula of the known spot and minutes left, with optional overrides.
struct ScriptedQuotes: PutQuoteSource {
    let bars: SessionBarGrid
    var halfSpread = 0.01
    /// Time value per share at a full session left, decaying linearly to zero at the close.
    var timeValue = 0.6
    var override: @Sendable (Int, Int, Double) -> OptionQuote?? = { _, _, _ in nil }
    var premiumSource: PremiumSource { .quotes }

    func listedStrike(atOrBelow target: Double, session: Int) -> Double? { (target + 1e-9).rounded(.down) }

    func mid(session s: Int, slot j: Int, strike: Double) -> Double {
        let spot = bars.knownPrice(session: s, atSlot: j)!
        let left = Double(bars.slotCount(session: s) - j) / Double(bars.slotCount(session: s))
        return max(strike - spot, 0) + timeValue * left * exp(-max(spot - strike, 0) / 2)
    }

    func quote(session s: Int, slot j: Int, strike: Double) -> OptionQuote? {
        if let forced = override(s, j, strike) { return forced }
        let m = mid(session: s, slot: j, strike: strike)
        let bid = ((m - halfSpread) * 100).rounded() / 100, ask = ((m + halfSpread) * 100).rounded() / 100
        return OptionQuote(strike: strike, bid: max(bid, 0), ask: ask, quoteTime: bars.sessions[s].slotStart(j))
    }
}
