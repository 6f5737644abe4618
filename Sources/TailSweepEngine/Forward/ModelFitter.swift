import Foundation
import TailSweepCore
import TailSweepData

/// Freezes a tail model (either family) on every session of a dataset up to a date.
///
/// ```swift
/// let (model, stored) = try ModelFitter(configuration: config).fit(dataDirectory: "data/spy", through: date)
/// try store.registerModel(stored)
/// ```
public struct ModelFitter: Sendable {
    public let configuration: StudyConfiguration

    public init(configuration: StudyConfiguration) {
        self.configuration = configuration
    }

    public func fit(dataDirectory: String, through: CivilDate, version: String? = nil) throws -> (any FrozenModel, StoredModel) {
        let config = try configuration.validated()
        let loaded = try DatasetStore.load(from: dataDirectory)
        let states = try StateBuilder(configuration: config.features).build(dataset: loaded.dataset, schedule: config.schedule)
        let hash = try FrozenTailModel.assumptionsHash(features: config.features, model: config.model)
        guard let last = loaded.dataset.sessions.last(where: { $0.date <= through }) else { throw ModelError.noTrainingData(through: through) }
        let name = version ?? "\(config.model.family.name)-\(last.date)-\(hash.prefix(8))"
        let model = try FrozenModels.fit(states: states, through: through, model: config.model,
                                         dataFingerprint: loaded.manifest.fingerprint, modelVersion: name)
        let stored = StoredModel(modelVersion: model.modelVersion, family: model.family, trainedThroughSession: model.trainedThroughSession,
                                 dataFingerprint: model.dataFingerprint, assumptionsHash: model.assumptionsHash,
                                 status: .registered, artifact: Array(try model.serialized()))
        return (model, stored)
    }
}
