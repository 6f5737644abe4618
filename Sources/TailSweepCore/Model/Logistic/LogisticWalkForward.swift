import Foundation

/// Walk-forward scoring with the `logistic` family: per strike, P(r < m | x) = σ(βᵀx), refitted
/// every session on the training window only, warm-started from the previous session's
/// coefficients (which makes each refit one or two Newton steps).
///
/// ```swift
/// let scored = try LogisticWalkForward(configuration: config, settings: .init()).run(states: states)
/// scored.level[g] == .logistic
/// ```
///
/// Rows are weighted 1/m for a session with m usable rows (a session counts once, as in the
/// bucket model). Intervals are Laplace (observed-information) intervals on the logit scale,
/// η ± z·√(xᵀH⁻¹x), mapped through σ. Means and both bounds are made monotone across strikes by
/// the running minimum (the per-strike fits are not nested, so this rule can bind). Every row is
/// its own posterior group; `alpha`/`beta` are NaN. Non-converged or separated fits are counted
/// in `diagnostics`.
public struct LogisticWalkForward: Sendable {
    public struct Diagnostics: Sendable, Hashable, Codable {
        public var fits = 0
        public var nonConverged = 0
        public var separatedStrikeFits = 0
        public var newtonIterations = 0
        public var lambdaChoices: [Double] = []
    }

    public let configuration: TailModelConfiguration
    public let settings: LogisticSettings
    public var warmStart = true

    public init(configuration: TailModelConfiguration, settings: LogisticSettings) {
        self.configuration = configuration
        self.settings = settings
    }

    public func run(states: DecisionStates, intervals: Bool = true) throws(ConfigurationError) -> (ScoredStates, Diagnostics) {
        let config = try configuration.validated()
        let n = states.sessions.count, times = states.timesPerSession, k = config.strikes.count, d = LogisticDesign.columns
        var scored = ScoredStates(strikes: config.strikes, credibleLevel: config.credibleLevel, rowCount: states.count,
                                  sessionCount: n, intervals: intervals)
        var diagnostics = Diagnostics()
        let usable = (0..<n).map { s in (0..<times).map { s * times + $0 }.filter { states.skip[$0] == 0 } }
        var previous: [[Double]?] = Array(repeating: nil, count: k)
        var lambda: Double
        var refitEvery = Int.max, lastChoice = Int.min
        switch settings.lambda {
        case .fixed(let l): lambda = l
        case .auto(let grid, let every): lambda = grid.first ?? 1; refitEvery = every
        }
        let z = StandardNormal.quantile((1 + config.credibleLevel) / 2)
        for s in 0..<n {
            let end = max(0, s - config.embargoSessions)
            var start = 0
            if case .rolling(let w) = config.window { start = max(0, end - w) }
            guard end - start >= config.minimumTrainingSessions else { continue }
            precondition(end - 1 < s, "lookahead: training window reaches the scored session")
            let training = Array(start..<end)
            if case .auto(let grid, _) = settings.lambda, refitEvery != Int.max, lastChoice == Int.min || s - lastChoice >= refitEvery {
                lambda = chooseLambda(grid: grid, states: states, sessions: training, usable: usable)
                diagnostics.lambdaChoices.append(lambda)
                lastChoice = s
            }
            let (x, rows, weights, scaler) = design(states: states, sessions: training, usable: usable)
            var fits: [LogisticRegression] = []
            for j in 0..<k {
                let y = rows.map { BreachLabels.isBreach(close: states.closePrice[$0], entry: states.entryPrice[$0], moneyness: config.strikes.moneyness[j]) ? 1.0 : 0.0 }
                let fit = LogisticRegression.fit(x: x, rows: rows.count, columns: d, y: y, weights: weights, lambda: lambda,
                                                 start: warmStart ? previous[j] : nil, maxIterations: settings.maxIterations,
                                                 tolerance: settings.tolerance)
                diagnostics.fits += 1
                diagnostics.newtonIterations += fit.iterations
                if !fit.converged { diagnostics.nonConverged += 1 }
                if fit.separated { diagnostics.separatedStrikeFits += 1 }
                previous[j] = fit.coefficients
                fits.append(fit)
            }
            if fits.contains(where: { !$0.converged }) { continue }
            scored.sessionScored[s] = true
            scored.trainedThrough[s] = Int32(end - 1)
            var row = [Double](repeating: 0, count: d)
            let trainingBreaches = (0..<k).map { j in
                Double(rows.filter { BreachLabels.isBreach(close: states.closePrice[$0], entry: states.entryPrice[$0], moneyness: config.strikes.moneyness[j]) }.count)
            }
            for j in 0..<times {
                let r = s * times + j
                guard states.isScorable(r) else { continue }
                scaler.write(states, r, into: &row, at: 0)
                scored.groupOfRow[r] = Int32(scored.appendLogisticGroup(session: s, fits: fits, x: row, z: z, trainingRows: Double(rows.count),
                                                                        trainingSessions: Double(training.count), breaches: trainingBreaches))
            }
        }
        return (scored, diagnostics)
    }

