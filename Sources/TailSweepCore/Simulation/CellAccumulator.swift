/// Mergeable per-cell statistics: everything the cell metrics need, kept so that partial
/// results of consecutive session blocks combine exactly (`merged(with:)` in session order).
///
/// ```swift
/// var a = CellAccumulator(tailCapacity: 250)
/// a.add(track: result, sessions: 0..<1000)
/// let whole = first.merged(with: second)      // blocks in session order
/// let metrics = TrackSummary(accumulator: whole, tier: 0.01, exitMode: .holdToClose)
/// ```
///
/// - trades: count, Σpnl, Σpnl², wins, breaches, worst trade, and the worst `tailCapacity`
///   P&Ls (enough for CVaR 5 % when `tailCapacity ≥ ⌈5 % of the most trades the cell can make⌉`);
/// - the daily P&L series as (days, Σ, Σ²) and the drawdown monoid (total, max prefix, min
///   prefix, max drawdown) — for consecutive segments A then B the drawdown is
///   max(D_A, D_B, M_A − (S_A + m_B));
/// - the traded strikes' forecasts: Σ(f − o)² and 10 equal-width bins (count, Σf, Σo) for Brier and ECE;
/// - skips by reason.
/// Merging reassociates floating-point sums, so results are bit-identical only for the same
/// grouping in the same order — which the sweep engine guarantees by fixing shards in the plan.
public struct CellAccumulator: Sendable, Hashable, Codable {
    public private(set) var trades = 0
    public private(set) var wins = 0
    public private(set) var breaches = 0
    public private(set) var pnlSum = 0.0
    public private(set) var pnlSquares = 0.0
    public private(set) var worst = Double.infinity
    public private(set) var worstTail: [Double] = []
    public let tailCapacity: Int
    public private(set) var days = 0
    public private(set) var daySum = 0.0
    public private(set) var daySquares = 0.0
    public private(set) var pathTotal = 0.0
    public private(set) var pathMaxPrefix = 0.0
    public private(set) var pathMinPrefix = 0.0
    public private(set) var maxDrawdown = 0.0
    public private(set) var brierSum = 0.0
    public private(set) var binCount = [Int](repeating: 0, count: 10)
    public private(set) var binForecast = [Double](repeating: 0, count: 10)
    public private(set) var binOutcome = [Double](repeating: 0, count: 10)
    public private(set) var skips: [String: Int] = [:]

    public init(tailCapacity: Int) { self.tailCapacity = max(1, tailCapacity) }

    public mutating func addTrade(pnl: Double, breached: Bool, probability: Double) {
        trades += 1
        if pnl > 0 { wins += 1 }
        if breached { breaches += 1 }
        pnlSum += pnl
        pnlSquares += pnl * pnl
        worst = min(worst, pnl)
        insertTail(pnl)
        let o: Double = breached ? 1 : 0
        brierSum += (probability - o) * (probability - o)
        let b = min(max(Int(probability * 10), 0), 9)
        binCount[b] += 1
        binForecast[b] += probability
        binOutcome[b] += o
    }

    public mutating func addDay(pnl: Double) {
        days += 1
        daySum += pnl
        daySquares += pnl * pnl
        pathTotal += pnl
        pathMaxPrefix = max(pathMaxPrefix, pathTotal)
        pathMinPrefix = min(pathMinPrefix, pathTotal)
        maxDrawdown = max(maxDrawdown, pathMaxPrefix - pathTotal)
    }

    public mutating func addSkip(_ reason: SkipReason, count: Int = 1) { skips[reason.description, default: 0] += count }

    /// Adds a simulated track's trades, skips and days whose session index lies in `sessions`.
    public mutating func add(track: TrackResult, sessionDates: ClosedRange<CivilDate>? = nil) {
        func inside(_ d: CivilDate) -> Bool { sessionDates.map { $0.contains(d) } ?? true }
        for t in track.trades where inside(t.session) { addTrade(pnl: t.pnl, breached: t.breached, probability: t.probability) }
        for s in track.skips where inside(s.session) { addSkip(s.reason) }
        for d in track.dailyPnL where inside(d.session) { addDay(pnl: d.pnl) }
    }

    /// This block followed by `next` (the later sessions).
    public func merged(with next: CellAccumulator) -> CellAccumulator {
        var m = self
        m.trades += next.trades
        m.wins += next.wins
        m.breaches += next.breaches
        m.pnlSum += next.pnlSum
        m.pnlSquares += next.pnlSquares
        m.worst = min(worst, next.worst)
        for x in next.worstTail { m.insertTail(x) }
        m.days += next.days
        m.daySum += next.daySum
        m.daySquares += next.daySquares
        m.maxDrawdown = max(maxDrawdown, next.maxDrawdown, pathMaxPrefix - (pathTotal + next.pathMinPrefix))
        m.pathMaxPrefix = max(pathMaxPrefix, pathTotal + next.pathMaxPrefix)
        m.pathMinPrefix = min(pathMinPrefix, pathTotal + next.pathMinPrefix)
        m.pathTotal = pathTotal + next.pathTotal
        m.brierSum += next.brierSum
        for b in 0..<10 {
            m.binCount[b] += next.binCount[b]
            m.binForecast[b] += next.binForecast[b]
            m.binOutcome[b] += next.binOutcome[b]
        }
        for (k, v) in next.skips { m.skips[k, default: 0] += v }
        return m
    }

    private mutating func insertTail(_ x: Double) {
        // Sorted ascending; keep the smallest `tailCapacity`.
        if worstTail.count == tailCapacity, let last = worstTail.last, x >= last { return }
        var lo = 0, hi = worstTail.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if worstTail[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        worstTail.insert(x, at: lo)
        if worstTail.count > tailCapacity { worstTail.removeLast() }
    }

    public var ece: Double {
        guard trades > 0 else { return .nan }
        var e = 0.0
        for b in 0..<10 where binCount[b] > 0 {
            e += abs(binForecast[b] - binOutcome[b])
        }
        return e / Double(trades)
    }
}
