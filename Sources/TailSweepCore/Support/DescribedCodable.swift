/// Enums that encode as their `description` (e.g. `"quote_zero_bid"`) and decode from it, so
/// JSON and database rows carry readable names rather than raw numbers. Conforming types call
/// these helpers from their own `init(from:)` and `encode(to:)`: Swift would otherwise synthesise
/// case-keyed coding, which wins over protocol-extension defaults.
public protocol DescribedCodable: Codable, CaseIterable, CustomStringConvertible {}

extension DescribedCodable {
    public static func decodeDescribed(_ decoder: any Decoder) throws -> Self {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self.allCases.first(where: { $0.description == text }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown \(Self.self) '\(text)'"))
        }
        return value
    }

    public func encodeDescribed(_ encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
