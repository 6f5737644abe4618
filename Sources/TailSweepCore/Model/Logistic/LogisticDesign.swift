/// The logistic model's design: an intercept plus the standardised continuous features of SPEC §4.
///
/// ```swift
/// let design = LogisticDesign.columns          // 9: intercept + 8 features
/// let scaler = LogisticDesign.Standardizer(states: states, rows: trainingRows)
/// scaler.row(states, row, into: &x, at: offset)
/// ```
///
/// Standardisation uses the training rows only (means and standard deviations); a missing
/// feature becomes 0, its training mean.
public enum LogisticDesign {
    public static let features: [FeatureKind] = [.extension_, .returnSinceOpen, .gap, .drawdownFromOpen, .vwapDistance,
                                                 .realizedVolatility, .minutesToClose, .regimeVolatility]
    public static var columns: Int { features.count + 1 }

    public struct Standardizer: Sendable, Hashable, Codable {
        public let mean: [Double]
        public let scale: [Double]

        public init(states: DecisionStates, rows: [Int]) {
            var mean = [Double](repeating: 0, count: features.count), scale = mean
            for (j, f) in features.enumerated() {
                var n = 0.0, s = 0.0, ss = 0.0
                for r in rows where states.isAvailable(f, at: r) {
                    let v = states.feature(f, r)
                    n += 1; s += v; ss += v * v
                }
                let m = n > 0 ? s / n : 0
                mean[j] = m
                let variance = n > 1 ? (ss - n * m * m) / (n - 1) : 0
                scale[j] = variance > 1e-300 ? variance.squareRoot() : 1
            }
            self.mean = mean
            self.scale = scale
        }

        public func write(_ states: DecisionStates, _ row: Int, into x: inout [Double], at offset: Int) {
            x[offset] = 1
            for (j, f) in features.enumerated() {
                x[offset + 1 + j] = states.isAvailable(f, at: row) ? (states.feature(f, row) - mean[j]) / scale[j] : 0
            }
        }
    }
}
