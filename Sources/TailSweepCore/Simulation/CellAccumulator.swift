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
public struct CellAccumulator: Sendable, Equatable, Codable {
    public private(set) var trades = 0
    public private(set) var wins = 0
    public private(set) var breaches = 0
    public private(set) var pnlSum = 0.0
    public private(set) var pnlSquares = 0.0
    public private(set) var worst = Double.infinity
    /// The trades' P&Ls that may still be among the `tailCapacity` smallest, unsorted: appended
    /// below `tailCutoff`, cut to the smallest `tailCapacity` when twice that many (a sorted insert
    /// moved half the tail per trade; a sort at every cut cost more than the selection).
    private var tail: [Double] = []
    /// The `tailCapacity`-th smallest P&L at the last cut (+∞ before): nothing at or above it can
    /// enter the tail, and most trades are rejected against it without reading the tail's buffer.
    private var tailCutoff = Double.infinity
    public let tailCapacity: Int
    /// The worst `tailCapacity` trade P&Ls, ascending.
    public var worstTail: [Double] {
        var worst = tail
        if worst.count > tailCapacity {
            let k = tailCapacity
            worst.withUnsafeMutableBufferPointer { Self.moveSmallestFirst(k, $0) }
            worst.removeLast(worst.count - k)
        }
        return worst.sorted()
    }
    public private(set) var days = 0
    public private(set) var daySum = 0.0
    public private(set) var daySquares = 0.0
    public private(set) var pathTotal = 0.0
    public private(set) var pathMaxPrefix = 0.0
    public private(set) var pathMinPrefix = 0.0
    public private(set) var maxDrawdown = 0.0
    public private(set) var brierSum = 0.0
    /// Per bin its count, Σf and Σo side by side, so a trade touches one cache line of them (a
    /// sweep keeps thousands of accumulators; three arrays cost three cache misses per trade);
    /// inline, so updating them needs no buffer of their own (nor its uniqueness check).
    private var bins = InlineArray<30, Double>(repeating: 0)
    public var binCount: [Int] { (0..<10).map { Int(bins[3 * $0]) } }
    public var binForecast: [Double] { (0..<10).map { bins[3 * $0 + 1] } }
    public var binOutcome: [Double] { (0..<10).map { bins[3 * $0 + 2] } }
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
        let b = 3 * min(max(Int(probability * 10), 0), 9)
        bins[b] += 1
        bins[b + 1] += probability
        bins[b + 2] += o
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
        for x in next.tail { m.insertTail(x) }
        m.days += next.days
        m.daySum += next.daySum
        m.daySquares += next.daySquares
        m.maxDrawdown = max(maxDrawdown, next.maxDrawdown, pathMaxPrefix - (pathTotal + next.pathMinPrefix))
        m.pathMaxPrefix = max(pathMaxPrefix, pathTotal + next.pathMaxPrefix)
        m.pathMinPrefix = min(pathMinPrefix, pathTotal + next.pathMinPrefix)
        m.pathTotal = pathTotal + next.pathTotal
        m.brierSum += next.brierSum
        for i in 0..<30 { m.bins[i] += next.bins[i] }
        for (k, v) in next.skips { m.skips[k, default: 0] += v }
        return m
    }

    /// Cuts the buffered tail to the worst `tailCapacity` P&Ls, ascending — what ``worstTail``
    /// gives, which then costs one pass: done where the statistics are finished, side by side,
    /// rather than by every later reader.
    public mutating func settleTail() {
        tail = worstTail
        tailCutoff = tail.count == tailCapacity ? tail[tailCapacity - 1] : .infinity
    }

    private mutating func insertTail(_ x: Double) {
        guard x < tailCutoff else { return }
        tail.append(x)
        if tail.count == 2 * tailCapacity {
            let k = tailCapacity
            tail.withUnsafeMutableBufferPointer { Self.moveSmallestFirst(k, $0) }
            tail.removeLast(k)
            tailCutoff = tail[k - 1]
        }
    }

    /// Reorders `v` so that its `k` smallest values come first, in no order, the k-th smallest at
    /// `k − 1`: a quickselect, linear on average where sorting the buffer at every cut was not.
    private static func moveSmallestFirst(_ k: Int, _ v: UnsafeMutableBufferPointer<Double>) {
        var lo = 0, hi = v.count - 1
        let target = k - 1
        // Everything before `lo` is at most, everything after `hi` at least, every value in between.
        while lo < hi {
            let (a, b, c) = (v[lo], v[lo + (hi - lo) / 2], v[hi])
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // [lo, j] at most the pivot, [i, hi] at least it, anything between equal to it.
            if target <= j { hi = j } else if target >= i { lo = i } else { return }
        }
    }

    /// Equal statistics (the tails compared as the worst `tailCapacity` P&Ls, however buffered).
    public static func == (a: CellAccumulator, b: CellAccumulator) -> Bool {
        a.trades == b.trades && a.wins == b.wins && a.breaches == b.breaches && a.pnlSum == b.pnlSum
            && a.pnlSquares == b.pnlSquares && a.worst == b.worst && a.tailCapacity == b.tailCapacity
            && a.worstTail == b.worstTail && a.days == b.days && a.daySum == b.daySum && a.daySquares == b.daySquares
            && a.pathTotal == b.pathTotal && a.pathMaxPrefix == b.pathMaxPrefix && a.pathMinPrefix == b.pathMinPrefix
            && a.maxDrawdown == b.maxDrawdown && a.brierSum == b.brierSum && a.bins.indices.allSatisfy { a.bins[$0] == b.bins[$0] }
            && a.skips == b.skips
    }

    public var ece: Double {
        guard trades > 0 else { return .nan }
        var e = 0.0
        for b in 0..<10 where bins[3 * b] > 0 {
            e += abs(bins[3 * b + 1] - bins[3 * b + 2])
        }
        return e / Double(trades)
    }

    // Stored as the fields they stand for; the tail as its values' bit patterns (exact, and cheap
    // to write: a sweep's partials hold hundreds of thousands of them).
    private enum CodingKeys: String, CodingKey {
        case trades, wins, breaches, pnlSum, pnlSquares, worst, worstTail, tailCapacity, days, daySum, daySquares
        case pathTotal, pathMaxPrefix, pathMinPrefix, maxDrawdown, brierSum, binCount, binForecast, binOutcome, skips
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tailCapacity = try c.decode(Int.self, forKey: .tailCapacity)
        trades = try c.decode(Int.self, forKey: .trades)
        wins = try c.decode(Int.self, forKey: .wins)
        breaches = try c.decode(Int.self, forKey: .breaches)
        pnlSum = try c.decode(Double.self, forKey: .pnlSum)
        pnlSquares = try c.decode(Double.self, forKey: .pnlSquares)
        worst = try c.decode(Double.self, forKey: .worst)
        days = try c.decode(Int.self, forKey: .days)
        daySum = try c.decode(Double.self, forKey: .daySum)
        daySquares = try c.decode(Double.self, forKey: .daySquares)
        pathTotal = try c.decode(Double.self, forKey: .pathTotal)
        pathMaxPrefix = try c.decode(Double.self, forKey: .pathMaxPrefix)
        pathMinPrefix = try c.decode(Double.self, forKey: .pathMinPrefix)
        maxDrawdown = try c.decode(Double.self, forKey: .maxDrawdown)
        brierSum = try c.decode(Double.self, forKey: .brierSum)
        skips = try c.decode([String: Int].self, forKey: .skips)
        let counts = try c.decode([Int].self, forKey: .binCount), forecasts = try c.decode([Double].self, forKey: .binForecast)
        let outcomes = try c.decode([Double].self, forKey: .binOutcome)
        // Partials written before the bit patterns list the tail's values as numbers.
        if let numbers = try? c.decode([Double].self, forKey: .worstTail) {
            tail = numbers
        } else if let values = StoredJSON.doubles(bitPatternText: try c.decode(String.self, forKey: .worstTail)) {
            tail = values
        } else {
            throw DecodingError.dataCorruptedError(forKey: .worstTail, in: c, debugDescription: "cell statistics: the tail is not 16 hex digits a value")
        }
        guard counts.count == 10, forecasts.count == 10, outcomes.count == 10, tail.count <= tailCapacity,
              tailCapacity >= 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "cell statistics: bins or tail of the wrong size"))
        }
        for b in 0..<10 { (bins[3 * b], bins[3 * b + 1], bins[3 * b + 2]) = (Double(counts[b]), forecasts[b], outcomes[b]) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trades, forKey: .trades)
        try c.encode(wins, forKey: .wins)
        try c.encode(breaches, forKey: .breaches)
        try c.encode(pnlSum, forKey: .pnlSum)
        try c.encode(pnlSquares, forKey: .pnlSquares)
        try c.encode(worst, forKey: .worst)
        try c.encode(StoredJSON.bitPatternText(worstTail), forKey: .worstTail)
        try c.encode(tailCapacity, forKey: .tailCapacity)
        try c.encode(days, forKey: .days)
        try c.encode(daySum, forKey: .daySum)
        try c.encode(daySquares, forKey: .daySquares)
        try c.encode(pathTotal, forKey: .pathTotal)
        try c.encode(pathMaxPrefix, forKey: .pathMaxPrefix)
        try c.encode(pathMinPrefix, forKey: .pathMinPrefix)
        try c.encode(maxDrawdown, forKey: .maxDrawdown)
        try c.encode(brierSum, forKey: .brierSum)
        try c.encode(binCount, forKey: .binCount)
        try c.encode(binForecast, forKey: .binForecast)
        try c.encode(binOutcome, forKey: .binOutcome)
        try c.encode(skips, forKey: .skips)
    }
}
