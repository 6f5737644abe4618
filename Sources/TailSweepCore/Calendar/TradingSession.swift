/// One NYSE regular trading session: its date and its open and close instants in UTC.
///
/// ```swift
/// let s = try NYSECalendar.session(on: try CivilDate(parsing: "2024-11-29"))!
/// s.isEarlyClose    // true (day after Thanksgiving, 13:00 ET close)
/// s.minuteCount     // 210
/// s.open.description // "2024-11-29T14:30:00Z"
/// ```
public struct TradingSession: Hashable, Sendable, Codable {
    public let date: CivilDate
    public let open: Timestamp
    public let close: Timestamp

    public init(date: CivilDate, open: Timestamp, close: Timestamp) {
        self.date = date
        self.open = open
        self.close = close
    }

    /// Regular-session length in minutes: 390, or 210 on a 13:00 early close.
    public var minuteCount: Int { Int((close.seconds - open.seconds) / 60) }
    public var isEarlyClose: Bool { minuteCount < NYSECalendar.fullSessionMinutes }

    /// The start of minute slot `slot` (the bar stamped there covers one minute from it).
    public func slotStart(_ slot: Int) -> Timestamp { open.adding(minutes: slot) }

    /// The slot whose bar starts at `t`, or `nil` outside `[open, close)` or off a minute boundary.
    public func slot(startingAt t: Timestamp) -> Int? {
        let delta = t.seconds - open.seconds
        guard delta >= 0, delta % 60 == 0, t < close else { return nil }
        return Int(delta / 60)
    }
}
