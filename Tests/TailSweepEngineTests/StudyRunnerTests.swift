import Foundation
import Testing
import TailSweepCore
import TailSweepData
@testable import TailSweepEngine

@Suite struct StudyRunnerTests {
    static let directory: String = {
        let dir = NSTemporaryDirectory() + "tailsweep-engine-" + UUID().uuidString
        _ = try! SyntheticDatasetBuilder.generate(sessions: 200, seed: 8, start: SyntheticMarketGenerator.defaultStart, to: dir)
        return dir
    }()

    @Test func restrictingTheRangeUsesOnlyThoseSessionsAndKeepsQuotesStable() throws {
        var config = StudyConfiguration()
        config.model.minimumTrainingSessions = 30
        config.from = try CivilDate(parsing: "2005-03-01")
        config.to = try CivilDate(parsing: "2005-08-31")
        let result = try StudyRunner(configuration: config).run(dataDirectory: Self.directory)
        #expect(result.sessions.first!.date >= config.from! && result.sessions.last!.date <= config.to!)
        #expect(result.trades.allSatisfy { $0.session >= config.from! && $0.session <= config.to! })
        // The synthetic quote of a session does not depend on where the study's range starts.
        let full = try DatasetStore.load(from: Self.directory)
        let restricted = try full.restricted(from: config.from, to: config.to)
        let a = SyntheticDatasetBuilder.quoteSource(for: full)!, b = SyntheticDatasetBuilder.quoteSource(for: restricted)!
        let offset = restricted.sessionOffset
        #expect(offset > 0)
        for s in [0, 5, 40] {
            let spot = b.underlyingPrice(session: s, slot: 60)!
            for strike in [spot * 0.99, spot * 0.995].map({ $0.rounded(.down) }) {
                #expect(a.quote(session: s + offset, slot: 60, strike: strike) == b.quote(session: s, slot: 60, strike: strike))
            }
        }
        #expect(throws: DatasetError.self) { try full.restricted(from: try CivilDate(parsing: "2020-01-01"), to: nil) }
    }

    @Test func summariesCoverEveryTierAndExitModeAndMatchTheTrades() throws {
        var config = StudyConfiguration()
        config.model.minimumTrainingSessions = 30
        let result = try StudyRunner(configuration: config).run(dataDirectory: Self.directory)
        #expect(result.summaries.count == config.tiers.count * 2)
        for s in result.summaries {
            let trades = result.trades.filter { $0.tier == s.tier && $0.exitMode == s.exitMode }
            #expect(s.summary.trades == trades.count)
            #expect(abs(s.summary.totalPnL - trades.map(\.pnl).reduce(0, +)) < 1e-9)
        }
        #expect(try result.record.studyId.hasPrefix(result.assumptionsHash))
    }
}
