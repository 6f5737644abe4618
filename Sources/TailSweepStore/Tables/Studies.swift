import Foundation
import TailSweepCore

/// Studies: the configuration row and its probability, ladder, trade, calibration and summary
/// rows, in one transaction of upserts keyed on the natural keys.
extension ResultDatabase {
    public func saveStudy(_ study: StudyRecord, probabilities: [ProbabilityRow], ladders: [LadderRecord], trades: [TradeRecord],
                          calibration: [CalibrationRecord], summaries: [SummaryRecord]) throws {
        try backend.write { db in
            try db.upsert(table: "studies", key: ["study_id"], rows: [[
                "study_id": study.studyId, "assumptions_hash": study.assumptionsHash, "data_fingerprint": study.dataFingerprint,
                "symbol": study.symbol, "configuration_json": study.configurationJSON, "first_session": study.firstSession.description,
                "last_session": study.lastSession.description, "sessions": study.sessions, "premium_source": study.premiumSource.rawValue,
                "code_version": study.codeVersion]])
            let id = study.studyId
            try db.upsert(table: "probability_rows", key: ["study_id", "decision_ts", "moneyness"], rows: probabilities.map { r in [
                "study_id": id, "session": r.session.description, "decision_ts": r.decisionTs.description, "moneyness": r.moneyness,
                "p": r.p, "ci_low": finite(r.ciLow), "ci_high": finite(r.ciHigh), "alpha": r.alpha, "beta": r.beta, "n": r.n,
                "breaches": r.breaches, "effective_n": r.effectiveN, "level": r.level, "adjusted": r.adjusted] })
            try db.upsert(table: "ladders", key: ["study_id", "decision_ts", "tier", "rank"], rows: try ladders.map { r in [
                "study_id": id, "session": r.session.description, "decision_ts": r.decisionTs.description, "tier": r.tier,
                "rank": r.rank, "strike": r.strike, "moneyness": r.moneyness, "moneyness_prev_close": r.moneynessFromPreviousClose.flatMap(finite),
                "p": r.p, "ci_low": r.ciLow.flatMap(finite), "ci_high": r.ciHigh.flatMap(finite), "premium": r.premium,
                "quote_quality": r.quoteQuality?.description, "expected_value": r.expectedValue, "fallback": r.fallback,
                "skip_reason": r.skipReason?.description, "ladder_json": try StoredJSON.encode(r)] })
            try db.upsert(table: "trades", key: ["study_id", "tier", "exit_mode", "decision_ts"], rows: try trades.map { t in [
                "study_id": id, "tier": t.tier, "exit_mode": t.exitMode.rawValue, "session": t.session.description,
                "decision_ts": t.decisionTs.description, "entry_ts": t.entryTs.description, "exit_ts": t.exitTs.description,
                "strike": t.strike, "entry_price": t.entryPrice, "moneyness": t.moneyness,
                "moneyness_prev_close": finite(t.moneynessFromPreviousClose), "p": t.probability, "ci_low": finite(t.ciLow),
                "ci_high": finite(t.ciHigh), "expected_value": t.expectedValue, "premium": t.premium,
                "premium_source": t.premiumSource.rawValue, "quote_quality": t.quoteQuality.description, "fill": t.fill,
                "fallback": t.fallback, "exit_reason": t.exitReason.rawValue, "exit_price": t.exitPrice, "exit_marked": t.exitMarked,
                "contracts": t.contracts, "pnl_per_contract": t.pnlPerContract, "pnl": t.pnl, "equity_after": t.equityAfter,
                "breached": t.breached, "trade_json": try StoredJSON.encode(t)] })
            try db.upsert(table: "calibration", key: ["study_id", "grouping", "key"], rows: try calibration.map { c in
                let m = c.metrics
                return ["study_id": id, "grouping": c.grouping, "key": c.key, "count": m.count, "brier": finite(m.brier),
                        "reliability": finite(m.reliability), "resolution": finite(m.resolution), "uncertainty": finite(m.uncertainty),
                        "log_loss": finite(m.logLoss), "ece": finite(m.ece), "sharpness": finite(m.sharpness),
                        "mean_forecast": finite(m.meanForecast), "observed_rate": finite(m.observedRate),
                        "bins_json": String(decoding: try CanonicalJSON.data(BinsJSON(equalWidth: m.equalWidthBins, quantile: m.quantileBins)), as: UTF8.self),
                        "metrics_json": try StoredJSON.encode(m)]
            })
            try db.upsert(table: "summaries", key: ["study_id", "tier", "exit_mode"], rows: summaries.map { s in
                let m = s.summary, ci = m.breachRate.interval()
                return ["study_id": id, "tier": s.tier, "exit_mode": s.exitMode.rawValue, "trades": m.trades, "wins": m.wins,
                        "total_pnl": m.totalPnL, "mean_pnl": finite(m.meanPnL), "std_pnl": finite(m.stdPnL), "sharpe": finite(m.sharpe),
                        "max_drawdown": m.maxDrawdown, "cvar5": finite(m.cvar5), "worst_trade": finite(m.worstTrade),
                        "breaches": m.breachRate.breaches, "breach_rate": finite(m.breachRate.rate), "breach_ci_low": ci.lower,
                        "breach_ci_high": ci.upper, "tier_held": m.tierHeld, "brier": finite(m.brier), "ece": finite(m.ece),
                        "skips_json": m.skipsJSON, "metrics_json": m.storedJSON]
            })
        }
    }

    struct BinsJSON: Encodable {
        let equalWidth: [CalibrationMetrics.Bin]
        let quantile: [CalibrationMetrics.Bin]
    }
}
