/// Maps decision states to the model's buckets: local = time-of-day × extension × regime,
/// parent = time-of-day × regime, and one global bucket.
///
/// ```swift
/// let scheme = BucketScheme(features: states.configuration, model: config)
/// scheme.localIndex(time: 1, extension: 3, regime: 2)
/// scheme.localLabel(17)   // "time [10:30, 12:00) × extension [-0.005, 0.000) × regime [0.12, 0.20)"
/// ```
///
/// A missing extension or regime falls into an extra `unknown` bucket of that dimension, so
/// every usable state has a bucket.
public struct BucketScheme: Sendable, Hashable {
    public let timeEdges: BucketEdges
    public let extensionEdges: BucketEdges
    public let regimeEdges: BucketEdges

    public init(features: FeatureConfiguration, model: TailModelConfiguration) {
        timeEdges = features.timeBucketEdges
        extensionEdges = model.extensionEdges
        regimeEdges = features.regimeEdges
    }

    public var timeCount: Int { timeEdges.count }
    /// Extension buckets plus `unknown` (the last index).
    public var extensionCount: Int { extensionEdges.count + 1 }
    /// Regime buckets plus `unknown` (the last index).
    public var regimeCount: Int { regimeEdges.count + 1 }
    public var localCount: Int { timeCount * extensionCount * regimeCount }
    public var parentCount: Int { timeCount * regimeCount }

    @inline(__always)
    public func localIndex(time: Int, extension e: Int, regime r: Int) -> Int { (time * extensionCount + e) * regimeCount + r }
    @inline(__always)
    public func parentIndex(time: Int, regime r: Int) -> Int { time * regimeCount + r }
    @inline(__always)
    public func parent(ofLocal local: Int) -> Int {
        let r = local % regimeCount, t = local / (regimeCount * extensionCount)
        return parentIndex(time: t, regime: r)
    }

    /// The local bucket of a state row.
    @inline(__always)
    public func local(of states: DecisionStates, row: Int) -> Int {
        let e = states.isAvailable(.extension_, at: row)
            ? extensionEdges.index(of: states.feature(.extension_, row))! : extensionCount - 1
        let r = states.regime[row] >= 0 ? Int(states.regime[row]) : regimeCount - 1
        return localIndex(time: Int(states.timeBucket[row]), extension: e, regime: r)
    }

    public func localLabel(_ local: Int) -> String {
        let r = local % regimeCount, e = (local / regimeCount) % extensionCount, t = local / (regimeCount * extensionCount)
        return "time \(timeLabel(t)) × extension \(extensionLabel(e)) × regime \(regimeLabel(r))"
    }

    public func parentLabel(_ parent: Int) -> String {
        "time \(timeLabel(parent / regimeCount)) × regime \(regimeLabel(parent % regimeCount))"
    }

    public func timeLabel(_ t: Int) -> String {
        timeEdges.label(t) { DecisionSchedule.format(Int($0)) }.replacingInfinities(low: "09:30", high: "16:00")
    }

    public func extensionLabel(_ e: Int) -> String {
        e == extensionCount - 1 ? "unknown" : extensionEdges.label(e) { formatFixed($0, decimals: 3) }
    }

    public func regimeLabel(_ r: Int) -> String {
        r == regimeCount - 1 ? "unknown" : regimeEdges.label(r) { formatFixed($0, decimals: 2) }
    }
}
