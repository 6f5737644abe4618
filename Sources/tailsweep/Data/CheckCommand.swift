import ArgumentParser
import TailSweepCore
import TailSweepData

/// `tailsweep data check`: what a dataset directory holds and what is wrong with it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a dataset directory and report sessions, bars, gaps and problems.",
        discussion: """
        Exits with status 1 when the dataset cannot be read (missing file, checksum mismatch)
        and with status 3 when it reads but has problems.

        Examples:
          tailsweep data check data/synthetic
          tailsweep data check data/synthetic --json
        """)

    @Argument(help: "Dataset directory.") var directory: String
    @Flag(help: "Print the report as JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let directory: String
        let symbol: String
        let sessions: Int
        let firstSession: CivilDate?
        let lastSession: CivilDate?
        let bars: Int
        let missingBars: Int
        let earlyCloseSessions: Int
        let sessionsMissingFinalBar: Int
        let sessionsWithoutPreviousClose: Int
        let sessionsMissingFromCalendarRange: [CivilDate]
        let previousCloseSource: PreviousCloseSource
        let fingerprint: String
        let problemCount: Int
        let problems: [DatasetProblem]
        let loadSeconds: Double
    }

    func run() throws {
        let problemCount: Int = try reportingFailures {
            let clock = Stopwatch()
            let loaded = try DatasetStore.load(from: directory)
            let loadSeconds = clock.seconds
            let (r, problemCount) = try DatasetCheck.run(on: loaded)
            if json {
                try Console.json(Output(
                    directory: directory, symbol: r.symbol, sessions: r.sessions, firstSession: r.firstSession,
                    lastSession: r.lastSession, bars: r.bars, missingBars: r.missingBars,
                    earlyCloseSessions: r.earlyCloseSessions, sessionsMissingFinalBar: r.sessionsMissingFinalBar,
                    sessionsWithoutPreviousClose: r.sessionsWithoutPreviousClose,
                    sessionsMissingFromCalendarRange: r.calendarGaps, previousCloseSource: r.previousCloseSource,
                    fingerprint: r.fingerprint, problemCount: problemCount, problems: r.problems, loadSeconds: loadSeconds))
            } else {
                print(report: r, problemCount: problemCount, loadSeconds: loadSeconds)
            }
            return problemCount
        }
        if problemCount > 0 { throw ExitCode(3) }
    }

    private func print(report r: DatasetCheckReport, problemCount: Int, loadSeconds: Double) {
        Console.line("Dataset \(directory)  (\(r.symbol), fingerprint \(r.fingerprint), loaded in \(Console.duration(loadSeconds)))")
        Console.line("  sessions                  \(r.sessions)  (\(r.firstSession.map(\.description) ?? "-") … \(r.lastSession.map(\.description) ?? "-"))")
        Console.line("  bars                      \(r.bars)")
        Console.line("  missing bars              \(r.missingBars)")
        Console.line("  early-close sessions      \(r.earlyCloseSessions)")
        Console.line("  missing final bar         \(r.sessionsMissingFinalBar) sessions")
        Console.line("  no previous close         \(r.sessionsWithoutPreviousClose) sessions (source: \(r.previousCloseSource.rawValue))")
        let gaps = r.calendarGaps
        Console.line("  missing from calendar     \(gaps.count) sessions\(gaps.isEmpty ? "" : ": " + gaps.prefix(10).map(\.description).joined(separator: ", ") + (gaps.count > 10 ? " …" : ""))")
        Console.line("  problems                  \(problemCount)")
        for p in r.problems.prefix(20) { Console.line("    \(p)") }
        if problemCount > 20 { Console.line("    … \(problemCount - 20) more (use --json for up to \(DatasetCheck.listedProblemLimit))") }
        Console.disclaimers()
    }
}
