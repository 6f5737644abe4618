import TailSweepCore

/// Shard partials as JSON text (exact: doubles round-trip in Swift's shortest form, the CVaR
/// tails as their values' bit patterns; sorted keys, so the same shard is the same text in every
/// run and every database).
///
/// ```swift
/// let text = ShardPartial.encode(output.statistics)   // what sweep_shards.partial holds
/// let back = try ShardPartial.decode(text)            // == output.statistics
/// ```
///
/// The text is what `StoredJSON.encode` writes for `[CellAccumulator]` — byte for byte (tested) —
/// but written directly: the generic encoder spent about a tenth of a sweep's time on the CVaR
/// tails of large shards, and their values' shortest decimal forms most of what was left (hence
/// the bit patterns; partials of earlier builds, with the values as numbers, still decode).
enum ShardPartial {
    static func encode(_ accumulators: [CellAccumulator]) -> String {
        var out = "["
        out.reserveCapacity(accumulators.reduce(0) { $0 + 600 + 16 * min($1.trades, $1.tailCapacity) })
        for (i, a) in accumulators.enumerated() {
            if i > 0 { out += "," }
            append(a, to: &out)
        }
        out += "]"
        return out
    }

    /// Each shard's text, the shards side by side on `parallel`.
    static func encode(_ shards: [[CellAccumulator]], parallel: ScoredStates.ParallelFor) -> [String] {
        var texts = [String](repeating: "", count: shards.count)
        texts.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out     // each iteration writes its own element
            parallel(shards.count) { i in out[i] = encode(shards[i]) }
        }
        return texts
    }

    static func decode(_ text: String) throws -> [CellAccumulator] { try StoredJSON.decode([CellAccumulator].self, text) }

    /// One accumulator's object, keys in UTF-8 order as `JSONEncoder`'s `.sortedKeys` gives them.
    private static func append(_ a: CellAccumulator, to out: inout String) {
        out += "{\"binCount\":"; StoredJSON.append(a.binCount, to: &out)
        out += ",\"binForecast\":"; StoredJSON.append(a.binForecast, to: &out)
        out += ",\"binOutcome\":"; StoredJSON.append(a.binOutcome, to: &out)
        out += ",\"breaches\":\(a.breaches)"
        out += ",\"brierSum\":"; StoredJSON.append(a.brierSum, to: &out)
        out += ",\"daySquares\":"; StoredJSON.append(a.daySquares, to: &out)
        out += ",\"daySum\":"; StoredJSON.append(a.daySum, to: &out)
        out += ",\"days\":\(a.days)"
        out += ",\"maxDrawdown\":"; StoredJSON.append(a.maxDrawdown, to: &out)
        out += ",\"pathMaxPrefix\":"; StoredJSON.append(a.pathMaxPrefix, to: &out)
        out += ",\"pathMinPrefix\":"; StoredJSON.append(a.pathMinPrefix, to: &out)
        out += ",\"pathTotal\":"; StoredJSON.append(a.pathTotal, to: &out)
        out += ",\"pnlSquares\":"; StoredJSON.append(a.pnlSquares, to: &out)
        out += ",\"pnlSum\":"; StoredJSON.append(a.pnlSum, to: &out)
        out += ",\"skips\":"; StoredJSON.append(a.skips, to: &out)
        out += ",\"tailCapacity\":\(a.tailCapacity)"
        out += ",\"trades\":\(a.trades)"
        out += ",\"wins\":\(a.wins)"
        out += ",\"worst\":"; StoredJSON.append(a.worst, to: &out)
        out += ",\"worstTail\":\""; out += StoredJSON.bitPatternText(a.worstTail); out += "\""   // hex digits: nothing to escape
        out += "}"
    }
}
