/// Settings of the `bucket` tail model and its walk-forward.
///
/// ```swift
/// var config = TailModelConfiguration()
/// config.kappa = .fixed(parent: 20, local: 25)     // the defaults; or .auto
/// config.window = .rolling(sessions: 250)          // default .expanding
/// config.credibleLevel = 0.9                       // equal-tailed 5 %…95 % interval
/// ```
public struct TailModelConfiguration: Sendable, Hashable, Codable {
    public enum Kappa: Sendable, Hashable, Codable {
        case fixed(parent: Double, local: Double)
        /// Empirical Bayes: κ maximising the beta-binomial marginal likelihood of the training
        /// tables, refitted every `refitEverySessions` sessions from the tables of earlier sessions.
        case auto(refitEverySessions: Int)
    }

    public enum Window: Sendable, Hashable, Codable {
        case expanding
        case rolling(sessions: Int)
    }

    /// `bucket` (hierarchical Beta shrinkage) or `logistic` (penalised logistic regression).
    public var family: ModelFamily = .bucket
    /// Extension bucket edges (return versus the previous close).
    public var extensionEdges: BucketEdges = try! BucketEdges(edges: [-0.02, -0.01, -0.005, 0, 0.005, 0.01])
    public var strikes: StrikeGrid = .default
    public var kappa: Kappa = .fixed(parent: 20, local: 25)
    public var credibleLevel = 0.9
    public var window: Window = .expanding
    /// Sessions of history before the first session is scored.
    public var minimumTrainingSessions = 60
    /// Sessions left out between the training window and the scored session.
    public var embargoSessions = 0

    public init() {}

    public func validated() throws(ConfigurationError) -> TailModelConfiguration {
        if case .fixed(let p, let l) = kappa, !(p > 0 && l > 0 && p.isFinite && l.isFinite) {
            throw .invalid("kappa must be positive and finite, got parent \(p), local \(l)")
        }
        if case .auto(let every) = kappa, every < 1 { throw .invalid("kappa auto refit interval must be ≥ 1 session") }
        guard credibleLevel > 0 && credibleLevel < 1 else { throw .invalid("credible level must lie in (0, 1), got \(credibleLevel)") }
        guard minimumTrainingSessions >= 1 else { throw .invalid("minimum training sessions must be ≥ 1") }
        if case .rolling(let w) = window, w < minimumTrainingSessions {
            throw .invalid("a rolling window of \(w) sessions can never hold the minimum of \(minimumTrainingSessions) training sessions")
        }
        guard embargoSessions >= 0 else { throw .invalid("embargo must be ≥ 0 sessions") }
        if case .logistic(let l) = family {
            switch l.lambda {
            case .fixed(let v): guard v >= 0, v.isFinite else { throw .invalid("lambda must be ≥ 0, got \(v)") }
            case let .auto(grid, every):
                guard !grid.isEmpty, grid.allSatisfy({ $0 >= 0 && $0.isFinite }), every >= 1 else {
                    throw .invalid("lambda auto needs a non-empty grid of values ≥ 0 and a refit interval ≥ 1")
                }
            }
        }
        return self
    }
}
