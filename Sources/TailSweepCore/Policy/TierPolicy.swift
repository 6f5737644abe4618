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
        var lists = CandidateLists()
        candidates(states: states, scored: scored, row: row, quotes: quotes, fills: fills, into: &lists)
        return lists.byFill
    }

    /// Lists reused from one decision row to the next (the simulator builds candidates at 120,000
    /// rows of a 5,000-session grid): the candidates by fill and the group's bounds, cleared and
    /// refilled in place instead of allocated at every row.
    struct CandidateLists {
        /// Element i: the candidates for the i-th fill.
        fileprivate(set) var byFill: [[StrikeCandidate]] = []
        fileprivate var means: [Double] = [], lowers: [Double] = [], uppers: [Double] = [], seen: [Double] = []
    }

    /// ``candidates(states:scored:row:quotes:fills:)`` into `lists`, whose earlier rows' candidates
    /// it replaces.
    func candidates(states: DecisionStates, scored: ScoredStates, row: Int, quotes: any PutQuoteSource,
                    fills: [FillModel], into lists: inout CandidateLists) {
        if lists.byFill.count != fills.count {
            // Room for every strike from the start: grown once, not by doubling.
            lists.byFill = (0..<fills.count).map { _ in
                var list: [StrikeCandidate] = []
                list.reserveCapacity(scored.strikes.count)
                return list
            }
        }
        for i in lists.byFill.indices { lists.byFill[i].removeAll(keepingCapacity: true) }
        guard let g = scored.group(ofRow: row) else { return }
        let s = states.session(ofRow: row)
        let session = states.sessions[s]
        let entry = states.entryPrice[row]
        let prevClose = states.previousClose[s]
        let k = scored.strikes.count
        let grid = scored.strikes.moneyness
        let bounds = (g * k)..<((g + 1) * k)
        lists.means.removeAll(keepingCapacity: true)
        lists.means.append(contentsOf: scored.mean[bounds])
        lists.lowers.removeAll(keepingCapacity: true)
        lists.lowers.append(contentsOf: scored.hasIntervals ? scored.lower[bounds] : scored.mean[bounds])
        lists.uppers.removeAll(keepingCapacity: true)
        lists.uppers.append(contentsOf: scored.hasIntervals ? scored.upper[bounds] : scored.mean[bounds])
        lists.seen.removeAll(keepingCapacity: true)   // a few strikes: a scan costs less than hashing them
        let slot = Int(states.decisionSlot[row])
        for m in grid {
            guard let strike = quotes.listedStrike(atOrBelow: entry * (1 + m), session: s), !lists.seen.contains(strike) else { continue }
            lists.seen.append(strike)
            let mk = strike / entry - 1
            let entryQuote = quotes.entryQuote(session: session, sessionIndex: s, decisionSlot: slot, strike: strike,
                                               rules: configuration.quality)
            let loss = ExpectedValue.expectedIntrinsic(moneyness: mk, entry: entry, grid: grid, cdf: lists.means)
            let probability = ExpectedValue.cdfAt(mk, grid: grid, cdf: lists.means)
            let lower = ExpectedValue.cdfAt(mk, grid: grid, cdf: lists.lowers), upper = ExpectedValue.cdfAt(mk, grid: grid, cdf: lists.uppers)
            for (i, fill) in fills.enumerated() {
                let credit = entryQuote.quality == .good ? fill.entryCredit(entryQuote.quote!) : 0
                lists.byFill[i].append(StrikeCandidate(
                    strike: strike, moneyness: mk, moneynessFromPreviousClose: strike / prevClose - 1,
                    probability: probability, lower: lower, upper: upper,
                    quote: entryQuote.quote, quality: entryQuote.quality, quoteSlot: entryQuote.slot, credit: credit,
                    expectedIntrinsic: loss, expectedValue: 100 * (credit - loss) - fill.feePerContract))
            }
        }
    }

    /// The chosen candidate's index, or why none — `decide`'s first rung, in one pass and
    /// without building a ladder (what the simulator asks for at every decision).
    public struct Choice: Sendable, Hashable {
        public let index: Int?
        public let skip: SkipReason?
        /// True when the chosen strike lies outside the tier (fallback enabled).
        public let fallback: Bool
    }

    /// Higher premium first; equal premiums go to the deeper strike.
    private static func ranksBefore(_ a: StrikeCandidate, _ b: StrikeCandidate) -> Bool {
        a.credit != b.credit ? a.credit > b.credit : a.strike < b.strike
    }

    public func choose(tier: Double, gate: TierGate, candidates: [StrikeCandidate]) -> Choice {
        var best: Int?                            // within the tier with a good quote and a credit
        var nearest: Int?                         // within the tier, nearest the money
        for (i, c) in candidates.enumerated() where c.gatedProbability(gate) <= tier {
            if nearest == nil || c.strike > candidates[nearest!].strike { nearest = i }
            guard c.quality == .good && c.credit > 0 else { continue }
            if best == nil || Self.ranksBefore(c, candidates[best!]) { best = i }
        }
        if let best { return Choice(index: best, skip: nil, fallback: false) }
        if configuration.allowFallback {
            // The tradable strike with the lowest gated probability (then the deeper one).
            var outside: Int?
            for (i, c) in candidates.enumerated() where c.quality == .good && c.credit > 0 {
                guard let o = outside else { outside = i; continue }
                let (p, q) = (c.gatedProbability(gate), candidates[o].gatedProbability(gate))
                if p != q ? p < q : c.strike < candidates[o].strike { outside = i }
            }
            if let outside { return Choice(index: outside, skip: nil, fallback: true) }
        }
        if let nearest { return Choice(index: nil, skip: candidates[nearest].quality.skipReason ?? .quoteZeroBid, fallback: false) }
        return Choice(index: nil, skip: candidates.isEmpty ? .noContract : .noStrikeWithinTier, fallback: false)
    }

    /// The ladder: the chosen strike and, within the tier, the next best by premium, up to
    /// `ladderSize` (overriding the configuration's) rungs; a fallback is a ladder of one.
    public func decide(tier: Double, gate: TierGate, candidates: [StrikeCandidate], ladderSize: Int? = nil) -> Decision {
        let size = ladderSize ?? configuration.ladderSize
        let choice = choose(tier: tier, gate: gate, candidates: candidates)
        guard let best = choice.index else { return Decision(tier: tier, ladder: [], skip: choice.skip, fallback: false) }
        if choice.fallback || size == 1 { return Decision(tier: tier, ladder: [candidates[best]], skip: nil, fallback: choice.fallback) }
        let tradable = candidates.filter { $0.gatedProbability(gate) <= tier && $0.quality == .good && $0.credit > 0 }
        return Decision(tier: tier, ladder: Array(tradable.sorted(by: Self.ranksBefore).prefix(size)), skip: nil, fallback: false)
    }
}
