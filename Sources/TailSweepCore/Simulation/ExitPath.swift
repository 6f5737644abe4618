/// Walks an open short put forward minute by minute using only what is known at each minute.
///
/// ```swift
/// let exit = ExitPath(bars: bars, quotes: source, marks: modelMarks, fill: fill, rules: quality)
///     .adaptive(session: s, entrySlot: 61, strike: 445, credit: 0.42, rule: .standard)
/// exit.reason      // .takeProfit at exit.slot, or .settlement
/// exit.price       // buy-back per share at that minute (or intrinsic at the close)
/// ```
///
/// At instant `open + j` (j = entry + 1 … last slot) the underlying is the close of bar j − 1 and
/// the buy-back price comes from the quote made in minute j when it is good (mid + exit multiplier
/// × half-spread), otherwise from the model mark at that instant. Checks per minute, in order:
/// underlying buffer, stop multiple, take profit, time stop; the first minute where one fires
/// wins and the exit is at that minute's price — never the close. If none fires the put settles
/// at intrinsic value on the final bar's close (PM settlement).
public struct ExitPath: Sendable {
    public struct Outcome: Sendable, Hashable {
        public let reason: ExitReason
        /// Exit instant slot (`open + slot`), or the session's minute count at settlement.
        public let slot: Int
        /// Per share: buy-back cost, or intrinsic value at settlement.
        public let price: Double
        /// Whether the exit price came from a model mark rather than a quote.
        public let marked: Bool
    }

    public let bars: SessionBarGrid
    public let quotes: any PutQuoteSource
    public let marks: any PutQuoteSource
    public let fill: FillModel
    public let rules: QuoteQualityRules

    public init(bars: SessionBarGrid, quotes: any PutQuoteSource, marks: any PutQuoteSource, fill: FillModel, rules: QuoteQualityRules) {
        self.bars = bars
        self.quotes = quotes
        self.marks = marks
        self.fill = fill
        self.rules = rules
    }

    public func settlement(session s: Int, strike: Double) -> Outcome? {
        guard let close = bars.finalClose(session: s) else { return nil }
        return Outcome(reason: .settlement, slot: bars.slotCount(session: s), price: max(strike - close, 0), marked: false)
    }

    public func adaptive(session s: Int, entrySlot: Int, strike: Double, credit: Double, rule: ExitRule) -> Outcome? {
        let session = bars.sessions[s]
        let slots = session.minuteCount
        let openMinute = EasternTime.local(session.open).minuteOfDay
        var j = entrySlot + 1
        while j < slots {
            guard let spot = bars.knownPrice(session: s, atSlot: j) else { j += 1; continue }
            let time = session.slotStart(j)
            var price: Double? = nil, marked = false
            let q = quotes.quote(session: s, slot: j, strike: strike)
            if rules.classify(q, usedAt: time) == .good, let q {
                price = fill.exitCost(mid: q.mid, halfSpread: q.spread / 2)
            } else if let m = marks.quote(session: s, slot: j, strike: strike) {
                price = fill.exitCost(mid: m.mid, halfSpread: m.spread / 2)
                marked = true
            }
            if let buffer = rule.underlyingBuffer, spot <= strike * (1 + buffer), let p = price {
                return Outcome(reason: .underlyingBuffer, slot: j, price: p, marked: marked)
            }
            if let p = price {
                if let stop = rule.stopMultiple, p >= stop * credit { return Outcome(reason: .stopLoss, slot: j, price: p, marked: marked) }
                if let capture = rule.capture, p <= (1 - capture) * credit { return Outcome(reason: .takeProfit, slot: j, price: p, marked: marked) }
                if let t = rule.timeStop, openMinute + j >= t { return Outcome(reason: .timeStop, slot: j, price: p, marked: marked) }
            }
            j += 1
        }
        return settlement(session: s, strike: strike)
    }
}
