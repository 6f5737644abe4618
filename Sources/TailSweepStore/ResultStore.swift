import TailSweepCore

/// The results database: studies, the model registry and forward tests. Writes are idempotent
/// upserts on natural keys, so rerunning the same work changes nothing.
///
/// ```swift
/// let store = try ResultDatabase.open("results.sqlite")
/// try store.saveStudy(record, probabilities: rows, ladders: ladders, trades: trades, calibration: cal, summaries: sums)
/// try store.promote(modelVersion: "bucket-2024-06-28")
/// let active = try store.activeModel()       // nil when none is active
/// ```
public protocol ResultStore: Sendable {
    func saveStudy(_ study: StudyRecord, probabilities: [ProbabilityRow], ladders: [LadderRecord], trades: [TradeRecord],
                   calibration: [CalibrationRecord], summaries: [SummaryRecord]) throws
    /// Row counts per table (for status reports and idempotence checks).
    func tableCounts() throws -> [String: Int]

    func registerModel(_ model: StoredModel) throws
    func models() throws -> [StoredModel]
    func model(version: String) throws -> StoredModel?
    func promote(modelVersion: String) throws
    /// Re-activates the previously active model; returns its version.
    func rollback() throws -> String
    func activeModel() throws -> StoredModel?

    func upsertForward(_ rows: [ForwardRow]) throws
    func forwardRows() throws -> [ForwardRow]
}

/// Registry and store failures a user can act on.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case unknownModel(String)
    case duplicateModel(String)
    case nothingToRollBack
    case database(String)

    public var description: String {
        switch self {
        case .unknownModel(let v): return "no model '\(v)' in the registry (see `tailsweep model list`)"
        case .duplicateModel(let v): return "model '\(v)' is already registered with different contents; choose a new --version"
        case .nothingToRollBack: return "there is no previously active model to roll back to"
        case .database(let m): return "results database: \(m)"
        }
    }
}
