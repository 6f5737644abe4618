/// One decision state spelled out for people: anchors in UTC and ET, every feature with its
/// status, the regime and its inputs, and the label — marked as known only after the close.
///
/// ```swift
/// let e = StateExplanation(states: states, row: row)
/// e.skipReason          // nil when the state is usable
/// e.features["extension"]?.status   // "ok" or e.g. "no_previous_close"
/// ```
///
/// Encodes with explicit `null`s (`"skip_reason": null`), so JSON readers see every key.
public struct StateExplanation: Sendable, Encodable {
    public struct Feature: Sendable, Encodable {
        public let value: Double?
        public let status: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(value, forKey: .value)
            try c.encode(status, forKey: .status)
        }
        enum CodingKeys: String, CodingKey { case value, status }
    }

    public struct Regime: Sendable, Encodable {
        public let bucket: String
        public let volatility: Double?
        public let source: String
        public let window: Int
        public let firstInputSession: CivilDate?
        public let lastInputSession: CivilDate?
        public let returnsUsed: Int
    }

    public struct Label: Sendable, Encodable {
        public let closePrice: Double?
        public let r: Double?
        public let knownAfter: Timestamp
        public let note = "known only after the close; never used for features or decisions at this time"

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(closePrice, forKey: .closePrice)
            try c.encodeOrNull(r, forKey: .r)
            try c.encode(knownAfter, forKey: .knownAfter)
            try c.encode(note, forKey: .note)
        }
        enum CodingKeys: String, CodingKey { case closePrice, r, knownAfter, note }
    }

    public let session: CivilDate
    public let decisionTs: Timestamp
    public let decisionTsEt: String
    public let lastBarTs: Timestamp?
    public let lastBarAgeMinutes: Int?
    public let entryAnchorTs: Timestamp?
    public let entryAnchorTsEt: String?
    public let entryDelayMinutes: Int?
    public let entryPrice: Double?
    public let closeLabelTs: Timestamp
    public let closeLabelTsEt: String
    public let timeBucket: String
    public let features: [String: Feature]
    public let regime: Regime
    public let label: Label
    public let skipReason: SkipReason?

    public init(states: DecisionStates, row: Int) {
        let s = states.session(ofRow: row)
        let session = states.sessions[s]
        let config = states.configuration
        self.session = session.date
        decisionTs = states.decisionTimestamp(row)
        decisionTsEt = EasternTime.local(decisionTs).description
        let last = Int(states.lastBarSlot[row])
        lastBarTs = last >= 0 ? session.slotStart(last) : nil
        lastBarAgeMinutes = last >= 0 ? Int(states.decisionSlot[row]) - 1 - last : nil
        entryAnchorTs = states.entryTimestamp(row)
        entryAnchorTsEt = entryAnchorTs.map { EasternTime.local($0).description }
        entryDelayMinutes = states.entrySlot[row] >= 0 ? Int(states.entrySlot[row] - states.decisionSlot[row]) : nil
        entryPrice = states.entryPrice[row].isFinite ? states.entryPrice[row] : nil
        closeLabelTs = states.closeLabelTimestamp(row)
        closeLabelTsEt = EasternTime.local(closeLabelTs).description
        timeBucket = config.timeBucketLabel(Int(states.timeBucket[row]))
        var features: [String: Feature] = [:]
        let outside = states.skipReason(row) == .outsideSession
        for kind in FeatureKind.allCases {
            let ok = states.isAvailable(kind, at: row)
            features[kind.description] = Feature(value: ok ? states.feature(kind, row) : nil,
                                                 status: ok ? "ok" : outside ? SkipReason.outsideSession.description : kind.unavailableReason)
        }
        self.features = features
        let inputs = states.regimes.inputs[s]
        let bucket = Int(states.regime[row])
        regime = Regime(
            bucket: bucket >= 0 ? config.regimeLabel(bucket) : "unknown",
            volatility: states.regimes.volatility[s].isFinite ? states.regimes.volatility[s] : nil,
            source: config.regimeSource.rawValue,
            window: config.regimeSource == .trailingRealized ? config.regimeWindow : 1,
            firstInputSession: inputs.sessions.isEmpty ? nil : states.sessions[inputs.sessions.lowerBound].date,
            lastInputSession: inputs.sessions.isEmpty ? nil : states.sessions[inputs.sessions.upperBound - 1].date,
            returnsUsed: inputs.returnCount)
        label = Label(closePrice: states.closePrice[row].isFinite ? states.closePrice[row] : nil,
                      r: states.outcome[row].isFinite ? states.outcome[row] : nil, knownAfter: session.close)
        skipReason = states.skipReason(row)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session, forKey: .session)
        try c.encode(decisionTs, forKey: .decisionTs)
        try c.encode(decisionTsEt, forKey: .decisionTsEt)
        try c.encodeOrNull(lastBarTs, forKey: .lastBarTs)
        try c.encodeOrNull(lastBarAgeMinutes, forKey: .lastBarAgeMinutes)
        try c.encodeOrNull(entryAnchorTs, forKey: .entryAnchorTs)
        try c.encodeOrNull(entryAnchorTsEt, forKey: .entryAnchorTsEt)
        try c.encodeOrNull(entryDelayMinutes, forKey: .entryDelayMinutes)
        try c.encodeOrNull(entryPrice, forKey: .entryPrice)
        try c.encode(closeLabelTs, forKey: .closeLabelTs)
        try c.encode(closeLabelTsEt, forKey: .closeLabelTsEt)
        try c.encode(timeBucket, forKey: .timeBucket)
        try c.encode(features, forKey: .features)
        try c.encode(regime, forKey: .regime)
        try c.encode(label, forKey: .label)
        try c.encodeOrNull(skipReason, forKey: .skipReason)
    }

    enum CodingKeys: String, CodingKey {
        case session, decisionTs, decisionTsEt, lastBarTs, lastBarAgeMinutes, entryAnchorTs, entryAnchorTsEt
        case entryDelayMinutes, entryPrice, closeLabelTs, closeLabelTsEt, timeBucket, features, regime, label, skipReason
    }
}

extension KeyedEncodingContainer {
    /// Encodes the value, or an explicit `null` when it is `nil`.
    public mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
