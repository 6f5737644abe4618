import Testing
@testable import TailSweepCore

@Suite struct NumericsTests {
    /// Reference digests from the `xxhash` Python package (`xxhash.xxh64(data).intdigest()`),
    /// with data = bytes((i*7+3) % 256 for i in range(n)).
    @Test func xxhash64MatchesTheReferenceImplementation() {
        #expect(XXHash64.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        let expected: [Int: UInt64] = [31: 0xA2AA_5F33_CC4A_6119, 32: 0x23C3_C17E_F790_FD97, 33: 0x50A7_CFC7_BA58_8784,
                                       100: 0xA61F_8D4C_170F_E531, 1000: 0x5F23_5FA0_33F1_A3FB]
        for (n, digest) in expected {
            let data = (0..<n).map { UInt8(($0 * 7 + 3) % 256) }
            #expect(XXHash64.hash(data) == digest, "n = \(n)")
            // Streaming in uneven pieces gives the same digest.
            var h = XXHash64()
            var i = 0, step = 1
            while i < n { let j = min(n, i + step); h.update(Array(data[i..<j])); i = j; step = step % 37 + 5 }
            #expect(h.finalize() == digest, "streamed n = \(n)")
        }
        #expect(XXHash64.hash(Array(0..<100).map(UInt8.init), seed: 12345) == 0x028B_A1AE_2DE4_DE27)
    }

    @Test func openBLASAndLAPACKESelfTestPasses() {
        let report = BLASSelfTest.run()
        #expect(report.passed, "dgemm error \(report.dgemmMaxError), dposv info \(report.dposvInfo) error \(report.dposvMaxError)")
        #expect(!report.coreName.isEmpty)
    }

    /// Values from SciPy: `scipy.stats.norm.cdf` and the closed-form put with it.
    @Test func blackScholesPutMatchesSciPy() {
        let cases: [(Double, Double, Double, Double, Double, Double, Double)] = [
            (100, 95, 0.25, 0.2, 0, 0, 1.8880632480607318),
            (100, 100, 1.0, 0.3, 0, 0, 11.923538474048499),
            (450, 440, 60.0 / 98280, 0.18, 0, 0, 7.955728719190867e-08),
            (450, 430, 30.0 / 98280, 0.35, 0, 0, 1.8346319124033375e-14),
            (100, 110, 0.5, 0.25, 0.05, 0.02, 12.138866898974783),
            (4500, 4400, 0.01, 0.15, 0, 0, 1.9641484610894508),
        ]
        for (s, k, t, v, r, q, expected) in cases {
            let price = BlackScholes.put(spot: s, strike: k, years: t, volatility: v, rate: r, dividendYield: q)
            #expect(abs(price - expected) <= 1e-9 * max(expected, 1e-12) + 1e-15, "\(s) \(k) \(t) \(v): \(price) vs \(expected)")
        }
        #expect(BlackScholes.put(spot: 100, strike: 95, years: 0, volatility: 0.2) == 0)
        #expect(BlackScholes.put(spot: 90, strike: 95, years: 0, volatility: 0.2) == 5)
        let normal: [(Double, Double)] = [(-8, 6.22096057427174e-16), (-3, 0.0013498980316300933), (-1, 0.15865525393145707),
                                          (0, 0.5), (0.5, 0.6914624612740131), (1.959963984540054, 0.975), (4, 0.9999683287581669)]
        for (x, expected) in normal {
            #expect(abs(StandardNormal.cdf(x) - expected) <= 1e-13 * expected, "Φ(\(x))")
            if x != 0 { #expect(abs(StandardNormal.quantile(expected) - x) <= 1e-12 * abs(x), "Φ⁻¹(\(expected))") }
        }
        #expect(StandardNormal.quantile(0.5) == 0)
    }
}
