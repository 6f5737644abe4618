import Foundation
import Testing
@testable import TailSweepCore

/// IRLS/Cholesky fits against SciPy (Fixtures/logistic, written by scripts/fixtures/make_logistic_fixture.py:
/// BFGS on the same penalised weighted log-likelihood, gradient below 1e-8).
@Suite struct LogisticRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/logistic")

    static func csv(_ name: String) throws -> [[Double]] {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test func coefficientsAgreeWithSciPyToOnePartInAMillion() throws {
        let data = try Self.csv("data.csv"), reference = try Self.csv("coefficients.csv")
        let x: [Double] = data.flatMap { (r: [Double]) -> [Double] in [1, r[0], r[1], r[2]] }
        let w = data.map { $0[3] }, y = data.map { $0[4] }
        for row in reference {
            let fit = LogisticRegression.fit(x: x, rows: data.count, columns: 4, y: y, weights: w, lambda: row[0], interceptLambda: 0)
            let beta = fit.coefficients
            #expect(fit.converged && fit.iterations < 15)
            for j in 0..<4 { #expect(abs(beta[j] - row[j + 1]) < 1e-6, "λ \(row[0]) β\(j): \(beta[j]) vs \(row[j + 1])") }
        }
    }

    @Test func recoversKnownCoefficientsFromSimulatedData() {
        var rng = SplitMix64(state: 11)
        func u() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
        let truth = [-2.0, 1.2, -0.7]
        let n = 40_000
        var x: [Double] = [], y: [Double] = []
        for _ in 0..<n {
            let a = (u() - 0.5) * 3, b = (u() - 0.5) * 3
            x += [1, a, b]
            let p = 1 / (1 + exp(-(truth[0] + truth[1] * a + truth[2] * b)))
            y.append(u() < p ? 1 : 0)
        }
        let fit = LogisticRegression.fit(x: x, rows: n, columns: 3, y: y, weights: [Double](repeating: 1, count: n), lambda: 0, interceptLambda: 0)
        for j in 0..<3 { #expect(abs(fit.coefficients[j] - truth[j]) < 0.06, "β\(j) \(fit.coefficients[j])") }
        // The Laplace variance of the intercept is close to the inverse information (≈ 1/(n p̄(1−p̄)) order).
        let v = fit.linearVariance(of: [1, 0, 0][...])
        #expect(v > 0 && v < 1e-3)
    }

    @Test func separationIsReportedAndThePenaltyKeepsItFinite() {
        let x: [Double] = (0..<50).flatMap { (i: Int) -> [Double] in [1, Double(i) / 10] }
        let y = [Double](repeating: 0, count: 50)
        let fit = LogisticRegression.fit(x: x, rows: 50, columns: 2, y: y, weights: [Double](repeating: 1, count: 50), lambda: 1)
        #expect(fit.separated && fit.coefficients.allSatisfy { $0.isFinite })
        #expect(1 / (1 + exp(-fit.linear([1, 2][...]))) < 0.05)
    }
}
