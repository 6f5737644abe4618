import TailSweepCore

/// A parsed sweep file (TOML). Every key is documented with an example in `sweeps/README.md`.
///
/// ```swift
/// let spec = try SweepSpec.parse(text: try String(contentsOfFile: "sweeps/default.toml"), file: "sweeps/default.toml")
/// spec.cellCount        // decision-time slots × tiers × fills × gates × exits × model settings
/// ```
public struct SweepSpec: Sendable, Hashable {
    /// One value of the decision-time axis: a single ET time, or every slot of a rolling
    /// schedule traded together (caps apply).
    public enum DecisionAxisValue: Sendable, Hashable {
        case time(Int)
        case rolling(DecisionSchedule)

        public var label: String {
            switch self {
            case .time(let t): return DecisionSchedule.format(t)
            case .rolling(let s):
                if case .rolling(let every, _, _) = s { return "rolling:\(every)" }
                return "rolling"
            }
        }

        public var times: [Int] {
            switch self {
            case .time(let t): return [t]
            case .rolling(let s): return s.times
            }
        }
    }

    public struct ModelSetting: Sendable, Hashable {
        public let family: ModelFamily
        public let kappa: TailModelConfiguration.Kappa
        public let window: TailModelConfiguration.Window
        public var label: String {
            let w: String
            switch window {
            case .expanding: w = "expanding"
            case .rolling(let n): w = "\(n)"
            }
            switch family {
            case .bucket:
                let k: String
                switch kappa {
                case let .fixed(p, l): k = "\(formatShortestNumber(p)),\(formatShortestNumber(l))"
                case .auto: k = "auto"
                }
                return "bucket kappa=\(k) window=\(w)"
            case .logistic(let settings):
                switch settings.lambda {
                case .fixed(let l): return "logistic lambda=\(formatShortestNumber(l)) window=\(w)"
                case .auto: return "logistic lambda=auto window=\(w)"
                }
            }
        }
    }

    public var name: String
    public var data: String?
    public var from: CivilDate?
    public var to: CivilDate?
    public var decisionTimes: [DecisionAxisValue]
    public var tiers: [Double]
    public var fills: [FillModel]
    public var gates: [TierGate]
    /// `nil` = hold to close.
    public var exits: [ExitRule?]
    public var modelSettings: [ModelSetting]
    /// Base configuration (strikes, extension edges, minimum training, embargo, credible level).
    public var model: TailModelConfiguration
    public var features: FeatureConfiguration
    public var policy: TierPolicy.Configuration
    public var sizing: Sizing
    public var caps: ConcurrencyCaps
    public var startingEquity: Double
    public var objective: SweepObjective
    public var dailyPnLTop: Int
    public var minimumTrades: Int
    public var cellsPerShard: Int
    public var sessionsPerShard: Int?

    public var cellCount: Int {
        modelSettings.count * decisionTimes.count * tiers.count * fills.count * gates.count * exits.count
    }

    /// Every decision time any cell uses: the schedule the model's states are built on.
    public var unionSchedule: DecisionSchedule {
        .fixed(Array(Set(decisionTimes.flatMap(\.times))).sorted())
    }
}

/// `20` → "20", `0.5` → "0.5".
func formatShortestNumber(_ x: Double) -> String {
    let s = "\(x)"
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}
