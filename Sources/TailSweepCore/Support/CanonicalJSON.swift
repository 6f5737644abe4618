import Foundation

/// The one canonical JSON form and hash used for `assumptions_hash` everywhere (SPEC §10).
///
/// ```swift
/// let hash = try CanonicalJSON.hash(assumptions)   // 16 hex digits, XXH64 of the canonical bytes
/// ```
///
/// Canonical = keys sorted, no insignificant whitespace, snake_case keys, slashes unescaped,
/// numbers in Swift's shortest round-trip form, non-finite numbers as the strings `nan`, `inf`, `-inf`. Two values hash equal exactly when they encode
/// to the same canonical bytes.
public enum CanonicalJSON {
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    public static func hash<T: Encodable>(_ value: T) throws -> String {
        XXHash64.hash(Array(try data(value))).hex16
    }
}
