/// One simulated short-put trade, with everything needed to audit it.
public struct TradeRecord: Sendable, Hashable, Codable {
    public let session: CivilDate
    public let tier: Double
    public let exitMode: ExitMode
    public let decisionTs: Timestamp
    public let entryTs: Timestamp
    public let exitTs: Timestamp
    public let strike: Double
    public let entryPrice: Double
    public let moneyness: Double
    public let moneynessFromPreviousClose: Double
    public let probability: Double
    public let ciLow: Double
    public let ciHigh: Double
    public let expectedValue: Double
    public let premium: Double
    public let premiumSource: PremiumSource
    public let quoteQuality: QuoteQuality
    public let fill: String
    public let fallback: Bool
    public let exitReason: ExitReason
    public let exitPrice: Double
    public let exitMarked: Bool
    public let contracts: Int
    public let pnlPerContract: Double
    public let pnl: Double
    /// Equity once this trade's P&L is realised (at its exit).
    public internal(set) var equityAfter: Double
    /// The close finished below the strike (the event the tier bounds).
    public let breached: Bool
}

/// A decision that did not trade, and why.
public struct SkippedDecision: Sendable, Hashable, Codable {
    public let session: CivilDate
    public let decisionTs: Timestamp
    public let reason: SkipReason
}

/// One exit-mode track of a cell: its trades in order, its skips, and the daily P&L.
public struct TrackResult: Sendable, Codable {
    public let exitMode: ExitMode
    public internal(set) var trades: [TradeRecord] = []
    public internal(set) var skips: [SkippedDecision] = []
    /// P&L per scored session (0 when nothing traded), in session order.
    public internal(set) var dailyPnL: [(session: CivilDate, pnl: Double)] = []

    enum CodingKeys: String, CodingKey { case exitMode, trades, skips }

    public init(exitMode: ExitMode) { self.exitMode = exitMode }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        exitMode = try c.decode(ExitMode.self, forKey: .exitMode)
        trades = try c.decode([TradeRecord].self, forKey: .trades)
        skips = try c.decode([SkippedDecision].self, forKey: .skips)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(exitMode, forKey: .exitMode)
        try c.encode(trades, forKey: .trades)
        try c.encode(skips, forKey: .skips)
    }
}
