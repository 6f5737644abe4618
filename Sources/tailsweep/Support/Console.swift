import Foundation
import TailSweepCore

/// Console output: reports on standard output, errors on standard error, JSON documents with
/// stable key order.
enum Console {
    static func line(_ text: String = "") {
        print(text)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    /// Prints one JSON document (sorted keys, snake_case) followed by a newline.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func disclaimers() {
        line(Disclaimer.consoleBlock)
    }

    /// `1.23 s` / `45.6 ms`
    static func duration(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.1f ms", seconds * 1000)
    }
}

/// The `disclaimer` member of every JSON document.
struct DisclaimerJSON: Encodable {
    let notFinancialAdvice = Disclaimer.notFinancialAdvice
    let spyProxy = Disclaimer.spyProxy
}

/// Wall-clock timing for reports.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
