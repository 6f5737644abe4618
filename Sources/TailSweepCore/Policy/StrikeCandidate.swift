/// One tradable strike at a decision: the listed contract, the model's view of it and its quote.
///
/// ```swift
/// candidate.strike                       // 445 (listed, at or below the grid target)
/// candidate.moneyness                    // K / entry − 1
/// candidate.probability                  // posterior mean interpolated at that moneyness
/// candidate.quality == .good; candidate.credit   // per share under the fill model
/// candidate.expectedValue                // per contract: 100 · (credit − E[(K − S)+]) − fee
/// ```
public struct StrikeCandidate: Sendable, Hashable {
    public let strike: Double
    public let moneyness: Double
    public let moneynessFromPreviousClose: Double
    public let probability: Double
    public let lower: Double
    public let upper: Double
    public let quote: OptionQuote?
    public let quality: QuoteQuality
    /// Minute slot of the entry quote.
    public let quoteSlot: Int
    /// Entry price per share the seller receives (0 when the quote is not good).
    public let credit: Double
    public let expectedIntrinsic: Double
    public let expectedValue: Double

    /// The probability the tier is tested against: the mean, or with the upper gate the larger of
    /// the upper credible bound and the mean (an equal-tailed bound can sit below the mean when
    /// α is tiny, and a gate meant to be conservative must not be looser than the mean).
    public func gatedProbability(_ gate: TierGate) -> Double {
        gate == .mean ? probability : max(upper, probability)
    }
}

/// Which probability the tier bounds.
public enum TierGate: String, Sendable, Hashable, Codable, CaseIterable {
    case mean
    case upper
}
