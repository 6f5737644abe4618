/// An instant in UTC, in whole seconds since 1970-01-01T00:00:00Z.
///
/// ```swift
/// let t = Timestamp(seconds: 946_909_800)
/// t.description   // "2000-01-03T14:30:00Z"
/// t.adding(minutes: 1).seconds - t.seconds  // 60
/// ```
///
/// TailSweep stores every timestamp in UTC and does session logic in `America/New_York`
/// through ``EasternTime``. Minute bars are start-stamped: a bar stamped `t` covers `[t, t+60)`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// The instant at `secondsOfDay` after midnight UTC of `date`.
    public init(utcDate date: CivilDate, secondsOfDay: Int) {
        self.seconds = Int64(date.dayNumber) * 86_400 + Int64(secondsOfDay)
    }

    public func adding(minutes: Int) -> Timestamp { Timestamp(seconds: seconds + Int64(minutes) * 60) }
    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }

    public var utcDate: CivilDate { CivilDate(dayNumber: Int32(floorDiv(seconds, 86_400))) }
    public var utcSecondsOfDay: Int { Int(seconds - Int64(utcDate.dayNumber) * 86_400) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// ISO-8601 in UTC with a `Z` suffix, e.g. `2000-01-03T14:30:00Z`.
    public var description: String {
        let s = utcSecondsOfDay
        return "\(utcDate)T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))Z"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not YYYY-MM-DDTHH:MM:SSZ")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC only).
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58, bytes[19] == 90,
              let date = try? CivilDate(parsing: String(decoding: bytes[0..<10], as: UTF8.self)),
              let h = Int(String(decoding: bytes[11..<13], as: UTF8.self)),
              let m = Int(String(decoding: bytes[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: bytes[17..<19], as: UTF8.self)),
              h < 24, m < 60, s < 60
        else { return nil }
        self.init(utcDate: date, secondsOfDay: h * 3600 + m * 60 + s)
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
