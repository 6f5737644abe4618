import ArgumentParser
import TailSweepCore

/// The `tailsweep` command line.
///
/// ```
/// tailsweep demo                                   # generate the embedded default and report on it
/// tailsweep data generate --sessions 5000 --out data/synthetic
/// tailsweep data check data/synthetic --json
/// tailsweep data calendar --from 2024-01-01 --to 2024-12-31 --json
/// tailsweep doctor                                 # OpenBLAS/LAPACKE self-test
/// ```
struct TailSweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tailsweep",
        abstract: "Same-day (0DTE) SPY/SPX put tail-probability research: data, studies and sweeps.",
        discussion: """
        \(Disclaimer.notFinancialAdvice)
        \(Disclaimer.spyProxy)

        Examples:
          tailsweep demo
          tailsweep data generate --sessions 5000 --seed 1 --out data/synthetic
          tailsweep data check data/synthetic --json
        """,
        version: TailSweepVersion.number,
        subcommands: [DemoCommand.self, DataCommand.self, ExplainCommand.self, StudyCommand.self, SweepCommand.self, SummarizeCommand.self, DatabaseCommand.self, ModelCommand.self, ForwardCommand.self, ServeCommand.self, BenchCommand.self, DoctorCommand.self]
    )
}

/// The process entry: OpenBLAS set to one thread (and its idle server threads stopped) before
/// any command runs, then the command line.
@main
enum TailSweepMain {
    static func main() async {
        BLASRuntime.configureSingleThreaded()
        await TailSweepCommand.main()
    }
}
