/// When decisions are taken each session, as New York wall-clock minutes of the day.
///
/// ```swift
/// DecisionSchedule.benchmark.times                  // [630] (10:30 ET)
/// DecisionSchedule.rollingDefault.times.count       // 24: 09:45, 10:00, …, 15:30
/// try DecisionSchedule.parseTimes("10:00,14:30")    // .fixed([600, 870])
/// ```
///
/// A decision time at or after a session's close (15:00 on a 13:00 early close) yields a state
/// with `skip_reason = outside_session`: counted, never traded.
public enum DecisionSchedule: Sendable, Hashable, Codable {
    case fixed([Int])
    case rolling(everyMinutes: Int, from: Int, through: Int)

    /// The canonical benchmark: fixed 10:30 ET.
    public static let benchmark = DecisionSchedule.fixed([10 * 60 + 30])
    /// Every 15 minutes from 09:45 through 15:30 ET.
    public static let rollingDefault = DecisionSchedule.rolling(everyMinutes: 15, from: 9 * 60 + 45, through: 15 * 60 + 30)

    public var times: [Int] {
        switch self {
        case .fixed(let t): return t
        case let .rolling(every, from, through): return Array(stride(from: from, through: through, by: every))
        }
    }

    public func validated() throws(ConfigurationError) -> DecisionSchedule {
        let t = times
        guard !t.isEmpty else { throw .invalid("the decision schedule has no times") }
        if case .rolling(let every, _, _) = self, every <= 0 { throw .invalid("rolling interval must be positive, got \(every)") }
        guard zip(t, t.dropFirst()).allSatisfy({ $0 < $1 }) else { throw .invalid("decision times must be increasing: \(t.map(Self.format))") }
        guard t.allSatisfy({ $0 > 9 * 60 + 30 && $0 < 16 * 60 }) else {
            throw .invalid("decision times must lie after 09:30 and before 16:00 ET: \(t.map(Self.format))")
        }
        return self
    }

    /// Parses `HH:MM[,HH:MM…]`.
    public static func parseTimes(_ text: String) throws(ConfigurationError) -> DecisionSchedule {
        var result: [Int] = []
        for part in text.split(separator: ",") {
            result.append(try parseTime(String(part)))
        }
        return try DecisionSchedule.fixed(result).validated()
    }

    public static func parseTime(_ text: String) throws(ConfigurationError) -> Int {
        let pieces = text.trimmingWhitespace.split(separator: ":")
        guard pieces.count == 2, let h = Int(pieces[0]), let m = Int(pieces[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            throw .invalid("'\(text)' is not a time of the form HH:MM")
        }
        return h * 60 + m
    }

    public static func format(_ minuteOfDay: Int) -> String { "\(pad(minuteOfDay / 60, 2)):\(pad(minuteOfDay % 60, 2))" }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
