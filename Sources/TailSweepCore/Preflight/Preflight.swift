/// Data-sufficiency checks run before a model is fitted or a study is scored. Each failure is
/// a sentence with the observed and the required value.
///
/// ```swift
/// let report = Preflight.run(states: states, requirements: .init())
/// report.passed
/// report.checks.filter { !$0.passed }.map(\.message)
/// // ["time bucket [15:00, 16:00): observed 12 usable rows, need at least 30"]
/// ```
public enum Preflight {
    public struct Requirements: Sendable, Hashable, Codable {
        public var minimumSessions = 60
        public var minimumRowsPerTimeBucket = 30
        public var minimumRowsPerRegime = 30
        /// Share of in-session states that must have an entry and a close label.
        public var minimumLabelCoverage = 0.95
        /// Share of tradable decisions that must find a good quote (checked only when quotes are used).
        public var minimumQuoteCoverage = 0.80
        public init() {}
    }

    public struct Check: Sendable, Hashable, Codable {
        public let name: String
        public let passed: Bool
        public let observed: Double
        public let required: Double
        public let message: String
    }

    public struct Report: Sendable, Hashable, Codable {
        public let checks: [Check]
        public var passed: Bool { checks.allSatisfy(\.passed) }
        public var failures: [Check] { checks.filter { !$0.passed } }
    }

    /// `quoteCoverage`: (decisions with a good quote, decisions looked up), when quotes are used.
    public static func run(states: DecisionStates, requirements q: Requirements,
                           quoteCoverage: (good: Int, total: Int)? = nil) -> Report {
        var checks: [Check] = []
        func count(_ name: String, _ observed: Int, _ required: Int, _ what: String) {
            let ok = observed >= required
            checks.append(Check(name: name, passed: ok, observed: Double(observed), required: Double(required),
                                message: "\(what): observed \(observed), need at least \(required)"))
        }
        func share(_ name: String, _ observed: Double, _ required: Double, _ what: String) {
            let ok = observed >= required
            checks.append(Check(name: name, passed: ok, observed: observed, required: required,
                                message: "\(what): observed \(formatFixed(observed * 100, decimals: 1)) %, need at least \(formatFixed(required * 100, decimals: 1)) %"))
        }
        let usable = states.usableRows
        let usableSessions = Set(usable.map { states.session(ofRow: $0) }).count
        count("minimum_sessions", usableSessions, q.minimumSessions, "sessions with a usable decision")
        let inSession = (0..<states.count).filter { states.skip[$0] != SkipReason.outsideSession.rawValue }
        let labelled = inSession.filter { states.entrySlot[$0] >= 0 && states.closePrice[$0].isFinite }.count
        share("label_coverage", inSession.isEmpty ? 0 : Double(labelled) / Double(inSession.count), q.minimumLabelCoverage,
              "in-session decisions with an entry and a close label")
        let config = states.configuration
        var byTime = [Int](repeating: 0, count: config.timeBucketEdges.count)
        var byRegime = [Int](repeating: 0, count: config.regimeEdges.count)
        for row in usable {
            byTime[Int(states.timeBucket[row])] += 1
            if states.regime[row] >= 0 { byRegime[Int(states.regime[row])] += 1 }
        }
        let scheduled = Set(states.times.map { config.timeBucketEdges.index(of: Double($0))! })
        for b in scheduled.sorted() {
            count("rows_per_time_bucket", byTime[b], q.minimumRowsPerTimeBucket, "usable rows in time bucket \(config.timeBucketLabel(b))")
        }
        for b in 0..<byRegime.count where byRegime[b] > 0 {
            count("rows_per_regime", byRegime[b], q.minimumRowsPerRegime, "usable rows in volatility regime \(config.regimeLabel(b))")
        }
        if let (good, total) = quoteCoverage {
            share("quote_coverage", total == 0 ? 0 : Double(good) / Double(total), q.minimumQuoteCoverage,
                  "decisions with a good quote")
        }
        return Report(checks: checks)
    }
}
