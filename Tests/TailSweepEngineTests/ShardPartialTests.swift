import Foundation
import Testing
import TailSweepCore
@testable import TailSweepEngine

/// The hand-written partial encoder against the generic encoder (`StoredJSON.encode`) it replaces.
@Suite struct ShardPartialTests {
    static func reference(_ accumulators: [CellAccumulator]) throws -> String { try StoredJSON.encode(accumulators) }

    @Test func textIsWhatJSONEncoderWritesAndDecodesBack() throws {
        var rng = SplitMix64(state: 17)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        // Values of every kind the text must carry: whole numbers, cents, tiny and huge magnitudes.
        func value() -> Double {
            switch rng.next() % 5 {
            case 0: return (u() * 2000).rounded() - 1000
            case 1: return ((u() - 0.5) * 1e5).rounded() / 100
            case 2: return (u() - 0.5) * pow(10, u() * 600 - 300)
            case 3: return u() * 1e-3
            default: return (u() - 0.6) * 700
            }
        }
        var accumulators = [CellAccumulator(tailCapacity: 4)]     // empty: worst = inf, no days
        for n in 1...40 {
            var a = CellAccumulator(tailCapacity: 1 + n % 7)
            for _ in 0..<(n * 3) { a.addTrade(pnl: value(), breached: u() < 0.1, probability: u() * 0.2) }
            for _ in 0..<n { a.addDay(pnl: value()) }
            for raw in UInt8(1)...20 { if let reason = SkipReason(rawValue: raw), u() < 0.3 { a.addSkip(reason, count: 1 + n % 5) } }
            accumulators.append(a)
        }
        let text = ShardPartial.encode(accumulators)
        #expect(text == (try Self.reference(accumulators)))
        #expect(try ShardPartial.decode(text) == accumulators)
    }

    @Test func skipNamesAreEscapedAsJSONEncoderEscapesThem() throws {
        // Names no skip reason has, but a decoded partial could: quotes, slashes, control characters.
        let plain = try Self.reference([CellAccumulator(tailCapacity: 1)])
        let odd = plain.replacingOccurrences(of: "\"skips\":{}",
                                             with: #""skips":{"a/b":1,"q\"x":2,"t\tab":3,"\u0001":4,"\u001f":5,"é\\":6}"#)
        let decoded = try ShardPartial.decode(odd)
        #expect(decoded[0].skips.count == 6)
        #expect(ShardPartial.encode(decoded) == (try Self.reference(decoded)))
    }
    @Test func tailsAreBitPatternsAndEarlierBuildsNumbersStillDecode() throws {
        var a = CellAccumulator(tailCapacity: 3)
        for pnl in [-659.6500000000002, 0.35, -0.0, 12, -1e-300, 0.35] { a.addTrade(pnl: pnl, breached: pnl < 0, probability: 0.02) }
        let text = ShardPartial.encode([a])
        let bits = "\"worstTail\":\"" + StoredJSON.bitPatternText(a.worstTail) + "\""
        #expect(text.contains(bits) && a.worstTail.map(\.bitPattern) == [-659.6500000000002, -1e-300, -0.0].map(\.bitPattern))
        let earlier = text.replacingOccurrences(of: bits, with: "\"worstTail\":" + StoredJSON.text(a.worstTail))
        #expect(earlier != text)
        #expect(try ShardPartial.decode(earlier) == [a] && ShardPartial.decode(text) == [a])
        for bad in ["c084d4cccccccccd8", "C084D4CCCCCCCCCD8000000000000000", "zz"] {
            #expect(throws: DecodingError.self) { try ShardPartial.decode(text.replacingOccurrences(of: bits, with: "\"worstTail\":\"\(bad)\"")) }
        }
    }
}
