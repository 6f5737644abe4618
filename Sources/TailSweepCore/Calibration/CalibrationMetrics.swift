import Foundation

/// Forecast-quality metrics of probability forecasts against 0/1 outcomes (SPEC §9),
/// independent of any P&L.
///
/// ```swift
/// let m = CalibrationMetrics(forecasts: p, outcomes: y)
/// m.brier; m.logLoss; m.ece; m.sharpness
/// m.reliability - m.resolution + m.uncertainty == m.binnedBrier   // Murphy (1973), exact on binned forecasts
/// m.equalWidthBins; m.quantileBins                                   // 10 each
/// ```
///
/// Murphy's decomposition uses the 10 equal-width bins: with `f̄_b` the mean forecast and `ō_b`
/// the observed rate in bin b, `ō` the overall rate and N the count,
/// REL = Σ n_b (f̄_b − ō_b)² / N, RES = Σ n_b (ō_b − ō)² / N, UNC = ō (1 − ō), and the Brier
/// score of the binned forecasts (each forecast replaced by its bin's mean) equals
/// REL − RES + UNC exactly in real arithmetic. ECE = Σ n_b |f̄_b − ō_b| / N over the same bins.
/// Log loss clips forecasts to [1e-15, 1 − 1e-15]. Sharpness is the variance of the forecasts.
public struct CalibrationMetrics: Sendable, Hashable, Codable {
    public struct Bin: Sendable, Hashable, Codable {
        public let lower: Double
        public let upper: Double
        public let count: Int
        public let meanForecast: Double
        public let observedRate: Double
    }

    public let count: Int
    public let meanForecast: Double
    public let observedRate: Double
    public let brier: Double
    public let binnedBrier: Double
    public let reliability: Double
    public let resolution: Double
    public let uncertainty: Double
    public let logLoss: Double
    public let ece: Double
    public let sharpness: Double
    public let equalWidthBins: [Bin]
    public let quantileBins: [Bin]

    public static let binCount = 10

    public init(forecasts f: [Double], outcomes o: [Double]) {
        precondition(f.count == o.count, "forecasts and outcomes differ in length")
        let n = f.count
        count = n
        let nd = Double(max(n, 1))
        meanForecast = f.reduce(0, +) / nd
        let rate = o.reduce(0, +) / nd
        observedRate = rate
        var brier = 0.0, logLoss = 0.0, spread = 0.0
        for i in 0..<n {
            brier += (f[i] - o[i]) * (f[i] - o[i])
            let p = min(max(f[i], 1e-15), 1 - 1e-15)
            logLoss -= o[i] * log(p) + (1 - o[i]) * log(1 - p)
            spread += (f[i] - meanForecast) * (f[i] - meanForecast)
        }
        self.brier = brier / nd
        self.logLoss = logLoss / nd
        sharpness = spread / nd
        // Equal-width bins [0, .1), …, [.9, 1]; a forecast of exactly 1 falls in the last.
        var sumF = [Double](repeating: 0, count: Self.binCount), sumO = sumF, counts = [Int](repeating: 0, count: Self.binCount)
        for i in 0..<n {
            let b = min(Int(f[i] * Double(Self.binCount)), Self.binCount - 1)
            sumF[b] += f[i]; sumO[b] += o[i]; counts[b] += 1
        }
        var rel = 0.0, res = 0.0, ece = 0.0, binned = 0.0
        var bins: [Bin] = []
        for b in 0..<Self.binCount {
            let c = Double(counts[b])
            let fb = counts[b] > 0 ? sumF[b] / c : .nan, ob = counts[b] > 0 ? sumO[b] / c : .nan
            bins.append(Bin(lower: Double(b) / 10, upper: Double(b + 1) / 10, count: counts[b], meanForecast: fb, observedRate: ob))
            guard counts[b] > 0 else { continue }
            rel += c * (fb - ob) * (fb - ob)
            res += c * (ob - rate) * (ob - rate)
            ece += c * abs(fb - ob)
            // Σ over the bin of (f̄_b − o_i)² = c·f̄² − 2 f̄ Σo + Σo², with o ∈ {0, 1} so Σo² = Σo.
            binned += c * fb * fb - 2 * fb * sumO[b] + sumO[b]
        }
        reliability = rel / nd
        resolution = res / nd
        uncertainty = rate * (1 - rate)
        self.ece = ece / nd
        binnedBrier = binned / nd
        equalWidthBins = bins
        quantileBins = Self.quantileBins(f, o)
    }

