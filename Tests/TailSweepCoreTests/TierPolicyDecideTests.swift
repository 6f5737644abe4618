import Testing
@testable import TailSweepCore

/// `TierPolicy.decide` (one pass) against a slow reference written from SPEC §7 — filter the tier,
/// keep good quotes with a credit, sort by premium then depth — on random candidate sets with
/// ties in premium, every quality, both gates and fallback on and off.
@Suite struct TierPolicyDecideTests {
    static func reference(_ policy: TierPolicy, tier: Double, gate: TierGate, candidates: [StrikeCandidate], size: Int) -> TierPolicy.Decision {
        let within = candidates.filter { $0.gatedProbability(gate) <= tier }
        let tradable = within.filter { $0.quality == .good && $0.credit > 0 }
            .sorted { $0.credit != $1.credit ? $0.credit > $1.credit : $0.strike < $1.strike }
        if !tradable.isEmpty { return .init(tier: tier, ladder: Array(tradable.prefix(size)), skip: nil, fallback: false) }
        if policy.configuration.allowFallback {
            let outside = candidates.filter { $0.quality == .good && $0.credit > 0 }.sorted {
                $0.gatedProbability(gate) != $1.gatedProbability(gate) ? $0.gatedProbability(gate) < $1.gatedProbability(gate) : $0.strike < $1.strike
            }
            if let best = outside.first { return .init(tier: tier, ladder: [best], skip: nil, fallback: true) }
        }
        if let nearest = within.max(by: { $0.strike < $1.strike }) {
            return .init(tier: tier, ladder: [], skip: nearest.quality.skipReason ?? .quoteZeroBid, fallback: false)
        }
        return .init(tier: tier, ladder: [], skip: candidates.isEmpty ? .noContract : .noStrikeWithinTier, fallback: false)
    }

    @Test func onePassDecisionEqualsTheSortingReference() {
        var rng = RandomSource(seed: 42)
        let qualities: [QuoteQuality] = [.good, .good, .good, .zeroBid, .wide, .stale, .missing, .crossed]
        var compared = 0, chosen = 0
        for trial in 0..<4_000 {
            let n = Int(rng.uniform() * 12)
            let strikes = Set((0..<n).map { _ in 400 + Double(Int(rng.uniform() * 60)) }).sorted()
            let candidates = strikes.map { k -> StrikeCandidate in
                let quality = qualities[Int(rng.uniform() * Double(qualities.count))]
                let p = (rng.uniform() * 0.08 * 1_000).rounded() / 1_000
                let credit = quality == .good ? (rng.uniform() * 6).rounded() / 20 : 0   // coarse: ties happen
                return StrikeCandidate(strike: k, moneyness: k / 450 - 1, moneynessFromPreviousClose: k / 451 - 1, probability: p,
                                       lower: p / 2, upper: p * (1 + rng.uniform()), quote: nil, quality: quality, quoteSlot: 0,
                                       credit: credit, expectedIntrinsic: 0, expectedValue: 0)
            }
            var configuration = TierPolicy.Configuration()
            configuration.allowFallback = trial % 3 == 0
            let policy = TierPolicy(configuration: configuration)
            for tier in [0.005, 0.01, 0.02, 0.05] {
                for gate in TierGate.allCases {
                    for size in [1, 3] {
                        let fast = policy.decide(tier: tier, gate: gate, candidates: candidates, ladderSize: size)
                        #expect(fast == Self.reference(policy, tier: tier, gate: gate, candidates: candidates, size: size))
                        compared += 1
                        if !fast.ladder.isEmpty { chosen += 1 }
                    }
                }
            }
        }
        #expect(compared == 64_000 && chosen > 10_000 && chosen < 60_000)
    }
}
