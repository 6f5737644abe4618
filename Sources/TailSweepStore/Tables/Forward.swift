import TailSweepCore

/// Forward-test snapshots: upserts on the full natural key, so reruns never duplicate and every
/// ladder rank survives.
extension ResultDatabase {
    public func upsertForward(_ rows: [ForwardRow]) throws {
        try backend.write { db in
            try db.upsert(table: "forward_snapshots",
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
        try backend.read { db in
            try db.query("SELECT * FROM forward_snapshots ORDER BY session, decision_ts, tier, ladder_rank").map { row in
                let quality: String = try row.get("quote_quality")
                let source: String = try row.get("premium_source")
                let status: String = try row.get("status")
                let session: String = try row.get("session"), ts: String = try row.get("decision_ts")
                return ForwardRow(
                    symbol: try row.get("symbol"), session: try CivilDate(parsing: session), decisionTs: Timestamp(iso8601: ts)!,
                    tier: try row.get("tier"), ladderRank: try row.get("ladder_rank"), strike: try row.get("strike"), modelVersion: try row.get("model_version"),
                    assumptionsHash: try row.get("assumptions_hash"), moneyness: try row.get("moneyness"), p: try row.get("p"),
                    ciLow: (try row.get("ci_low", as: Double?.self)) ?? .nan, ciHigh: (try row.get("ci_high", as: Double?.self)) ?? .nan, premium: try row.get("premium"),
                    premiumSource: PremiumSource(rawValue: source) ?? .model,
                    quoteQuality: QuoteQuality.allCases.first { $0.description == quality } ?? .missing,
                    expectedValue: try row.get("expected_value"), status: ForwardRow.Status(rawValue: status) ?? .pendingClose,
                    closePrice: try row.get("close_price"), breached: try row.get("breached"), pnlPerContract: try row.get("pnl_per_contract"))
            }
        }
    }
}
