import Testing
import TailSweepCore
@testable import TailSweepData

/// Upper credible bounds computed exactly only down to a floor (what a sweep's tier decisions
/// read) against the full computation: the same bits where exact, a valid bound below, and every
/// tier decision of every scored row the same.
@Suite struct UpperFloorTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 61).generate(sessions: 420)
    static let states = try! StateBuilder().build(dataset: dataset, schedule: .rollingDefault)
    static let tiers = [0.005, 0.01, 0.02, 0.05]

    static func scored(floor: Double?) -> ScoredStates {
        var config = TailModelConfiguration()
        config.minimumTrainingSessions = 60
        let scheme = BucketScheme(features: states.configuration, model: config)
        let contributions = SessionContributions(states: states, scheme: scheme, strikes: config.strikes)
        return WalkForward(configuration: config).run(states: states, scheme: scheme, contributions: contributions,
                                                      lowerBounds: false, upperFloor: floor)
    }

    @Test func boundsAreExactDownToTheFloorAndBoundsBelowIt() {
        let full = Self.scored(floor: nil), floored = Self.scored(floor: Self.tiers[0])
        let k = full.strikes.count
        var exact = 0, standIns = 0
        for g in 0..<full.groupCount {
            var below = false
            for i in (g * k)..<((g + 1) * k) {
                if below {
                    // A stand-in: the last exact bound, never below the true one.
                    #expect(floored.upper[i] == floored.upper[i - 1] && floored.upper[i] >= full.upper[i])
                    standIns += 1
                } else {
                    #expect(floored.upper[i].bitPattern == full.upper[i].bitPattern, "group \(g), entry \(i)")
                    exact += 1
                    below = full.upper[i] <= Self.tiers[0]
                }
            }
        }
        #expect(floored.mean == full.mean && floored.alpha == full.alpha)
        #expect(exact > 10_000 && standIns > 10_000, "exact \(exact), stand-ins \(standIns)")
    }

    @Test func everyTierDecisionIsTheSame() {
        let full = Self.scored(floor: nil), floored = Self.scored(floor: Self.tiers[0])
        let policy = TierPolicy(configuration: .init())
        let quotes = SyntheticQuoteSource(dataset: Self.dataset, seed: 61)
        var decisions = 0, upperWithin = 0
        for row in 0..<Self.states.count where full.group(ofRow: row) != nil && Self.states.skip[row] == 0 {
            let a = policy.candidates(states: Self.states, scored: full, row: row, quotes: quotes, fill: .bid)
            let b = policy.candidates(states: Self.states, scored: floored, row: row, quotes: quotes, fill: .bid)
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
