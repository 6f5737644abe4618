/// Maps risk tiers to strikes (SPEC §7): for tier τ, among eligible strikes with a good quote,
/// the one with the highest premium whose breach probability is ≤ τ.
///
/// ```swift
/// let policy = TierPolicy(configuration: .init())
/// let candidates = policy.candidates(states: states, scored: scored, row: row, quotes: source, fill: .bid)
/// let decision = policy.decide(tier: 0.01, gate: .mean, candidates: candidates)
/// decision.ladder.first?.strike      // the chosen strike, or decision.skip == .noStrikeWithinTier
/// ```
///
/// Candidates: for each grid offset m the listed strike nearest to entry·(1 + m) at or below it,
/// deduplicated. Their probabilities are the model's CDF interpolated at the listed strike's own
/// moneyness `K/entry − 1` (never mixing the previous-close frame in). Ties in premium go to the
/// deeper strike. When strikes fall within the tier but none has a good quote, the skip reason
/// is the quality of the within-tier strike nearest the money (the one that would have paid
/// most). A fallback outside the tier happens only when enabled, and is labelled.
public struct TierPolicy: Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        public var ladderSize = 3
        public var allowFallback = false
        public var quality = QuoteQualityRules()
        public init() {}
    }

    public struct Decision: Sendable, Hashable {
        public let tier: Double
        public let ladder: [StrikeCandidate]
        public let skip: SkipReason?
        /// True when the chosen strike lies outside the tier (fallback enabled).
        public let fallback: Bool
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func candidates(states: DecisionStates, scored: ScoredStates, row: Int, quotes: any PutQuoteSource,
                           fill: FillModel) -> [StrikeCandidate] {
        candidates(states: states, scored: scored, row: row, quotes: quotes, fills: [fill])[0]
    }

    /// The candidates for each of `fills` (element i for `fills[i]`), each strike's entry quote
    /// looked up once for all of them — what simulating cells that differ only in fill shares.
    public func candidates(states: DecisionStates, scored: ScoredStates, row: Int, quotes: any PutQuoteSource,
                           fills: [FillModel]) -> [[StrikeCandidate]] {
        var out = [[StrikeCandidate]](repeating: [], count: fills.count)
        guard let g = scored.group(ofRow: row) else { return out }
        let s = states.session(ofRow: row)
        let session = states.sessions[s]
        let entry = states.entryPrice[row]
        let prevClose = states.previousClose[s]
        let k = scored.strikes.count
        let grid = scored.strikes.moneyness
        let means = Array(scored.mean[(g * k)..<((g + 1) * k)])
        let lowers = scored.hasIntervals ? Array(scored.lower[(g * k)..<((g + 1) * k)]) : means
        let uppers = scored.hasIntervals ? Array(scored.upper[(g * k)..<((g + 1) * k)]) : means
        var seen = Set<Double>()
        let slot = Int(states.decisionSlot[row])
        for m in grid {
            guard let strike = quotes.listedStrike(atOrBelow: entry * (1 + m), session: s), !seen.contains(strike) else { continue }
            seen.insert(strike)
            let mk = strike / entry - 1
            let entryQuote = quotes.entryQuote(session: session, sessionIndex: s, decisionSlot: slot, strike: strike,
                                               rules: configuration.quality)
            let loss = ExpectedValue.expectedIntrinsic(moneyness: mk, entry: entry, grid: grid, cdf: means)
            let probability = ExpectedValue.cdfAt(mk, grid: grid, cdf: means)
            let lower = ExpectedValue.cdfAt(mk, grid: grid, cdf: lowers), upper = ExpectedValue.cdfAt(mk, grid: grid, cdf: uppers)
            for (i, fill) in fills.enumerated() {
                let credit = entryQuote.quality == .good ? fill.entryCredit(entryQuote.quote!) : 0
                out[i].append(StrikeCandidate(
                    strike: strike, moneyness: mk, moneynessFromPreviousClose: strike / prevClose - 1,
                    probability: probability, lower: lower, upper: upper,
                    quote: entryQuote.quote, quality: entryQuote.quality, quoteSlot: entryQuote.slot, credit: credit,
                    expectedIntrinsic: loss, expectedValue: 100 * (credit - loss) - fill.feePerContract))
            }
        }
        return out
    }

    /// `ladderSize` overrides the configuration's (the simulator needs only the chosen strike, so
    /// it asks for 1 and skips sorting). One pass over the candidates.
    public func decide(tier: Double, gate: TierGate, candidates: [StrikeCandidate], ladderSize: Int? = nil) -> Decision {
        let size = ladderSize ?? configuration.ladderSize
        // Higher premium first; equal premiums go to the deeper strike.
        func ranksBefore(_ a: StrikeCandidate, _ b: StrikeCandidate) -> Bool { a.credit != b.credit ? a.credit > b.credit : a.strike < b.strike }
        var tradable: [StrikeCandidate] = []      // within the tier with a good quote and a credit
        var nearest: StrikeCandidate?             // within the tier, nearest the money
        for c in candidates where c.gatedProbability(gate) <= tier {
            if nearest == nil || c.strike > nearest!.strike { nearest = c }
            guard c.quality == .good && c.credit > 0 else { continue }
            if size == 1, let best = tradable.first {
                if ranksBefore(c, best) { tradable[0] = c }
            } else {
                tradable.append(c)
            }
        }
        if !tradable.isEmpty {
            let ladder = size == 1 ? tradable : Array(tradable.sorted(by: ranksBefore).prefix(size))
            return Decision(tier: tier, ladder: ladder, skip: nil, fallback: false)
        }
        if configuration.allowFallback {
            let outside = candidates.filter { $0.quality == .good && $0.credit > 0 }.sorted {
                $0.gatedProbability(gate) != $1.gatedProbability(gate) ? $0.gatedProbability(gate) < $1.gatedProbability(gate) : $0.strike < $1.strike
            }
            if let best = outside.first { return Decision(tier: tier, ladder: [best], skip: nil, fallback: true) }
        }
        if let nearest {
            return Decision(tier: tier, ladder: [], skip: nearest.quality.skipReason ?? .quoteZeroBid, fallback: false)
        }
        return Decision(tier: tier, ladder: [], skip: candidates.isEmpty ? .noContract : .noStrikeWithinTier, fallback: false)
    }
}
