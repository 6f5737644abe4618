import Testing
@testable import TailSweepCore

/// The exit walks' minute scan — which steps over whole blocks of recorded minutes — against a
/// plain minute-by-minute scan of the same marks: minutes recorded from random starts to the end
/// of their block (so blocks fill in pieces, some minutes never), some without an underlying or a
/// price, sessions whose last block is short, and scans under random levels interleaved with the
/// recording.
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
            let profit = draws.next() < 0.5 ? -Double.infinity : 0.2 * draws.next()
            let timeStop = draws.next() < 0.5 ? Int.max : draws.int(slots + 10)
            let fast = Self.step(minutes.scan(from: start, to: slots, fill: f, buffer: buffer, stop: stop, profit: profit, timeStop: timeStop))
            let slow = Self.reference(marks, fill: fills[f], from: start, to: slots, buffer: buffer, stop: stop, profit: profit,
                                      timeStop: timeStop)
            #expect(fast == slow, "slots \(slots), start \(start), fill \(f), levels \(buffer) \(stop) \(profit) \(timeStop)")
            scans += 1
            if case .fired = slow { fired += 1 }
            if (slow.slot ?? slots) - start >= 2 * StrikeMinutes.blockLength { far += 1 }
        }
        let all = (0..<slots).map { _ in
            let u = draws.next()
            return ExitPath.MinuteMark(spot: u < 0.05 ? nil : 100.2 + draws.next(), mid: u > 0.97 ? .nan : 0.05 + draws.next(),
                                       half: 0.01, marked: draws.next() < 0.5, priced: u < 0.93 || u > 0.97)
        }
        var asked = Set<Int>()
        // Random starts first (a start late in a block leaves its first minutes unrecorded), then
        // most blocks from their first minute (two blocks never).
        let n = StrikeMinutes.blockLength, blockStarts = Array(stride(from: 0, to: slots, by: n))
        var shuffled = blockStarts
        for i in shuffled.indices.reversed() { shuffled.swapAt(i, draws.int(i + 1)) }
        for j in order.prefix(slots / 3) + shuffled.dropLast(2) {
            minutes.record(from: j) { i, _ in
                #expect(marks[i] == nil && !asked.contains(i), "minute \(i) asked for twice")
                asked.insert(i)
                return all[i]
            }
            let end = min((j / n + 1) * n, slots)
            for i in j..<end where marks[i] == nil { marks[i] = all[i] }
            #expect(asked == Set(marks.indices.filter { marks[$0] != nil }))
            for _ in 0..<12 { check() }
        }
        #expect(marks.contains { $0 == nil }, "every minute recorded: no scan met an unrecorded one")
        for _ in 0..<4_000 { check() }
        // Enough scans that fire, and that pass whole recorded blocks, for every path to be taken.
        #expect(fired > scans / 10 && (slots < 100 || far > 200), "\(scans) scans, \(fired) fired, \(far) far")
    }

    /// The buy-back cost as the fill model states it — mid plus the exit multiple of the
    /// half-spread, plus absolute and basis-point slippage — to the bit, with and without
    /// basis points, at signed zeros and non-finite mids.
    @Test func exitCostFollowsTheFillFormula() {
        var draws = Draws(state: 7)
        var fills: [FillModel] = [.bid, FillModel(price: .mid), FillModel(price: .spread(0.25))]
        for var f in Array(fills) {
            f.slippageAbsolute = 0.01
            fills.append(f)
            f.slippageBps = 30
            fills.append(f)
        }
        let mids = [0.0, -0.0, .nan, .infinity, -.infinity] + (0..<200).map { _ in draws.next() * 3 }
        for fill in fills {
            for mid in mids {
                for half in [0.0, -0.0, 0.005, 0.01 + draws.next()] {
                    let raw = mid + fill.exitSpreadMultiplier * half
                    let expected = raw + fill.slippageAbsolute + raw * fill.slippageBps / 10_000
                    let cost = fill.exitCost(mid: mid, halfSpread: half)
                    #expect(cost.bitPattern == expected.bitPattern || (cost.isNaN && expected.isNaN), "\(fill.label) \(mid) \(half)")
                }
            }
        }
    }
}
