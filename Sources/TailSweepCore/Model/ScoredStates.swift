/// Breach probabilities for decision states, one posterior group per (session, local bucket):
/// every state row of a session in the same bucket shares the same table and hence the same
/// posterior, so results are stored once per group.
///
/// ```swift
/// let g = scored.group(ofRow: row)!            // nil when the row was not scored
/// scored.mean[g * K + k]                       // posterior mean at strike k (monotone in k)
/// scored.lower[g * K + k], scored.upper[g * K + k]
/// scored.alpha[g * K + k], scored.beta[g * K + k]
/// scored.level[g]                              // which level dominated
/// ```
public struct ScoredStates: Sendable {
    public let strikes: StrikeGrid
    public let credibleLevel: Double
    /// False when the walk-forward skipped the credible intervals (`lower`/`upper` are NaN);
    /// policies then test bounds through the CDF instead (``upperBound(atMost:group:strike:)``).
    public let hasIntervals: Bool
    /// False when only the upper bounds were computed (`lower` is NaN): what sweeps need.
    public let hasLowerBounds: Bool
    /// Posterior group of each state row, −1 when not scored (skipped state or too little history).
    public internal(set) var groupOfRow: [Int32]
    public internal(set) var groupSession: [Int32] = []
    public internal(set) var groupLocalBucket: [Int32] = []
    /// Raw rows in the local bucket of the training tables (n), sessions (effective n).
    public internal(set) var rows: [Double] = []
    public internal(set) var effectiveSessions: [Double] = []
    public internal(set) var level: [HierarchicalPosterior.Level] = []
    /// Per (group, strike).
    public internal(set) var alpha: [Double] = []
    public internal(set) var beta: [Double] = []
    public internal(set) var mean: [Double] = []
    public internal(set) var lower: [Double] = []
    public internal(set) var upper: [Double] = []
    public internal(set) var rawBreaches: [Double] = []
    /// 1 where the monotone rule changed the mean or a bound.
    public internal(set) var adjusted: [UInt8] = []
    /// Per session: whether it was scored; the last training session (dataset index, −1 when the
    /// model came from outside these states, e.g. a frozen model); κ used.
    public internal(set) var sessionScored: [Bool]
    public internal(set) var trainedThrough: [Int32]
    public internal(set) var kappaParent: [Double]
    public internal(set) var kappaLocal: [Double]

    init(strikes: StrikeGrid, credibleLevel: Double, rowCount: Int, sessionCount: Int, intervals: Bool = true, lowerBounds: Bool = true) {
        self.strikes = strikes
        self.credibleLevel = credibleLevel
        hasIntervals = intervals
        hasLowerBounds = intervals && lowerBounds
        groupOfRow = [Int32](repeating: -1, count: rowCount)
        trainedThrough = [Int32](repeating: -1, count: sessionCount)
        sessionScored = [Bool](repeating: false, count: sessionCount)
        kappaParent = [Double](repeating: .nan, count: sessionCount)
        kappaLocal = kappaParent
    }

    public var groupCount: Int { level.count }

    @inline(__always)
    public func group(ofRow row: Int) -> Int? {
        let g = groupOfRow[row]
        return g < 0 ? nil : Int(g)
    }

    /// Room for `groups` posterior groups, so appending them never copies the per-strike arrays
    /// (hundreds of thousands of entries in a long walk-forward).
    mutating func reserveGroups(_ groups: Int) {
        let entries = groups * strikes.count
        groupSession.reserveCapacity(groups); groupLocalBucket.reserveCapacity(groups)
        rows.reserveCapacity(groups); effectiveSessions.reserveCapacity(groups); level.reserveCapacity(groups)
        alpha.reserveCapacity(entries); beta.reserveCapacity(entries); mean.reserveCapacity(entries)
        lower.reserveCapacity(entries); upper.reserveCapacity(entries); rawBreaches.reserveCapacity(entries)
        adjusted.reserveCapacity(entries)
    }

