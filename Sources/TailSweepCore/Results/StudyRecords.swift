/// The rows a study writes — to JSON, CSV and the results database. Plain values: Engine
/// produces them, Store persists them, the CLI prints them.

/// One breach probability: a scored state at one grid strike.
public struct ProbabilityRow: Sendable, Hashable, Codable {
    public let session: CivilDate
    public let decisionTs: Timestamp
    public let moneyness: Double
    public let p: Double
    public let ciLow: Double
    public let ciHigh: Double
    public let alpha: Double
    public let beta: Double
    public let n: Double
    public let breaches: Double
    public let effectiveN: Double
    public let level: String
    public let adjusted: Bool

    public init(session: CivilDate, decisionTs: Timestamp, moneyness: Double, p: Double, ciLow: Double, ciHigh: Double, alpha: Double, beta: Double, n: Double, breaches: Double, effectiveN: Double, level: String, adjusted: Bool) {
        self.session = session
        self.decisionTs = decisionTs
        self.moneyness = moneyness
        self.p = p
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.alpha = alpha
        self.beta = beta
        self.n = n
        self.breaches = breaches
        self.effectiveN = effectiveN
        self.level = level
        self.adjusted = adjusted
    }
}

/// One rank of a tier's ladder at a decision, or the decision's skip (rank 0, no strike).
public struct LadderRecord: Sendable, Hashable, Codable {
    public let session: CivilDate
    public let decisionTs: Timestamp
    public let tier: Double
    public let rank: Int
    public let strike: Double?
    public let moneyness: Double?
    public let moneynessFromPreviousClose: Double?
    public let p: Double?
    public let ciLow: Double?
    public let ciHigh: Double?
    public let premium: Double?
    public let quoteQuality: QuoteQuality?
    public let expectedValue: Double?
    public let fallback: Bool
    public let skipReason: SkipReason?

    public init(session: CivilDate, decisionTs: Timestamp, tier: Double, rank: Int, candidate c: StrikeCandidate?,
                fallback: Bool, skipReason: SkipReason?) {
        self.session = session
        self.decisionTs = decisionTs
        self.tier = tier
        self.rank = rank
        strike = c?.strike
        moneyness = c?.moneyness
        moneynessFromPreviousClose = c?.moneynessFromPreviousClose
        p = c?.probability
        ciLow = c?.lower
        ciHigh = c?.upper
        premium = c?.credit
        quoteQuality = c?.quality
        expectedValue = c?.expectedValue
        self.fallback = fallback
        self.skipReason = skipReason
    }
}

/// Calibration metrics of one group (`pooled`, or by strike, time bucket, regime, tier).
public struct CalibrationRecord: Sendable, Hashable, Codable {
    public let grouping: String
    public let key: String
    public let metrics: CalibrationMetrics

    public init(grouping: String, key: String, metrics: CalibrationMetrics) {
        self.grouping = grouping
        self.key = key
        self.metrics = metrics
    }
}

/// Headline metrics of one tier × exit-mode track.
public struct SummaryRecord: Sendable, Hashable, Codable {
    public let tier: Double
    public let exitMode: ExitMode
    public let summary: TrackSummary

    public init(tier: Double, exitMode: ExitMode, summary: TrackSummary) {
        self.tier = tier
        self.exitMode = exitMode
        self.summary = summary
    }
}

/// The identity of a stored study.
public struct StudyRecord: Sendable, Hashable, Codable {
    /// `assumptions_hash:data_fingerprint:first:last`
    public let studyId: String
    public let assumptionsHash: String
    public let dataFingerprint: String
    public let symbol: String
    public let configurationJSON: String
    public let firstSession: CivilDate
    public let lastSession: CivilDate
    public let sessions: Int
    public let premiumSource: PremiumSource
    public let codeVersion: String

    public init(studyId: String, assumptionsHash: String, dataFingerprint: String, symbol: String, configurationJSON: String, firstSession: CivilDate, lastSession: CivilDate, sessions: Int, premiumSource: PremiumSource, codeVersion: String) {
        self.studyId = studyId
        self.assumptionsHash = assumptionsHash
        self.dataFingerprint = dataFingerprint
        self.symbol = symbol
        self.configurationJSON = configurationJSON
        self.firstSession = firstSession
        self.lastSession = lastSession
        self.sessions = sessions
        self.premiumSource = premiumSource
        self.codeVersion = codeVersion
    }
}

/// One forward-test ladder row: a tier's ladder for a live session, scored by the active frozen
/// model, later reconciled with the close. Upsert key: symbol, session, decision_ts, tier,
/// ladder rank, strike, model version, assumptions hash.
public struct ForwardRow: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable { case pendingClose = "pending_close", finalized }

    public var symbol: String
    public var session: CivilDate
    public var decisionTs: Timestamp
    public var tier: Double
    public var ladderRank: Int
    public var strike: Double
    public var modelVersion: String
    public var assumptionsHash: String
    public var moneyness: Double
    public var p: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var premium: Double
    public var premiumSource: PremiumSource
    public var quoteQuality: QuoteQuality
    public var expectedValue: Double
    public var status: Status
    public var closePrice: Double?
    public var breached: Bool?
    /// Hold-to-close P&L per contract once the close is known (fees included).
    public var pnlPerContract: Double?

    public init(symbol: String, session: CivilDate, decisionTs: Timestamp, tier: Double, ladderRank: Int, strike: Double,
                modelVersion: String, assumptionsHash: String, moneyness: Double, p: Double, ciLow: Double, ciHigh: Double,
                premium: Double, premiumSource: PremiumSource, quoteQuality: QuoteQuality, expectedValue: Double,
                status: Status, closePrice: Double? = nil, breached: Bool? = nil, pnlPerContract: Double? = nil) {
        self.symbol = symbol
        self.session = session
        self.decisionTs = decisionTs
        self.tier = tier
        self.ladderRank = ladderRank
        self.strike = strike
        self.modelVersion = modelVersion
        self.assumptionsHash = assumptionsHash
        self.moneyness = moneyness
        self.p = p
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.premium = premium
        self.premiumSource = premiumSource
        self.quoteQuality = quoteQuality
        self.expectedValue = expectedValue
        self.status = status
        self.closePrice = closePrice
        self.breached = breached
        self.pnlPerContract = pnlPerContract
    }
}

/// A frozen model as the registry knows it.
public struct StoredModel: Sendable, Hashable {
    public enum Status: String, Sendable, Codable { case registered, active, retired }

    public let modelVersion: String
    public let family: String
    public let trainedThroughSession: CivilDate
    public let dataFingerprint: String
    public let assumptionsHash: String
    public let status: Status
    public let artifact: [UInt8]

    public init(modelVersion: String, family: String, trainedThroughSession: CivilDate, dataFingerprint: String,
                assumptionsHash: String, status: Status, artifact: [UInt8]) {
        self.modelVersion = modelVersion
        self.family = family
        self.trainedThroughSession = trainedThroughSession
        self.dataFingerprint = dataFingerprint
        self.assumptionsHash = assumptionsHash
        self.status = status
        self.artifact = artifact
    }
}
