/// Headline metrics of one track (SPEC §12): trades, skips by reason, win rate, P&L moments,
/// Sharpe, drawdown, CVaR 5 %, worst trade, realised breach rate with its Jeffreys interval.
///
/// ```swift
/// let summary = TrackSummary(track: result.hold, tier: 0.01)
/// summary.winRate; summary.maxDrawdown; summary.breachRate.holds(tier: 0.01)
/// ```
///
/// Computed from a ``CellAccumulator`` (the same code for studies and sweeps). Sharpe = mean /
/// standard deviation of the daily P&L over scored sessions (zero on days without a trade) ×
/// √252. Max drawdown is the largest fall of cumulative daily P&L from its running peak (a
/// positive number). CVaR 5 % is the mean of the worst ⌈5 %⌉ of trade P&Ls. Brier and ECE score
/// the traded strikes' probabilities against their breaches.
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

    public let brier: Double
    public let ece: Double

    public var winRate: Double { trades > 0 ? Double(wins) / Double(trades) : .nan }

    public init(track: TrackResult, tier: Double) {
        var a = CellAccumulator(tailCapacity: track.trades.count)
        a.add(track: track)
        self.init(accumulator: a, tier: tier, exitMode: track.exitMode)
    }

    public init(accumulator a: CellAccumulator, tier: Double, exitMode: ExitMode) {
        self.exitMode = exitMode
        trades = a.trades
        wins = a.wins
        totalPnL = a.pnlSum
        let n = Double(a.trades)
        meanPnL = a.trades > 0 ? a.pnlSum / n : .nan
        stdPnL = a.trades > 1 ? (max(0, a.pnlSquares - a.pnlSum * a.pnlSum / n) / (n - 1)).squareRoot() : .nan
        let d = Double(a.days)
        let dailyMean = a.days > 0 ? a.daySum / d : 0
        let dailySD = a.days > 1 ? (max(0, a.daySquares - a.daySum * a.daySum / d) / (d - 1)).squareRoot() : 0
        sharpe = dailySD > 0 ? dailyMean / dailySD * 252.0.squareRoot() : .nan
        maxDrawdown = a.maxDrawdown
        let tail = max(1, Int((0.05 * n).rounded(.up))), worstTail = a.worstTail     // sorted once
        cvar5 = a.trades > 0 ? worstTail.prefix(tail).reduce(0, +) / Double(min(tail, worstTail.count)) : .nan
        worstTrade = a.trades > 0 ? a.worst : .nan
        breachRate = BreachRate(breaches: a.breaches, trials: a.trades)
        tierHeld = breachRate.holds(tier: tier)
        skips = a.skips
        brier = a.trades > 0 ? a.brierSum / n : .nan
        ece = a.ece
    }
}

extension TrackSummary {
    /// The text `StoredJSON.encode(self)` gives (tested byte for byte), written directly: a sweep
    /// stores thousands of these and the generic encoder was about a fifth of its finalising time.
    public var storedJSON: String { storedJSON(skipsJSON: skipsJSON) }

    /// The same with the skips' text already written (stores keep it in a column of its own too).
    public func storedJSON(skipsJSON: String) -> String {
        var out = "{\"breachRate\":{\"breaches\":\(breachRate.breaches),\"trials\":\(breachRate.trials)}"
        out.reserveCapacity(512)
        func number(_ key: String, _ x: Double) {
            out += ",\"\(key)\":"
            StoredJSON.append(x, to: &out)
        }
        number("brier", brier)
        number("cvar5", cvar5)
        number("ece", ece)
        out += ",\"exitMode\":"
        StoredJSON.append(exitMode.rawValue, to: &out)
        number("maxDrawdown", maxDrawdown)
        number("meanPnL", meanPnL)
        number("sharpe", sharpe)
        out += ",\"skips\":"
        out += skipsJSON
        number("stdPnL", stdPnL)
        out += ",\"tierHeld\":\(tierHeld),\"totalPnL\":"
        StoredJSON.append(totalPnL, to: &out)
        out += ",\"trades\":\(trades),\"wins\":\(wins)"
        number("worstTrade", worstTrade)
        return out + "}"
    }

    /// The skips by reason as an object with sorted keys — what both `StoredJSON` and
    /// `CanonicalJSON` write for them (reason names have nothing either would escape or convert).
    public var skipsJSON: String {
        var out = ""
        StoredJSON.append(skips, to: &out)
        return out
    }
}
