import Foundation
import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct DatasetStoreTests {
    @Test func roundTripIsBitIdenticalIncludingMissingBarsAndEarlyCloses() throws {
        var dataset = try SyntheticMarketGenerator(seed: 3).generate(sessions: 12, start: CivilDate(parsing: "2024-11-25"))
        #expect(dataset.sessions.contains { $0.isEarlyClose })
        // Punch holes: a missing decision-time bar, a missing final bar, an unknown previous close.
        for (s, k) in [(0, 60), (2, 389), (4, 0)] {
            let i = dataset.bars.index(session: s, slot: k)
            dataset.bars.valid[i] = 0
            dataset.bars.close[i] = .nan
        }
        dataset.daily.previousClose[0] = .nan
        let dir = try TemporaryDirectory()
        let manifest = try DatasetStore.write(dataset, provenance: .synthetic(seed: 3, start: dataset.sessions[0].date,
                                                                              market: .init(), quotes: .init()), to: dir.path)
        let loaded = try DatasetStore.load(from: dir.path)
        #expect(loaded.manifest == manifest)
        #expect(identical(loaded.dataset, dataset))
        #expect(loaded.dataset.sessions == dataset.sessions)
    }

    @Test func corruptionIsDetectedAndNamesTheFile() throws {
        let dir = try TemporaryDirectory()
        let dataset = try SyntheticMarketGenerator(seed: 4).generate(sessions: 5)
        _ = try DatasetStore.write(dataset, provenance: .synthetic(seed: 4, start: SyntheticMarketGenerator.defaultStart, market: .init(), quotes: .init()), to: dir.path)
        let close = dir.path + "/bars.close.f64"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: close))
        bytes[1234] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: close))
        do {
            _ = try DatasetStore.load(from: dir.path)
            Issue.record("a flipped bit must not load")
        } catch let error {
            guard case .checksumMismatch(let path, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path.hasSuffix("bars.close.f64"))
            #expect(error.description.contains("bars.close.f64"))
        }
        bytes[1234] ^= 0x01
        try bytes.dropLast(8).write(to: URL(fileURLWithPath: close))
        let truncated = loadError(dir.path)
        #expect(truncated == .sizeMismatch(path: close, expectedBytes: 5 * 390 * 8, actualBytes: 5 * 390 * 8 - 8))
        try bytes.write(to: URL(fileURLWithPath: close))
        #expect(loadError(dir.path) == nil)
        try FileManager.default.removeItem(atPath: dir.path + "/bars.valid.u8")
        #expect(loadError(dir.path) == .missingFile(path: dir.path + "/bars.valid.u8"))
    }

    @Test func aSyntheticDatasetIsReusedOnlyWhenItIsTheSameOneAndImportedDataIsNeverReplaced() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/data"
        #expect(try !SyntheticDatasetBuilder.reuseOrGenerate(sessions: 20, seed: 8, at: path))
        #expect(try SyntheticDatasetBuilder.reuseOrGenerate(sessions: 20, seed: 8, at: path))
        // Another seed or length is another dataset: regenerated in place.
        #expect(try !SyntheticDatasetBuilder.reuseOrGenerate(sessions: 20, seed: 9, at: path))
        #expect(try DatasetStore.readManifest(from: path).provenance.seed == 9)
        #expect(try !SyntheticDatasetBuilder.reuseOrGenerate(sessions: 25, seed: 9, at: path))
        #expect(try DatasetStore.readManifest(from: path).sessionCount == 25)
        var imported = DatasetProvenance.synthetic(seed: 9, start: SyntheticMarketGenerator.defaultStart, market: .init(), quotes: .init())
        imported.kind = .imported
        let other = dir.path + "/imported"
        _ = try DatasetStore.write(try SyntheticMarketGenerator(seed: 9).generate(sessions: 25), provenance: imported, to: other)
        #expect(throws: DatasetError.alreadyExists(directory: other)) {
            try SyntheticDatasetBuilder.reuseOrGenerate(sessions: 25, seed: 9, at: other)
        }
    }

    @Test func editedManifestAndMissingManifestAreRefused() throws {
        let dir = try TemporaryDirectory()
        let dataset = try SyntheticMarketGenerator(seed: 5).generate(sessions: 3)
        let provenance = DatasetProvenance.synthetic(seed: 5, start: SyntheticMarketGenerator.defaultStart, market: .init(), quotes: .init())
        _ = try DatasetStore.write(dataset, provenance: provenance, to: dir.path)
        #expect(throws: DatasetError.alreadyExists(directory: dir.path)) {
            try DatasetStore.write(dataset, provenance: provenance, to: dir.path)
        }
        let manifestPath = dir.path + "/manifest.json"
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let firstSum = try #require(text.range(of: #""xxh64" : ""#))
        var edited = text
        let digitIndex = firstSum.upperBound
        edited.replaceSubrange(digitIndex...digitIndex, with: text[digitIndex] == "0" ? "1" : "0")
        try edited.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        guard case .inconsistent? = loadError(dir.path) else { Issue.record("an edited manifest must not load"); return }
        try FileManager.default.removeItem(atPath: manifestPath)
        #expect(throws: DatasetError.notADataset(directory: dir.path)) { try DatasetStore.load(from: dir.path) }
    }

    @Test func checkReportsGapsAndBadBars() throws {
        var dataset = try SyntheticMarketGenerator(seed: 6).generate(sessions: 10)
        let i = dataset.bars.index(session: 3, slot: 100)
        dataset.bars.high[i] = dataset.bars.low[i] - 1
        dataset.bars.valid[dataset.bars.index(session: 5, slot: 389)] = 0
        // Drop the fourth session entirely to make a calendar gap.
        let keep = (0..<10).filter { $0 != 4 }
        let slots = SessionBarGrid.slotsPerSession
        func pick(_ column: [Double]) -> [Double] { keep.flatMap { column[($0 * slots)..<(($0 + 1) * slots)] } }
        let bars = SessionBarGrid(sessions: keep.map { dataset.sessions[$0] }, open: pick(dataset.bars.open),
                                  high: pick(dataset.bars.high), low: pick(dataset.bars.low), close: pick(dataset.bars.close),
                                  volume: pick(dataset.bars.volume),
                                  valid: keep.flatMap { dataset.bars.valid[($0 * slots)..<(($0 + 1) * slots)] })
        let daily = DailyTable(previousClose: keep.map { dataset.daily.previousClose[$0] },
                               officialClose: keep.map { dataset.daily.officialClose[$0] },
                               volatilityIndex: keep.map { dataset.daily.volatilityIndex[$0] })
        let gapped = MarketDataset(symbol: "SPY", bars: bars, daily: daily, previousCloseSource: .synthetic)
        let dir = try TemporaryDirectory()
        _ = try DatasetStore.write(gapped, provenance: .synthetic(seed: 6, start: SyntheticMarketGenerator.defaultStart, market: .init(), quotes: .init()), to: dir.path)
        let (report, count) = try DatasetCheck.run(on: try DatasetStore.load(from: dir.path))
        #expect(report.sessions == 9)
        #expect(report.calendarGaps == [dataset.sessions[4].date])
        #expect(report.missingBars == 1)
        #expect(report.sessionsMissingFinalBar == 1)
        #expect(count == 1)
        #expect(report.problems.first?.kind == "high_below_low")
        #expect(report.problems.first?.barTime == EasternTime.local(dataset.sessions[3].slotStart(100)).description)
    }
}

func loadError(_ directory: String) -> DatasetError? {
    do {
        _ = try DatasetStore.load(from: directory)
        return nil
    } catch {
        return error
    }
}

/// Bit-for-bit equality of two datasets (NaN-aware, unlike `==` on Double).
func identical(_ a: MarketDataset, _ b: MarketDataset) -> Bool {
    func same(_ x: [Double], _ y: [Double]) -> Bool { x.map(\.bitPattern) == y.map(\.bitPattern) }
    return a.symbol == b.symbol && a.sessions == b.sessions && a.previousCloseSource == b.previousCloseSource
        && same(a.bars.open, b.bars.open) && same(a.bars.high, b.bars.high) && same(a.bars.low, b.bars.low)
        && same(a.bars.close, b.bars.close) && same(a.bars.volume, b.bars.volume) && a.bars.valid == b.bars.valid
        && same(a.daily.previousClose, b.daily.previousClose) && same(a.daily.officialClose, b.daily.officialClose)
        && same(a.daily.volatilityIndex, b.daily.volatilityIndex)
}

/// A fresh directory under the system temporary folder, removed when the value is released.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "tailsweep-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
