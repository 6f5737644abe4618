import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepEngine
import TailSweepStore

/// `tailsweep study`: one configuration end to end — walk-forward probabilities, ladders,
/// trades on both exit tracks, calibration and a summary.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Run one study configuration end to end on a dataset directory.",
        discussion: """
        Defaults: SPY proxy, fixed 10:30 ET, tiers 0.5/1/2/5 %, bid fill, expanding window,
        κ 20/25, mean gate, both exit tracks (hold_to_close and adaptive_exit).

        Examples:
          tailsweep study --data demo-data
          tailsweep study --data demo-data --rolling 15 --window 250 --json > study.json
          tailsweep study --data demo-data --strikes -0.005,-0.01,-0.015,-0.02,-0.03 --window 20 \\
              --min-train-sessions 20 --db results.sqlite --out study-csv
        """)

    @Option(help: "Dataset directory.") var data: String
    @OptionGroup var options: StudyOptions
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL to upsert into.") var db: String?
    @Option(help: "Directory for CSV files of every table.") var out: String?
    @Flag(help: "Print one JSON document instead of the console summary.") var json = false

    func run() throws {
        try reportingFailures {
            let config = try options.configuration()
            let progress = Progress(enabled: !json)
            let clock = Stopwatch()
            let result = try StudyRunner(configuration: config).run(dataDirectory: data) { progress.stage($0) }
            let elapsed = clock.seconds
            if let db {
                let store = try ResultDatabase.open(db)
                try store.saveStudy(try result.record, probabilities: result.probabilityRows, ladders: result.ladders,
                                    trades: result.trades, calibration: result.calibrationRecords, summaries: result.summaries)
            }
            if let out { try writeCSV(result, to: out) }
            if json { try StudyJSON.write(result) } else { StudyConsole.print(result, seconds: elapsed, database: db, csv: out) }
        }
    }

    private func writeCSV(_ r: StudyResult, to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try CSVWriter.write(r.probabilityRows, to: dir + "/probabilities.csv")
        try CSVWriter.write(r.ladders, to: dir + "/ladders.csv")
        try CSVWriter.write(r.trades, to: dir + "/trades.csv")
        try CSVWriter.write(r.summaries.map(SummaryRow.init), to: dir + "/summary.csv")
        try CSVWriter.write(r.calibrationRecords.map(CalibrationRow.init), to: dir + "/calibration.csv")
    }
}

/// Flat summary and calibration rows for CSV.
struct SummaryRow {
    let tier: Double, exitMode: String, trades: Int, wins: Int, winRate: Double, totalPnl: Double, meanPnl: Double, stdPnl: Double
    let sharpe: Double, maxDrawdown: Double, cvar5: Double, worstTrade: Double, breaches: Int, breachRate: Double
    let breachCiLow: Double, breachCiHigh: Double, tierHeld: Bool, brier: Double, ece: Double, skips: String
    init(_ s: SummaryRecord) {
        let m = s.summary, ci = m.breachRate.interval()
        tier = s.tier; exitMode = s.exitMode.rawValue; trades = m.trades; wins = m.wins; winRate = m.winRate
        totalPnl = m.totalPnL; meanPnl = m.meanPnL; stdPnl = m.stdPnL; sharpe = m.sharpe; maxDrawdown = m.maxDrawdown
        cvar5 = m.cvar5; worstTrade = m.worstTrade; breaches = m.breachRate.breaches; breachRate = m.breachRate.rate
        breachCiLow = ci.lower; breachCiHigh = ci.upper; tierHeld = m.tierHeld; brier = s.summary.brier; ece = s.summary.ece
        skips = m.skips.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }
}

struct CalibrationRow {
    let grouping: String, key: String, count: Int, brier: Double, reliability: Double, resolution: Double
    let uncertainty: Double, logLoss: Double, ece: Double, sharpness: Double, meanForecast: Double, observedRate: Double
    init(_ c: CalibrationRecord) {
        let m = c.metrics
        grouping = c.grouping; key = c.key; count = m.count; brier = m.brier; reliability = m.reliability
        resolution = m.resolution; uncertainty = m.uncertainty; logLoss = m.logLoss; ece = m.ece; sharpness = m.sharpness
        meanForecast = m.meanForecast; observedRate = m.observedRate
    }
}

/// Stage lines on standard error while a long run works (only on a terminal).
struct Progress: Sendable {
    private let enabled: Bool
    private let clock = Stopwatch()
    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) != 0 }
    func stage(_ name: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "  [%6.2f s] %@ done\n", clock.seconds, name).utf8))
    }
}
