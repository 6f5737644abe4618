import Foundation
import TailSweepCore

/// Reads and writes dataset directories: a manifest plus compact columnar binary files.
///
/// ```swift
/// try DatasetStore.write(dataset, provenance: provenance, to: "data/spy")
/// let loaded = try DatasetStore.load(from: "data/spy")
/// // loaded.dataset holds the same bits as dataset
/// loaded.manifest.fingerprint // names the data exactly; part of every result key
/// ```
///
/// Writing puts every column in place through a temporary file and a rename, and writes the
/// manifest last, so an interrupted write never leaves a directory that loads as valid.
/// Loading checks sizes, checksums and that every session is the NYSE session of that date.
public enum DatasetStore {
    public struct Loaded: Sendable {
        public let dataset: MarketDataset
        public let manifest: DatasetManifest
        /// The whole dataset and the index of `dataset`'s first session in it (0 unless restricted).
        public let full: MarketDataset
        public let sessionOffset: Int
        /// Imported option quotes, indexed by the sessions of `full`.
        public let quotes: QuoteTable?

        init(dataset: MarketDataset, manifest: DatasetManifest, quotes: QuoteTable?) {
            self.dataset = dataset
            self.manifest = manifest
            full = dataset
            sessionOffset = 0
            self.quotes = quotes
        }

        init(dataset: MarketDataset, manifest: DatasetManifest, full: MarketDataset, sessionOffset: Int, quotes: QuoteTable?) {
            self.dataset = dataset
            self.manifest = manifest
            self.full = full
            self.sessionOffset = sessionOffset
            self.quotes = quotes
        }

        /// Only the sessions dated in `[from, to]` (either end open); the rest of the data is not
        /// used at all. Throws when no session is left.
        public func restricted(from: CivilDate?, to: CivilDate?) throws(DatasetError) -> Loaded {
            guard from != nil || to != nil else { return self }
            let sessions = dataset.sessions
            let lo = from.map { f in sessions.firstIndex { $0.date >= f } ?? sessions.count } ?? 0
            let hi = to.map { t in (sessions.lastIndex { $0.date <= t } ?? -1) + 1 } ?? sessions.count
            guard lo < hi else {
                throw .inconsistent(path: "", reason: "no session of the dataset lies between \(from.map(\.description) ?? "-") and \(to.map(\.description) ?? "-")")
            }
            return Loaded(dataset: dataset.sessions(lo..<hi), manifest: manifest, full: full, sessionOffset: sessionOffset + lo, quotes: quotes)
        }
    }

    static let sessionsFile = "sessions.i32"
    static let barFiles = ["bars.open.f64", "bars.high.f64", "bars.low.f64", "bars.close.f64", "bars.volume.f64"]
    static let validFile = "bars.valid.u8"
    static let dailyFiles = ["daily.previous_close.f64", "daily.official_close.f64", "daily.volatility_index.f64"]

    public static func write(_ dataset: MarketDataset, provenance: DatasetProvenance, to directory: String,
                             replacing: Bool = false) throws(DatasetError) -> DatasetManifest {
        let manifestPath = path(directory, DatasetManifest.fileName)
        if !replacing, FileManager.default.fileExists(atPath: manifestPath) { throw .alreadyExists(directory: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: error.localizedDescription)
        }
        let bars = dataset.bars
        let n = bars.sessionCount
        var files: [DatasetManifest.ColumnFile] = []
        func add<T: BitwiseCopyable>(_ name: String, _ values: [T], _ element: ColumnElement) throws(DatasetError) {
            let sum = try ColumnFileIO.write(values, to: path(directory, name))
            files.append(.init(name: name, element: element, count: values.count, xxh64: sum.hex16))
        }
        try add(sessionsFile, bars.sessions.map(\.date.dayNumber), .int32)
        for (name, column) in zip(barFiles, [bars.open, bars.high, bars.low, bars.close, bars.volume]) {
            try add(name, column, .float64)
        }
        try add(validFile, bars.valid, .uint8)
        let daily = dataset.daily
        for (name, column) in zip(dailyFiles, [daily.previousClose, daily.officialClose, daily.volatilityIndex]) {
            try add(name, column, .float64)
        }
        let manifest = DatasetManifest(
            format: DatasetManifest.formatName, formatVersion: DatasetManifest.currentFormatVersion,
            symbol: dataset.symbol, sessionCount: n, firstSession: bars.sessions.first?.date,
            lastSession: bars.sessions.last?.date, slotsPerSession: SessionBarGrid.slotsPerSession,
            previousCloseSource: dataset.previousCloseSource, fingerprint: fingerprint(of: files),
            files: files, provenance: provenance)
        try writeManifest(manifest, to: directory)
        return manifest
    }

