/// Conversions between UTC instants and `America/New_York` wall-clock time.
///
/// ```swift
/// let open = EasternTime.timestamp(date: try CivilDate(parsing: "2024-07-03"), hour: 9, minute: 30)
/// open.description                     // "2024-07-03T13:30:00Z" (EDT, UTC−4)
/// EasternTime.local(open).minuteOfDay  // 570
/// ```
///
/// Exact for the US daylight-saving rules in force since 1987: until 2006 DST ran from the
/// first Sunday of April to the last Sunday of October; from 2007 from the second Sunday of
/// March to the first Sunday of November, switching at 02:00 local time. That covers the
/// calendar's supported years (2000–2030) with margin; no time-zone database is consulted,
/// so results cannot drift with the host's tzdata.
public enum EasternTime {
    public static let standardOffsetSeconds: Int64 = -5 * 3600
    public static let daylightOffsetSeconds: Int64 = -4 * 3600

    /// The local dates on which DST starts and ends in `year`.
    public static func transitions(year: Int) -> (start: CivilDate, end: CivilDate) {
        if year >= 2007 {
            return (nthWeekday(.sunday, 2, month: 3, year: year), nthWeekday(.sunday, 1, month: 11, year: year))
        }
        return (nthWeekday(.sunday, 1, month: 4, year: year), lastWeekday(.sunday, month: 10, year: year))
    }

    /// UTC offset in seconds for a local wall-clock time. On a transition day, times from
    /// 02:00 local on use the new offset (the skipped and repeated hours never hold sessions).
    public static func offset(localDate: CivilDate, secondsOfDay: Int) -> Int64 {
        let (start, end) = transitions(year: localDate.year)
        if localDate > start && localDate < end { return daylightOffsetSeconds }
        if localDate == start { return secondsOfDay >= 7200 ? daylightOffsetSeconds : standardOffsetSeconds }
        if localDate == end { return secondsOfDay >= 7200 ? standardOffsetSeconds : daylightOffsetSeconds }
        return standardOffsetSeconds
    }

    /// The UTC instant of a New York wall-clock time.
    public static func timestamp(date: CivilDate, hour: Int, minute: Int, second: Int = 0) -> Timestamp {
        let sod = hour * 3600 + minute * 60 + second
        let local = Int64(date.dayNumber) * 86_400 + Int64(sod)
        return Timestamp(seconds: local - offset(localDate: date, secondsOfDay: sod))
    }

    /// The New York wall-clock date and time of a UTC instant.
    public static func local(_ t: Timestamp) -> LocalTime {
        // DST starts at 07:00 UTC (02:00 EST) and ends at 06:00 UTC (02:00 EDT).
        let utcDate = t.utcDate
        let (start, end) = transitions(year: utcDate.year)
        let startInstant = Timestamp(utcDate: start, secondsOfDay: 7 * 3600)
        let endInstant = Timestamp(utcDate: end, secondsOfDay: 6 * 3600)
        let offset = (t >= startInstant && t < endInstant) ? daylightOffsetSeconds : standardOffsetSeconds
        let shifted = Timestamp(seconds: t.seconds + offset)
        return LocalTime(date: shifted.utcDate, secondsOfDay: shifted.utcSecondsOfDay, utcOffsetSeconds: offset)
    }

    static func nthWeekday(_ weekday: Weekday, _ n: Int, month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)!
        let shift = (weekday.rawValue - first.weekday.rawValue + 7) % 7
        return first.adding(days: shift + 7 * (n - 1))
    }

    static func lastWeekday(_ weekday: Weekday, month: Int, year: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
        let shift = (last.weekday.rawValue - weekday.rawValue + 7) % 7
        return last.adding(days: -shift)
    }
}

/// A New York wall-clock time.
public struct LocalTime: Hashable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    public let secondsOfDay: Int
    public let utcOffsetSeconds: Int64

    public var minuteOfDay: Int { secondsOfDay / 60 }
    public var isDaylightSaving: Bool { utcOffsetSeconds == EasternTime.daylightOffsetSeconds }

    /// `2024-07-03 09:30:00 EDT`
    public var description: String {
        let s = secondsOfDay
        return "\(date) \(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2)) \(isDaylightSaving ? "EDT" : "EST")"
    }
}
