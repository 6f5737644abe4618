/// Walks an open short put forward minute by minute using only what is known at each minute.
///
/// ```swift
/// let path = ExitPath(bars: bars, quotes: source, marks: modelMarks, rules: quality)
/// var minutes = StrikeMinutes(strike: 445, slots: bars.slotCount(session: s), fills: [fill])
/// let exit = path.adaptive(session: s, entrySlot: 61, credit: 0.42, rule: .standard, fill: 0, minutes: &minutes)
/// exit?.reason     // .takeProfit at exit.slot, or .settlement
/// exit?.price      // buy-back per share at that minute (or intrinsic at the close)
/// ```
///
/// At instant `open + j` (j = entry + 1 … last slot) the underlying is the close of bar j − 1 and
/// the buy-back price comes from the quote made in minute j when it is good (mid + exit multiplier
/// × half-spread), otherwise from the model mark at that instant. Checks per minute, in order:
/// underlying buffer, stop multiple, take profit, time stop; the first minute where one fires
/// wins and the exit is at that minute's price — never the close. If none fires the put settles
/// at intrinsic value on the final bar's close (PM settlement). Minutes are priced only where a
/// check might fire: a block of minutes whose quote ranges (``PutQuoteSource/quoteRange(session:slots:strike:spots:goodUnder:)``)
/// keep every cost clear of the walk's levels is stepped over — exits are those of pricing every
/// minute, to the bit. A class: the simulator and its walks share one, and copying its bars and
/// quote sources cost measurable retains.
public final class ExitPath: Sendable {
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
    public let rules: QuoteQualityRules

    public init(bars: SessionBarGrid, quotes: any PutQuoteSource, marks: any PutQuoteSource, rules: QuoteQualityRules) {
        self.bars = bars
        self.quotes = quotes
        self.marks = marks
        self.rules = rules
    }

    public func settlement(session s: Int, strike: Double) -> Outcome? {
        guard let close = bars.finalClose(session: s) else { return nil }
        return Outcome(reason: .settlement, slot: bars.slotCount(session: s), price: max(strike - close, 0), marked: false)
    }

    /// What is known of the position at instant `open + slot`: the underlying and the buy-back
    /// mid and half-spread (from a good quote, else from the model mark), or nil when neither exists.
    public struct MinuteMark: Sendable, Hashable {
        public let spot: Double?
        public let mid: Double
        public let half: Double
        public let marked: Bool
        public let priced: Bool
    }

    /// The mark at one minute, independent of fill and exit rule (so it can be shared).
    /// `quotable: false` — bounds have proven that no quote there can be good — takes the model
    /// mark without asking for the quote.
    public func mark(session s: Int, slot j: Int, strike: Double, quotable: Bool = true) -> MinuteMark {
        let spot = bars.knownPrice(session: s, atSlot: j)
        // Both sources are told the underlying (and its log-moneyness), looked up once.
        let known = spot.map { KnownUnderlying(spot: $0, strike: strike) }
        if quotable, let q = quotes.quote(session: s, slot: j, strike: strike, known: known),
           rules.classify(q, usedAt: bars.sessions[s].slotStart(j)) == .good {
            return MinuteMark(spot: spot, mid: q.mid, half: q.spread / 2, marked: false, priced: true)
        }
        if let m = marks.quote(session: s, slot: j, strike: strike, known: known) {
            return MinuteMark(spot: spot, mid: m.mid, half: m.spread / 2, marked: true, priced: true)
        }
        return MinuteMark(spot: spot, mid: .nan, half: .nan, marked: false, priced: false)
    }

    /// What bounds say of a block of minutes at one strike, without pricing them: the lowest
    /// underlying known there (+∞ when none is), the bids and asks a mark there can take, and
    /// whether any quote there can be good (if not, every mark is the model's).
    struct MarkBounds {
        let spotLow: Double
        let prices: QuoteRange
        let quotable: Bool
    }

    /// Bounds on the marks of minutes `slots`: a good quote where there is one, else the model
    /// mark, so both sources' ranges joined (the quotes' alone cannot be good: none counts) —
    /// nil when a source cannot bound its quotes (the quotes' asked first: imported quotes never
    /// can, and then the model's range is not worked out for nothing).
    func markBounds(session s: Int, slots: Range<Int>, strike: Double) -> MarkBounds? {
        guard let spots = bars.knownPriceRange(session: s, slots: slots) else {
            return MarkBounds(spotLow: .infinity, prices: .none, quotable: true)
        }
        guard let quoted = quotes.quoteRange(session: s, slots: slots, strike: strike, spots: spots, goodUnder: rules),
              let model = marks.quoteRange(session: s, slots: slots, strike: strike, spots: spots, goodUnder: nil)
        else { return nil }
        return MarkBounds(spotLow: spots.lowerBound, prices: model.joined(with: quoted), quotable: quoted != .none)
    }

    /// The walk at `minutes.strike` under `minutes.fills[fill]`, reading the minutes' buy-back
    /// costs where an earlier walk computed them and computing (and keeping) the others — a walk's
    /// result does not depend on which walks shared `minutes` before it.
    public func adaptive(session s: Int, entrySlot: Int, credit: Double, rule: borrowing ExitRule, fill f: Int,
                         minutes: inout StrikeMinutes) -> Outcome? {
        let strike = minutes.strike
        let session = bars.sessions[s]
        let slots = session.minuteCount
        // The rule's levels, computed once (the same products a per-minute check would form), an
        // absent one as a level no finite price or underlying reaches; its time stop as a slot
        // (the session's local open looked up only when there is one).
        let bufferLevel = rule.underlyingBuffer.map { strike * (1 + $0) } ?? -.infinity
        let stopLevel = rule.stopMultiple.map { $0 * credit } ?? .infinity
        let profitLevel = rule.capture.map { (1 - $0) * credit } ?? -.infinity
        let timeStopSlot = rule.timeStop.map { $0 - EasternTime.local(session.open).minuteOfDay } ?? Int.max
        var j = entrySlot + 1
        while j < slots {
            switch minutes.scan(from: j, to: slots, fill: f, buffer: bufferLevel, stop: stopLevel, profit: profitLevel,
                                timeStop: timeStopSlot) {
            case .fired(let outcome): return outcome
            case .end: j = slots
            case .notComputed(let k):
                // Bounds first: a block where no check can fire for this walk is stepped over unpriced.
                if let end = minutes.quietEnd(from: k, fill: f, buffer: bufferLevel, stop: stopLevel, profit: profitLevel,
                                              timeStop: timeStopSlot, bounds: { markBounds(session: s, slots: $0, strike: strike) }) {
                    j = end
                } else {
                    minutes.record(from: k) { mark(session: s, slot: $0, strike: strike, quotable: $1) }
                    j = k
                }
            }
        }
        return settlement(session: s, strike: strike)
    }
}
