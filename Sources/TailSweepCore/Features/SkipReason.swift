/// Why a decision did not become a trade (or a model row). Every skipped decision carries one,
/// and results count them by reason.
///
/// ```swift
/// SkipReason.noEntryAnchor.rawValue   // "no_entry_anchor"
/// ```
public enum SkipReason: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The decision time is at or after the session's close (early closes).
    case outsideSession = 1
    /// No bar at or after the decision time within the allowed delay, before the close.
    case noEntryAnchor = 2
    /// No completed bar before the decision, or the session's final bar is missing.
    case insufficientData = 3

    public var description: String {
        switch self {
        case .outsideSession: return "outside_session"
        case .noEntryAnchor: return "no_entry_anchor"
        case .insufficientData: return "insufficient_data"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SkipReason.allCases.first(where: { $0.description == text }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown skip reason \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
