import Foundation
import Testing
import TailSweepCore
@testable import TailSweepData

/// Importers against the hand-made fixtures (Fixtures/import, written by
/// scripts/fixtures/make_import_fixtures.py) and the real samples in ../shared/data/real.
@Suite struct ImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/import").path
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/real").path
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: shared + "/spxusd_histdata_m1_2018_2019") }

    static func importBars(_ format: BarFormat, _ file: String, strict: Bool = false) throws -> (BarImporter.Report, DatasetStore.Loaded, TemporaryDirectory) {
        let dir = try TemporaryDirectory()
        var options = BarImporter.Options(format: format, symbol: "SPY")
        options.strict = strict
        let report = try BarImporter(options: options).run(files: [fixtures + "/" + file], into: dir.path)
        return (report, try DatasetStore.load(from: dir.path), dir)
    }

    @Test func everyValidationRuleIsReportedWithFileAndLine() throws {
        let (report, loaded, dir) = try Self.importBars(.alpaca, "alpaca.csv")
        let kinds = Dictionary(grouping: report.problems, by: \.kind).mapValues { $0.map(\.line) }
        #expect(kinds[.unparsable] == [17])
        #expect(kinds[.outOfOrder] == [18])
        #expect(kinds[.nonPositivePrice] == [19])
        #expect(kinds[.nonFinitePrice] == [20])
        #expect(kinds[.highBelowLow] == [21])
        #expect(kinds[.outsideRange] == [22])
        #expect(kinds[.negativeSize] == [23])
        #expect(kinds[.duplicateTimestamp] == [24])
        #expect(report.problems.allSatisfy { $0.file.hasSuffix("alpaca.csv") })
        // 09:29 ET on 03-08 and 13:00 ET on the early close are extended hours; 07-04 is a holiday.
        #expect(report.extendedHoursBars == 2 && report.holidayBars == 1)
        #expect(report.holidayDates.map(\.description) == ["2024-07-04"])
        #expect(loaded.dataset.sessions.map(\.date.description) == ["2024-03-08", "2024-03-11", "2024-11-29"])
        #expect(report.sessionBarsStored == 5 + 5 + 2)
        // Start-stamped slots across the DST switch and on the early close.
        let g = loaded.dataset.bars
        #expect(g.isValid(session: 0, slot: 0) && g.open[g.index(session: 0, slot: 0)] == 510.05)
        #expect(g.isValid(session: 1, slot: 0) && g.open[g.index(session: 1, slot: 0)] == 511.0)
        #expect(g.isValid(session: 2, slot: 208) && g.isValid(session: 2, slot: 209) && !g.isValid(session: 2, slot: 210))
        // The report file lists every quarantined row.
        let file = try String(contentsOfFile: dir.path + "/import-report.json", encoding: .utf8)
        #expect(file.contains("\"line\" : 24") && file.contains("duplicate_timestamp"))
    }

    @Test func strictModeStopsAtTheFirstProblem() throws {
        #expect { try Self.importBars(.alpaca, "alpaca.csv", strict: true) } throws: { error in
            guard case .strict(let p)? = error as? ImportError else { return false }
            return p.line == 17 && p.kind == .unparsable && (error as! ImportError).description.contains("alpaca.csv:17")
        }
    }

    @Test func everyFormatYieldsTheSameBars() throws {
        let (_, reference, _) = try Self.importBars(.alpaca, "alpaca.csv")
        let formats: [(BarFormat, String)] = [
            (.polygon, "polygon.csv"), (.histdata, "histdata.csv"), (.firstrate, "firstrate.txt"),
            (try BarFormat(name: "csv", map: "ts=When,open=Px O,high=Px H,low=Px L,close=Px C,volume=Qty",
                           tsFormat: "%d/%m/%Y %H:%M", tz: "America/New_York"), "generic.csv"),
        ]
        for (format, file) in formats {
            let (report, loaded, _) = try Self.importBars(format, file)
            #expect(report.problems.isEmpty, "\(file): \(report.problems.prefix(3))")
            #expect(loaded.dataset.sessions == reference.dataset.sessions, "\(file)")
            let a = loaded.dataset.bars, b = reference.dataset.bars
            #expect(a.valid == b.valid && zip(a.close, b.close).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(file)")
            #expect(report.extendedHoursBars == 2 && report.holidayBars == 1, "\(file)")
        }
    }

    @Test func importingIntoAnExistingDatasetAppendsAndRefusesOverwrites() throws {
        let dir = try TemporaryDirectory()
        _ = try BarImporter(options: .init(format: .alpaca, symbol: "SPY")).run(files: [Self.fixtures + "/alpaca.csv"], into: dir.path)
        var options = BarImporter.Options(format: .polygon, symbol: "SPY")
        #expect { try BarImporter(options: options).run(files: [Self.fixtures + "/polygon.csv"], into: dir.path) } throws: { error in
            guard case .overlap(let dates)? = error as? ImportError else { return false }
            return dates.count == 3
        }
        options.replace = true
        let again = try BarImporter(options: options).run(files: [Self.fixtures + "/polygon.csv"], into: dir.path)
        #expect(again.sessionsReplaced == 3 && again.sessions == 3)
        #expect(try DatasetStore.load(from: dir.path).manifest.provenance.sources?.count == 2)
    }

    @Test func quotesImportSameDayPMSettledPutsOnly() throws {
        let (_, _, dir) = try Self.importBars(.alpaca, "alpaca.csv")
        let report = try QuoteImporter(strict: false).run(files: [Self.fixtures + "/quotes.csv"], into: dir.path)
        #expect(report.quotesStored == 4 && report.excludedCalls == 1 && report.excludedNotSameDay == 1 && report.excludedRoot == 1)
        #expect(report.problemsByKind == ["crossed_quote": 1, "unparsable": 1])
        let loaded = try DatasetStore.load(from: dir.path)
        let source = ImportedQuoteSource(table: try #require(loaded.quotes), sessions: loaded.dataset.sessions)
        #expect(source.listedStrike(atOrBelow: 505.7, session: 1) == 505)
        // 10:30 EDT on 2024-03-11 = 14:30Z = slot 60: the first quote in the minute wins.
        #expect(source.quote(session: 1, slot: 60, strike: 505) == OptionQuote(strike: 505, bid: 0.41, ask: 0.43, quoteTime: Timestamp(iso8601: "2024-03-11T14:30:00Z")))
        #expect(source.quote(session: 1, slot: 62, strike: 505) == nil)
        #expect(source.quote(session: 0, slot: 60, strike: 505) == nil)
        #expect(throws: ImportError.self) { try BarImporter(options: .init(format: .alpaca, symbol: "SPY")).run(files: [Self.fixtures + "/alpaca.csv"], into: dir.path) }
    }

    @Test(.enabled(if: ImportTests.sharedAvailable, "the HistData sample in ../shared/data/real is missing"))
    func histDataYearsGiveOneSessionPerNYSESession() throws {
        let dir = try TemporaryDirectory()
        let files = ["HISTDATA_COM_ASCII_SPXUSD_M12018.zip", "HISTDATA_COM_ASCII_SPXUSD_M12019.zip"].map { Self.shared + "/spxusd_histdata_m1_2018_2019/" + $0 }
        let report = try BarImporter(options: .init(format: .histdata, symbol: "SPX")).run(files: files, into: dir.path)
        let loaded = try DatasetStore.load(from: dir.path)
        let calendar = try NYSECalendar.sessions(from: CivilDate(parsing: "2018-01-01"), through: CivilDate(parsing: "2019-12-31"))
        #expect(loaded.dataset.sessions == calendar, "every NYSE session of 2018–2019 has bars")
        #expect(report.sessions == 503)
        #expect(report.holidayBars > 0 && report.extendedHoursBars > 300_000)
        // UTC−5 without DST: in July the first regular bar is the file's 08:30 row, i.e. 09:30 EDT.
        let july = loaded.dataset.sessions.firstIndex { $0.date.description == "2018-07-02" }!
        #expect(loaded.dataset.bars.isValid(session: july, slot: 0))
        #expect(EasternTime.local(loaded.dataset.sessions[july].slotStart(0)).description == "2018-07-02 09:30:00 EDT")
        // A January session opens at 09:30 EST too (the file's 09:30 row).
        #expect(loaded.dataset.bars.isValid(session: 0, slot: 0))
    }

    @Test(.enabled(if: ImportTests.sharedAvailable, "the LEAN sample in ../shared/data/real is missing"))
    func leanEquityAndIndexMinuteZipsImport() throws {
        let dir = try TemporaryDirectory()
        let spy = Self.shared + "/lean_quantconnect_minute/Data/equity/usa/minute/spy/20131004_trade.zip"
        let report = try BarImporter(options: .init(format: .lean, symbol: "SPY")).run(files: [spy], into: dir.path)
        let g = try DatasetStore.load(from: dir.path).dataset.bars
        #expect(report.sessions == 1 && report.extendedHoursBars > 0)
        // Equity prices are stored ×10000: 1676500 → 167.65.
        #expect(g.close.filter(\.isFinite).allSatisfy { $0 > 100 && $0 < 250 })
        let index = try TemporaryDirectory()
        let spx = Self.shared + "/lean_quantconnect_minute/Data/index/usa/minute/spx/20210104_trade.zip"
        _ = try BarImporter(options: .init(format: .lean, symbol: "SPX")).run(files: [spx], into: index.path)
        let ix = try DatasetStore.load(from: index.path).dataset
        // Index files are in Chicago time: the 08:30 CT bar is the 09:30 ET open. The row stamped 15:00 CT
        // (16:00 ET) carries the official close print 3700.65; start-stamped, it lies after the session and is
        // not a session bar, so the last session bar (15:59 ET) closes near, not at, the official close.
        #expect(ix.bars.isValid(session: 0, slot: 0) && ix.bars.isValid(session: 0, slot: 389))
        #expect(abs(ix.bars.finalClose(session: 0)! / 3700.65 - 1) < 0.002)
    }
}
