import Foundation

/// Writes one JSON object to standard output member by member, streaming large arrays element
/// by element so memory stays flat however many rows a study has.
struct JSONStream {
    private var buffer = Data()
    private var first = true
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    init() { buffer.append(UInt8(ascii: "{")) }

    mutating func member<T: Encodable>(_ key: String, _ value: T) throws {
        separator(key)
        buffer.append(try encoder.encode(value))
        flushIfLarge()
    }

    mutating func array<S: Sequence>(_ key: String, _ values: S) throws where S.Element: Encodable {
        separator(key)
        buffer.append(UInt8(ascii: "["))
        var firstElement = true
        for v in values {
            if !firstElement { buffer.append(UInt8(ascii: ",")) }
            firstElement = false
            buffer.append(try encoder.encode(v))
            flushIfLarge()
        }
        buffer.append(UInt8(ascii: "]"))
    }

    mutating func finish() {
        buffer.append(contentsOf: Array("}\n".utf8))
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll()
    }

    private mutating func separator(_ key: String) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        first = false
        buffer.append(contentsOf: Array("\"\(key)\":".utf8))
    }

    private mutating func flushIfLarge() {
        if buffer.count > 1 << 20 {
            FileHandle.standardOutput.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