    /// Appends the posterior group of a local bucket scored from `tables`; returns its index. The
    /// credible bounds are left NaN until ``finishIntervals(parallel:)``.
    mutating func appendGroup(session: Int, localBucket b: Int, tables: BucketTables, scheme: BucketScheme,
                              kappa: (parent: Double, local: Double)) -> Int {
        let g = groupCount
        groupSession.append(Int32(session))
        groupLocalBucket.append(Int32(b))
        rows.append(tables.local.rows[b])
        effectiveSessions.append(tables.local.sessions[b])
        var dominant = HierarchicalPosterior.Level.global
        var previous = Double.infinity
        for (j, post) in tables.posteriors(localBucket: b, scheme: scheme, kappa: kappa).enumerated() {
            if j == 0 { dominant = post.dominantLevel }
            // Deeper strike (higher j) never more likely to breach: running minimum.
            let m = min(post.mean, previous)
            adjusted.append(m != post.mean ? 1 : 0)
            alpha.append(post.alpha)
            beta.append(post.beta)
            mean.append(m)
            lower.append(.nan)
            upper.append(.nan)
            rawBreaches.append(tables.local.raw[b * strikes.count + j])
            previous = m
        }
        level.append(dominant)
        return g
    }

    /// Runs `body(0) … body(iterations − 1)`, in any order and possibly at once.
    public typealias ParallelFor = @Sendable (_ iterations: Int, _ body: @Sendable (Int) -> Void) -> Void
    public static let serial: ParallelFor = { n, body in for i in 0..<n { body(i) } }

    /// Computes the credible bounds of every (group, strike) — the Beta quantiles, the costly part,
    /// independent per entry and so spread over `parallel` in chunks, each solved four at a time
    /// (``BetaDistribution/quantiles(_:a:b:into:)``) — then applies the running minimum over
    /// strikes within each group, as the means have. Results do not depend on `parallel`.
    ///
    /// With `decidedTiers` (and no lower bounds) only the upper bounds that tier decisions at
    /// tiers in that range read are exact. Below: a group's bounds are exact down to the first
    /// at or below the smallest tier; the deeper ones hold that bound instead of their own,
    /// smaller, one — a deeper strike's gated probability is within every such tier exactly when
    /// its mean is, with either value, and a bound interpolated between strikes stays between
    /// them. Above: a strike nearer the money than one whose mean is above the largest tier
    /// holds 1 — every candidate interpolated there has a mean, and so a gated probability, above
    /// every tier, whatever the bound. (A sweep without fallback; in a long walk-forward about
    /// half the bounds lie that deep, and a tenth or more that near.)
    mutating func finishIntervals(parallel: ParallelFor, decidedTiers: ClosedRange<Double>? = nil) {
        guard hasIntervals else { return }
        if let decidedTiers, !hasLowerBounds {
            finishUpperBounds(tiers: decidedTiers, parallel: parallel)
            return
        }
        let total = alpha.count, tail = (1 - credibleLevel) / 2, lowers = hasLowerBounds
        var rawLower = [Double](repeating: .nan, count: total), rawUpper = rawLower
        let chunk = 2_048
        alpha.withUnsafeBufferPointer { a in
            beta.withUnsafeBufferPointer { b in
                rawLower.withUnsafeMutableBufferPointer { lo in
                    rawUpper.withUnsafeMutableBufferPointer { up in
                        // Each iteration writes its own disjoint range.
                        nonisolated(unsafe) let (a, b, lo, up) = (a, b, lo, up)
                        parallel((total + chunk - 1) / chunk) { c in
                            let r = (c * chunk)..<min(total, (c + 1) * chunk)
                            let (a, b) = (UnsafeBufferPointer(rebasing: a[r]), UnsafeBufferPointer(rebasing: b[r]))
                            BetaDistribution.quantiles(1 - tail, a: a, b: b, into: UnsafeMutableBufferPointer(rebasing: up[r]))
                            if lowers { BetaDistribution.quantiles(tail, a: a, b: b, into: UnsafeMutableBufferPointer(rebasing: lo[r])) }
                        }
                    }
                }
            }
        }
        let k = strikes.count
        for g in 0..<groupCount {
            var previous = (lower: Double.infinity, upper: Double.infinity)
            for i in (g * k)..<((g + 1) * k) {
                let hi = min(rawUpper[i], previous.upper)
                let lo = lowers ? min(rawLower[i], previous.lower) : .nan
                if hi != rawUpper[i] || (lowers && lo != rawLower[i]) { adjusted[i] = 1 }
                upper[i] = hi
                lower[i] = lo
                previous = (lo, hi)
            }
        }
    }

