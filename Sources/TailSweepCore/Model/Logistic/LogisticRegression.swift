import COpenBLAS
import Foundation

/// Weighted, L2-penalised logistic regression fitted by Newton–Raphson (IRLS) with Cholesky
/// solves through LAPACKE.
///
/// ```swift
/// let fit = LogisticRegression.fit(x: design, rows: n, columns: d, y: labels, weights: w, lambda: 1, start: previous)
/// fit.coefficients; fit.converged; fit.iterations
/// fit.linearVariance(of: xRow)     // xᵀ H⁻¹ x, for Laplace intervals on the logit scale
/// ```
///
/// Maximises Σᵢ wᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)] − (λ/2) Σ_{j≥1} βⱼ² − (λ₀/2) β₀² with
/// pᵢ = σ(xᵢᵀβ); column 0 is the intercept, penalised only by the small `interceptLambda` λ₀ so
/// that a strike with no breaches (separation) still has a finite optimum — reported as
/// `separated`. Each Newton step builds H = XᵀWX + diag(λ₀, λ, …) (W = w·p(1 − p)) with
/// `cblas_dsyrk`, the gradient with `cblas_dgemv`, solves H δ = g with `LAPACKE_dposv`, and halves
/// the step while the objective would fall (Newton alone can overshoot far from the optimum); it
/// stops when max|δ| < `tolerance`. The Cholesky factor of H at the optimum is kept for the
/// observed-information variance.
public struct LogisticRegression: Sendable, Hashable, Codable {
    public let coefficients: [Double]
    public let converged: Bool
    public let iterations: Int
    /// True when every label is 0 or every label is 1 (perfect separation by the intercept).
    public let separated: Bool
    /// Cholesky factor (upper, row-major d × d) of H at the optimum.
    let factor: [Double]

    public static func fit(x: [Double], rows n: Int, columns d: Int, y: [Double], weights w: [Double], lambda: Double,
                           interceptLambda: Double = 1e-3, start: [Double]? = nil, maxIterations: Int = 60,
                           tolerance: Double = 1e-11) -> LogisticRegression {
        BLASRuntime.configureSingleThreaded()
        var beta = start ?? [Double](repeating: 0, count: d)
        var scaled = [Double](repeating: 0, count: n * d)
        var residual = [Double](repeating: 0, count: n)
        var eta = [Double](repeating: 0, count: n)
        var h = [Double](repeating: 0, count: d * d), g = [Double](repeating: 0, count: d)
        let positives = zip(y, w).filter { $0.0 > 0.5 && $0.1 > 0 }.count
        let separated = positives == 0 || positives == zip(y, w).filter { $0.1 > 0 }.count
        func objective(_ b: [Double]) -> Double {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, x, Int32(d), b, 1, 0, &eta, 1)
            var total = -0.5 * interceptLambda * b[0] * b[0]
            for j in 1..<d { total -= 0.5 * lambda * b[j] * b[j] }
            for i in 0..<n {
                let e = eta[i]
                // y e − log(1 + e^e), stably.
                total += w[i] * (y[i] * e - (e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))))
            }
            return total
        }
        var converged = false, iterations = 0
        var current = objective(beta)
        for _ in 0..<maxIterations {
            iterations += 1
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, x, Int32(d), beta, 1, 0, &eta, 1)
            for i in 0..<n {
                let p = 1 / (1 + exp(-eta[i]))
                let v = w[i] * p * (1 - p)
                residual[i] = w[i] * (y[i] - p)
                let s = v.squareRoot()
                for j in 0..<d { scaled[i * d + j] = s * x[i * d + j] }
            }
            // H = (√W X)ᵀ(√W X) + λ I' (upper triangle), g = Xᵀ r − λ β'.
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), 1, scaled, Int32(d), 0, &h, Int32(d))
            cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(d), 1, x, Int32(d), residual, 1, 0, &g, 1)
            h[0] += interceptLambda
            g[0] -= interceptLambda * beta[0]
            for j in 1..<d {
                h[j * d + j] += lambda
                g[j] -= lambda * beta[j]
            }
            var delta = g
            var factor = h
            let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(d), 1, &factor, Int32(d), &delta, 1)
            guard info == 0 else { break }
            var step = 1.0, trial = beta
            for _ in 0..<40 {
                for j in 0..<d { trial[j] = beta[j] + step * delta[j] }
                let value = objective(trial)
                if value >= current - 1e-12 * abs(current) { current = value; break }
                step /= 2
            }
            beta = trial
            if delta.map(abs).max()! * step < tolerance { converged = true; break }
        }
        // Factor H at the final β for the variance.
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, x, Int32(d), beta, 1, 0, &eta, 1)
        for i in 0..<n {
            let p = 1 / (1 + exp(-eta[i]))
            let s = (w[i] * p * (1 - p)).squareRoot()
            for j in 0..<d { scaled[i * d + j] = s * x[i * d + j] }
        }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), 1, scaled, Int32(d), 0, &h, Int32(d))
        h[0] += interceptLambda
        for j in 1..<d { h[j * d + j] += lambda }
        let factorInfo = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(d), &h, Int32(d))
        return LogisticRegression(coefficients: beta, converged: converged && factorInfo == 0, iterations: iterations,
                                  separated: separated, factor: h)
    }

    public func linear(_ x: ArraySlice<Double>) -> Double {
        var s = 0.0
        for (j, v) in x.enumerated() { s += coefficients[j] * v }
        return s
    }

    /// xᵀ H⁻¹ x from the Cholesky factor (two triangular solves).
    public func linearVariance(of x: ArraySlice<Double>) -> Double {
        var b = Array(x)
        let d = coefficients.count
        var f = factor
        guard LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(d), 1, &f, Int32(d), &b, 1) == 0 else { return .nan }
        var v = 0.0
        for (j, xj) in x.enumerated() { v += xj * b[j] }
        return v
    }
}
