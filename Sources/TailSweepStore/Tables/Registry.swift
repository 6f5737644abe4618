import Foundation
import TailSweepCore

/// The model registry: frozen models plus an append-only log of promotions and rollbacks. The
/// active model is the top of the stack the log describes (promote pushes, rollback pops), so
/// every state of the registry is auditable and reproducible.
extension ResultDatabase {
    public func registerModel(_ model: StoredModel) throws {
        try backend.write { db in
            if let existing = try db.query("SELECT artifact FROM models WHERE model_version = ?", [model.modelVersion]).first {
                guard try existing.get("artifact", as: [UInt8].self) == model.artifact else { throw StoreError.duplicateModel(model.modelVersion) }
                return
            }
            try db.execute("""
                INSERT INTO models (model_version, family, trained_through_session, data_fingerprint, assumptions_hash, artifact)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [model.modelVersion, model.family, model.trainedThroughSession.description, model.dataFingerprint,
                      model.assumptionsHash, model.artifact])
        }
    }

    public func models() throws -> [StoredModel] {
        try backend.read { db in
            let stack = try Self.activeStack(db)
            return try db.query("SELECT * FROM models ORDER BY trained_through_session, model_version").map {
                try Self.model(from: $0, stack: stack)
            }
        }
    }

    public func model(version: String) throws -> StoredModel? {
        try backend.read { db in
            let stack = try Self.activeStack(db)
            return try db.query("SELECT * FROM models WHERE model_version = ?", [version]).first
                .map { try Self.model(from: $0, stack: stack) }
        }
    }

    public func promote(modelVersion: String) throws {
        try backend.write { db in
            guard try db.count("SELECT COUNT(*) FROM models WHERE model_version = ?", [modelVersion]) == 1 else {
                throw StoreError.unknownModel(modelVersion)
            }
            if try Self.activeStack(db).stack.last == modelVersion { return }
            try db.execute("INSERT INTO registry_events (action, model_version) VALUES ('promote', ?)", [modelVersion])
        }
    }

    public func rollback() throws -> String {
        try backend.write { db in
            var stack = try Self.activeStack(db).stack
            guard stack.count >= 2 else { throw StoreError.nothingToRollBack }
            stack.removeLast()
            try db.execute("INSERT INTO registry_events (action, model_version) VALUES ('rollback', ?)", [stack.last!])
            return stack.last!
        }
    }

    public func activeModel() throws -> StoredModel? {
        try backend.read { db in
            let stack = try Self.activeStack(db)
            guard let active = stack.stack.last else { return nil }
            return try db.query("SELECT * FROM models WHERE model_version = ?", [active]).first
                .map { try Self.model(from: $0, stack: stack) }
        }
    }

    /// Replays the registry log: promote pushes, rollback pops. Returns the stack and every
    /// version that was ever promoted.
    static func activeStack(_ db: any SQLExecutor) throws -> (stack: [String], everActive: Set<String>) {
        var stack: [String] = [], ever = Set<String>()
        for row in try db.query("SELECT action, model_version FROM registry_events ORDER BY seq") {
            let action: String = try row.get("action")
            if action == "promote" {
                let version: String = try row.get("model_version")
                stack.append(version)
                ever.insert(version)
            } else {
                stack.removeLast()
            }
        }
        return (stack, ever)
    }

    static func model(from row: SQLRow, stack: (stack: [String], everActive: Set<String>)) throws -> StoredModel {
        let version: String = try row.get("model_version")
        let status: StoredModel.Status = stack.stack.last == version ? .active : (stack.everActive.contains(version) ? .retired : .registered)
        let through: String = try row.get("trained_through_session")
        return StoredModel(modelVersion: version, family: try row.get("family"), trainedThroughSession: try CivilDate(parsing: through),
                           dataFingerprint: try row.get("data_fingerprint"), assumptionsHash: try row.get("assumptions_hash"), status: status,
                           artifact: try row.get("artifact"))
    }
}
