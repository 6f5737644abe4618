import Testing
@testable import TailSweepCore

/// The exit walks' minute scan — which steps over whole blocks of recorded minutes — against a
/// plain minute-by-minute scan of the same marks: minutes recorded in random order (some never),
/// some without an underlying or a price, sessions whose last block is short, and scans under
/// random levels interleaved with the recording.
@Suite struct StrikeMinutesTests {
    /// A small deterministic generator (the test needs no particular distribution).
    struct Draws {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func int(_ n: Int) -> Int { min(n - 1, Int(next() * Double(n))) }
    }

    /// Where a scan stopped, compared by bits (a priced minute may have a NaN cost).
    enum Step: Equatable {
        case fired(ExitReason, slot: Int, price: UInt64, marked: Bool), notComputed(Int), end

        init(_ o: ExitPath.Outcome) { self = .fired(o.reason, slot: o.slot, price: o.price.bitPattern, marked: o.marked) }
        var slot: Int? {
            switch self {
            case .fired(_, let j, _, _), .notComputed(let j): return j
            case .end: return nil
            }
        }
    }

    static func step(_ scan: StrikeMinutes.Scan) -> Step {
        switch scan {
        case .fired(let o): return Step(o)
        case .notComputed(let j): return .notComputed(j)
        case .end: return .end
        }
    }

    /// Minute by minute, in the documented order of the checks.
    static func reference(_ marks: [ExitPath.MinuteMark?], fill: FillModel, from start: Int, to end: Int,
                          buffer: Double, stop: Double, profit: Double, timeStop: Int) -> Step {
        for j in start..<end {
            guard let m = marks[j] else { return .notComputed(j) }
            guard let spot = m.spot, m.priced else { continue }
            let p = fill.exitCost(mid: m.mid, halfSpread: m.half)
            func fired(_ r: ExitReason) -> Step { Step(ExitPath.Outcome(reason: r, slot: j, price: p, marked: m.marked)) }
            if spot <= buffer { return fired(.underlyingBuffer) }
            if p >= stop { return fired(.stopLoss) }
            if p <= profit { return fired(.takeProfit) }
            if j >= timeStop { return fired(.timeStop) }
        }
        return .end
    }

    @Test(arguments: [210, 390, 17]) func blockStepsGiveTheMinuteByMinuteResult(slots: Int) {
        var draws = Draws(state: UInt64(slots))
        let fills = [FillModel.bid, { var f = FillModel(price: .mid); f.slippageAbsolute = 0.01; return f }()]
        var minutes = StrikeMinutes(strike: 100, slots: slots, fills: fills)
        var marks = [ExitPath.MinuteMark?](repeating: nil, count: slots)
        var order = Array(0..<slots)
        for i in order.indices.reversed() { order.swapAt(i, draws.int(i + 1)) }
        var scans = 0, fired = 0, far = 0
        func check() {
            let f = draws.int(fills.count), start = draws.int(slots)
            // Levels from "nothing fires" to "something fires in most blocks".
            let buffer = draws.next() < 0.5 ? -Double.infinity : 100.2 + 0.02 * draws.next()
            let stop = draws.next() < 0.5 ? Double.infinity : 1.0 + 0.1 * draws.next()
            let profit = draws.next() < 0.5 ? -Double.infinity : 0.07 * draws.next()
            let timeStop = draws.next() < 0.5 ? Int.max : draws.int(slots + 10)
            let fast = Self.step(minutes.scan(from: start, to: slots, fill: f, buffer: buffer, stop: stop, profit: profit, timeStop: timeStop))
            let slow = Self.reference(marks, fill: fills[f], from: start, to: slots, buffer: buffer, stop: stop, profit: profit,
                                      timeStop: timeStop)
            #expect(fast == slow, "slots \(slots), start \(start), fill \(f), levels \(buffer) \(stop) \(profit) \(timeStop)")
            scans += 1
            if case .fired = slow { fired += 1 }
            if (slow.slot ?? slots) - start >= 2 * StrikeMinutes.blockLength { far += 1 }
        }
        for (n, j) in order.enumerated() where n < slots - 3 {          // a few minutes never recorded
            let u = draws.next()
            let mark = ExitPath.MinuteMark(spot: u < 0.05 ? nil : 100.2 + draws.next(), mid: u > 0.97 ? .nan : 0.05 + draws.next(),
                                           half: 0.01, marked: draws.next() < 0.5, priced: u < 0.93 || u > 0.97)
            marks[j] = mark
            minutes.record(mark, slot: j)
            for _ in 0..<4 { check() }
        }
        for _ in 0..<1_000 { check() }
        // Enough scans that fire, and that pass whole recorded blocks, for every path to be taken.
        #expect(fired > scans / 10 && (slots < 100 || far > 200), "\(scans) scans, \(fired) fired, \(far) far")
    }
}
