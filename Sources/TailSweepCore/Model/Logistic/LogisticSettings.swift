/// Settings of the `logistic` tail-model family.
///
/// ```swift
/// var s = LogisticSettings()
/// s.lambda = .auto(grid: [0.1, 1, 10, 100], refitEverySessions: 60)
/// ```
public struct LogisticSettings: Sendable, Hashable, Codable {
    public enum Lambda: Sendable, Hashable, Codable {
        case fixed(Double)
        /// Chosen by a time-ordered split inside the training window (first 80 % of its sessions
        /// fit, last 20 % scored by weighted log loss), re-chosen every `refitEverySessions`.
        case auto(grid: [Double], refitEverySessions: Int)
    }

    public var lambda: Lambda = .fixed(1)
    public var maxIterations = 60
    public var tolerance = 1e-11
    /// Use the bucket model's probabilities for a session whose fit did not converge (reported
    /// either way); when false such sessions are left unscored.
    public var fallbackToBucket = false

    public init() {}
}

/// The tail-model families.
public enum ModelFamily: Sendable, Hashable, Codable {
    case bucket
    case logistic(LogisticSettings)

    public var name: String {
        switch self {
        case .bucket: return "bucket"
        case .logistic: return "logistic"
        }
    }
}
