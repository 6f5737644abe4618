/// Hierarchical Beta–binomial shrinkage of one local bucket at one strike (SPEC §5).
///
/// ```swift
/// let post = HierarchicalPosterior(global: (k: 3, n: 900), parent: (k: 1, n: 120), local: (k: 0, n: 35),
///                                  kappaParent: 20, kappaLocal: 25)
/// post.mean          // posterior mean of the breach probability
/// post.alpha, post.beta
/// post.dominantLevel // .local, .parent or .global
/// ```
///
/// - global: Jeffreys prior Beta(½, ½) updated with (k_g, n_g) → mean p_g;
/// - parent: prior Beta(p_g κp, (1 − p_g) κp) updated with (k_p, n_p) → mean p_p;
/// - local: prior Beta(p_p κl, (1 − p_p) κl) updated with (k_l, n_l) → Beta(α, β).
///
/// Counts are session-weighted (a session counts at most once per bucket), so they need not
/// be integers. The dominant level is the one with the largest weight in the posterior mean
/// written as a mixture: local `w_l = n_l/(n_l + κl)`, parent `(1 − w_l)·w_p` with
/// `w_p = n_p/(n_p + κp)`, global the rest.
public struct HierarchicalPosterior: Sendable, Hashable {
    public enum Level: UInt8, Sendable, Codable, CustomStringConvertible {
        case local = 0, parent = 1, global = 2
        /// Not a bucket level: the row was scored by the logistic family.
        case logistic = 3
        public var description: String {
            switch self {
            case .local: return "local"
            case .parent: return "parent"
            case .global: return "global"
            case .logistic: return "logistic"
            }
        }
    }

    public let alpha: Double
    public let beta: Double
    public let parentMean: Double
    public let globalMean: Double
    public let dominantLevel: Level

    public init(global: (k: Double, n: Double), parent: (k: Double, n: Double), local: (k: Double, n: Double),
                kappaParent: Double, kappaLocal: Double) {
        let pg = (0.5 + global.k) / (1 + global.n)
        let pp = (pg * kappaParent + parent.k) / (kappaParent + parent.n)
        alpha = pp * kappaLocal + local.k
        beta = (1 - pp) * kappaLocal + local.n - local.k
        parentMean = pp
        globalMean = pg
        let wl = local.n / (local.n + kappaLocal)
        let wp = (1 - wl) * parent.n / (parent.n + kappaParent)
        let wg = 1 - wl - wp
        dominantLevel = wl >= wp && wl >= wg ? .local : (wp >= wg ? .parent : .global)
    }

    public var mean: Double { alpha / (alpha + beta) }

}
