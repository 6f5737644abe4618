import Testing
import TailSweepCore
@testable import TailSweepEngine

@Suite struct SweepSpecTests {
    static let minimal = """
    name = "t"

    [grid]
    decision_times = ["10:30", "each:rolling:60"]
    tiers = [0.01, 0.05]
    fills = ["bid", "spread:0.5"]
    gates = ["mean", "upper"]
    exits = ["hold", "tp"]

    [exits.tp]
    capture = 0.5
    stop_multiple = 2.0
    time_stop = "15:30"

    [model]
    kappas = ["20,25", "auto"]
    windows = ["expanding", "250"]
    """

    @Test func parsesAxesAndCountsCells() throws {
        let spec = try SweepSpec.parse(text: Self.minimal, file: "t.toml")
        // 10:30 plus rolling every 60 min from 09:45 through 15:30 (6 slots) = 7 decision values.
        #expect(spec.decisionTimes.count == 7)
        #expect(spec.cellCount == 4 * 7 * 2 * 2 * 2 * 2)
        #expect(spec.exits[1]?.timeStop == 15 * 60 + 30 && spec.exits[0] == nil)
        #expect(spec.fills.map(\.label) == ["bid", "spread:0.5"])
        let plan = SweepPlan(spec: spec, sessionCount: 100)
        #expect(plan.cells.count == spec.cellCount && plan.shardCount == (spec.cellCount + 63) / 64)
        #expect(Set(plan.cells.map(\.index)) == Set(0..<spec.cellCount))
        // Comments and layout do not change the spec hash; a value does.
        let reformatted = "# a comment\n" + Self.minimal.replacingOccurrences(of: "tiers = [0.01, 0.05]", with: "tiers = [ 0.01 , 0.05 ]  # tiers")
        #expect(SweepRunner.specHash(try SweepSpec.parse(text: reformatted, file: "t.toml")) == SweepRunner.specHash(spec))
        let changed = Self.minimal.replacingOccurrences(of: "0.05]", with: "0.02]")
        #expect(SweepRunner.specHash(try SweepSpec.parse(text: changed, file: "t.toml")) != SweepRunner.specHash(spec))
    }

    /// Every error names the file, the key and — where the key is in the text — its line.
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String, text: String, fragment: String, line: Int?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "missing name", text: "[grid]\ntiers = [0.01]\n", fragment: "'name': is required", line: nil),
        Case(label: "unknown key in the last table", text: Self.minimal + "\ncolour = \"red\"\n", fragment: "'model.colour': unknown key", line: 18),
        Case(label: "unknown root key", text: "colour = 1\n" + Self.minimal, fragment: "'colour': unknown key", line: 1),
        Case(label: "unknown grid key", text: Self.minimal.replacingOccurrences(of: "tiers =", with: "tiers_x ="), fragment: "'grid.tiers_x': unknown key", line: 5),
        Case(label: "bad tier", text: Self.minimal.replacingOccurrences(of: "0.05]", with: "1.5]"), fragment: "'grid.tiers': every tier must lie in (0, 1)", line: 5),
        Case(label: "bad fill", text: Self.minimal.replacingOccurrences(of: "spread:0.5", with: "spread:2"), fragment: "'grid.fills'", line: 6),
        Case(label: "bad gate", text: Self.minimal.replacingOccurrences(of: "\"upper\"", with: "\"median\""), fragment: "'median' is not mean or upper", line: 7),
        Case(label: "undefined exit", text: Self.minimal.replacingOccurrences(of: "\"tp\"]", with: "\"tp9\"]"), fragment: "'tp9' is neither 'hold' nor defined", line: 8),
        Case(label: "bad capture", text: Self.minimal.replacingOccurrences(of: "capture = 0.5", with: "capture = 1.5"), fragment: "'exits.tp.capture': must lie in (0, 1)", line: 11),
        Case(label: "unknown exit key", text: Self.minimal.replacingOccurrences(of: "stop_multiple", with: "stop_multipl"), fragment: "'exits.tp.stop_multipl': unknown key", line: 12),
        Case(label: "bad time", text: Self.minimal.replacingOccurrences(of: "\"10:30\"", with: "\"17:30\""), fragment: "'grid.decision_times'", line: 4),
        Case(label: "bad kappa", text: Self.minimal.replacingOccurrences(of: "\"auto\"", with: "\"x\""), fragment: "'model.kappas': 'x' is not", line: 16),
        Case(label: "bad window", text: Self.minimal.replacingOccurrences(of: "\"250\"", with: "\"30\""), fragment: "'model.windows'", line: 17),
        Case(label: "wrong type", text: Self.minimal.replacingOccurrences(of: "tiers = [0.01, 0.05]", with: "tiers = \"all\""), fragment: "'grid.tiers': must be an array of numbers", line: 5),
        Case(label: "not toml", text: "name = \n", fragment: "not valid TOML", line: 1),
    ]

    @Test(arguments: cases)
    func errorsNameKeyAndLine(_ c: Case) {
        do {
            _ = try SweepSpec.parse(text: c.text, file: "bad.toml")
            Issue.record("\(c.label): expected an error")
        } catch {
            #expect(error.description.contains(c.fragment), "\(c.label): \(error.description)")
            #expect(error.description.hasPrefix("bad.toml"), "\(c.label): \(error.description)")
            if let line = c.line { #expect(error.line == line, "\(c.label): \(error.description)") }
        }
    }

    @Test func sessionSplittingIsRefusedWithEquityBasedSizing() {
        let text = Self.minimal + "\n[trading]\nsizing = \"risk_pct:0.02\"\n\n[engine]\nsessions_per_shard = 100\n"
        #expect(throws: SweepSpecError.self) { try SweepSpec.parse(text: text, file: "t.toml") }
    }
}

import Foundation

@Suite struct SweepFamiliesTests {
    @Test func familiesAndLambdasExpandIntoModelSettings() throws {
        let text = SweepSpecTests.minimal.replacingOccurrences(of: "kappas = [\"20,25\", \"auto\"]",
                                                               with: "families = [\"bucket\", \"logistic\"]\nkappas = [\"20,25\"]\nlambdas = [\"1\", \"auto\"]")
        let spec = try SweepSpec.parse(text: text, file: "f.toml")
        // windows = expanding, 250: bucket × 1 kappa × 2 windows + logistic × 2 lambdas × 2 windows.
        #expect(spec.modelSettings.count == 2 + 4)
        #expect(spec.modelSettings.map(\.label).contains("logistic lambda=auto window=250"))
        #expect(spec.modelSettings.map(\.label).contains("bucket kappa=20,25 window=expanding"))
        let bad = text.replacingOccurrences(of: "\"logistic\"]", with: "\"forest\"]")
        #expect(throws: SweepSpecError.self) { try SweepSpec.parse(text: bad, file: "f.toml") }
    }
}

@Suite struct StandardWorkloadTests {
    @Test func embeddedRollingGridIsTheShippedSweepFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sweeps/rolling-grid.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == StandardWorkloads.rollingGrid.trimmingCharacters(in: .whitespacesAndNewlines))
        let spec = try SweepSpec.parse(text: StandardWorkloads.rollingGrid, file: "rolling-grid.toml")
        #expect(spec.cellCount == 2304 && spec.model.strikes.count == 20 && spec.decisionTimes.count == 24 && spec.exits.count == 3)
    }
}
