/// What `summarize` ranks cells by.
public enum SweepObjective: String, Sendable, Hashable, CaseIterable, Codable {
    case meanPnL = "mean_pnl"
    case totalPnL = "total_pnl"
    case sharpe
    case winRate = "win_rate"
    case cvar5 = "cvar5"
    case maxDrawdown = "max_drawdown"
}

/// Ranks cells by an objective under constraints: the `summarize` logic.
public enum SweepSummarizer {
    public static func value(_ m: TrackSummary, _ objective: SweepObjective) -> Double {
        switch objective {
        case .meanPnL: return m.meanPnL
        case .totalPnL: return m.totalPnL
        case .sharpe: return m.sharpe
        case .winRate: return m.winRate
        case .cvar5: return m.cvar5
        case .maxDrawdown: return -m.maxDrawdown
        }
    }

    /// Best first; cells whose objective is not finite rank last; ties by cell index.
    public static func rank(_ cells: [SweepCellRecord], objective: SweepObjective, minimumTrades: Int,
                            requireTierHeld: Bool) -> [SweepCellRecord] {
        cells.filter { $0.metrics.trades >= minimumTrades && (!requireTierHeld || $0.metrics.tierHeld) }.sorted { a, b in
            let x = value(a.metrics, objective), y = value(b.metrics, objective)
            if x.isFinite != y.isFinite { return x.isFinite }
            if x != y && x.isFinite { return x > y }
            return a.cellIndex < b.cellIndex
        }
    }

    /// Model settings side by side: traded-strike calibration averaged over their cells and the
    /// best objective among cells with enough trades.
    public static func modelComparison(_ cells: [SweepCellRecord], objective: SweepObjective, minimumTrades: Int)
        -> [(modelSetting: String, cells: Int, meanBrier: Double?, meanECE: Double?, best: Double?)] {
        var order: [String] = []
        for c in cells where !order.contains(c.modelSetting) { order.append(c.modelSetting) }
        return order.map { setting in
            let group = cells.filter { $0.modelSetting == setting }
            func mean(_ xs: [Double]) -> Double? { let f = xs.filter(\.isFinite); return f.isEmpty ? nil : f.reduce(0, +) / Double(f.count) }
            let top = rank(group, objective: objective, minimumTrades: minimumTrades, requireTierHeld: false).first
            let best = top.map { value($0.metrics, objective) }.flatMap { $0.isFinite ? $0 : nil }
            return (setting, group.count, mean(group.map(\.metrics.brier)), mean(group.map(\.metrics.ece)), best)
        }
    }

    /// For each tier in the sweep, the top `k` cells.
    public static func bestByTier(_ cells: [SweepCellRecord], objective: SweepObjective, minimumTrades: Int,
                                  requireTierHeld: Bool, top k: Int) -> [(tier: Double, best: [SweepCellRecord])] {
        let tiers = Array(Set(cells.map(\.tier))).sorted()
        return tiers.map { tier in
            (tier, Array(rank(cells.filter { $0.tier == tier }, objective: objective, minimumTrades: minimumTrades,
                              requireTierHeld: requireTierHeld).prefix(k)))
        }
    }
}