    /// The upper bounds for tier decisions in `tiers` (see
    /// ``finishIntervals(parallel:decidedTiers:)``): chunks of groups side by side; within a chunk
    /// strike by strike, nearest first, each round solving the groups in range together (four
    /// at a time, so each bound has the bits the full computation gives it).
    private mutating func finishUpperBounds(tiers: ClosedRange<Double>, parallel: ParallelFor) {
        let k = strikes.count, q = (1 + credibleLevel) / 2, groupsPerChunk = 128, groups = groupCount
        let chunks = (groups + groupsPerChunk - 1) / groupsPerChunk
        // Per group the first exact strike: the one before the first whose mean is at most the
        // largest tier (candidates interpolate between neighbours; the margin covers the
        // interpolation's roundings; the two deepest stay exact, candidates below the grid
        // extrapolate from them).
        let ceiling = tiers.upperBound * (1 + 1e-9)
        let firstExact = (0..<groups).map { g in
            let j = (0..<k).first { mean[g * k + $0] <= ceiling } ?? k
            return max(0, min(j - 1, k - 2))
        }
        alpha.withUnsafeBufferPointer { a in
            beta.withUnsafeBufferPointer { b in
                upper.withUnsafeMutableBufferPointer { up in
                    adjusted.withUnsafeMutableBufferPointer { adjusted in
                        // Each iteration writes its own groups' entries.
                        nonisolated(unsafe) let (a, b, up, adjusted) = (a, b, up, adjusted)
                        parallel(chunks) { c in
                            let chunk = (c * groupsPerChunk)..<min(groups, (c + 1) * groupsPerChunk)
                            var active: [Int] = [], previous: [Double] = []
                            var shapeA = [Double](), shapeB = [Double](), raw = [Double]()
                            for i in 0..<k {
                                for g in chunk where firstExact[g] == i {
                                    for nearer in 0..<i { up[g * k + nearer] = 1 }
                                    active.append(g)
                                    previous.append(.infinity)
                                }
                                guard !active.isEmpty else { continue }
                                shapeA = active.map { a[$0 * k + i] }
                                shapeB = active.map { b[$0 * k + i] }
                                raw = Array(repeating: .nan, count: active.count)
                                shapeA.withUnsafeBufferPointer { sa in
                                    shapeB.withUnsafeBufferPointer { sb in
                                        raw.withUnsafeMutableBufferPointer { BetaDistribution.quantiles(q, a: sa, b: sb, into: $0) }
                                    }
                                }
                                var still: [Int] = [], kept: [Double] = []
                                for (n, g) in active.enumerated() {
                                    let hi = min(raw[n], previous[n])
                                    if hi != raw[n] { adjusted[g * k + i] = 1 }
                                    up[g * k + i] = hi
                                    if hi <= tiers.lowerBound {
                                        for deeper in (i + 1)..<k { up[g * k + deeper] = hi }
                                    } else {
                                        still.append(g)
                                        kept.append(hi)
                                    }
                                }
                                (active, previous) = (still, kept)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether the upper credible bound at (group, strike) is at most `tier`, decided without
    /// computing the quantile: `q_upper ≤ τ ⟺ I_τ(α, β) ≥ (1 + level)/2`. Within a group α + β is
    /// the same at every strike (κl + n_l) while α falls with depth, so the exact bounds are
    /// already monotone and the running minimum only ever removes rounding noise.
    public func upperBound(atMost tier: Double, group g: Int, strike j: Int) -> Bool {
        let i = g * strikes.count + j
        return BetaDistribution.cdf(tier, a: alpha[i], b: beta[i]) >= (1 + credibleLevel) / 2
    }
}
