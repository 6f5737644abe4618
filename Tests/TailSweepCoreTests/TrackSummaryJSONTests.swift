import Foundation
import Testing
@testable import TailSweepCore

/// The direct metrics and skips writers against the generic encoders the databases used before.
@Suite struct TrackSummaryJSONTests {
    @Test func summaryTextIsWhatTheEncodersWrite() throws {
        var rng = SplitMix64(state: 23)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        var summaries: [TrackSummary] = []
        for n in 0...60 {
            var a = CellAccumulator(tailCapacity: 1 + n % 9)
            // n = 0: no trades or days (NaN and infinite metrics); n = 1: one trade (no spread).
            for _ in 0..<(n == 1 ? 1 : n * 4) {
                a.addTrade(pnl: ((u() - 0.8) * 1e5).rounded() / 100 * (n % 7 == 0 ? 1e-9 : 1), breached: u() < 0.05, probability: u() * 0.1)
            }
            for _ in 0..<(n / 2) { a.addDay(pnl: (u() - 0.4) * 700) }
            for raw in UInt8(1)...20 { if let reason = SkipReason(rawValue: raw), u() < 0.4 { a.addSkip(reason, count: 1 + Int(u() * 900)) } }
            for mode in ExitMode.allCases { summaries.append(TrackSummary(accumulator: a, tier: [0.005, 0.01, 0.05][n % 3], exitMode: mode)) }
        }
        #expect(summaries.contains { $0.meanPnL.isNaN } && summaries.contains { $0.skips.count > 3 } && summaries.contains { $0.tierHeld })
        for s in summaries {
            #expect(s.storedJSON == (try StoredJSON.encode(s)))
            #expect(s.skipsJSON == String(decoding: try CanonicalJSON.data(s.skips), as: UTF8.self))
            #expect(try StoredJSON.encode(StoredJSON.decode(TrackSummary.self, s.storedJSON)) == s.storedJSON)
        }
    }
}
