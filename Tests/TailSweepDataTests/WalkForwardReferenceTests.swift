import Testing
import TailSweepCore
@testable import TailSweepData

/// The fast walk-forward (BLAS contributions + running sums) against a slow, obviously-correct
/// reference that refits every session from scratch with plain loops.
@Suite struct WalkForwardReferenceTests {
    static let dataset = try! SyntheticMarketGenerator(seed: 31).generate(sessions: 160)

    struct ReferencePosterior { var alpha: [Double], beta: [Double], mean: [Double], rows: Double, sessions: Double, raw: [Double] }

    /// Refit from scratch for session `s`: every training session, every level, loop by loop.
    static func reference(states: DecisionStates, scheme: BucketScheme, config: TailModelConfiguration,
                          session s: Int, local b: Int, localOf: [Int]) -> ReferencePosterior? {
        let end = s - config.embargoSessions
        var start = 0
        if case .rolling(let w) = config.window { start = max(0, end - w) }
        guard end - start >= config.minimumTrainingSessions else { return nil }
        let k = config.strikes.count, parent = scheme.parent(ofLocal: b)
        var count = [(n: 0.0, w: [Double](repeating: 0, count: k)), (n: 0.0, w: [Double](repeating: 0, count: k)),
                     (n: 0.0, w: [Double](repeating: 0, count: k))]
        var localRows = 0.0, localRaw = [Double](repeating: 0, count: k)
        for t in start..<end {
            let rows = (0..<states.timesPerSession).map { states.row(session: t, time: $0) }.filter { states.skip[$0] == 0 }
            let members: [[Int]] = [rows.filter { localOf[$0] == b },
                                    rows.filter { scheme.parent(ofLocal: localOf[$0]) == parent }, rows]
            for level in 0..<3 where !members[level].isEmpty {
                count[level].n += 1
                for j in 0..<k {
                    let breaches = members[level].filter {
                        states.closePrice[$0] < states.entryPrice[$0] * (1 + config.strikes.moneyness[j])
                    }.count
                    count[level].w[j] += Double(breaches) / Double(members[level].count)
                    if level == 0 { localRaw[j] += Double(breaches) }
                }
            }
            localRows += Double(members[0].count)
        }
        guard case let .fixed(kp, kl) = config.kappa else { return nil }
        var out = ReferencePosterior(alpha: [], beta: [], mean: [], rows: localRows, sessions: count[0].n, raw: localRaw)
        var previous = 1.0
        for j in 0..<k {
            let pg = (0.5 + count[2].w[j]) / (1 + count[2].n)
            let pp = (pg * kp + count[1].w[j]) / (kp + count[1].n)
            let a = pp * kl + count[0].w[j], bb = (1 - pp) * kl + count[0].n - count[0].w[j]
            out.alpha.append(a); out.beta.append(bb)
            previous = min(previous, a / (a + bb))
            out.mean.append(previous)
        }
        return out
    }

    static func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-12 * max(abs(y), 1e-300) }

    @Test(arguments: [
        (DecisionSchedule.fixed([630]), TailModelConfiguration.Window.expanding, 0),
        (.fixed([630, 840]), .rolling(sessions: 50), 0),
        (.rollingDefault, .expanding, 2),
        (.rollingDefault, .rolling(sessions: 45), 0),
    ])
    func fastPathEqualsReference(schedule: DecisionSchedule, window: TailModelConfiguration.Window, embargo: Int) throws {
        var config = TailModelConfiguration()
        config.window = window
        config.minimumTrainingSessions = 40
        config.embargoSessions = embargo
        config.strikes = try StrikeGrid(parsing: "-0.001:-0.02:0.001")
        let states = try StateBuilder().build(dataset: Self.dataset, schedule: schedule)
        let scored = try WalkForward(configuration: config).run(states: states)
        let scheme = BucketScheme(features: states.configuration, model: config)
        let k = config.strikes.count
        let localOf = (0..<states.count).map { states.skip[$0] == 0 ? scheme.local(of: states, row: $0) : -1 }
        var memo: [Int: ReferencePosterior?] = [:]
        var compared = 0, mismatches: [String] = []
        for s in 0..<states.sessions.count {
            for j in 0..<states.timesPerSession {
                let row = states.row(session: s, time: j)
                guard states.skip[row] == 0 else { #expect(scored.group(ofRow: row) == nil); continue }
                let key = s * scheme.localCount + localOf[row]
                let ref = memo[key] ?? Self.reference(states: states, scheme: scheme, config: config, session: s,
                                                      local: localOf[row], localOf: localOf)
                memo[key] = ref
                guard let ref else { #expect(scored.group(ofRow: row) == nil, "session \(s) has too little history"); continue }
                let g = try #require(scored.group(ofRow: row))
                if scored.rows[g] != ref.rows || scored.effectiveSessions[g] != ref.sessions
                    || Array(scored.rawBreaches[(g * k)..<((g + 1) * k)]) != ref.raw {
                    mismatches.append("counts differ at session \(s) time \(j)")
                }
                for m in 0..<k where !(Self.close(scored.alpha[g * k + m], ref.alpha[m]) && Self.close(scored.beta[g * k + m], ref.beta[m])
                                      && Self.close(scored.mean[g * k + m], ref.mean[m])) {
                    mismatches.append("posterior differs at session \(s) time \(j) strike \(m): \(scored.mean[g * k + m]) vs \(ref.mean[m])")
                }
                compared += 1
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(3))")
        #expect(compared > 100)
        for s in 0..<states.sessions.count where scored.sessionScored[s] {
            #expect(Int(scored.trainedThrough[s]) < s - embargo)
        }
    }
}
