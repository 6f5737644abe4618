import Foundation

extension BetaDistribution {
    /// The tails `(I_x(a, b), 1 − I_x(a, b))` up to their continued fraction: the tails themselves
    /// at the ends of [0, 1], else the fraction to evaluate and how to finish it.
    enum TailsWork {
        case known((lower: Double, upper: Double))
        case fraction(Fraction)

        init(_ x: Double, a: Double, b: Double, logBeta lnB: Double) {
            if x <= 0 { self = .known((0, 1)); return }
            if x >= 1 { self = .known((1, 0)); return }
            let logX = log(x), log1mX = log1p(-x)
            let logFront = a * logX + b * log1mX - lnB
            self = x < (a + 1) / (a + b + 2)
                ? .fraction(Fraction(x: x, a: a, b: b, logFront: logFront, lowerSide: true, logX: logX, log1mX: log1mX))
                : .fraction(Fraction(x: 1 - x, a: b, b: a, logFront: logFront, lowerSide: false, logX: logX, log1mX: log1mX))
        }
    }

    /// Lentz's continued fraction at (x, a, b) — the side of I_x that converges — and the tails
    /// it gives: front · fraction / a is the lower tail, or the upper one for the mirrored side.
    /// `logX`, `log1mX`: ln x and ln(1 − x) of the unmirrored x, for the Newton step to reuse.
    struct Fraction {
        let x: Double, a: Double, b: Double
        let logFront: Double
        let lowerSide: Bool
        let logX: Double, log1mX: Double

        func tails(_ fraction: Double) -> (lower: Double, upper: Double) {
            let t = exp(logFront) * fraction / a
            return lowerSide ? (t, 1 - t) : (1 - t, t)
        }
    }

    /// One solve of `I_x(a, b) = q` (0 < q < 1) as a resumable Newton iteration: each step needs
    /// one continued fraction, which the caller evaluates — one at a time (`quantile`) or several
    /// solves' in lockstep (`quantiles`) — so both give the same bits.
    ///
    /// The iteration: y = ln x (lower tail) or ln(1 − x) (upper tail); φ(y) = ln P_tail(x(y)) −
    /// ln target rises with y; Newton steps on φ, bisection inside the bracket when a step leaves
    /// it, at most 200 steps.
    struct QuantileSolve {
        enum Step {
            case needs(Fraction)
            case done(Double)
        }

        let a: Double, b: Double, lnB: Double
        let lowerTail: Bool
        let logTarget: Double
        var lo = -1500.0, hi = 0.0
        var y: Double
        var x = 0.0
        var steps = 0

        init(_ q: Double, a: Double, b: Double) {
            self.a = a
            self.b = b
            lnB = logBeta(a, b)
            lowerTail = q <= 0.5
            logTarget = log(lowerTail ? q : 1 - q)
            let guess = initialGuess(q, a: a, b: b)
            y = lowerTail ? log(guess) : log1p(-guess)
            if !y.isFinite || y >= 0 { y = log(lowerTail ? a / (a + b) : b / (a + b)) }
        }

        private func point(_ y: Double) -> Double { lowerTail ? exp(y) : -expm1(y) }

        /// The first step's work.
        mutating func start() -> Step { advance() }

        /// Continues with the value of the fraction `f` the last step asked for.
        mutating func resume(_ f: Fraction, fraction: Double) -> Step {
            if let answer = newton(f.tails(fraction), logX: f.logX, log1mX: f.log1mX) { return .done(answer) }
            return advance()
        }

        /// Steps until one needs a continued fraction or the solve ends.
        private mutating func advance() -> Step {
            while steps < 200 {
                x = point(y)
                switch TailsWork(x, a: a, b: b, logBeta: lnB) {
                case .fraction(let f): return .needs(f)
                case .known(let t): if let answer = newton(t, logX: log(x), log1mX: log1p(-x)) { return .done(answer) }
                }
            }
            return .done(point(y))
        }

        /// One safeguarded Newton step from the tails at `x` (with ln x and ln(1 − x)); the answer once converged.
        private mutating func newton(_ t: (lower: Double, upper: Double), logX: Double, log1mX: Double) -> Double? {
            steps += 1
            let p = lowerTail ? t.lower : t.upper
            let phi = log(p) - logTarget
            if phi == 0 { return x }
            if phi < 0 { lo = y } else { hi = y }
            // dφ/dy = density(x) · t / P with t = x or 1 − x.
            let logSlope = (a - 1) * logX + (b - 1) * log1mX - lnB + (lowerTail ? logX : log1mX) - log(p)
            var next = y - phi / exp(logSlope)
            if !next.isFinite || next <= lo || next >= hi { next = 0.5 * (lo + hi) }
            if abs(next - y) <= 1e-16 * max(1, abs(y)) || hi - lo <= 1e-16 * max(1, abs(lo)) { return point(next) }
            y = next
            return nil
        }
    }
}
