/// A proleptic Gregorian calendar date with no time zone, stored as a day number.
///
/// ```swift
/// let d = try CivilDate(parsing: "2024-07-03")
/// d.weekday          // .wednesday
/// d.adding(days: 1)  // 2024-07-04
/// d.description      // "2024-07-03"
/// ```
///
/// The day number counts days since 1970-01-01 (negative before), which makes ordering,
/// differences and dense per-session arrays cheap. Conversions use Howard Hinnant's
/// `days_from_civil` / `civil_from_days` algorithms, exact for every representable date.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01.
    public let dayNumber: Int32

    public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Creates a date from its parts; returns `nil` when the parts do not name a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.dayNumber = Int32(CivilDate.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD` (also accepts `YYYYMMDD`).
    public init(parsing text: some StringProtocol) throws(CivilDateError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        let parts: (Int?, Int?, Int?)
        if bytes.count == 10, bytes[4] == 45, bytes[7] == 45 {
            parts = (number(0..<4), number(5..<7), number(8..<10))
        } else if bytes.count == 8 {
            parts = (number(0..<4), number(4..<6), number(6..<8))
        } else {
            throw .malformed(String(text))
        }
        guard let y = parts.0, let m = parts.1, let d = parts.2, let date = CivilDate(year: y, month: m, day: d) else {
            throw .malformed(String(text))
        }
        self = date
    }

    public var parts: (year: Int, month: Int, day: Int) { CivilDate.civilFromDays(Int(dayNumber)) }
    public var year: Int { parts.year }
    public var month: Int { parts.month }
    public var day: Int { parts.day }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((Int(dayNumber) % 7) + 7 + 4) % 7
        return Weekday(rawValue: index)!
    }

    public var isWeekend: Bool { weekday == .saturday || weekday == .sunday }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(days)) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        let (y, m, d) = parts
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    // MARK: Codable as "YYYY-MM-DD"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try CivilDate(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Algorithms

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Days of the week; raw values count from Sunday = 0.
public enum Weekday: Int, Sendable, CaseIterable {
    case sunday, monday, tuesday, wednesday, thursday, friday, saturday
}

public enum CivilDateError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    public var description: String {
        switch self {
        case .malformed(let text): return "'\(text)' is not a date of the form YYYY-MM-DD"
        }
    }
}

@inline(__always)
func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
