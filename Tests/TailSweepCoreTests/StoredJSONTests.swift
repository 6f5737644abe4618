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
        for x in values {
            var one = ""
            StoredJSON.append(x, to: &one)
            #expect("[" + one + "]" == (try StoredJSON.encode([x])), "\(x)")
        }
    }

    @Test func bitPatternTextIsExactAndRefusesAnythingElse() throws {
        var rng = SplitMix64(state: 9)
        var values: [Double] = [0, -0.0, .infinity, -.infinity, .nan, Double(nan: 0x5_1234, signaling: true), -.nan,
                                .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 0.35, -659.6500000000002]
        for _ in 0..<1000 { values.append(Double(bitPattern: rng.next())) }
        let text = StoredJSON.bitPatternText(values)
        #expect(text.utf8.count == 16 * values.count && text.utf8.allSatisfy { "0123456789abcdef".utf8.contains($0) })
        #expect(text.hasPrefix("0000000000000000" + "8000000000000000" + "7ff0000000000000" + "fff0000000000000"))
        let back = try #require(StoredJSON.doubles(bitPatternText: text))
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(StoredJSON.bitPatternText([]) == "" && StoredJSON.doubles(bitPatternText: "") == [])
        for bad in ["0", "000000000000000", "00000000000000000", "000000000000000g", "3FF0000000000000", "3ff000000000000 ",
                    "-3ff00000000000", "3ff0000000000000" + "3ff"] {
            #expect(StoredJSON.doubles(bitPatternText: bad) == nil, "\(bad)")
        }
        #expect(StoredJSON.doubles(bitPatternText: "3ff0000000000000c004000000000000") == [1, -2.5])
    }

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() throws {
        let strings = ["2024-01-02", "", "a/b", "q\"x", "back\\slash", "t\tab\n\r\u{8}\u{c}", "\u{1}\u{1f}\u{7f}", "é😀"]
        #expect(StoredJSON.text(strings) == (try StoredJSON.encode(strings)))
        #expect(StoredJSON.text([String]()) == "[]")
    }
}
