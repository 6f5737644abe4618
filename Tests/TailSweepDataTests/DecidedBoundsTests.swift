import Testing
import TailSweepCore
@testable import TailSweepData

/// Upper credible bounds computed exactly only where a sweep's tier decisions read them (from
/// the strike before the first whose mean is within the largest tier down to the first bound
/// within the smallest) against the full computation: the same bits where exact, a valid bound
/// elsewhere, and every tier decision of every scored row the same.
@Suite struct DecidedBoundsTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 61).generate(sessions: 420)
    static let states = try! StateBuilder().build(dataset: dataset, schedule: .rollingDefault)
    static let tiers = [0.005, 0.01, 0.02, 0.05]

    static func scored(tiers: ClosedRange<Double>?) -> ScoredStates {
        var config = TailModelConfiguration()
        config.minimumTrainingSessions = 60
        let scheme = BucketScheme(features: states.configuration, model: config)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: config.strikes)
        return WalkForward(configuration: config).run(states: states, scheme: scheme, contributions: contributions,
                                                      lowerBounds: false, decidedTiers: tiers)
    }

    @Test func boundsAreExactWhereDecisionsReadThemAndBoundsElsewhere() {
        let full = Self.scored(tiers: nil), partial = Self.scored(tiers: Self.tiers.first!...Self.tiers.last!)
        let k = full.strikes.count
        var exact = 0, nearer = 0, deeper = 0
        for g in 0..<full.groupCount {
            let firstWithin = (0..<k).first { full.mean[g * k + $0] <= Self.tiers.last! * (1 + 1e-9) } ?? k
            let firstExact = max(0, min(firstWithin - 1, k - 2))
            var below = false
            for j in 0..<k {
                let i = g * k + j
                if j < firstExact {
                    // Nearer than any decision reads (its deeper neighbour's mean is above every
                    // tier): the trivial bound 1.
                    #expect(partial.upper[i] == 1 && full.mean[i + 1] > Self.tiers.last!, "group \(g), entry \(i)")
                    nearer += 1
                } else if below {
                    // A stand-in: the last exact bound, never below the true one.
                    #expect(partial.upper[i] == partial.upper[i - 1] && partial.upper[i] >= full.upper[i])
                    deeper += 1
                } else {
                    #expect(partial.upper[i].bitPattern == full.upper[i].bitPattern, "group \(g), entry \(i)")
                    exact += 1
                    below = full.upper[i] <= Self.tiers[0]
                }
            }
        }
        #expect(partial.mean == full.mean && partial.alpha == full.alpha)
        #expect(exact > 10_000 && nearer > 5_000 && deeper > 10_000, "exact \(exact), nearer \(nearer), deeper \(deeper)")
    }

    @Test func everyTierDecisionIsTheSame() {
        let full = Self.scored(tiers: nil), partial = Self.scored(tiers: Self.tiers.first!...Self.tiers.last!)
        let policy = TierPolicy(configuration: .init())
        let quotes = SyntheticQuoteSource(dataset: Self.dataset, seed: 61)
        var decisions = 0, upperWithin = 0
        for row in 0..<Self.states.count where full.group(ofRow: row) != nil && Self.states.skip[row] == 0 {
            let a = policy.candidates(states: Self.states, scored: full, row: row, quotes: quotes, fill: .bid)
            let b = policy.candidates(states: Self.states, scored: partial, row: row, quotes: quotes, fill: .bid)
            for tier in Self.tiers {
                for gate in TierGate.allCases {
                    let (x, y) = (policy.choose(tier: tier, gate: gate, candidates: a), policy.choose(tier: tier, gate: gate, candidates: b))
                    #expect(x == y, "row \(row), tier \(tier), \(gate)")
                    decisions += 1
                    if gate == .upper, x.index != nil { upperWithin += 1 }
                }
            }
        }
        #expect(decisions > 50_000 && upperWithin > 5_000, "\(decisions) decisions, \(upperWithin) upper-gate trades")
    }
}