    static func writeManifest(_ manifest: DatasetManifest, to directory: String) throws(DatasetError) {
        let manifestPath = path(directory, DatasetManifest.fileName)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(manifest)
            let temporary = manifestPath + ".partial"
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, manifestPath) == 0 else { throw DatasetError.io(path: manifestPath, reason: ColumnFileIO.errnoText()) }
        } catch let error as DatasetError {
            throw error
        } catch {
            throw .io(path: manifestPath, reason: error.localizedDescription)
        }
    }

    public static func readManifest(from directory: String) throws(DatasetError) -> DatasetManifest {
        let manifestPath = path(directory, DatasetManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestPath) else { throw .notADataset(directory: directory) }
        let manifest: DatasetManifest
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            manifest = try decoder.decode(DatasetManifest.self, from: data)
        } catch {
            throw .unreadableManifest(path: manifestPath, reason: "\(error)")
        }
        guard manifest.format == DatasetManifest.formatName, manifest.formatVersion == DatasetManifest.currentFormatVersion,
              manifest.slotsPerSession == SessionBarGrid.slotsPerSession else {
            throw .unsupportedFormat(path: manifestPath, format: manifest.format, version: manifest.formatVersion)
        }
        guard manifest.fingerprint == fingerprint(of: manifest.files) else {
            throw .inconsistent(path: manifestPath, reason: "the fingerprint does not match the listed checksums; the manifest was edited or damaged")
        }
        return manifest
    }

    /// `parallel`: threads for reading the bar and daily columns side by side (each read alone,
    /// so the result does not depend on it; an error is the first in file order).
    public static func load(from directory: String, parallel: ScoredStates.ParallelFor = ScoredStates.serial) throws(DatasetError) -> Loaded {
        let manifest = try readManifest(from: directory)
        let n = manifest.sessionCount
        let cells = n * SessionBarGrid.slotsPerSession
        func entry(_ name: String, _ count: Int, _ element: ColumnElement) throws(DatasetError) -> DatasetManifest.ColumnFile {
            guard let e = manifest.files.first(where: { $0.name == name }) else { throw .missingFile(path: path(directory, name)) }
            guard e.count == count, e.element == element else {
                throw .inconsistent(path: path(directory, DatasetManifest.fileName),
                                    reason: "\(name) lists \(e.count) \(e.element) values, expected \(count) \(element)")
            }
            return e
        }
        let dayEntry = try entry(sessionsFile, n, .int32)
        let days = try ColumnFileIO.read(Int32.self, count: n, from: path(directory, sessionsFile), expectedChecksum: dayEntry.xxh64)
        var sessions: [TradingSession] = []
        sessions.reserveCapacity(n)
        for (i, day) in days.enumerated() {
            let date = CivilDate(dayNumber: day)
            let session: TradingSession?
            do { session = try NYSECalendar.session(on: date) } catch { throw .calendar(error) }
            guard let session else {
                throw .inconsistent(path: path(directory, sessionsFile), reason: "entry \(i) (\(date)) is not an NYSE session")
            }
            if let previous = sessions.last, previous.date >= date {
                throw .inconsistent(path: path(directory, sessionsFile), reason: "entry \(i) (\(date)) is not after \(previous.date)")
            }
            sessions.append(session)
        }
        // The bar and daily columns (most of the bytes), read side by side after their entries are checked.
        let doubles = barFiles.map { ($0, cells) } + dailyFiles.map { ($0, n) }
        let expected = try doubles.map { (name, count) throws(DatasetError) in try entry(name, count, .float64).xxh64 }
        var read = [Result<[Double], DatasetError>](repeating: .success([]), count: doubles.count)
        read.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out       // each iteration writes its own element
            parallel(doubles.count) { i in
                let (name, count) = doubles[i]
                out[i] = Result { () throws(DatasetError) in
                    try ColumnFileIO.read(Double.self, count: count, from: path(directory, name), expectedChecksum: expected[i])
                }
            }
        }
        let columns = try read.map { r throws(DatasetError) in try r.get() }
        let barColumns = Array(columns[..<barFiles.count]), dailyColumns = Array(columns[barFiles.count...])
        let validEntry = try entry(validFile, cells, .uint8)
        let valid = try ColumnFileIO.read(UInt8.self, count: cells, from: path(directory, validFile), expectedChecksum: validEntry.xxh64)
        let grid = SessionBarGrid(sessions: sessions, open: barColumns[0], high: barColumns[1], low: barColumns[2],
                                  close: barColumns[3], volume: barColumns[4], valid: valid)
        let daily = DailyTable(previousClose: dailyColumns[0], officialClose: dailyColumns[1], volatilityIndex: dailyColumns[2])
        let dataset = MarketDataset(symbol: manifest.symbol, bars: grid, daily: daily,
                                    previousCloseSource: manifest.previousCloseSource)
        return Loaded(dataset: dataset, manifest: manifest, quotes: try loadQuotes(manifest: manifest, directory: directory, sessions: n))
    }

    static let quoteFiles = (start: "quotes.start.i64", time: "quotes.time.i64", strike: "quotes.strike.f64",
                             bid: "quotes.bid.f64", ask: "quotes.ask.f64")

    static func loadQuotes(manifest: DatasetManifest, directory: String, sessions: Int) throws(DatasetError) -> QuoteTable? {
        func entry(_ name: String) -> DatasetManifest.ColumnFile? { manifest.files.first { $0.name == name } }
        guard let s = entry(quoteFiles.start) else { return nil }
        guard let t = entry(quoteFiles.time), let k = entry(quoteFiles.strike), let b = entry(quoteFiles.bid), let a = entry(quoteFiles.ask),
              s.count == sessions + 1 else {
            throw .inconsistent(path: path(directory, DatasetManifest.fileName), reason: "the quote files are incomplete; re-import the quotes")
        }
        let start = try ColumnFileIO.read(Int64.self, count: s.count, from: path(directory, s.name), expectedChecksum: s.xxh64)
        return QuoteTable(start: start.map(Int.init),
                          time: try ColumnFileIO.read(Int64.self, count: t.count, from: path(directory, t.name), expectedChecksum: t.xxh64),
                          strike: try ColumnFileIO.read(Double.self, count: k.count, from: path(directory, k.name), expectedChecksum: k.xxh64),
                          bid: try ColumnFileIO.read(Double.self, count: b.count, from: path(directory, b.name), expectedChecksum: b.xxh64),
                          ask: try ColumnFileIO.read(Double.self, count: a.count, from: path(directory, a.name), expectedChecksum: a.xxh64))
    }

    /// Adds (or replaces) a dataset's quote table: the column files first, then the manifest.
    public static func writeQuotes(_ table: QuoteTable, to directory: String) throws(DatasetError) {
        var manifest = try readManifest(from: directory)
        let names = [quoteFiles.start, quoteFiles.time, quoteFiles.strike, quoteFiles.bid, quoteFiles.ask]
        manifest.files.removeAll { names.contains($0.name) }
        func add<T: BitwiseCopyable>(_ name: String, _ values: [T], _ element: ColumnElement) throws(DatasetError) {
            let sum = try ColumnFileIO.write(values, to: path(directory, name))
            manifest.files.append(.init(name: name, element: element, count: values.count, xxh64: sum.hex16))
        }
        try add(quoteFiles.start, table.start.map(Int64.init), .int64)
        try add(quoteFiles.time, table.time, .int64)
        try add(quoteFiles.strike, table.strike, .float64)
        try add(quoteFiles.bid, table.bid, .float64)
        try add(quoteFiles.ask, table.ask, .float64)
        manifest.fingerprint = fingerprint(of: manifest.files)
        try writeManifest(manifest, to: directory)
    }

    static func fingerprint(of files: [DatasetManifest.ColumnFile]) -> String {
        var h = XXHash64()
        for f in files { h.update(Array("\(f.name):\(f.count):\(f.xxh64);".utf8)) }
        return h.finalize().hex16
    }

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
