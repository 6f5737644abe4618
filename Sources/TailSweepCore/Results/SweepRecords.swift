/// Rows of the sweep grid database.

/// One sweep: its spec, what it ran on, and its progress.
public struct SweepRecord: Sendable, Hashable, Codable {
    public var sweepId: Int64
    public var name: String
    public var specText: String
    public var specHash: String
    public var dataFingerprint: String
    public var codeVersion: String
    /// `running`, `complete` (or `interrupted` after SIGINT).
    public var status: String
    public var cells: Int
    public var shards: Int
    public var completedShards: Int
    public var firstSession: CivilDate
    public var lastSession: CivilDate
    public var sessions: Int

    public init(sweepId: Int64, name: String, specText: String, specHash: String, dataFingerprint: String, codeVersion: String,
                status: String, cells: Int, shards: Int, completedShards: Int, firstSession: CivilDate, lastSession: CivilDate,
                sessions: Int) {
        self.sweepId = sweepId
        self.name = name
        self.specText = specText
        self.specHash = specHash
        self.dataFingerprint = dataFingerprint
        self.codeVersion = codeVersion
        self.status = status
        self.cells = cells
        self.shards = shards
        self.completedShards = completedShards
        self.firstSession = firstSession
        self.lastSession = lastSession
        self.sessions = sessions
    }
}

/// One grid point: every parameter as a column, plus its metrics.
public struct SweepCellRecord: Sendable, Hashable, Codable {
    public let cellIndex: Int
    public let modelSetting: String
    public let decisionTime: String
    public let tier: Double
    public let fill: String
    public let gate: String
    public let exitRule: String
    public let metrics: TrackSummary

    public init(cellIndex: Int, modelSetting: String, decisionTime: String, tier: Double, fill: String, gate: String,
                exitRule: String, metrics: TrackSummary) {
        self.cellIndex = cellIndex
        self.modelSetting = modelSetting
        self.decisionTime = decisionTime
        self.tier = tier
        self.fill = fill
        self.gate = gate
        self.exitRule = exitRule
        self.metrics = metrics
    }
}
