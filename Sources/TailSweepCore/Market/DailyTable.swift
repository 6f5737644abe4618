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
}
