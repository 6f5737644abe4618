/// One row per session of a dataset: the values that are known per day rather than per minute.
///
/// ```swift
/// var daily = DailyTable(sessionCount: 3)
/// daily.previousClose[1] = 451.20       // NaN where unknown (e.g. the first imported session)
/// daily.volatilityIndex[1]              // VIX-style close in percent points, NaN when not supplied
/// ```
///
/// `volatilityIndex[s]` is the index's close on session `s` itself, so causal features of session
/// `s` may only read `volatilityIndex[s - 1]`.
public struct DailyTable: Sendable {
    public var previousClose: [Double]
    public var officialClose: [Double]
    public var volatilityIndex: [Double]

    public init(sessionCount: Int) {
        previousClose = [Double](repeating: .nan, count: sessionCount)
        officialClose = previousClose
        volatilityIndex = previousClose
    }

    public init(previousClose: [Double], officialClose: [Double], volatilityIndex: [Double]) {
        self.previousClose = previousClose
        self.officialClose = officialClose
        self.volatilityIndex = volatilityIndex
    }

    public var count: Int { previousClose.count }
}

/// Where a dataset's previous closes come from.
public enum PreviousCloseSource: String, Sendable, Codable {
    /// The last regular-session bar of the previous session in the data.
    case data
    /// A supplied daily file of official closes.
    case dailyFile = "daily_file"
    /// The synthetic generator's own previous close.
    case synthetic
}

/// A symbol's bars and daily table, as loaded from a dataset directory.
public struct MarketDataset: Sendable {
    public let symbol: String
    public var bars: SessionBarGrid
    public var daily: DailyTable
    public var previousCloseSource: PreviousCloseSource

    public init(symbol: String, bars: SessionBarGrid, daily: DailyTable, previousCloseSource: PreviousCloseSource) {
        precondition(bars.sessionCount == daily.count, "daily table and bar grid disagree on the session count")
        self.symbol = symbol
        self.bars = bars
        self.daily = daily
        self.previousCloseSource = previousCloseSource
    }

    public var sessions: [TradingSession] { bars.sessions }

    /// Removes the last session's bars from `minute` (ET minute of the day) on, and its official
    /// close: how a dataset looks while that session is still trading.
    public mutating func truncateLastSession(before minute: Int) {
        guard let s = bars.sessions.indices.last else { return }
        let openMinute = EasternTime.local(bars.sessions[s].open).minuteOfDay
        for k in max(0, minute - openMinute)..<SessionBarGrid.slotsPerSession {
            let i = bars.index(session: s, slot: k)
            bars.valid[i] = 0
            bars.open[i] = .nan; bars.high[i] = .nan; bars.low[i] = .nan; bars.close[i] = .nan; bars.volume[i] = 0
        }
        daily.officialClose[s] = .nan
    }

    /// A dataset of the sessions in `range` only.
    public func sessions(_ range: Range<Int>) -> MarketDataset {
        let w = SessionBarGrid.slotsPerSession
        let cells = (range.lowerBound * w)..<(range.upperBound * w)
        let grid = SessionBarGrid(sessions: Array(bars.sessions[range]), open: Array(bars.open[cells]), high: Array(bars.high[cells]),
                                  low: Array(bars.low[cells]), close: Array(bars.close[cells]), volume: Array(bars.volume[cells]),
                                  valid: Array(bars.valid[cells]))
        let table = DailyTable(previousClose: Array(daily.previousClose[range]), officialClose: Array(daily.officialClose[range]),
                               volatilityIndex: Array(daily.volatilityIndex[range]))
        return MarketDataset(symbol: symbol, bars: grid, daily: table, previousCloseSource: previousCloseSource)
    }
}
