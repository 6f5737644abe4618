import Foundation
import GRDB
import TailSweepCore

/// Read-back of stored studies (for the dashboard). Queries are bounded by explicit limits.
extension SQLiteResultStore {
    public func studies() throws -> [StudyRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM studies ORDER BY last_session DESC, study_id").map { row in
                let first: String = row["first_session"], last: String = row["last_session"], source: String = row["premium_source"]
                return StudyRecord(studyId: row["study_id"], assumptionsHash: row["assumptions_hash"], dataFingerprint: row["data_fingerprint"],
                                   symbol: row["symbol"], configurationJSON: row["configuration_json"], firstSession: try CivilDate(parsing: first),
                                   lastSession: try CivilDate(parsing: last), sessions: row["sessions"],
                                   premiumSource: PremiumSource(rawValue: source) ?? .model, codeVersion: row["code_version"])
            }
        }
    }

    public func studySummaries(studyId: String) throws -> [SummaryRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM summaries WHERE study_id = ? ORDER BY tier, exit_mode", arguments: [studyId]).compactMap { row -> SummaryRecord? in
                guard let json: String = row["metrics_json"] else { return nil }
                let mode: String = row["exit_mode"]
                return SummaryRecord(tier: row["tier"], exitMode: ExitMode(rawValue: mode) ?? .holdToClose, summary: try MetricsJSON.decode(json))
            }
        }
    }

    public func studyCalibration(studyId: String) throws -> [CalibrationRecord] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT grouping, key, metrics_json FROM calibration WHERE study_id = ? ORDER BY grouping, key",
                             arguments: [studyId]).compactMap { row -> CalibrationRecord? in
                guard let json: String = row["metrics_json"] else { return nil }
                return CalibrationRecord(grouping: row["grouping"], key: row["key"],
                                         metrics: try decoder.decode(CalibrationMetrics.self, from: Data(json.utf8)))
            }
        }
    }

    public func studyTrades(studyId: String, tier: Double?, exitMode: String?, limit: Int) throws -> [TradeRecord] {
        try queue.read { db in
            var sql = "SELECT trade_json FROM trades WHERE study_id = ?"
            var args: [(any DatabaseValueConvertible)?] = [studyId]
            if let tier { sql += " AND tier = ?"; args.append(tier) }
            if let exitMode { sql += " AND exit_mode = ?"; args.append(exitMode) }
            sql += " ORDER BY decision_ts, tier, exit_mode LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).compactMap { row -> TradeRecord? in
                guard let json: String = row["trade_json"] else { return nil }
                return try RecordJSON.decode(TradeRecord.self, json)
            }
        }
    }

    public func studyLadders(studyId: String, tier: Double?, limit: Int) throws -> [LadderRecord] {
        try queue.read { db in
            var sql = "SELECT ladder_json FROM ladders WHERE study_id = ?"
            var args: [(any DatabaseValueConvertible)?] = [studyId]
            if let tier { sql += " AND tier = ?"; args.append(tier) }
            sql += " ORDER BY decision_ts DESC, tier, rank LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).compactMap { row -> LadderRecord? in
                guard let json: String = row["ladder_json"] else { return nil }
                return try RecordJSON.decode(LadderRecord.self, json)
            }
        }
    }
}

/// Whole records as JSON columns beside the queryable ones, for exact read-back.
enum RecordJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try d.decode(type, from: Data(text.utf8))
    }
}
