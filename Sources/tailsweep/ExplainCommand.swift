import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepData

/// `tailsweep explain`: one decision state, in full.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the decision state at a session and time: anchors, features, regime, label.",
        discussion: """
        The label (the session's close and r = close / entry − 1) is known only after the close
        and is shown separately; it is never an input to the features.

        Examples:
          tailsweep explain --data demo-data --session 2008-10-10 --time 10:30
          tailsweep explain --data demo-data --session 2008-11-28 --time 14:00 --json
        """)

    @Option(help: "Dataset directory.") var data: String
    @Option(help: "Session date (YYYY-MM-DD).") var session: String
    @Option(help: "Decision time, ET (HH:MM).") var time: String
    @Option(help: "Regime source: trailing_realized or volatility_index.") var regimeSource: String = "trailing_realized"
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let symbol: String
        let state: StateExplanation

        func encode(to encoder: any Encoder) throws {
            try state.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(disclaimer, forKey: .disclaimer)
            try c.encode(symbol, forKey: .symbol)
        }
        enum CodingKeys: String, CodingKey { case disclaimer, symbol }
    }

    func run() throws {
        try reportingFailures {
            let date = try CivilDate(parsing: session)
            let minute = try DecisionSchedule.parseTime(time)
            let loaded = try DatasetStore.load(from: data)
            guard let s = loaded.dataset.sessions.firstIndex(where: { $0.date == date }) else {
                throw UsageFailure("\(date) is not a session of the dataset in \(data) (\(loaded.manifest.firstSession.map(\.description) ?? "-") … \(loaded.manifest.lastSession.map(\.description) ?? "-"))")
            }
            var config = FeatureConfiguration()
            guard let source = FeatureConfiguration.RegimeSource(rawValue: regimeSource) else {
                throw UsageFailure("--regime-source must be trailing_realized or volatility_index, got '\(regimeSource)'")
            }
            config.regimeSource = source
            let states = try StateBuilder(configuration: config).build(dataset: loaded.dataset, schedule: .fixed([minute]))
            let explanation = StateExplanation(states: states, row: states.row(session: s, time: 0))
            if json {
                try Console.json(Output(symbol: loaded.dataset.symbol, state: explanation))
            } else {
                print(explanation, symbol: loaded.dataset.symbol)
            }
        }
    }

    private func print(_ e: StateExplanation, symbol: String) {
        func number(_ v: Double?, _ digits: Int = 6) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "—" }
        Console.line("\(symbol) \(e.session) decision at \(e.decisionTsEt)  (\(e.decisionTs))")
        Console.line("  state: \(e.skipReason.map { "SKIPPED — \($0)" } ?? "usable")")
        Console.line("Anchors")
        Console.line("  decision_ts      \(e.decisionTs)  \(e.decisionTsEt)")
        Console.line("  last bar used    \(e.lastBarTs.map { "\($0)  \(EasternTime.local($0))  (ends \(e.lastBarAgeMinutes ?? 0) min before the decision)" } ?? "none")")
        Console.line("  entry_anchor_ts  \(e.entryAnchorTs.map { "\($0)  \(e.entryAnchorTsEt ?? "")  open \(number(e.entryPrice, 2))\((e.entryDelayMinutes ?? 0) > 0 ? "  (moved \(e.entryDelayMinutes!) min: bar missing)" : "")" } ?? "none (no_entry_anchor)")")
        Console.line("  close_label_ts   \(e.closeLabelTs)  \(e.closeLabelTsEt)")
        Console.line("Features (bars ending at or before the decision only)")
        for kind in FeatureKind.allCases {
            let f = e.features[kind.description]!
            Console.line("  \(kind.description.padding(toLength: 22, withPad: " ", startingAt: 0)) \(f.status == "ok" ? number(f.value) : "— (\(f.status))")")
        }
        Console.line("  time bucket            \(e.timeBucket)")
        Console.line("Regime (prior sessions only)")
        let r = e.regime
        Console.line("  \(r.bucket)  volatility \(number(r.volatility, 4))  from \(r.source), \(r.returnsUsed) input(s) \(r.firstInputSession.map(\.description) ?? "-") … \(r.lastInputSession.map(\.description) ?? "-")")
        Console.line("Label — known only after the close at \(e.label.knownAfter)")
        Console.line("  close \(number(e.label.closePrice, 2))   r = close / entry − 1 = \(number(e.label.r))")
        Console.disclaimers()
    }
}
