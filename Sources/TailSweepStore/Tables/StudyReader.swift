import Foundation
import TailSweepCore

/// Read-back of stored studies (for the dashboard). Queries are bounded by explicit limits.
extension ResultDatabase {
    public func studies() throws -> [StudyRecord] {
        try backend.read { db in
            try db.query("SELECT * FROM studies ORDER BY last_session DESC, study_id").map { row in
                let first: String = try row.get("first_session"), last: String = try row.get("last_session"), source: String = try row.get("premium_source")
                return StudyRecord(studyId: try row.get("study_id"), assumptionsHash: try row.get("assumptions_hash"), dataFingerprint: try row.get("data_fingerprint"),
                                   symbol: try row.get("symbol"), configurationJSON: try row.get("configuration_json"), firstSession: try CivilDate(parsing: first),
                                   lastSession: try CivilDate(parsing: last), sessions: try row.get("sessions"),
                                   premiumSource: PremiumSource(rawValue: source) ?? .model, codeVersion: try row.get("code_version"))
            }
        }
    }

    public func studySummaries(studyId: String) throws -> [SummaryRecord] {
        try backend.read { db in
            try db.query("SELECT * FROM summaries WHERE study_id = ? ORDER BY tier, exit_mode", [studyId]).compactMap { row -> SummaryRecord? in
                guard let json = try row.get("metrics_json", as: String?.self) else { return nil }
                let mode: String = try row.get("exit_mode")
                return SummaryRecord(tier: try row.get("tier"), exitMode: ExitMode(rawValue: mode) ?? .holdToClose, summary: try StoredJSON.decode(TrackSummary.self, json))
            }
        }
    }

    public func studyCalibration(studyId: String) throws -> [CalibrationRecord] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try backend.read { db in
            try db.query("SELECT grouping, key, metrics_json FROM calibration WHERE study_id = ? ORDER BY grouping, key", [studyId]).compactMap { row -> CalibrationRecord? in
                guard let json = try row.get("metrics_json", as: String?.self) else { return nil }
                return CalibrationRecord(grouping: try row.get("grouping"), key: try row.get("key"),
                                         metrics: try decoder.decode(CalibrationMetrics.self, from: Data(json.utf8)))
            }
        }
    }

    public func studyTrades(studyId: String, tier: Double?, exitMode: String?, limit: Int) throws -> [TradeRecord] {
        try records(TradeRecord.self, column: "trade_json", table: "trades", studyId: studyId,
                    filters: [("tier", tier?.sqlValue), ("exit_mode", exitMode?.sqlValue)], order: "decision_ts, tier, exit_mode", limit: limit)
    }

    public func studyLadders(studyId: String, tier: Double?, limit: Int) throws -> [LadderRecord] {
        try records(LadderRecord.self, column: "ladder_json", table: "ladders", studyId: studyId,
                    filters: [("tier", tier?.sqlValue)], order: "decision_ts DESC, tier, rank", limit: limit)
    }

    /// Whole records from a JSON column of one study's rows, with optional equality filters
    /// (nil: no filter), in `order`, at most `limit`. Rows written before the JSON column existed are skipped.
    private func records<T: Decodable>(_ type: T.Type, column: String, table: String, studyId: String,
                                       filters: [(column: String, value: SQLValue?)], order: String, limit: Int) throws -> [T] {
        try backend.read { db in
            var sql = "SELECT \(column) FROM \(table) WHERE study_id = ?"
            var args: [any SQLBindable] = [studyId]
            for filter in filters {
                guard let value = filter.value else { continue }
                sql += " AND \(filter.column) = ?"
                args.append(value)
            }
            sql += " ORDER BY \(order) LIMIT ?"
            args.append(limit)
            return try db.query(sql, args).compactMap { row -> T? in
                guard let json = try row.get(column, as: String?.self) else { return nil }
                return try StoredJSON.decode(T.self, json)
            }
        }
    }
}
