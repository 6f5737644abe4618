/// The New York Stock Exchange regular-session calendar, exact from 2000-01-01 to 2030-12-31.
///
/// ```swift
/// let sessions = try NYSECalendar.sessions(from: try CivilDate(parsing: "2025-01-06"),
///                                          through: try CivilDate(parsing: "2025-01-10"))
/// sessions.map(\.date.description)  // 2025-01-09 (national day of mourning) is missing
/// try NYSECalendar.session(on: try CivilDate(parsing: "2031-01-02"))  // throws .outOfRange
/// ```
///
/// Rules: weekends; New Year's Day (Sunday → Monday; a Saturday New Year's is not made up);
/// Martin Luther King Jr. Day; Washington's Birthday; Good Friday; Memorial Day; Juneteenth
/// from 2022; Independence Day; Labor Day; Thanksgiving; Christmas (Saturday → Friday, Sunday →
/// Monday for all but New Year's); the special closures in ``specialClosures``; 13:00 ET early
/// closes on the day before Independence Day (Monday–Thursday July 3), the day after
/// Thanksgiving and Monday–Thursday Christmas Eve, with the historical exceptions in
/// ``earlyCloseExceptions``. The tests compare every session of 2000–2030 with the published
/// XNYS calendar of the `exchange_calendars` project.
public enum NYSECalendar {
    public static let fullSessionMinutes = 390
    public static let earlyCloseSessionMinutes = 210
    public static let firstSupportedDate = CivilDate(year: 2000, month: 1, day: 1)!
    public static let lastSupportedDate = CivilDate(year: 2030, month: 12, day: 31)!

    /// Unscheduled full-day closures.
    public static let specialClosures: [CivilDate: String] = {
        let list: [(Int, Int, Int, String)] = [
            (2001, 9, 11, "September 11 attacks"), (2001, 9, 12, "September 11 attacks"),
            (2001, 9, 13, "September 11 attacks"), (2001, 9, 14, "September 11 attacks"),
            (2004, 6, 11, "National day of mourning for Ronald Reagan"),
            (2007, 1, 2, "National day of mourning for Gerald Ford"),
            (2012, 10, 29, "Hurricane Sandy"), (2012, 10, 30, "Hurricane Sandy"),
            (2018, 12, 5, "National day of mourning for George H. W. Bush"),
            (2025, 1, 9, "National day of mourning for Jimmy Carter"),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { (CivilDate(year: $0.0, month: $0.1, day: $0.2)!, $0.3) })
    }()

    /// Early closes that break the usual rules: in 2002 the exchange closed early on Friday
    /// July 5 instead of Wednesday July 3, and in 2003 also on Friday December 26.
    public static let earlyCloseExceptions: (added: Set<CivilDate>, removed: Set<CivilDate>) = (
        added: [CivilDate(year: 2002, month: 7, day: 5)!, CivilDate(year: 2003, month: 12, day: 26)!],
        removed: [CivilDate(year: 2002, month: 7, day: 3)!]
    )

    /// The session on `date`, or `nil` when the exchange is closed that day.
    public static func session(on date: CivilDate) throws(CalendarError) -> TradingSession? {
        try checkRange(date)
        let index = table.indexByDay[Int(date.dayNumber - firstSupportedDate.dayNumber)]
        return index < 0 ? nil : table.sessions[Int(index)]
    }

    /// All sessions in `[from, through]`, in order.
    public static func sessions(from: CivilDate, through: CivilDate) throws(CalendarError) -> [TradingSession] {
        try checkRange(from)
        try checkRange(through)
        guard from <= through else { return [] }
        let lo = firstIndex(onOrAfter: from)
        let hi = firstIndex(onOrAfter: through.adding(days: 1))
        return Array(table.sessions[lo..<hi])
    }

    /// The first `count` sessions on or after `date`.
    public static func sessions(startingOnOrAfter date: CivilDate, count: Int) throws(CalendarError) -> [TradingSession] {
        try checkRange(date)
        let lo = firstIndex(onOrAfter: date)
        guard lo + count <= table.sessions.count else {
            throw .outOfRange(date.adding(days: (count * 7) / 5), firstSupportedDate, lastSupportedDate)
        }
        return Array(table.sessions[lo..<(lo + count)])
    }

