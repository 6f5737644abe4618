import TailSweepCore
import TailSweepData

/// Picks the premium source for a dataset: the synthetic quote source for synthetic data,
/// otherwise model premiums (imported quotes plug in here once a dataset carries them).
public enum QuoteSources {
    public static func primary(for loaded: DatasetStore.Loaded, states: DecisionStates) -> any PutQuoteSource {
        if let synthetic = SyntheticDatasetBuilder.quoteSource(for: loaded) { return synthetic }
        return ModelQuoteSource(dataset: loaded.dataset, states: states)
    }
}
