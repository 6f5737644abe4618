import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepData
import TailSweepEngine

/// `tailsweep demo`: the main job on the embedded default (a synthetic SPY-like market).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the embedded synthetic default (if needed) and run the default study on it.",
        discussion: """
        Reuses the dataset in --out when it was generated with the same settings. The study uses
        the locked defaults (fixed 10:30 ET, tiers 0.5/1/2/5 %, bid fill, both exit tracks).

        Example:
          tailsweep demo --sessions 1000 --out demo-data
        """)

    @Option(help: "Sessions to generate.") var sessions: Int = 1000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Dataset directory.") var out: String = "demo-data"

    func run() throws {
        try reportingFailures {
            let generation = Stopwatch()
            if try SyntheticDatasetBuilder.reuseOrGenerate(sessions: sessions, seed: seed, at: out) {
                Console.line("Reusing synthetic dataset in \(out)")
            } else {
                Console.line("Generated \(sessions) synthetic sessions in \(out) (\(Console.duration(generation.seconds)))")
            }
            let loaded = try DatasetStore.load(from: out)
            let (report, problems) = try DatasetCheck.run(on: loaded)
            Console.line("Dataset: \(report.sessions) sessions \(report.firstSession.map(\.description) ?? "-") … \(report.lastSession.map(\.description) ?? "-"), \(report.bars) bars, \(report.missingBars) missing, \(report.earlyCloseSessions) early closes, \(problems) problems")
            Console.line("")
            let clock = Stopwatch()
            let study = try StudyRunner(configuration: StudyConfiguration()).run(dataDirectory: out)
            StudyConsole.print(study, seconds: clock.seconds, database: nil, csv: nil)
        }
    }
}