    /// Why the exchange is closed on a weekday, or `nil` when it is open (or the day is a weekend).
    public static func closureReason(on date: CivilDate) -> String? {
        if let special = specialClosures[date] { return special }
        return holidayName(on: date)
    }

    // MARK: Rules

    static func holidayName(on date: CivilDate) -> String? {
        let y = date.year
        if date.isWeekend { return nil }
        if observed(month: 1, day: 1, year: y, saturdayMovesToFriday: false) == date { return "New Year's Day" }
        if date == EasternTime.nthWeekday(.monday, 3, month: 1, year: y) { return "Martin Luther King Jr. Day" }
        if date == EasternTime.nthWeekday(.monday, 3, month: 2, year: y) { return "Washington's Birthday" }
        if date == easterSunday(year: y).adding(days: -2) { return "Good Friday" }
        if date == EasternTime.lastWeekday(.monday, month: 5, year: y) { return "Memorial Day" }
        if y >= 2022, observed(month: 6, day: 19, year: y, saturdayMovesToFriday: true) == date { return "Juneteenth" }
        if observed(month: 7, day: 4, year: y, saturdayMovesToFriday: true) == date { return "Independence Day" }
        if date == EasternTime.nthWeekday(.monday, 1, month: 9, year: y) { return "Labor Day" }
        if date == EasternTime.nthWeekday(.thursday, 4, month: 11, year: y) { return "Thanksgiving Day" }
        if observed(month: 12, day: 25, year: y, saturdayMovesToFriday: true) == date { return "Christmas Day" }
        return nil
    }

    static func isEarlyClose(_ date: CivilDate) -> Bool {
        if earlyCloseExceptions.added.contains(date) { return true }
        if earlyCloseExceptions.removed.contains(date) { return false }
        let (y, m, d) = date.parts
        let weekday = date.weekday
        let mondayToThursday = weekday.rawValue >= Weekday.monday.rawValue && weekday.rawValue <= Weekday.thursday.rawValue
        if m == 7, d == 3, mondayToThursday { return true }
        if m == 12, d == 24, mondayToThursday { return true }
        return date == EasternTime.nthWeekday(.thursday, 4, month: 11, year: y).adding(days: 1)
    }

    /// The weekday on which a fixed-date holiday is observed.
    static func observed(month: Int, day: Int, year: Int, saturdayMovesToFriday: Bool) -> CivilDate? {
        let date = CivilDate(year: year, month: month, day: day)!
        switch date.weekday {
        case .sunday: return date.adding(days: 1)
        case .saturday: return saturdayMovesToFriday ? date.adding(days: -1) : nil
        default: return date
        }
    }

    /// Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm).
    static func easterSunday(year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)!
    }

    // MARK: Table

    private struct Table: Sendable {
        let sessions: [TradingSession]
        let indexByDay: [Int32]
    }

    private static let table: Table = {
        var sessions: [TradingSession] = []
        var indexByDay: [Int32] = []
        var date = firstSupportedDate
        while date <= lastSupportedDate {
            if !date.isWeekend, closureReason(on: date) == nil {
                let closeHour = isEarlyClose(date) ? 13 : 16
                indexByDay.append(Int32(sessions.count))
                sessions.append(TradingSession(
                    date: date,
                    open: EasternTime.timestamp(date: date, hour: 9, minute: 30),
                    close: EasternTime.timestamp(date: date, hour: closeHour, minute: 0)))
            } else {
                indexByDay.append(-1)
            }
            date = date.adding(days: 1)
        }
        return Table(sessions: sessions, indexByDay: indexByDay)
    }()

    private static func firstIndex(onOrAfter date: CivilDate) -> Int {
        var lo = 0, hi = table.sessions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if table.sessions[mid].date < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func checkRange(_ date: CivilDate) throws(CalendarError) {
        guard date >= firstSupportedDate, date <= lastSupportedDate else {
            throw .outOfRange(date, firstSupportedDate, lastSupportedDate)
        }
    }
}

public enum CalendarError: Error, Equatable, CustomStringConvertible {
    case outOfRange(CivilDate, CivilDate, CivilDate)

    public var description: String {
        switch self {
        case let .outOfRange(date, first, last):
            return "date \(date) is outside the NYSE calendar's supported range \(first) … \(last)"
        }
    }
}
