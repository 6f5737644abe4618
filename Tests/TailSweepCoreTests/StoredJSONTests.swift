import Foundation
import Testing
@testable import TailSweepCore

/// The direct writers against `StoredJSON.encode` (JSONEncoder), which they must equal byte for byte.
@Suite struct StoredJSONTests {
    @Test func numberArraysAreWrittenAsTheEncoderWritesThem() throws {
        var rng = SplitMix64(state: 5)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e16, 1e-7, 123456789012345680, .infinity, -.infinity, .nan,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude, 5e-324, 0.35, -659.6500000000002]
        for _ in 0..<2000 { values.append((u() - 0.5) * pow(10, (u() * 40 - 20).rounded())) }
        for _ in 0..<500 { values.append(((u() - 0.5) * 1e5).rounded() / 100) }
        #expect(StoredJSON.text(values) == (try StoredJSON.encode(values)))
        #expect(StoredJSON.text([Double]()) == (try StoredJSON.encode([Double]())))
        var ints = "", doubles = ""
        StoredJSON.append([0, -3, Int.max, Int.min], to: &ints)
        StoredJSON.append([Double](), to: &doubles)
        #expect(ints == (try StoredJSON.encode([0, -3, Int.max, Int.min])) && doubles == "[]")
    }

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() throws {
        let strings = ["2024-01-02", "", "a/b", "q\"x", "back\\slash", "t\tab\n\r\u{8}\u{c}", "\u{1}\u{1f}\u{7f}", "é😀"]
        #expect(StoredJSON.text(strings) == (try StoredJSON.encode(strings)))
        #expect(StoredJSON.text([String]()) == "[]")
    }
}
