import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepData

/// `tailsweep data import bars|quotes`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import real market data into a dataset directory, validating every row.",
        subcommands: [ImportBarsCommand.self, ImportQuotesCommand.self])
}

struct ImportBarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bars", abstract: "Import one-minute bars (alpaca, polygon, csv, histdata, firstrate, lean).",
        discussion: """
        Only regular-session bars (by the NYSE calendar) are stored; extended-hours bars and bars on
        exchange holidays are counted and reported. Bad rows are quarantined, with file and line, in
        DIR/import-report.json; --strict stops with exit status 2 at the first one.

        Examples:
          tailsweep data import bars --format histdata --symbol SPX HISTDATA_COM_ASCII_SPXUSD_M12018.zip --out data/spx
          tailsweep data import bars --format alpaca --symbol SPY spy-2024.csv.gz --out data/spy --daily spy-daily.csv
          tailsweep data import bars --format csv --map ts=Date,open=O,high=H,low=L,close=C --ts-format "%Y-%m-%d %H:%M" \\
              --tz America/New_York --symbol SPY bars.csv --out data/spy
        """)

    @Option(help: "Format: alpaca, polygon, csv, histdata, firstrate, lean.") var format: String
    @Option(help: "Symbol of the bars.") var symbol: String
    @Argument(help: "Input files (.csv, .txt, .gz, .zip).") var files: [String]
    @Option(help: "Dataset directory to create or extend.") var out: String
    @Flag(help: "Stop with exit status 2 at the first bad row.") var strict = false
    @Flag(help: "Overwrite sessions the dataset already holds.") var replace = false
    @Option(help: "csv format: time zone of wall-clock timestamps (UTC, America/New_York, America/Chicago, UTC-5).") var tz: String?
    @Option(help: "csv format: column mapping ts=COL,open=COL,high=COL,low=COL,close=COL[,volume=COL].") var map: String?
    @Option(help: "csv format: timestamp format (iso, epoch_s, epoch_ms, epoch_ns or e.g. %Y-%m-%d %H:%M:%S).") var tsFormat: String?
    @Option(help: "Daily closes (date,close CSV) to use as previous closes.") var daily: String?
    @Flag(help: "Print the report as JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let report: BarImporter.Report
        let seconds: Double
    }

    func run() throws {
        do {
            let clock = Stopwatch()
            var options = BarImporter.Options(format: try BarFormat(name: format, map: map, tsFormat: tsFormat, tz: tz), symbol: symbol)
            options.strict = strict
            options.replace = replace
            options.dailyFile = daily
            let report = try BarImporter(options: options).run(files: files, into: out)
            if json { try Console.json(Output(report: report, seconds: clock.seconds)); return }
            Console.line("Imported \(report.sessionBarsStored) regular-session bars into \(out): \(report.sessions) sessions (\(report.sessionsAdded) added, \(report.sessionsReplaced) replaced) from \(report.rowsRead) rows in \(Console.duration(clock.seconds))")
            Console.line("  extended-hours bars (not stored): \(report.extendedHoursBars)")
            Console.line("  bars on exchange holidays (not stored): \(report.holidayBars)\(report.holidayDates.isEmpty ? "" : " on " + report.holidayDates.prefix(8).map(\.description).joined(separator: ", ") + (report.holidayDates.count > 8 ? " …" : ""))")
            Console.line("  quarantined rows: \(report.problems.count)" + (report.problemsByKind.isEmpty ? "" : " — " + report.problemsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            for p in report.problems.prefix(5) { Console.line("    \(p)") }
            if !report.problems.isEmpty { Console.line("  every quarantined row is listed in \(out)/import-report.json") }
            Console.line("  previous closes from: \(report.previousCloseSource.rawValue)")
            Console.disclaimers()
        } catch let error as ImportError {
            Console.error(error.description)
            if case .strict = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
    }
}
struct ImportQuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes", abstract: "Import same-day PM-settled put quotes (CSV with OSI symbols, or LEAN quote zips).",
        discussion: """
        The dataset's bars must be imported first. Eligible: puts expiring on the quote's session with
        root SPY or SPXW (AM-settled SPX monthlies are excluded and counted).

        Examples:
          tailsweep data import quotes --format csv quotes.csv --out data/spy
          tailsweep data import quotes --format lean 20210104_quote_european.zip --out data/spx
        """)
    @Option(help: "Format: csv or lean.") var format: String = "csv"
    @Argument(help: "Input files.") var files: [String]
    @Option(help: "Existing dataset directory.") var out: String
    @Flag(help: "Stop with exit status 2 at the first bad row.") var strict = false
    @Flag(help: "Print the report as JSON.") var json = false

    struct Output: Encodable { let disclaimer = DisclaimerJSON(); let report: QuoteImporter.Report }

    func run() throws {
        do {
            guard format == "csv" || format == "lean" else { throw ImportError.usage("--format must be csv or lean") }
            let report = try QuoteImporter(strict: strict).run(files: files, into: out)
            if json { try Console.json(Output(report: report)); return }
            Console.line("Stored \(report.quotesStored) quotes for \(report.sessionsWithQuotes) sessions from \(report.rowsRead) rows")
            Console.line("  excluded: \(report.excludedCalls) calls, \(report.excludedRoot) other roots (e.g. AM-settled SPX), \(report.excludedNotSameDay) not expiring that day, \(report.outsideDataset) outside the dataset's sessions")
            Console.line("  problems: \(report.problems.count)" + (report.problemsByKind.isEmpty ? "" : " — " + report.problemsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            for p in report.problems.prefix(5) { Console.line("    \(p)") }
            Console.disclaimers()
        } catch let error as ImportError {
            Console.error(error.description)
            if case .strict = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
    }
}
