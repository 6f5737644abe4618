import TailSweepCore

/// What the dashboard reads. Read-only by construction: there is no write in this protocol, and
/// the CLI opens the database read-only before handing it over.
public protocol ResultsReader: Sendable {
    func sweeps() throws -> [SweepRecord]
    func cells(sweepId: Int64) throws -> [SweepCellRecord]
    func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)]
    func studies() throws -> [StudyRecord]
    func studySummaries(studyId: String) throws -> [SummaryRecord]
    func studyCalibration(studyId: String) throws -> [CalibrationRecord]
    func studyTrades(studyId: String, tier: Double?, exitMode: String?, limit: Int) throws -> [TradeRecord]
    func studyLadders(studyId: String, tier: Double?, limit: Int) throws -> [LadderRecord]
    func models() throws -> [StoredModel]
    func forwardRows() throws -> [ForwardRow]
}
