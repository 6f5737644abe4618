import TailSweepCore

/// Everything that can go wrong reading or writing a dataset directory, with messages that say
/// which file and what to do.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case notADataset(directory: String)
    case unreadableManifest(path: String, reason: String)
    case unsupportedFormat(path: String, format: String, version: Int)
    case missingFile(path: String)
    case sizeMismatch(path: String, expectedBytes: Int, actualBytes: Int)
    case checksumMismatch(path: String, expected: String, actual: String)
    case inconsistent(path: String, reason: String)
    case alreadyExists(directory: String)
    case io(path: String, reason: String)
    case calendar(CalendarError)

    public var description: String {
        switch self {
        case .notADataset(let dir):
            return "\(dir) is not a TailSweep dataset directory (no \(DatasetManifest.fileName)); create one with `tailsweep data generate` or `tailsweep data import`"
        case let .unreadableManifest(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unsupportedFormat(path, format, version):
            return "\(path): format '\(format)' version \(version) is not supported (this build reads '\(DatasetManifest.formatName)' version \(DatasetManifest.currentFormatVersion))"
        case .missingFile(let path):
            return "\(path) is missing; the dataset is incomplete — regenerate or re-import it"
        case let .sizeMismatch(path, expected, actual):
            return "\(path) is truncated or padded: expected \(expected) bytes, found \(actual); the dataset is corrupt — regenerate or re-import it"
        case let .checksumMismatch(path, expected, actual):
            return "\(path) fails its checksum (manifest xxh64 \(expected), file \(actual)); the dataset is corrupt — regenerate or re-import it"
        case let .inconsistent(path, reason):
            return "\(path): \(reason)"
        case .alreadyExists(let dir):
            return "\(dir) already holds a dataset; choose another directory or remove it first"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case .calendar(let error):
            return error.description
        }
    }
}
