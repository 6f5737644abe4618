import Foundation

/// Headline metrics of one track (SPEC §12): trades, skips by reason, win rate, P&L moments,
/// Sharpe, drawdown, CVaR 5 %, worst trade, realised breach rate with its Jeffreys interval.
///
/// ```swift
/// let summary = TrackSummary(track: result.hold, tier: 0.01)
/// summary.winRate; summary.maxDrawdown; summary.breachRate.holds(tier: 0.01)
/// ```
///
/// Sharpe = mean / standard deviation of the daily P&L over scored sessions (zero on days
/// without a trade) × √252. Max drawdown is the largest fall of cumulative daily P&L from its
/// running peak (a positive number). CVaR 5 % is the mean of the worst ⌈5 %⌉ of trade P&Ls.
public struct TrackSummary: Sendable, Hashable, Codable {
    public let exitMode: ExitMode
    public let trades: Int
    public let wins: Int
    public let totalPnL: Double
    public let meanPnL: Double
    public let stdPnL: Double
    public let sharpe: Double
    public let maxDrawdown: Double
    public let cvar5: Double
    public let worstTrade: Double
    public let breachRate: BreachRate
    public let tierHeld: Bool
    public let skips: [String: Int]

    public var winRate: Double { trades > 0 ? Double(wins) / Double(trades) : .nan }

    public init(track: TrackResult, tier: Double) {
        exitMode = track.exitMode
        let pnl = track.trades.map(\.pnl)
        trades = pnl.count
        wins = pnl.filter { $0 > 0 }.count
        totalPnL = pnl.reduce(0, +)
        let mean = trades > 0 ? totalPnL / Double(trades) : .nan
        meanPnL = mean
        stdPnL = trades > 1 ? (pnl.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(trades - 1)).squareRoot() : .nan
        let daily = track.dailyPnL.map(\.pnl)
        let dailyMean = daily.isEmpty ? 0 : daily.reduce(0, +) / Double(daily.count)
        let dailySD = daily.count > 1 ? (daily.map { ($0 - dailyMean) * ($0 - dailyMean) }.reduce(0, +) / Double(daily.count - 1)).squareRoot() : 0
        sharpe = dailySD > 0 ? dailyMean / dailySD * 252.0.squareRoot() : .nan
        var peak = 0.0, cumulative = 0.0, drawdown = 0.0
        for x in daily {
            cumulative += x
            peak = max(peak, cumulative)
            drawdown = max(drawdown, peak - cumulative)
        }
        maxDrawdown = drawdown
        let sorted = pnl.sorted()
        let tail = max(1, Int((0.05 * Double(trades)).rounded(.up)))
        cvar5 = trades > 0 ? sorted.prefix(tail).reduce(0, +) / Double(min(tail, trades)) : .nan
        worstTrade = sorted.first ?? .nan
        breachRate = BreachRate(breaches: track.trades.filter(\.breached).count, trials: trades)
        tierHeld = breachRate.holds(tier: tier)
        var s: [String: Int] = [:]
        for (reason, count) in track.skipCounts { s[reason.description] = count }
        skips = s
    }
}
