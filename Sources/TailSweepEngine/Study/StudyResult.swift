import TailSweepCore

/// What a study produced, ready for console, JSON, CSV and the results database.
public struct StudyResult: Sendable {
    public let configuration: StudyConfiguration
    public let assumptionsHash: String
    public let dataFingerprint: String
    public let symbol: String
    public let sessions: [TradingSession]
    public let states: DecisionStates
    public let scored: ScoredStates
    public let preflight: Preflight.Report
    public let premiumSource: PremiumSource
    /// Per tier: ladder decisions for every scored, tradable state (independent of caps).
    public let ladders: [LadderRecord]
    /// Per tier: the simulated cell.
    public let cells: [TradeSimulator.CellResult]
    public let calibration: CalibrationReport
    public let summaries: [SummaryRecord]
    public let stageSeconds: [(stage: String, seconds: Double)]

    public var record: StudyRecord {
        get throws {
            let json = String(decoding: try CanonicalJSON.data(configuration), as: UTF8.self)
            let first = sessions.first!.date, last = sessions.last!.date
            return StudyRecord(studyId: "\(assumptionsHash):\(dataFingerprint):\(first):\(last)", assumptionsHash: assumptionsHash,
                               dataFingerprint: dataFingerprint, symbol: symbol, configurationJSON: json, firstSession: first,
                               lastSession: last, sessions: sessions.count, premiumSource: premiumSource,
                               codeVersion: TailSweepVersion.string)
        }
    }

    /// Every scored state × grid strike, in row then strike order.
    public var probabilityRows: [ProbabilityRow] {
        let k = scored.strikes.count
        var rows: [ProbabilityRow] = []
        for row in 0..<states.count {
            guard let g = scored.group(ofRow: row) else { continue }
            let session = states.sessions[states.session(ofRow: row)].date, ts = states.decisionTimestamp(row)
            for j in 0..<k {
                let i = g * k + j
                rows.append(ProbabilityRow(session: session, decisionTs: ts, moneyness: scored.strikes.moneyness[j], p: scored.mean[i],
                                           ciLow: scored.lower[i], ciHigh: scored.upper[i], alpha: scored.alpha[i], beta: scored.beta[i],
                                           n: scored.rows[g], breaches: scored.rawBreaches[i], effectiveN: scored.effectiveSessions[g],
                                           level: scored.level[g].description, adjusted: scored.adjusted[i] != 0))
            }
        }
        return rows
    }

    /// All trades of the reported exit modes, tier by tier.
    public var trades: [TradeRecord] {
        cells.flatMap { cell in configuration.exitModes.flatMap { cell[$0].trades } }
    }

    public var calibrationRecords: [CalibrationRecord] {
        var out = [CalibrationRecord(grouping: "pooled", key: "all", metrics: calibration.pooled)]
        for g in calibration.byStrike { out.append(.init(grouping: "strike", key: g.key, metrics: g.metrics)) }
        for g in calibration.byTimeBucket { out.append(.init(grouping: "time_bucket", key: g.key, metrics: g.metrics)) }
        for g in calibration.byRegime { out.append(.init(grouping: "regime", key: g.key, metrics: g.metrics)) }
        for cell in cells {
            let t = cell.hold.trades
            out.append(.init(grouping: "tier", key: formatFixed(cell.cell.tier, decimals: 4),
                             metrics: CalibrationMetrics(forecasts: t.map(\.probability), outcomes: t.map { $0.breached ? 1 : 0 })))
        }
        return out
    }

}
