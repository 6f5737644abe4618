import Foundation
import TailSweepCore

/// `tailsweep data import bars`: reads files of one-minute bars, validates every row, keeps
/// regular-session bars by the NYSE calendar and writes (or extends) a dataset directory.
///
/// ```swift
/// var options = BarImporter.Options(format: .histdata, symbol: "SPX")
/// let report = try BarImporter(options: options).run(files: ["HISTDATA_COM_ASCII_SPXUSD_M12018.zip"], into: "data/spx")
/// report.sessions; report.problemsByKind; report.extendedHoursBars; report.holidayBars
/// ```
///
/// Nothing is dropped without a count: bad rows are quarantined with file and line in
/// `import-report.json` inside the dataset (or stop the import with `strict`), extended-hours
/// bars and bars on exchange holidays are counted and reported, and existing sessions are never
/// overwritten unless `replace` is set.
public struct BarImporter: Sendable {
    public struct Options: Sendable {
        public var format: BarFormat
        public var symbol: String
        public var strict = false
        public var replace = false
        /// Optional daily closes (`date,close` CSV) used as previous closes.
        public var dailyFile: String?
        public init(format: BarFormat, symbol: String) {
            self.format = format
            self.symbol = symbol
        }
    }

    public struct Report: Sendable, Codable {
        public var files: [String]
        public var format: String
        public var rowsRead: Int
        public var sessionBarsStored: Int
        public var sessions: Int
        public var sessionsAdded: Int
        public var sessionsReplaced: Int
        public var extendedHoursBars: Int
        public var holidayBars: Int
        public var holidayDates: [CivilDate]
        public var problemsByKind: [String: Int]
        public var problems: [ImportProblem]
        public var previousCloseSource: PreviousCloseSource
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    public func run(files: [String], into directory: String) throws(ImportError) -> Report {
        var problems: [ImportProblem] = []
        func problem(_ p: ImportProblem) throws(ImportError) {
            if options.strict { throw .strict(p) }
            problems.append(p)
        }
        // 1. Parse and validate each member in file order.
        var bars: [RawBar] = []
        var rows = 0
        for file in files {
            for member in try SourceText.read(file) {
                var parser = BarLineParser(format: options.format, source: member.name)
                let (parsed, bad) = parser.parse(member.text)
                rows += parsed.count + bad.count
                for p in bad { try problem(p) }
                var last: Timestamp? = nil
                for bar in parsed {
                    // A bad row is quarantined, never stored; an out-of-order or repeated one does not
                    // move the sequence on.
                    if let issue = Self.validate(bar, previous: last, source: member.name) {
                        try problem(issue)
                        if issue.kind != .outOfOrder && issue.kind != .duplicateTimestamp { last = bar.start }
                        continue
                    }
                    last = bar.start
                    bars.append(bar)
                }
            }
        }
        // 2. Sessions by the calendar; regular-session slots only.
        var bySession: [CivilDate: [(slot: Int, bar: RawBar)]] = [:]
        var extended = 0, holiday = 0
        var holidayDates = Set<CivilDate>()
        var seen = Set<Int64>()
        for bar in bars {
            guard seen.insert(bar.start.seconds).inserted else { continue }    // duplicates across files were reported per file
            let local = EasternTime.local(bar.start)
            let session: TradingSession?
            do { session = try NYSECalendar.session(on: local.date) } catch { extended += 1; continue }
            guard let session else {
                if !local.date.isWeekend { holiday += 1; holidayDates.insert(local.date) } else { extended += 1 }
                continue
            }
            guard let slot = session.slot(startingAt: bar.start) else { extended += 1; continue }
            bySession[session.date, default: []].append((slot, bar))
        }
        guard !bySession.isEmpty else { throw .nothingImported("no regular-session bars in \(files.joined(separator: ", "))") }
        // 3. Merge with an existing dataset.
        // An existing dataset must load cleanly: never overwrite one that cannot be read.
        let existing: DatasetStore.Loaded?
        if FileManager.default.fileExists(atPath: DatasetStore.path(directory, DatasetManifest.fileName)) {
            do { existing = try DatasetStore.load(from: directory) } catch { throw .dataset(error) }
        } else {
            existing = nil
        }
        if existing?.quotes != nil {
            throw .usage("\(directory) already holds imported quotes, indexed by its sessions; import all bars first, then the quotes (or start a new dataset)")
        }
        let newDates = Set(bySession.keys)
        let overlap = existing.map { Set($0.dataset.sessions.map(\.date)).intersection(newDates) } ?? []
        if !overlap.isEmpty && !options.replace { throw .overlap(overlap.sorted().map(\.description)) }
        var dates = newDates
        if let existing { dates.formUnion(existing.dataset.sessions.map(\.date)) }
        let sessions: [TradingSession]
        do { sessions = try dates.sorted().map { try NYSECalendar.session(on: $0)! } } catch { throw .usage(String(describing: error)) }
        var grid = SessionBarGrid(sessions: sessions)
        var daily = DailyTable(sessionCount: sessions.count)
        let oldIndex = existing.map { Dictionary(uniqueKeysWithValues: $0.dataset.sessions.enumerated().map { ($1.date, $0) }) } ?? [:]
        for (s, session) in sessions.enumerated() {
            if let fresh = bySession[session.date] {
                for (slot, b) in fresh { grid.setBar(session: s, slot: slot, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume) }
            } else if let old = existing, let o = oldIndex[session.date] {
                let w = SessionBarGrid.slotsPerSession
                for k in 0..<w {
                    let i = old.dataset.bars.index(session: o, slot: k), j = grid.index(session: s, slot: k)
                    grid.open[j] = old.dataset.bars.open[i]; grid.high[j] = old.dataset.bars.high[i]; grid.low[j] = old.dataset.bars.low[i]
                    grid.close[j] = old.dataset.bars.close[i]; grid.volume[j] = old.dataset.bars.volume[i]; grid.valid[j] = old.dataset.bars.valid[i]
                }
                daily.volatilityIndex[s] = old.dataset.daily.volatilityIndex[o]
            }
        }
        // 4. Previous closes: a daily file, or the previous calendar session's last bar in the data.
        let source: PreviousCloseSource
        if let dailyFile = options.dailyFile {
            let closes = try Self.readDaily(dailyFile)
            for (s, session) in sessions.enumerated() {
                let previous = closes.keys.filter { $0 < session.date }.max()
                daily.previousClose[s] = previous.map { closes[$0]! } ?? .nan
                daily.officialClose[s] = closes[session.date] ?? .nan
            }
            source = .dailyFile
        } else {
            for s in sessions.indices where s > 0 {
                let previousCalendar = try? NYSECalendar.sessions(from: sessions[s].date.adding(days: -10), through: sessions[s].date.adding(days: -1)).last
                if previousCalendar?.date == sessions[s - 1].date { daily.previousClose[s] = grid.finalClose(session: s - 1) ?? .nan }
            }
            source = .data
        }
        let dataset = MarketDataset(symbol: options.symbol, bars: grid, daily: daily, previousCloseSource: source)
        var counts: [String: Int] = [:]
        for p in problems { counts[p.kind.rawValue, default: 0] += 1 }
        let report = Report(files: files, format: options.format.name, rowsRead: rows, sessionBarsStored: bySession.values.map(\.count).reduce(0, +),
                            sessions: sessions.count, sessionsAdded: newDates.subtracting(overlap).count, sessionsReplaced: overlap.count,
                            extendedHoursBars: extended, holidayBars: holiday, holidayDates: holidayDates.sorted(),
                            problemsByKind: counts, problems: problems, previousCloseSource: source)
        var provenance = DatasetProvenance(kind: .imported, createdBy: TailSweepVersion.string, seed: nil, start: nil, marketModel: nil,
                                           quoteModel: nil, sources: (existing?.manifest.provenance.sources ?? []) + files,
                                           sourceFormat: options.format.name)
        if let previous = existing?.manifest.provenance.sourceFormat, previous != options.format.name {
            provenance.sourceFormat = previous + "+" + options.format.name
        }
        do {
            _ = try DatasetStore.write(dataset, provenance: provenance, to: directory, replacing: existing != nil)
            try ImportReportFile.write(report, to: directory)
        } catch let error as DatasetError {
            throw .dataset(error)
        } catch {
            throw .unreadable(directory, "\(error)")
        }
        return report
    }

