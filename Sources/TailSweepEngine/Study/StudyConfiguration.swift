import TailSweepCore

/// Everything one `tailsweep study` run assumes, with the locked defaults of SPEC §1.
///
/// ```swift
/// var config = StudyConfiguration()
/// config.schedule = .rollingDefault
/// config.model.window = .rolling(sessions: 20)
/// let hash = try config.assumptionsHash      // canonical-JSON XXH64, the key of every stored row
/// ```
public struct StudyConfiguration: Sendable, Hashable, Codable {
    public var symbol = "SPY"
    public var targetExposure = "SPXW"
    public var from: CivilDate?
    public var to: CivilDate?
    public var schedule: DecisionSchedule = .benchmark
    public var tiers: [Double] = [0.005, 0.01, 0.02, 0.05]
    public var features = FeatureConfiguration()
    public var model = TailModelConfiguration()
    public var policy = TierPolicy.Configuration()
    public var gate: TierGate = .mean
    public var fill: FillModel = .bid
    public var exit: ExitRule = .standard
    public var exitModes: [ExitMode] = ExitMode.allCases
    public var sizing: Sizing = .fixedContracts(1)
    public var caps = ConcurrencyCaps()
    public var startingEquity = 100_000.0
    public var preflight = Preflight.Requirements()
    public var settlement = "pm_settled_intrinsic_at_regular_close"

    public init() {}

    public var assumptionsHash: String {
        get throws { try CanonicalJSON.hash(self) }
    }

    public func validated() throws(ConfigurationError) -> StudyConfiguration {
        _ = try schedule.validated()
        _ = try features.validated()
        _ = try model.validated()
        guard !tiers.isEmpty, tiers.allSatisfy({ $0 > 0 && $0 < 1 }) else { throw .invalid("tiers must lie in (0, 1): \(tiers)") }
        guard !exitModes.isEmpty else { throw .invalid("at least one exit mode must be reported") }
        if let from, let to, from > to { throw .invalid("--from \(from) is after --to \(to)") }
        return self
    }

    public func cell(tier: Double) -> StrategyCell {
        var c = StrategyCell(tier: tier)
        c.gate = gate
        c.fill = fill
        c.exit = exit
        c.sizing = sizing
        c.caps = caps
        c.startingEquity = startingEquity
        return c
    }
}
