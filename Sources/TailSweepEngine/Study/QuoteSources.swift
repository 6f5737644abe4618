import TailSweepCore
import TailSweepData

/// Picks the premium source for a dataset: imported quotes when it carries them, the synthetic
/// quote source for synthetic data, otherwise model premiums.
public enum QuoteSources {
    public static func primary(for loaded: DatasetStore.Loaded, states: DecisionStates) -> any PutQuoteSource {
        if let quotes = loaded.quotes {
            return ImportedQuoteSource(table: quotes, sessions: loaded.full.sessions, sessionOffset: loaded.sessionOffset)
        }
        if let synthetic = SyntheticDatasetBuilder.quoteSource(for: loaded) { return synthetic }
        return ModelQuoteSource(dataset: loaded.dataset, states: states)
    }
}
