import Foundation
import GRDB
import TailSweepCore

/// The model registry: frozen models plus an append-only log of promotions and rollbacks. The
/// active model is the top of the stack the log describes (promote pushes, rollback pops), so
/// every state of the registry is auditable and reproducible.
extension SQLiteResultStore {
    public func registerModel(_ model: StoredModel) throws {
        try queue.write { db in
            if let existing = try Row.fetchOne(db, sql: "SELECT artifact FROM models WHERE model_version = ?", arguments: [model.modelVersion]) {
                let bytes: [UInt8] = Array((existing["artifact"] as Data?) ?? Data())
                guard bytes == model.artifact else { throw StoreError.duplicateModel(model.modelVersion) }
                return
            }
            try db.execute(sql: """
                INSERT INTO models (model_version, family, trained_through_session, data_fingerprint, assumptions_hash, artifact)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [model.modelVersion, model.family, model.trainedThroughSession.description, model.dataFingerprint,
                                 model.assumptionsHash, Data(model.artifact)])
        }
    }

    public func models() throws -> [StoredModel] {
        try queue.read { db in
            let stack = try Self.activeStack(db)
            return try Row.fetchAll(db, sql: "SELECT * FROM models ORDER BY trained_through_session, model_version").map {
                try Self.model(from: $0, stack: stack)
            }
        }
    }

    public func model(version: String) throws -> StoredModel? {
        try queue.read { db in
            let stack = try Self.activeStack(db)
            return try Row.fetchOne(db, sql: "SELECT * FROM models WHERE model_version = ?", arguments: [version])
                .map { try Self.model(from: $0, stack: stack) }
        }
    }

    public func promote(modelVersion: String) throws {
        try queue.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM models WHERE model_version = ?", arguments: [modelVersion]) == 1 else {
                throw StoreError.unknownModel(modelVersion)
            }
            if try Self.activeStack(db).stack.last == modelVersion { return }
            try db.execute(sql: "INSERT INTO registry_events (action, model_version) VALUES ('promote', ?)", arguments: [modelVersion])
        }
    }

    public func rollback() throws -> String {
        try queue.write { db in
            var stack = try Self.activeStack(db).stack
            guard stack.count >= 2 else { throw StoreError.nothingToRollBack }
            stack.removeLast()
            try db.execute(sql: "INSERT INTO registry_events (action, model_version) VALUES ('rollback', ?)", arguments: [stack.last!])
            return stack.last!
        }
    }

    public func activeModel() throws -> StoredModel? {
        try queue.read { db in
            let stack = try Self.activeStack(db)
            guard let active = stack.stack.last else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM models WHERE model_version = ?", arguments: [active])
                .map { try Self.model(from: $0, stack: stack) }
        }
    }

    /// Replays the registry log: promote pushes, rollback pops. Returns the stack and every
    /// version that was ever promoted.
    static func activeStack(_ db: Database) throws -> (stack: [String], everActive: Set<String>) {
        var stack: [String] = [], ever = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT action, model_version FROM registry_events ORDER BY seq") {
            let action: String = row["action"]
            if action == "promote" {
                let version: String = row["model_version"]
                stack.append(version)
                ever.insert(version)
            } else {
                stack.removeLast()
            }
        }
        return (stack, ever)
    }

    static func model(from row: Row, stack: (stack: [String], everActive: Set<String>)) throws -> StoredModel {
        let version: String = row["model_version"]
        let status: StoredModel.Status = stack.stack.last == version ? .active : (stack.everActive.contains(version) ? .retired : .registered)
        let through: String = row["trained_through_session"]
        let artifact: Data = row["artifact"]
        return StoredModel(modelVersion: version, family: row["family"], trainedThroughSession: try CivilDate(parsing: through),
                           dataFingerprint: row["data_fingerprint"], assumptionsHash: row["assumptions_hash"], status: status,
                           artifact: Array(artifact))
    }
}
