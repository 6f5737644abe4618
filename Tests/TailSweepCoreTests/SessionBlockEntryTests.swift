import Testing
@testable import TailSweepCore

/// A session block's entries pack five small fields into one byte (24-byte entries): every field
/// reads back what was written, whatever the others hold.
@Suite struct SessionBlockEntryTests {
    typealias Entry = SessionBlock.Entry

    @Test func anEntryTakesTwentyFourBytes() {
        #expect(MemoryLayout<Entry>.stride == 24)
    }

    @Test func packedFieldsKeepTheirValuesWhateverTheOthersHold() {
        let exits: [Entry.Exit] = [.notWalked, .noExit, .known]
        let reasons = ExitReason.allCases
        #expect(reasons.count <= 8, "an entry keeps the exit reason in three bits")
        var checked = 0
        for stateSkipped in [false, true] {
            for fallback in [false, true] {
                for exit in exits {
                    for reason in reasons {
                        for marked in [false, true] {
                            var e = Entry(candidate: 7, skip: 13, stateSkipped: stateSkipped, fallback: fallback)
                            // Written in an order unlike the fields' bits, and each over a different value first.
                            e.exitMarked = !marked
                            e.exitReason = reasons[(reasons.firstIndex(of: reason)! + 1) % reasons.count]
                            e.exit = exits[(exits.firstIndex(of: exit)! + 1) % exits.count]
                            e.exitMarked = marked
                            e.exitReason = reason
                            e.exit = exit
                            #expect(e.stateSkipped == stateSkipped && e.fallback == fallback && e.exit == exit
                                    && e.exitReason == reason && e.exitMarked == marked)
                            #expect(e.candidate == 7 && e.skip == 13)
                            e.fallback.toggle()
                            e.stateSkipped.toggle()
                            #expect(e.stateSkipped != stateSkipped && e.fallback != fallback && e.exit == exit
                                    && e.exitReason == reason && e.exitMarked == marked)
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 2 * 2 * 3 * reasons.count * 2)
    }

    @Test func settlingRecordsTheExit() {
        var e = Entry(candidate: 3)
        e.settle(ExitPath.Outcome(reason: .stopLoss, slot: 389, price: 1.25, marked: true), credit: 0.5, fill: .bid)
        #expect(e.exit == .known && e.exitSlot == 389 && e.exitReason == .stopLoss && e.exitMarked && e.exitPrice == 1.25)
        // Bought back above the credit, with a fee on each side.
        #expect(abs(e.pnlPerContract - (-75 - 2 * FillModel.bid.feePerContract)) < 1e-9)
        #expect(!e.stateSkipped && !e.fallback && e.candidate == 3)
        e.settle(nil, credit: 0.5, fill: .bid)
        #expect(e.exit == .noExit)
    }
}
