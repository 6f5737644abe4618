/// One bad input line or value, located by file and line.
public struct ImportProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case unparsable, duplicateTimestamp = "duplicate_timestamp", outOfOrder = "out_of_order"
        case nonPositivePrice = "non_positive_price", nonFinitePrice = "non_finite_price"
        case highBelowLow = "high_below_low", outsideRange = "open_close_outside_range", negativeSize = "negative_size"
        case crossedQuote = "crossed_quote"
    }

    public let file: String
    public let line: Int
    public let kind: Kind
    public let detail: String

    public var description: String { "\(file):\(line): \(kind.rawValue): \(detail)" }
}

/// Import failures a user can act on.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case usage(String)
    case unreadable(String, String)
    /// `--strict` stops at the first problem.
    case strict(ImportProblem)
    case overlap([String])
    case dataset(DatasetError)
    case nothingImported(String)

    public var description: String {
        switch self {
        case .usage(let m): return m
        case let .unreadable(path, why): return "cannot read \(path): \(why)"
        case .strict(let p): return "\(p) (--strict stops at the first problem)"
        case .overlap(let dates):
            return "the dataset already holds \(dates.count) of these sessions (\(dates.prefix(5).joined(separator: ", "))\(dates.count > 5 ? " …" : "")); pass --replace to overwrite them"
        case .dataset(let e): return e.description
        case .nothingImported(let why): return "nothing to import: \(why)"
        }
    }
}
