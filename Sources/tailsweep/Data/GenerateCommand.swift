import ArgumentParser
import TailSweepCore
import TailSweepData

/// `tailsweep data generate`: the synthetic SPY-like market as a dataset directory.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a synthetic SPY-like minute-bar dataset on the real NYSE calendar.",
        discussion: """
        Deterministic: the same --sessions, --seed and --start give identical files.
        The model's equations are in docs/synthetic-market.md.

        Examples:
          tailsweep data generate --sessions 5000 --out data/synthetic
          tailsweep data generate --sessions 250 --seed 7 --start 2019-01-02 --out data/spy250
        """)

    @Option(help: "Number of sessions.") var sessions: Int
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "First date (YYYY-MM-DD); the first session is on or after it.") var start: String = "2005-01-03"
    @Option(help: "Dataset directory to create.") var out: String
    @Flag(help: "Replace a dataset already in --out.") var replace = false
    @Option(help: "Simulate a session in progress: keep the last session's bars only before this ET time (HH:MM).")
    var partialLastSession: String?
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be at least 1") }
    }

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let directory: String
        let sessions: Int
        let firstSession: CivilDate?
        let lastSession: CivilDate?
        let fingerprint: String
        let seconds: Double
    }

    func run() throws {
        try reportingFailures {
            let clock = Stopwatch()
            let manifest = try SyntheticDatasetBuilder.generate(
                sessions: sessions, seed: seed, start: try CivilDate(parsing: start), to: out, replacing: replace,
                lastSessionEndsBefore: try partialLastSession.map { try DecisionSchedule.parseTime($0) })
            let elapsed = clock.seconds
            if json {
                try Console.json(Output(directory: out, sessions: manifest.sessionCount, firstSession: manifest.firstSession,
                                        lastSession: manifest.lastSession, fingerprint: manifest.fingerprint, seconds: elapsed))
            } else {
                Console.line("Generated \(manifest.sessionCount) synthetic SPY sessions (\(manifest.firstSession.map(\.description) ?? "-") … \(manifest.lastSession.map(\.description) ?? "-")) in \(Console.duration(elapsed))")
                Console.line("Dataset: \(out)  fingerprint \(manifest.fingerprint)")
                Console.disclaimers()
            }
        }
    }
}
