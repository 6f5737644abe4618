import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct LogisticWalkForwardTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 61).generate(sessions: 140)
    static func config() -> TailModelConfiguration {
        var c = TailModelConfiguration()
        c.minimumTrainingSessions = 40
        c.strikes = try! StrikeGrid(parsing: "-0.0025:-0.02:0.0025")
        return c
    }

    @Test func warmStartedWalkForwardEqualsColdRefits() throws {
        let states = try StateBuilder().build(dataset: Self.dataset, schedule: .fixed([630, 840]))
        var warm = LogisticWalkForward(configuration: Self.config(), settings: LogisticSettings())
        let (a, da) = try warm.run(states: states)
        warm.warmStart = false
        let (b, db) = try warm.run(states: states)
        #expect(a.groupCount == b.groupCount && a.groupCount > 100)
        for i in a.mean.indices {
            #expect(abs(a.mean[i] - b.mean[i]) < 1e-8)
            #expect(abs(a.upper[i] - b.upper[i]) < 1e-8)
        }
        #expect(da.newtonIterations < db.newtonIterations, "warm starts save Newton steps: \(da.newtonIterations) vs \(db.newtonIterations)")
        #expect(da.nonConverged == 0)
        let k = a.strikes.count
        for g in 0..<a.groupCount {
            #expect(a.level[g] == .logistic)
            for j in 1..<k { #expect(a.mean[g * k + j] <= a.mean[g * k + j - 1] && a.upper[g * k + j] <= a.upper[g * k + j - 1]) }
            for j in 0..<k { #expect(a.lower[g * k + j] <= a.mean[g * k + j] + 1e-15 || a.adjusted[g * k + j] == 1) }
        }
    }

    @Test func futurePricesChangeNoLogisticProbability() throws {
        let states = try StateBuilder().build(dataset: Self.dataset, schedule: .benchmark)
        let (reference, _) = try LogisticWalkForward(configuration: Self.config(), settings: LogisticSettings()).run(states: states)
        var rng = RandomSource(seed: 5)
        for s in [60, 95, 130] {
            let row = states.row(session: s, time: 0)
            guard states.entrySlot[row] >= 0, let g = reference.group(ofRow: row) else { continue }
            let perturbed = NoLookaheadTests.perturbFuture(Self.dataset, session: s, fromSlot: Int(states.entrySlot[row]), rng: &rng)
            let after = try StateBuilder().build(dataset: perturbed, schedule: .benchmark)
            let (scored, _) = try LogisticWalkForward(configuration: Self.config(), settings: LogisticSettings()).run(states: after)
            let h = try #require(scored.group(ofRow: row))
            let k = reference.strikes.count
            #expect(Array(scored.mean[(h * k)..<((h + 1) * k)]) == Array(reference.mean[(g * k)..<((g + 1) * k)]), "session \(s)")
        }
    }

    @Test func autoLambdaPicksFromTheGridInsideTheTrainingWindow() throws {
        let states = try StateBuilder().build(dataset: Self.dataset, schedule: .benchmark)
        var settings = LogisticSettings()
        settings.lambda = .auto(grid: [0.1, 1, 10, 100], refitEverySessions: 50)
        let (scored, diagnostics) = try LogisticWalkForward(configuration: Self.config(), settings: settings).run(states: states)
        #expect(!diagnostics.lambdaChoices.isEmpty && diagnostics.lambdaChoices.allSatisfy { [0.1, 1, 10, 100].contains($0) })
        #expect(scored.groupCount > 50, "\(diagnostics)")
    }
}

@Suite struct FrozenLogisticModelTests {
    @Test func roundTripsScoresLikeTheWalkForwardAndRefusesStaleUse() throws {
        let states = try StateBuilder().build(dataset: LogisticWalkForwardTests.dataset, schedule: .benchmark)
        var config = LogisticWalkForwardTests.config()
        config.family = .logistic(LogisticSettings())
        let s = 100
        let model = try FrozenModels.fit(states: states, through: states.sessions[s - 1].date, model: config, dataFingerprint: "fp", modelVersion: "lg")
        #expect(model.family == "logistic" && model.trainingSessions == s)
        let restored = try FrozenModels.deserialize(family: model.family, data: try model.serialized())
        #expect(try restored.serialized() == model.serialized())
        let frozen = try restored.score(states: states, session: s)
        let (walk, _) = try LogisticWalkForward(configuration: config, settings: LogisticSettings()).run(states: states)
        let row = states.row(session: s, time: 0), k = config.strikes.count
        let a = try #require(frozen.group(ofRow: row)), b = try #require(walk.group(ofRow: row))
        for j in 0..<k { #expect(abs(frozen.mean[a * k + j] - walk.mean[b * k + j]) < 1e-9) }
        #expect(throws: ModelError.self) { try restored.score(states: states, session: s - 1) }
        #expect(model.assumptionsHash != (try FrozenTailModel.assumptionsHash(features: states.configuration, model: LogisticWalkForwardTests.config())))
    }
}
