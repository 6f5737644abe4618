/// Imported same-day put quotes of a dataset, sorted by session, strike and time, ready for
/// "first quote in a time window" look-ups.
///
/// ```swift
/// let range = table.rows(session: s)                 // this session's quotes
/// table.strikes(session: s)                          // listed strikes, ascending
/// table.firstQuote(session: s, strike: 445, from: t, through: t.adding(seconds: 59))
/// ```
public struct QuoteTable: Sendable {
    /// Rows of session `s`: `start[s]..<start[s + 1]`.
    public let start: [Int]
    public let time: [Int64]
    public let strike: [Double]
    public let bid: [Double]
    public let ask: [Double]

    public init(start: [Int], time: [Int64], strike: [Double], bid: [Double], ask: [Double]) {
        self.start = start
        self.time = time
        self.strike = strike
        self.bid = bid
        self.ask = ask
    }

    public var count: Int { time.count }

    public func rows(session s: Int) -> Range<Int> { start[s]..<start[s + 1] }

    public func strikes(session s: Int) -> [Double] {
        var out: [Double] = []
        for i in rows(session: s) where out.last != strike[i] { out.append(strike[i]) }
        return out
    }

    /// The first quote of `strike` stamped in `[from, through]`.
    public func firstQuote(session s: Int, strike k: Double, from: Timestamp, through: Timestamp) -> OptionQuote? {
        let r = rows(session: s)
        var lo = r.lowerBound, hi = r.upperBound
        // First row with (strike, time) ≥ (k, from).
        while lo < hi {
            let mid = (lo + hi) / 2
            if strike[mid] < k || (strike[mid] == k && time[mid] < from.seconds) { lo = mid + 1 } else { hi = mid }
        }
        guard lo < r.upperBound, strike[lo] == k, time[lo] <= through.seconds else { return nil }
        return OptionQuote(strike: k, bid: bid[lo], ask: ask[lo], quoteTime: Timestamp(seconds: time[lo]))
    }
}

/// Premiums from imported quotes (`premium_source = quotes`).
public struct ImportedQuoteSource: PutQuoteSource {
    public let table: QuoteTable
    public let sessions: [TradingSession]
    /// Session `s` of the caller is session `s + sessionOffset` of the table.
    public let sessionOffset: Int
    public var premiumSource: PremiumSource { .quotes }

    public init(table: QuoteTable, sessions: [TradingSession], sessionOffset: Int = 0) {
        self.table = table
        self.sessions = sessions
        self.sessionOffset = sessionOffset
    }

    public func listedStrike(atOrBelow target: Double, session: Int) -> Double? {
        table.strikes(session: session + sessionOffset).last { $0 <= target + 1e-9 }
    }

    public func quote(session: Int, slot: Int, strike: Double) -> OptionQuote? {
        let s = session + sessionOffset
        let t = sessions[s].slotStart(slot)
        return table.firstQuote(session: s, strike: strike, from: t, through: t.adding(seconds: 59))
    }
}
