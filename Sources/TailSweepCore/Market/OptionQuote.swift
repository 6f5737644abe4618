/// A put quote as seen at one instant: the strike, the two sides and when the quote was made.
///
/// ```swift
/// let q = OptionQuote(strike: 445, bid: 0.31, ask: 0.34, quoteTime: t)
/// q.mid     // 0.325
/// q.spread  // 0.03
/// ```
///
/// `quoteTime == nil` means the source gave no timestamp; quote-quality rules treat that as stale.
public struct OptionQuote: Hashable, Sendable {
    public let strike: Double
    public let bid: Double
    public let ask: Double
    public let quoteTime: Timestamp?

    public init(strike: Double, bid: Double, ask: Double, quoteTime: Timestamp?) {
        self.strike = strike
        self.bid = bid
        self.ask = ask
        self.quoteTime = quoteTime
    }

    public var mid: Double { (bid + ask) / 2 }
    public var spread: Double { ask - bid }
}
