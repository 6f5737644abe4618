import Foundation

/// A frozen tail model of either family: what forward scoring and the registry need.
public protocol FrozenModel: Sendable {
    var modelVersion: String { get }
    var family: String { get }
    var trainedThroughSession: CivilDate { get }
    var trainingSessions: Int { get }
    var dataFingerprint: String { get }
    var assumptionsHash: String { get }
    var features: FeatureConfiguration { get }
    var model: TailModelConfiguration { get }
    func score(states: DecisionStates, session s: Int) throws -> ScoredStates
    func serialized() throws -> Data
}

/// Fitting and decoding frozen models by family.
///
/// ```swift
/// let model = try FrozenModels.fit(states: states, through: date, model: config, dataFingerprint: fp, modelVersion: "v1")
/// let same = try FrozenModels.deserialize(family: model.family, data: try model.serialized())
/// ```
public enum FrozenModels {
    public static func fit(states: DecisionStates, through: CivilDate, model config: TailModelConfiguration,
                           dataFingerprint: String, modelVersion: String) throws -> any FrozenModel {
        switch config.family {
        case .bucket:
            return try FrozenTailModel.fit(states: states, through: through, model: config, dataFingerprint: dataFingerprint, modelVersion: modelVersion)
        case .logistic:
            return try FrozenLogisticModel.fit(states: states, through: through, model: config, dataFingerprint: dataFingerprint, modelVersion: modelVersion)
        }
    }

    public static func deserialize(family: String, data: Data) throws -> any FrozenModel {
        switch family {
        case FrozenTailModel.family: return try FrozenTailModel.deserialize(data)
        case FrozenLogisticModel.family: return try FrozenLogisticModel.deserialize(data)
        default: throw ModelError.incompatible(reason: "unknown model family '\(family)'")
        }
    }
}

/// A fitted `logistic` tail model frozen for forward use: per-strike coefficients with their
/// Hessian factors, the training standardisation, configuration and provenance.
public struct FrozenLogisticModel: FrozenModel, Hashable, Codable {
    public static let family = "logistic"

    public let modelVersion: String
    public let family: String
    public let trainedThroughSession: CivilDate
    public let trainingSessions: Int
    public let dataFingerprint: String
    public let assumptionsHash: String
    public let features: FeatureConfiguration
    public let model: TailModelConfiguration
    public let lambda: Double
    public let standardizer: LogisticDesign.Standardizer
    public let fits: [LogisticRegression]

    public static func fit(states: DecisionStates, through: CivilDate, model config: TailModelConfiguration,
                           dataFingerprint: String, modelVersion: String) throws -> FrozenLogisticModel {
        let config = try config.validated()
        guard case .logistic(let settings) = config.family else { throw ModelError.incompatible(reason: "not a logistic configuration") }
        guard let last = states.sessions.lastIndex(where: { $0.date <= through }) else { throw ModelError.noTrainingData(through: through) }
        var first = 0
        if case .rolling(let w) = config.window { first = max(0, last + 1 - w) }
        let walk = LogisticWalkForward(configuration: config, settings: settings)
        let times = states.timesPerSession
        let usable = (0..<states.sessions.count).map { s in (0..<times).map { s * times + $0 }.filter { states.skip[$0] == 0 } }
        let sessions = Array(first...last)
        let lambda: Double
        switch settings.lambda {
        case .fixed(let l): lambda = l
        case .auto(let grid, _): lambda = walk.chooseLambda(grid: grid, states: states, sessions: sessions, usable: usable)
        }
        let (x, rows, weights, scaler) = walk.design(states: states, sessions: sessions, usable: usable)
        let fits = config.strikes.moneyness.map { m in
            LogisticRegression.fit(x: x, rows: rows.count, columns: LogisticDesign.columns,
                                   y: rows.map { BreachLabels.isBreach(close: states.closePrice[$0], entry: states.entryPrice[$0], moneyness: m) ? 1 : 0 },
                                   weights: weights, lambda: lambda, maxIterations: settings.maxIterations, tolerance: settings.tolerance)
        }
        guard fits.allSatisfy(\.converged) else { throw ModelError.incompatible(reason: "the logistic fit did not converge on the training window") }
        return FrozenLogisticModel(modelVersion: modelVersion, family: family, trainedThroughSession: states.sessions[last].date,
                                   trainingSessions: sessions.count, dataFingerprint: dataFingerprint,
                                   assumptionsHash: try FrozenTailModel.assumptionsHash(features: states.configuration, model: config),
                                   features: states.configuration, model: config, lambda: lambda, standardizer: scaler, fits: fits)
    }

    public func score(states: DecisionStates, session s: Int) throws -> ScoredStates {
        let date = states.sessions[s].date
        guard trainedThroughSession < date else { throw ModelError.notBeforeScoredSession(trainedThrough: trainedThroughSession, session: date) }
        guard states.configuration == features else { throw ModelError.incompatible(reason: "the states were built with a different feature configuration") }
        var scored = ScoredStates(strikes: model.strikes, credibleLevel: model.credibleLevel, rowCount: states.count,
                                  sessionCount: states.sessions.count)
        scored.sessionScored[s] = true
        let z = StandardNormal.quantile((1 + model.credibleLevel) / 2)
        var x = [Double](repeating: 0, count: LogisticDesign.columns)
        let none = [Double](repeating: .nan, count: model.strikes.count)
        for j in 0..<states.timesPerSession {
            let row = states.row(session: s, time: j)
            guard states.isScorable(row) else { continue }
            standardizer.write(states, row, into: &x, at: 0)
            scored.groupOfRow[row] = Int32(scored.appendLogisticGroup(session: s, fits: fits, x: x, z: z, trainingRows: .nan,
                                                                      trainingSessions: Double(trainingSessions), breaches: none))
        }
        return scored
    }

    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    public static func deserialize(_ data: Data) throws -> FrozenLogisticModel {
        try JSONDecoder().decode(FrozenLogisticModel.self, from: data)
    }
}
