import TailSweepCore

/// Generates a synthetic dataset and writes it with its provenance in one step.
///
/// ```swift
/// let manifest = try SyntheticDatasetBuilder.generate(sessions: 250, seed: 1, start: SyntheticMarketGenerator.defaultStart,
///                                                     to: "data/spy250")
/// ```
public enum SyntheticDatasetBuilder {
    public static func generate(sessions: Int, seed: UInt64, start: CivilDate, to directory: String,
                                market: SyntheticMarketModel = SyntheticMarketModel(),
                                quotes: SyntheticQuoteModel = SyntheticQuoteModel(),
                                replacing: Bool = false, lastSessionEndsBefore minute: Int? = nil) throws(DatasetError) -> DatasetManifest {
        var dataset: MarketDataset
        do {
            dataset = try SyntheticMarketGenerator(model: market, seed: seed).generate(sessions: sessions, start: start)
        } catch { throw .calendar(error) }
        if let minute { dataset.truncateLastSession(before: minute) }
        let provenance = DatasetProvenance.synthetic(seed: seed, start: start, market: market, quotes: quotes)
        return try DatasetStore.write(dataset, provenance: provenance, to: directory, replacing: replacing)
    }

    /// Keeps the dataset in `directory` when it is the one `generate` with these arguments and the
    /// default models writes (synthetic, same seed, start and session count); otherwise generates
    /// it there, replacing an older synthetic dataset but never imported data. True when reused.
    @discardableResult
    public static func reuseOrGenerate(sessions: Int, seed: UInt64, start: CivilDate = SyntheticMarketGenerator.defaultStart,
                                       at directory: String) throws(DatasetError) -> Bool {
        let existing = try? DatasetStore.readManifest(from: directory)
        if let p = existing?.provenance, p.kind == .synthetic, p.seed == seed, p.start == start, existing?.sessionCount == sessions,
           (p.marketModel ?? SyntheticMarketModel()) == SyntheticMarketModel(), (p.quoteModel ?? SyntheticQuoteModel()) == SyntheticQuoteModel() {
            return true
        }
        _ = try generate(sessions: sessions, seed: seed, start: start, to: directory, replacing: existing?.provenance.kind == .synthetic)
        return false
    }

    /// The quote source that belongs to a loaded synthetic dataset, or `nil` for imported data.
    public static func quoteSource(for loaded: DatasetStore.Loaded) -> SyntheticQuoteSource? {
        let p = loaded.manifest.provenance
        guard p.kind == .synthetic, let seed = p.seed else { return nil }
        return SyntheticQuoteSource(dataset: loaded.full, model: p.quoteModel ?? SyntheticQuoteModel(),
                                    market: p.marketModel ?? SyntheticMarketModel(), seed: seed, sessionOffset: loaded.sessionOffset)
    }
}
