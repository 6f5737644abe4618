import Foundation

/// A fitted `bucket` tail model frozen for forward use: its count tables, configuration, the
/// last training session, the data fingerprint and the assumptions hash.
///
/// ```swift
/// let model = try FrozenTailModel.fit(states: states, through: date, model: config,
///                                     dataFingerprint: manifest.fingerprint, modelVersion: "bucket-2024-06-28")
/// let data = try model.serialized()                 // JSON; tables as exact little-endian bytes
/// let same = try FrozenTailModel.deserialize(data)  // == model, bit for bit
/// let scored = try model.score(states: states, session: s)   // throws unless trainedThrough < that session
/// ```
public struct FrozenTailModel: FrozenModel, Hashable, Codable {
    public static let family = "bucket"

    public let modelVersion: String
    public let family: String
    public let trainedThroughSession: CivilDate
    public let trainingSessions: Int
    public let dataFingerprint: String
    public let assumptionsHash: String
    public let features: FeatureConfiguration
    public let model: TailModelConfiguration
    public let kappaParent: Double
    public let kappaLocal: Double
    let tables: EncodedTables

    /// What the assumptions hash covers: everything that changes the model's numbers.
    public struct Assumptions: Encodable {
        public let family: String
        public let features: FeatureConfiguration
        public let model: TailModelConfiguration
    }

    /// The hash of every assumption that changes a model's numbers — for either family.
    public static func assumptionsHash(features: FeatureConfiguration, model: TailModelConfiguration) throws -> String {
        try CanonicalJSON.hash(Assumptions(family: model.family.name, features: features, model: model))
    }

    /// Fits on every session of `states` dated on or before `through` (inside the configured window).
    public static func fit(states: DecisionStates, through: CivilDate, model config: TailModelConfiguration,
                           dataFingerprint: String, modelVersion: String) throws -> FrozenTailModel {
        let config = try config.validated()
        let scheme = BucketScheme(features: states.configuration, model: config)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: config.strikes)
        guard let last = states.sessions.lastIndex(where: { $0.date <= through }) else {
            throw ModelError.noTrainingData(through: through)
        }
        var first = 0
        if case .rolling(let w) = config.window { first = max(0, last + 1 - w) }
        var tables = BucketTables(scheme: scheme, strikes: config.strikes.count)
        for s in first...last { tables.apply(contributions, session: s, sign: 1) }
        var kappa: (parent: Double, local: Double) = (20, 25)
        switch config.kappa {
        case let .fixed(p, l): kappa = (p, l)
        case .auto: kappa = KappaFit.fit(tables: tables, scheme: scheme)
        }
        return FrozenTailModel(
            modelVersion: modelVersion, family: family, trainedThroughSession: states.sessions[last].date,
            trainingSessions: last - first + 1, dataFingerprint: dataFingerprint,
            assumptionsHash: try assumptionsHash(features: states.configuration, model: config),
            features: states.configuration, model: config, kappaParent: kappa.parent, kappaLocal: kappa.local,
            tables: EncodedTables(tables))
    }

    /// Scores session `s` of `states` with the frozen tables. Fails closed when the model was
    /// trained on that session or later, or when the states were built with other features.
    public func score(states: DecisionStates, session s: Int) throws -> ScoredStates {
        let date = states.sessions[s].date
        guard trainedThroughSession < date else { throw ModelError.notBeforeScoredSession(trainedThrough: trainedThroughSession, session: date) }
        guard states.configuration == features else { throw ModelError.incompatible(reason: "the states were built with a different feature configuration") }
        let scheme = BucketScheme(features: features, model: model)
        let decoded = try tables.decode()
        var scored = ScoredStates(strikes: model.strikes, credibleLevel: model.credibleLevel,
                                  rowCount: states.count, sessionCount: states.sessions.count)
        scored.sessionScored[s] = true
        scored.kappaParent[s] = kappaParent
        scored.kappaLocal[s] = kappaLocal
        var seen: [Int: Int] = [:]
        for j in 0..<states.timesPerSession {
            let row = states.row(session: s, time: j)
            guard states.isScorable(row) else { continue }
            let b = scheme.local(of: states, row: row)
            let g = seen[b] ?? scored.appendGroup(session: s, localBucket: b, tables: decoded, scheme: scheme,
                                                  kappa: (kappaParent, kappaLocal))
            seen[b] = g
            scored.groupOfRow[row] = Int32(g)
        }
        scored.finishIntervals(parallel: ScoredStates.serial)
        return scored
    }

    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    public static func deserialize(_ data: Data) throws -> FrozenTailModel {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(FrozenTailModel.self, from: data)
    }
}