    static func validate(_ b: RawBar, previous: Timestamp?, source: String) -> ImportProblem? {
        func p(_ kind: ImportProblem.Kind, _ detail: String) -> ImportProblem { ImportProblem(file: source, line: b.line, kind: kind, detail: detail) }
        if let previous {
            if b.start == previous { return p(.duplicateTimestamp, "\(b.start) repeats the previous row") }
            if b.start < previous { return p(.outOfOrder, "\(b.start) comes after \(previous)") }
        }
        let prices = [b.open, b.high, b.low, b.close]
        if !prices.allSatisfy(\.isFinite) || !b.volume.isFinite { return p(.nonFinitePrice, "open \(b.open) high \(b.high) low \(b.low) close \(b.close) volume \(b.volume)") }
        if prices.contains(where: { $0 <= 0 }) { return p(.nonPositivePrice, "open \(b.open) high \(b.high) low \(b.low) close \(b.close)") }
        if b.high < b.low { return p(.highBelowLow, "high \(b.high) < low \(b.low)") }
        if b.open < b.low || b.open > b.high || b.close < b.low || b.close > b.high {
            return p(.outsideRange, "open \(b.open) or close \(b.close) outside [\(b.low), \(b.high)]")
        }
        if b.volume < 0 { return p(.negativeSize, "volume \(b.volume)") }
        return nil
    }

    static func readDaily(_ path: String) throws(ImportError) -> [CivilDate: Double] {
        var out: [CivilDate: Double] = [:]
        for member in try SourceText.read(path) {
            for (i, line) in member.text.split(whereSeparator: \.isNewline).enumerated() {
                let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard f.count >= 2 else { continue }
                guard let date = try? CivilDate(parsing: f[0]), let close = Double(f.last!) else {
                    if i == 0 { continue }    // header
                    throw .unreadable("\(path):\(i + 1)", "expected date,close")
                }
                out[date] = close
            }
        }
        return out
    }
}

/// `import-report.json` in the dataset directory: counts and every quarantined row.
enum ImportReportFile {
    static func write(_ report: BarImporter.Report, to directory: String) throws {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try e.encode(report).write(to: URL(fileURLWithPath: DatasetStore.path(directory, "import-report.json")))
    }
}
