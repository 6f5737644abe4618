extension BetaDistribution {
    /// `out[i] = quantile(q, a: a[i], b: b[i])` for every i, bit for bit. Each solve's steps are
    /// serial, but the continued fractions of four solves run in lockstep in SIMD lanes — the
    /// same operations in the same order per lane, so the same bits — which overlaps their
    /// divisions, the chain that bounds a single fraction. A lane whose fraction has converged
    /// takes its solve's next step, or the next solve, at once, so lanes stay busy.
    public static func quantiles(_ q: Double, a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>,
                                 into out: UnsafeMutableBufferPointer<Double>) {
        precondition(a.count == b.count && out.count == a.count, "one output per shape pair")
        var lanes = FractionLanes()
        var solves = [QuantileSolve?](repeating: nil, count: FractionLanes.width)
        var fractions = [Fraction?](repeating: nil, count: FractionLanes.width)
        var owner = [Int](repeating: -1, count: FractionLanes.width)
        var next = 0
        /// Puts the next solve that needs a fraction into lane `l`, writing those that need none.
        func fill(_ l: Int) {
            while next < a.count {
                let i = next
                next += 1
                precondition(a[i] > 0 && b[i] > 0, "Beta shapes must be positive")
                if q <= 0 { out[i] = 0; continue }
                if q >= 1 { out[i] = 1; continue }
                var solve = QuantileSolve(q, a: a[i], b: b[i])
                switch solve.start() {
                case .done(let x): out[i] = x
                case .needs(let f):
                    (solves[l], fractions[l], owner[l]) = (solve, f, i)
                    lanes.load(l, f)
                    return
                }
            }
            (solves[l], fractions[l], owner[l]) = (nil, nil, -1)
            lanes.idle(l)
        }
        for l in 0..<FractionLanes.width { fill(l) }
        while owner.contains(where: { $0 >= 0 }) {
            let finished = lanes.iterate()
            for l in 0..<FractionLanes.width where finished[l] && owner[l] >= 0 {
                switch solves[l]!.resume(fractions[l]!, fraction: lanes.value(l)) {
                case .done(let x):
                    out[owner[l]] = x
                    fill(l)
                case .needs(let f):
                    fractions[l] = f
                    lanes.load(l, f)
                }
            }
        }
    }

    /// Four continued fractions (``continuedFraction(_:_:_:)``) evaluated in lockstep, one per
    /// SIMD lane: each lane's operations are the scalar loop's, in its order (comparisons and
    /// selects for its branches), so each lane gives the scalar bits.
    struct FractionLanes {
        static let width = 4
        typealias Lanes = SIMD4<Double>
        private static let tiny = 1e-300
        /// Per lane: the fraction's arguments and constants, Lentz's c, d and h, and the term index m.
        private var x = Lanes(repeating: 0.5), a = Lanes(repeating: 1), b = Lanes(repeating: 1)
        private var qab = Lanes(repeating: 2), qap = Lanes(repeating: 2), qam = Lanes(repeating: 0)
        private var c = Lanes(repeating: 1), d = Lanes(repeating: 1), h = Lanes(repeating: 1), m = Lanes(repeating: 1)

        /// Starts lane `l` on `f`: the fraction's set-up, as the scalar one does it.
        mutating func load(_ l: Int, _ f: Fraction) {
            let tiny = Self.tiny
            (x[l], a[l], b[l]) = (f.x, f.a, f.b)
            (qab[l], qap[l], qam[l]) = (f.a + f.b, f.a + 1, f.a - 1)
            var d0 = 1 - qab[l] * f.x / qap[l]
            if abs(d0) < tiny { d0 = tiny }
            d0 = 1 / d0
            (c[l], d[l], h[l], m[l]) = (1, d0, d0, 1)
        }

        /// Parks lane `l` on a harmless fraction (its results are ignored).
        mutating func idle(_ l: Int) {
            load(l, Fraction(x: 0.5, a: 1, b: 1, logFront: 0, lowerSide: true, logX: 0, log1mX: 0))
        }

        func value(_ l: Int) -> Double { h[l] }

        /// One term pair in every lane; which lanes' fractions are done (converged, or at the
        /// scalar loop's last term) — their values stay readable until reloaded.
        mutating func iterate() -> SIMDMask<SIMD4<Int64>> {
            let tiny = Self.tiny
            // `abs(v) < tiny` as two comparisons (both false for NaN, as abs's is).
            func clamped(_ v: Lanes) -> Lanes { v.replacing(with: tiny, where: (v .< tiny) .& (v .> -tiny)) }
            let m2 = 2.0 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = clamped(1 + aa * d)
            c = clamped(1 + aa / c)
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = clamped(1 + aa * d)
            c = clamped(1 + aa / c)
            d = 1 / d
            let delta = d * c
            h *= delta
            let e = delta - 1
            let done = ((e .< 1e-16) .& (e .> -1e-16)) .| (m .== 100_000)
            m += 1
            return done
        }
    }
}
