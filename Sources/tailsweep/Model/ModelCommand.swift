import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepEngine
import TailSweepStore

/// `tailsweep model …`: freeze, list, inspect, promote and roll back tail models.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Frozen tail models and the registry.",
        subcommands: [ModelFitCommand.self, ModelListCommand.self, ModelShowCommand.self, ModelPromoteCommand.self, ModelRollbackCommand.self])
}

struct ModelFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Freeze a model on every session up to --through and register it.",
        discussion: "Example:\n  tailsweep model fit --data demo-data --through 2008-06-30 --db results.sqlite")
    @Option(help: "Dataset directory.") var data: String
    @Option(help: "Last training session (YYYY-MM-DD).") var through: String
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Option(help: "Model version (default bucket-<through>-<hash>).") var version: String?
    @OptionGroup var options: StudyOptions
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let modelVersion: String, trainedThroughSession: CivilDate, trainingSessions: Int, assumptionsHash: String, dataFingerprint: String
    }

    func run() throws {
        try reportingFailures {
            let (model, stored) = try ModelFitter(configuration: try options.configuration())
                .fit(dataDirectory: data, through: try CivilDate(parsing: through), version: version)
            try ResultDatabase.open(db).registerModel(stored)
            if json {
                try Console.json(Output(modelVersion: model.modelVersion, trainedThroughSession: model.trainedThroughSession,
                                        trainingSessions: model.trainingSessions, assumptionsHash: model.assumptionsHash,
                                        dataFingerprint: model.dataFingerprint))
            } else {
                Console.line("Registered \(model.modelVersion) (\(model.family)): trained through \(model.trainedThroughSession) on \(model.trainingSessions) sessions, assumptions \(model.assumptionsHash)")
                Console.line("Promote it with: tailsweep model promote \(model.modelVersion) --db \(db)")
                Console.disclaimers()
            }
        }
    }
}

struct ModelEntry: Encodable {
    let modelVersion: String, family: String, trainedThroughSession: CivilDate, status: String, assumptionsHash: String, dataFingerprint: String
    init(_ m: StoredModel) {
        modelVersion = m.modelVersion; family = m.family; trainedThroughSession = m.trainedThroughSession
        status = m.status.rawValue; assumptionsHash = m.assumptionsHash; dataFingerprint = m.dataFingerprint
    }
}

struct ModelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered models with their status.",
                                                    discussion: "Example:\n  tailsweep model list --db results.sqlite --json")
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Flag(help: "Print JSON: {\"models\":[{\"model_version\",\"trained_through_session\",\"status\",…}]}.") var json = false

    struct Output: Encodable { let disclaimer = DisclaimerJSON(); let models: [ModelEntry] }

    func run() throws {
        try reportingFailures {
            let models = try ResultDatabase.open(db).models()
            if json { try Console.json(Output(models: models.map(ModelEntry.init))); return }
            if models.isEmpty { Console.line("No models registered yet (tailsweep model fit …).") }
            for m in models { Console.line("\(m.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(m.modelVersion)  trained through \(m.trainedThroughSession)  assumptions \(m.assumptionsHash)") }
            Console.disclaimers()
        }
    }
}

struct ModelShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one model's configuration and provenance.")
    @Argument(help: "Model version.") var version: String
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON(); let model: ModelEntry; let trainingSessions: Int
        let features: FeatureConfiguration; let configuration: TailModelConfiguration
    }

    func run() throws {
        try reportingFailures {
            guard let stored = try ResultDatabase.open(db).model(version: version) else { throw StoreError.unknownModel(version) }
            let frozen = try FrozenModels.deserialize(family: stored.family, data: Data(stored.artifact))
            try Console.json(Output(model: ModelEntry(stored), trainingSessions: frozen.trainingSessions, features: frozen.features,
                                    configuration: frozen.model))
        }
    }
}

struct ModelPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote", abstract: "Make a registered model the active one.")
    @Argument(help: "Model version.") var version: String
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    func run() throws {
        try reportingFailures {
            try ResultDatabase.open(db).promote(modelVersion: version)
            Console.line("Active model: \(version)")
            Console.disclaimers()
        }
    }
}

struct ModelRollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Re-activate the previously active model.")
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    func run() throws {
        try reportingFailures {
            let active = try ResultDatabase.open(db).rollback()
            Console.line("Rolled back; active model: \(active)")
            Console.disclaimers()
        }
    }
}