    /// Ten bins of (nearly) equal counts in forecast order; ties may straddle a boundary.
    static func quantileBins(_ f: [Double], _ o: [Double]) -> [Bin] {
        let order = f.indices.sorted { f[$0] < f[$1] || (f[$0] == f[$1] && $0 < $1) }
        var bins: [Bin] = []
        let n = order.count
        for b in 0..<binCount {
            let lo = b * n / binCount, hi = (b + 1) * n / binCount
            guard hi > lo else { continue }
            let members = order[lo..<hi]
            let c = Double(members.count)
            bins.append(Bin(lower: f[members.first!], upper: f[members.last!], count: members.count,
                            meanForecast: members.map { f[$0] }.reduce(0, +) / c,
                            observedRate: members.map { o[$0] }.reduce(0, +) / c))
        }
        return bins
    }
}

/// A realised breach rate with its Jeffreys interval: the posterior of Beta(½, ½) after `k`
/// breaches in `n` trials — "did the 1 % tier really breach ≤ 1 %?".
///
/// ```swift
/// let r = BreachRate(breaches: 3, trials: 400)
/// r.rate            // 0.0075
/// r.interval(0.9)   // (lower, upper); lower is 0 when k = 0 by convention
/// r.holds(tier: 0.01)               // true: the interval's lower end is at or below 1 %
/// ```
public struct BreachRate: Sendable, Hashable, Codable {
    public let breaches: Int
    public let trials: Int
    /// The 90 % interval — the one reports show and `holds` reads — worked out once (two Beta
    /// quantiles): a sweep's finaliser reads it for every cell when it writes them.
    private let lower90: Double, upper90: Double

    public init(breaches: Int, trials: Int) {
        self.breaches = breaches
        self.trials = trials
        (lower90, upper90) = Self.jeffreys(breaches: breaches, trials: trials, level: 0.9)
    }

    // Stored as the counts alone.
    private enum CodingKeys: String, CodingKey { case breaches, trials }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(breaches: try c.decode(Int.self, forKey: .breaches), trials: try c.decode(Int.self, forKey: .trials))
    }

    public var rate: Double { trials > 0 ? Double(breaches) / Double(trials) : .nan }

    /// Equal-tailed Jeffreys interval; the lower end is 0 when there are no breaches and the
    /// upper end 1 when every trial breached (Brown, Cai & DasGupta 2001).
    public func interval(_ level: Double = 0.9) -> (lower: Double, upper: Double) {
        level == 0.9 ? (lower90, upper90) : Self.jeffreys(breaches: breaches, trials: trials, level: level)
    }

    private static func jeffreys(breaches: Int, trials: Int, level: Double) -> (lower: Double, upper: Double) {
        guard trials > 0 else { return (0, 1) }
        let tail = (1 - level) / 2, a = Double(breaches) + 0.5, b = Double(trials - breaches) + 0.5
        let lower = breaches == 0 ? 0 : BetaDistribution.quantile(tail, a: a, b: b)
        let upper = breaches == trials ? 1 : BetaDistribution.quantile(1 - tail, a: a, b: b)
        return (lower, upper)
    }

    /// The tier held when the realised rate is consistent with it: the interval's lower end is
    /// at or below the tier (the data do not show a breach rate above it).
    public func holds(tier: Double, level: Double = 0.9) -> Bool { trials > 0 && interval(level).lower <= tier }
}
