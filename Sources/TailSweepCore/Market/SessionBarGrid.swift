/// Regular-session one-minute bars as a dense `session × minute-slot` grid of Float64 columns.
///
/// ```swift
/// let grid = SessionBarGrid(sessions: sessions)          // every slot invalid
/// let i = grid.index(session: 0, slot: 60)                // the bar stamped 10:30 ET
/// grid.close[i]; grid.isValid(session: 0, slot: 60)
/// ```
///
/// Row `s` holds session `s`; slot `k` is the bar stamped `open + k` minutes (start-stamped, so
/// it covers `[open + k, open + k + 1)` and its close is known at `open + k + 1`). Every row has
/// ``slotsPerSession`` (390) slots; an early close uses the first 210 and leaves the rest
/// invalid. Missing bars are invalid slots whose prices are NaN. Dense rows make every later
/// stage a loop over contiguous memory.
public struct SessionBarGrid: Sendable {
    public static let slotsPerSession = NYSECalendar.fullSessionMinutes

    public let sessions: [TradingSession]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]
    /// 1 where a bar exists, 0 where it is missing or beyond an early close.
    public var valid: [UInt8]

    /// A grid with every slot missing.
    public init(sessions: [TradingSession]) {
        let count = sessions.count * SessionBarGrid.slotsPerSession
        self.sessions = sessions
        open = [Double](repeating: .nan, count: count)
        high = open
        low = open
        close = open
        volume = [Double](repeating: 0, count: count)
        valid = [UInt8](repeating: 0, count: count)
    }

    public init(sessions: [TradingSession], open: [Double], high: [Double], low: [Double],
                close: [Double], volume: [Double], valid: [UInt8]) {
        self.sessions = sessions
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.valid = valid
    }

    public var sessionCount: Int { sessions.count }

    @inline(__always)
    public func index(session: Int, slot: Int) -> Int { session * SessionBarGrid.slotsPerSession + slot }

    /// Slots the session's regular hours hold (390, or 210 on an early close).
    @inline(__always)
    public func slotCount(session: Int) -> Int { sessions[session].minuteCount }

    @inline(__always)
    public func isValid(session: Int, slot: Int) -> Bool { valid[index(session: session, slot: slot)] != 0 }

    public mutating func setBar(session: Int, slot: Int, open o: Double, high h: Double, low l: Double,
                                close c: Double, volume v: Double) {
        let i = index(session: session, slot: slot)
        open[i] = o
        high[i] = h
        low[i] = l
        close[i] = c
        volume[i] = v
        valid[i] = 1
    }

    /// Number of bars present.
    public var barCount: Int { valid.reduce(0) { $0 + Int($1) } }

    /// Regular-session slots with no bar (early-close tails are not counted as missing).
    public var missingBarCount: Int {
        var missing = 0
        for s in 0..<sessionCount {
            let base = s * SessionBarGrid.slotsPerSession
            for k in 0..<slotCount(session: s) where valid[base + k] == 0 { missing += 1 }
        }
        return missing
    }

    /// The close of the last bar of session `s`, or `nil` when its final bar is missing.
    public func finalClose(session s: Int) -> Double? {
        let last = slotCount(session: s) - 1
        return isValid(session: s, slot: last) ? close[index(session: s, slot: last)] : nil
    }
}
