import Testing
@testable import TailSweepCore

/// The simulator's per-track state against plain references: the CVaR tail (kept unsorted and cut
/// now and then) against sorting every P&L, and open positions (the first inline) against a list.
@Suite struct TrackStateTests {
    @Test func worstTailIsTheSmallestPnLsHoweverItIsBufferedAndMerged() {
        var rng = SplitMix64(state: 11)
        // Cents-rounded values repeat, so ties at the cut are exercised too; a handful of values
        // (nearly every cut a tie), and sorted runs either way (a selection's worst orders).
        let random = (0..<1_000).map { _ in (Double(rng.next() % 20_000) - 6_000) / 100 }
        let few = (0..<1_000).map { _ in [-12.5, 0, 3.25][Int(rng.next() % 3)] }
        let ascending = (0..<1_000).map { Double($0) / 4 - 100 }
        for (capacity, pnls) in [1, 2, 3, 7, 40].flatMap({ c in [random, few, ascending, ascending.reversed()].map { (c, $0) } }) {
            func reference(_ xs: ArraySlice<Double>) -> [Double] { Array(xs.sorted().prefix(capacity)) }
            var whole = CellAccumulator(tailCapacity: capacity)
            for (i, x) in pnls.enumerated() {
                whole.addTrade(pnl: x, breached: false, probability: 0.01)
                if i % 97 == 0 { #expect(whole.worstTail == reference(pnls[...i]), "capacity \(capacity), after \(i + 1)") }
            }
            #expect(whole.worstTail == reference(pnls[...]))
            // Settled (cut to the tail, sorted) after any number of trades, then going on: the same tail.
            for settleAt in [0, 1, capacity, 2 * capacity, 2 * capacity + 1, 333] {
                var settled = CellAccumulator(tailCapacity: capacity)
                for x in pnls[..<settleAt] { settled.addTrade(pnl: x, breached: false, probability: 0.01) }
                settled.settleTail()
                #expect(settled.worstTail == reference(pnls[..<settleAt]), "capacity \(capacity), settled at \(settleAt)")
                for x in pnls[settleAt...] { settled.addTrade(pnl: x, breached: false, probability: 0.01) }
                #expect(settled == whole, "capacity \(capacity), settled at \(settleAt)")
            }
            for cut in [0, 1, capacity, 2 * capacity + 1, 500] {
                var a = CellAccumulator(tailCapacity: capacity), b = a
                for x in pnls[..<cut] { a.addTrade(pnl: x, breached: false, probability: 0.01) }
                for x in pnls[cut...] { b.addTrade(pnl: x, breached: false, probability: 0.01) }
                let merged = a.merged(with: b)
                #expect(merged.worstTail == reference(pnls[...]) && merged.trades == whole.trades, "capacity \(capacity), cut \(cut)")
            }
        }
    }

    @Test func openPositionsCloseByExitInstantThenOpeningOrder() {
        var rng = SplitMix64(state: 5)
        for _ in 0..<200 {
            var positions = OpenPositions()
            var reference: [OpenPositions.Position] = [], closed: [Int] = [], expected: [Int] = []
            var opened = 0
            for minute in stride(from: 0, to: 390, by: 13) {
                // The reference: every position whose exit instant has come, earliest first, ties in opening order.
                let due = reference.enumerated().filter { $0.element.slot <= minute }
                    .sorted { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) }
                expected += due.map(\.element.trade)
                reference.removeAll { $0.slot <= minute }
                positions.close(through: minute) { closed.append($0.trade) }
                #expect(positions.count == reference.count)
                for _ in 0..<Int(rng.next() % 3) {
                    let p = OpenPositions.Position(slot: minute + 1 + Int(rng.next() % 60), pnl: 0, trade: opened)
                    positions.open(p)
                    reference.append(p)
                    opened += 1
                }
            }
            positions.close(through: .max) { closed.append($0.trade) }
            expected += reference.enumerated().sorted { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) }.map(\.element.trade)
            #expect(closed == expected && positions.count == 0)
        }
    }
}