public enum ModelError: Error, Equatable, CustomStringConvertible {
    case noTrainingData(through: CivilDate)
    case notBeforeScoredSession(trainedThrough: CivilDate, session: CivilDate)
    case incompatible(reason: String)
    case corruptArtifact(reason: String)

    public var description: String {
        switch self {
        case .noTrainingData(let through): return "no sessions on or before \(through) to train on"
        case let .notBeforeScoredSession(trained, session):
            return "the model was trained through \(trained), which is not before the scored session \(session); scoring it would use the future"
        case .incompatible(let reason): return "the model does not fit these data: \(reason)"
        case .corruptArtifact(let reason): return "the model artifact is damaged: \(reason)"
        }
    }
}

/// Count tables as base64 of their little-endian Float64 bytes, so a round trip is bit-exact.
struct EncodedTables: Sendable, Hashable, Codable {
    struct Level: Sendable, Hashable, Codable {
        let buckets: Int, strikes: Int
        let sessions: String, rows: String, weighted: String, raw: String
    }
    let local: Level, parent: Level, global: Level

    init(_ t: BucketTables) {
        func encode(_ l: LevelTable) -> Level {
            func b64(_ v: [Double]) -> String { v.withUnsafeBytes { Data($0).base64EncodedString() } }
            return Level(buckets: l.bucketCount, strikes: l.strikeCount, sessions: b64(l.sessions), rows: b64(l.rows),
                         weighted: b64(l.weighted), raw: b64(l.raw))
        }
        local = encode(t.local); parent = encode(t.parent); global = encode(t.global)
    }

    func decode() throws -> BucketTables {
        func doubles(_ text: String, _ count: Int, _ name: String) throws -> [Double] {
            guard let data = Data(base64Encoded: text), data.count == count * 8 else {
                throw ModelError.corruptArtifact(reason: "table \(name) does not hold \(count) values")
            }
            return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        }
        func level(_ l: Level, _ name: String) throws -> LevelTable {
            LevelTable(bucketCount: l.buckets, strikeCount: l.strikes,
                       sessions: try doubles(l.sessions, l.buckets, name + ".sessions"), rows: try doubles(l.rows, l.buckets, name + ".rows"),
                       weighted: try doubles(l.weighted, l.buckets * l.strikes, name + ".weighted"),
                       raw: try doubles(l.raw, l.buckets * l.strikes, name + ".raw"))
        }
        return BucketTables(local: try level(local, "local"), parent: try level(parent, "parent"), global: try level(global, "global"))
    }
}

extension FrozenTailModel {
    /// Posterior mean breach probability for every extension bucket × strike of one time bucket
    /// and regime — the probability surface the dashboard draws.
    public func surface(timeBucket t: Int, regime r: Int) throws -> [[Double]] {
        let scheme = BucketScheme(features: features, model: model)
        let tables = try self.tables.decode()
        return (0..<scheme.extensionCount).map { e in
            var previous = Double.infinity
            return tables.posteriors(localBucket: scheme.localIndex(time: t, extension: e, regime: r), scheme: scheme,
                                     kappa: (kappaParent, kappaLocal)).map { post in
                previous = min(previous, post.mean)
                return previous
            }
        }
    }
}
