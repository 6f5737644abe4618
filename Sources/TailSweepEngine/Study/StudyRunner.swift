import Foundation
import TailSweepCore
import TailSweepData

/// Runs one study configuration end to end from a dataset directory: states, walk-forward
/// probabilities, ladders, trades on both exit tracks, calibration and summaries.
///
/// ```swift
/// let result = try StudyRunner(configuration: config).run(dataDirectory: "data/spy")
/// result.summaries.first { $0.tier == 0.01 && $0.exitMode == .holdToClose }?.summary.totalPnL
/// ```
public struct StudyRunner: Sendable {
    public let configuration: StudyConfiguration

    public init(configuration: StudyConfiguration) {
        self.configuration = configuration
    }

    public func run(dataDirectory: String, progress: (@Sendable (String) -> Void)? = nil) throws -> StudyResult {
        var clock = StageClock()
        func stage(_ name: String) {
            clock.lap(name)
            progress?(name)
        }
        let config = try configuration.validated()
        let loaded = try DatasetStore.load(from: dataDirectory).restricted(from: config.from, to: config.to)
        stage("load")
        let dataset = loaded.dataset
        let states = try StateBuilder(configuration: config.features).build(dataset: dataset, schedule: config.schedule)
        stage("states")
        let scored = try TailModel.walkForward(states: states, configuration: config.model, parallel: WorkerThreads.parallel(WorkerThreads.all))
        stage("walk_forward")
        let quotes = QuoteSources.primary(for: loaded, states: states)
        let marks = ModelQuoteSource(dataset: dataset, states: states)
        let policy = TierPolicy(configuration: config.policy)
        var ladders: [LadderRecord] = []
        for row in 0..<states.count where states.skip[row] == 0 && scored.group(ofRow: row) != nil {
            let candidates = policy.candidates(states: states, scored: scored, row: row, quotes: quotes, fill: config.fill)
            let session = states.sessions[states.session(ofRow: row)].date, ts = states.decisionTimestamp(row)
            for tier in config.tiers {
                let d = policy.decide(tier: tier, gate: config.gate, candidates: candidates)
                if d.ladder.isEmpty {
                    ladders.append(LadderRecord(session: session, decisionTs: ts, tier: tier, rank: 0, candidate: nil, fallback: false, skipReason: d.skip))
                }
                for (rank, c) in d.ladder.enumerated() {
                    ladders.append(LadderRecord(session: session, decisionTs: ts, tier: tier, rank: rank + 1, candidate: c,
                                                fallback: d.fallback, skipReason: nil))
                }
            }
        }
        stage("ladders")
        let simulator = TradeSimulator(states: states, scored: scored, bars: dataset.bars, quotes: quotes, marks: marks, policy: policy)
        let cells = config.tiers.map { simulator.run(cell: config.cell(tier: $0)) }
        stage("simulate")
        let calibration = CalibrationReport(states: states, scored: scored)
        var summaries: [SummaryRecord] = []
        for cell in cells {
            for mode in config.exitModes {
                summaries.append(SummaryRecord(tier: cell.cell.tier, exitMode: mode, summary: TrackSummary(track: cell[mode], tier: cell.cell.tier)))
            }
        }
        let preflight = Preflight.run(states: states, requirements: config.preflight, quoteCoverage: quoteCoverage(ladders))
        stage("calibration")
        return StudyResult(configuration: config, assumptionsHash: try config.assumptionsHash,
                           dataFingerprint: loaded.manifest.fingerprint, symbol: dataset.symbol, sessions: dataset.sessions,
                           states: states, scored: scored, preflight: preflight, premiumSource: quotes.premiumSource,
                           ladders: ladders, cells: cells, calibration: calibration, summaries: summaries, stageSeconds: clock.stages)
    }

    /// Share of (decision, tier) ladder requests whose skip was not a quote problem.
    private func quoteCoverage(_ ladders: [LadderRecord]) -> (good: Int, total: Int)? {
        let requests = ladders.filter { $0.rank <= 1 }
        let bad = requests.filter { $0.skipReason.map { QuoteQuality.allCases.compactMap(\.skipReason).contains($0) } ?? false }.count
        return requests.isEmpty ? nil : (requests.count - bad, requests.count)
    }
}
