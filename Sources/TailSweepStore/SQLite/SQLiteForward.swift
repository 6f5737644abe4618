import GRDB
import TailSweepCore

/// Forward-test snapshots: upserts on the full natural key, so reruns never duplicate and every
/// ladder rank survives.
extension SQLiteResultStore {
    public func upsertForward(_ rows: [ForwardRow]) throws {
        try queue.write { db in
            try Upsert.execute(db, table: "forward_snapshots",
                               key: ["symbol", "session", "decision_ts", "tier", "ladder_rank", "strike", "model_version", "assumptions_hash"],
                               rows: rows.map { r in [
                                "symbol": r.symbol, "session": r.session.description, "decision_ts": r.decisionTs.description,
                                "tier": r.tier, "ladder_rank": r.ladderRank, "strike": r.strike, "model_version": r.modelVersion,
                                "assumptions_hash": r.assumptionsHash, "moneyness": r.moneyness, "p": r.p, "ci_low": finite(r.ciLow),
                                "ci_high": finite(r.ciHigh), "premium": r.premium, "premium_source": r.premiumSource.rawValue,
                                "quote_quality": r.quoteQuality.description, "expected_value": r.expectedValue,
                                "status": r.status.rawValue, "close_price": r.closePrice, "breached": r.breached,
                                "pnl_per_contract": r.pnlPerContract] })
        }
    }

    public func forwardRows() throws -> [ForwardRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM forward_snapshots ORDER BY session, decision_ts, tier, ladder_rank").map { row in
                let quality: String = row["quote_quality"]
                let source: String = row["premium_source"]
                let status: String = row["status"]
                let session: String = row["session"], ts: String = row["decision_ts"]
                return ForwardRow(
                    symbol: row["symbol"], session: try CivilDate(parsing: session), decisionTs: Timestamp(iso8601: ts)!,
                    tier: row["tier"], ladderRank: row["ladder_rank"], strike: row["strike"], modelVersion: row["model_version"],
                    assumptionsHash: row["assumptions_hash"], moneyness: row["moneyness"], p: row["p"],
                    ciLow: (row["ci_low"] as Double?) ?? .nan, ciHigh: (row["ci_high"] as Double?) ?? .nan, premium: row["premium"],
                    premiumSource: PremiumSource(rawValue: source) ?? .model,
                    quoteQuality: QuoteQuality.allCases.first { $0.description == quality } ?? .missing,
                    expectedValue: row["expected_value"], status: ForwardRow.Status(rawValue: status) ?? .pendingClose,
                    closePrice: row["close_price"], breached: row["breached"], pnlPerContract: row["pnl_per_contract"])
            }
        }
    }
}