    /// Row-major design of the usable rows of `sessions`, their weights 1/m and the standardiser.
    func design(states: DecisionStates, sessions: [Int], usable: [[Int]]) -> ([Double], [Int], [Double], LogisticDesign.Standardizer) {
        let rows = sessions.flatMap { usable[$0] }
        let scaler = LogisticDesign.Standardizer(states: states, rows: rows)
        let d = LogisticDesign.columns
        var x = [Double](repeating: 0, count: rows.count * d)
        var weights: [Double] = []
        weights.reserveCapacity(rows.count)
        for s in sessions { for _ in usable[s] { weights.append(1 / Double(usable[s].count)) } }
        for (i, r) in rows.enumerated() { scaler.write(states, r, into: &x, at: i * d) }
        return (x, rows, weights, scaler)
    }

    /// λ with the best weighted log loss on the last 20 % of the training sessions when fitted on
    /// the first 80 % (pooled over strikes).
    func chooseLambda(grid: [Double], states: DecisionStates, sessions: [Int], usable: [[Int]]) -> Double {
        let cut = max(1, sessions.count * 4 / 5)
        let fitSessions = Array(sessions[..<cut]), validation = Array(sessions[cut...])
        guard !validation.isEmpty else { return grid.first ?? 1 }
        let (x, rows, weights, scaler) = design(states: states, sessions: fitSessions, usable: usable)
        let d = LogisticDesign.columns
        var best = (lambda: grid.first ?? 1, loss: Double.infinity)
        for lambda in grid {
            var loss = 0.0
            for m in configuration.strikes.moneyness {
                let y = rows.map { BreachLabels.isBreach(close: states.closePrice[$0], entry: states.entryPrice[$0], moneyness: m) ? 1.0 : 0.0 }
                let fit = LogisticRegression.fit(x: x, rows: rows.count, columns: d, y: y, weights: weights, lambda: lambda)
                var v = [Double](repeating: 0, count: d)
                for s in validation {
                    for r in usable[s] {
                        scaler.write(states, r, into: &v, at: 0)
                        let p = min(max(1 / (1 + exp(-fit.linear(v[...]))), 1e-15), 1 - 1e-15)
                        let o = BreachLabels.isBreach(close: states.closePrice[r], entry: states.entryPrice[r], moneyness: m)
                        loss -= (o ? log(p) : log(1 - p)) / Double(usable[s].count)
                    }
                }
            }
            if loss < best.loss { best = (lambda, loss) }
        }
        return best.lambda
    }
}

extension ScoredStates {
    /// Appends the group of one row scored by per-strike logistic fits; returns its index.
    mutating func appendLogisticGroup(session: Int, fits: [LogisticRegression], x: [Double], z: Double, trainingRows: Double,
                                      trainingSessions: Double, breaches: [Double]) -> Int {
        let g = groupCount
        groupSession.append(Int32(session))
        groupLocalBucket.append(-1)
        rows.append(trainingRows)
        effectiveSessions.append(trainingSessions)
        level.append(.logistic)
        var previous = (mean: Double.infinity, lower: Double.infinity, upper: Double.infinity)
        for (j, fit) in fits.enumerated() {
            let eta = fit.linear(x[...])
            let p = 1 / (1 + exp(-eta))
            var lo = Double.nan, hi = Double.nan
            if hasIntervals {
                let half = z * fit.linearVariance(of: x[...]).squareRoot()
                lo = 1 / (1 + exp(-(eta - half)))
                hi = 1 / (1 + exp(-(eta + half)))
            }
            let m = min(p, previous.mean), l = hasIntervals ? min(lo, previous.lower) : .nan, u = hasIntervals ? min(hi, previous.upper) : .nan
            adjusted.append(m != p || (hasIntervals && (l != lo || u != hi)) ? 1 : 0)
            alpha.append(.nan)
            beta.append(.nan)
            mean.append(m)
            lower.append(l)
            upper.append(u)
            rawBreaches.append(breaches[j])
            previous = (m, hasIntervals ? l : .infinity, hasIntervals ? u : .infinity)
        }
        return g
    }
}
