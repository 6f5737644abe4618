@testable import TailSweepCore

/// Small markets built bar by bar for exact feature checks.
struct HandMadeMarket {
    var dataset: MarketDataset

    /// Sessions on the given dates; every bar of session `s`, slot `k` has
    /// open = base + k·0.01, close = open + 0.01 (or −0.02 on every fifth slot), high/low 0.05 around,
    /// volume 1000 + k. Previous closes chain from `firstPreviousClose`.
    init(dates: [String], base: Double = 100, firstPreviousClose: Double = 99.5) throws {
        let sessions = try dates.map { try NYSECalendar.session(on: CivilDate(parsing: $0))! }
        var grid = SessionBarGrid(sessions: sessions)
        var daily = DailyTable(sessionCount: sessions.count)
        var previous = firstPreviousClose
        for s in sessions.indices {
            let shift = Double(s) * 0.5
            for k in 0..<sessions[s].minuteCount {
                let o = base + shift + Double(k) * 0.01
                let c = k % 5 == 4 ? o - 0.02 : o + 0.01
                grid.setBar(session: s, slot: k, open: o, high: max(o, c) + 0.05, low: min(o, c) - 0.05, close: c,
                            volume: 1000 + Double(k))
            }
            daily.previousClose[s] = previous
            previous = grid.finalClose(session: s)!
            daily.officialClose[s] = previous
            daily.volatilityIndex[s] = 15 + Double(s)
        }
        dataset = MarketDataset(symbol: "TEST", bars: grid, daily: daily, previousCloseSource: .data)
    }

    mutating func removeBar(session s: Int, slot k: Int) {
        let i = dataset.bars.index(session: s, slot: k)
        dataset.bars.valid[i] = 0
        for column in [\SessionBarGrid.open, \.high, \.low, \.close] { dataset.bars[keyPath: column][i] = .nan }
        dataset.bars.volume[i] = 0
    }
}
