import Testing
@testable import TailSweepCore

@Suite struct LabelsAndPreflightTests {
    @Test func strikeGridsParseAndSortDeepestLast() throws {
        #expect(StrikeGrid.default.count == 20)
        #expect(StrikeGrid.default.moneyness.first == -0.0025 && StrikeGrid.default.moneyness.last == -0.05)
        #expect(try StrikeGrid(parsing: "-0.005:-0.03:0.005").moneyness == [-0.005, -0.01, -0.015, -0.02, -0.025, -0.03])
        #expect(try StrikeGrid(parsing: "-0.02, -0.005,-0.01").moneyness == [-0.005, -0.01, -0.02])
        for bad in ["", "0.01", "-0.01,-0.01", "-0.05:-0.01:0.01", "a:b:c", "-1.5"] {
            #expect(throws: ConfigurationError.self) { try StrikeGrid(parsing: bad) }
        }
    }

    @Test func breachMeansStrictlyBelowTheStrike() throws {
        #expect(BreachLabels.isBreach(close: 99.4, entry: 100, moneyness: -0.005))
        #expect(!BreachLabels.isBreach(close: 100 * (1 + -0.005), entry: 100, moneyness: -0.005))
        let market = try HandMadeMarket(dates: ["2024-06-03", "2024-06-04"])
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([630, 900]))
        let grid = try StrikeGrid(moneyness: [-0.001, -0.003, -0.02])
        let rows = states.usableRows
        let y = BreachLabels.matrix(states: states, rows: rows, grid: grid)
        #expect(y.count == rows.count * 3)
        for (r, row) in rows.enumerated() {
            let outcome = states.outcome[row]
            for k in 0..<3 {
                let expected: Double = states.closePrice[row] < states.entryPrice[row] * (1 + grid.moneyness[k]) ? 1 : 0
                #expect(y[r * 3 + k] == expected)
                // Consistent with the outcome r = close / entry − 1 (up to rounding at the boundary).
                if abs(outcome - grid.moneyness[k]) > 1e-12 { #expect((outcome < grid.moneyness[k]) == (expected == 1)) }
            }
        }
    }

    @Test func preflightSentencesCarryObservedAndRequiredValues() throws {
        let market = try HandMadeMarket(dates: ["2024-06-03", "2024-06-04", "2024-06-05"])
        let states = try StateBuilder().build(dataset: market.dataset, schedule: .fixed([630, 900]))
        let report = Preflight.run(states: states, requirements: .init(), quoteCoverage: (good: 3, total: 6))
        #expect(!report.passed)
        let messages = report.failures.map(\.message)
        #expect(messages.contains("sessions with a usable decision: observed 3, need at least 60"))
        #expect(messages.contains("usable rows in time bucket [10:30, 12:00): observed 3, need at least 30"))
        #expect(messages.contains("usable rows in time bucket [15:00, 16:00): observed 3, need at least 30"))
        #expect(messages.contains("decisions with a good quote: observed 50.0 %, need at least 80.0 %"))
        #expect(report.checks.first { $0.name == "label_coverage" }?.passed == true)
        var relaxed = Preflight.Requirements()
        relaxed.minimumSessions = 3; relaxed.minimumRowsPerTimeBucket = 3; relaxed.minimumRowsPerRegime = 1
        #expect(Preflight.run(states: states, requirements: relaxed).passed)
    }
}

@Suite struct ReasonCodingTests {
    @Test func reasonsAndQualitiesEncodeAsTheirNames() throws {
        let encoded = try JSONEncoder().encode([SkipReason.quoteZeroBid, .capPerDay])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["quote_zero_bid","concurrency_cap_day"]"#)
        #expect(try JSONDecoder().decode([SkipReason].self, from: encoded) == [.quoteZeroBid, .capPerDay])
        let q = try JSONEncoder().encode([QuoteQuality.zeroBid, .good])
        #expect(String(decoding: q, as: UTF8.self) == #"["zero_bid","good"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([QuoteQuality].self, from: Data(#"["shiny"]"#.utf8)) }
        for reason in SkipReason.allCases { #expect(SkipReason.allCases.filter { $0.description == reason.description }.count == 1) }
    }
}

import Foundation
