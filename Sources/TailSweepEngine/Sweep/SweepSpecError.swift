/// A sweep file that cannot be used, located by file, line and key.
public struct SweepSpecError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let key: String?
    public let message: String

    public var description: String {
        let location = [file, line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ":")
        return "\(location): \(key.map { "'\($0)': " } ?? "")\(message)"
    }
}
