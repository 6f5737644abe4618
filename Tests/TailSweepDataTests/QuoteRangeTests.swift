import Foundation
import Testing
@testable import TailSweepCore
@testable import TailSweepData

/// The quote ranges exit walks use to step over blocks of minutes without pricing them, checked
/// against the quotes themselves; and walks that use them against walks that price every minute.
@Suite struct QuoteRangeTests {
    static let dataset = SyntheticMarketTests.sample
    static let states = try! StateBuilder().build(dataset: dataset, schedule: .benchmark)
    static let synthetic = SyntheticQuoteSource(dataset: dataset, seed: 11)
    static let model = ModelQuoteSource(dataset: dataset, states: states)

    /// Random blocks of 1–16 minutes at strikes 0–6 % below the spot: every quote the rules call
    /// good lies in the synthetic source's range (`none` only where no quote is good), every model
    /// quote in the model's; a one-minute block's bid range is at most a tick wide. Rules that
    /// accept a stale quote, or no rules, get no synthetic range.
    @Test func everyCountedQuoteLiesInItsRange() {
        let d = Self.dataset, rules = QuoteQualityRules()
        var rng = SplitMix64(state: 5)
        var good = 0, none = 0, within = 0, checked = 0
        for _ in 0..<4_000 {
            let s = Int(rng.next() % UInt64(d.sessions.count)), n = d.sessions[s].minuteCount
            let first = 3 + Int(rng.next() % UInt64(n - 3)), slots = first..<min(n, first + 1 + Int(rng.next() % 16))
            let known = slots.compactMap { d.bars.knownPrice(session: s, atSlot: $0) }
            guard let low = known.min(), let high = known.max() else { continue }
            let strike = (low * (1 - 0.06 * Double(rng.next() >> 11) / Double(1 << 53))).rounded(.down)
            let quoted = Self.synthetic.quoteRange(session: s, slots: slots, strike: strike, spots: low...high, goodUnder: rules)
            let marked = Self.model.quoteRange(session: s, slots: slots, strike: strike, spots: low...high, goodUnder: nil)
            guard case .within(let modelBid, let modelAsk)? = marked, let quoted else {
                Issue.record("no range: session \(s) slots \(slots) strike \(strike)")
                continue
            }
            if case .within(let bid, _) = quoted { within += 1; if slots.count == 1 { #expect(bid.upperBound - bid.lowerBound <= 0.0100001) } }
            else { none += 1 }
            for j in slots {
                guard let spot = d.bars.knownPrice(session: s, atSlot: j) else { continue }
                let at = KnownUnderlying(spot: spot, strike: strike)
                let m = Self.model.quote(session: s, slot: j, strike: strike, known: at)!
                #expect(modelBid.contains(m.bid) && modelAsk.contains(m.ask), "model \(m) outside \(modelBid) \(modelAsk)")
                checked += 1
                let q = Self.synthetic.quote(session: s, slot: j, strike: strike, known: at)
                guard rules.classify(q, usedAt: d.sessions[s].slotStart(j)) == .good, let q else { continue }
                good += 1
                guard case .within(let bid, let ask) = quoted else {
                    Issue.record("good quote \(q) where the range says none: session \(s) slot \(j)")
                    continue
                }
                #expect(bid.contains(q.bid) && ask.contains(q.ask), "\(q) outside \(bid) \(ask): session \(s) slot \(j)")
            }
        }
        #expect(good > 5_000 && none > 300 && within > 1_000 && checked > 20_000, "\(good) good, \(none) none, \(within) within, \(checked)")
        var lenient = rules
        lenient.staleAfterSeconds = 3_600
        #expect(Self.synthetic.quoteRange(session: 9, slots: 40..<56, strike: 100, spots: 100...101, goodUnder: lenient) == nil)
        #expect(Self.synthetic.quoteRange(session: 9, slots: 40..<56, strike: 100, spots: 100...101, goodUnder: nil) == nil)
    }

    /// The one-pass range of known prices is the range of `knownPrice` minute by minute, on bars
    /// with runs of missing minutes (at the open too) and ranges running past the close.
    @Test func knownPriceRangeIsTheRangeOfKnownPrices() {
        var bars = Self.dataset.bars
        var rng = SplitMix64(state: 3)
        for s in 0..<40 {
            var k = Int(rng.next() % 40)
            while k < bars.slotCount(session: s) {
                for j in k..<min(k + 1 + Int(rng.next() % 20), bars.slotCount(session: s)) { bars.valid[bars.index(session: s, slot: j)] = 0 }
                k += 1 + Int(rng.next() % 60)
            }
        }
        var empty = 0
        for _ in 0..<5_000 {
            let s = Int(rng.next() % 40), first = Int(rng.next() % 400), slots = first..<(first + Int(rng.next() % 20))
            let known = slots.compactMap { bars.knownPrice(session: s, atSlot: $0) }
            let range = bars.knownPriceRange(session: s, slots: slots)
            #expect(range == known.min().map { $0...known.max()! }, "session \(s) slots \(slots)")
            if range == nil { empty += 1 }
        }
        #expect(empty > 100 && empty < 1_000, "\(empty) ranges without a known price")
    }

    /// A source that counts the quotes it is asked for, and passes its range on or withholds it.
    final class Counted: PutQuoteSource, @unchecked Sendable {
        let base: any PutQuoteSource, ranges: Bool
        var asked = 0
        init(_ base: any PutQuoteSource, ranges: Bool) { (self.base, self.ranges) = (base, ranges) }
        var premiumSource: PremiumSource { base.premiumSource }
        func listedStrike(atOrBelow target: Double, session: Int) -> Double? { base.listedStrike(atOrBelow: target, session: session) }
        func quote(session: Int, slot: Int, strike: Double) -> OptionQuote? { quote(session: session, slot: slot, strike: strike, known: nil) }
        func quote(session: Int, slot: Int, strike: Double, known: KnownUnderlying?) -> OptionQuote? {
            asked += 1
            return base.quote(session: session, slot: slot, strike: strike, known: known)
        }
        func quoteRange(session: Int, slots: Range<Int>, strike: Double, spots: ClosedRange<Double>,
                        goodUnder rules: QuoteQualityRules?) -> QuoteRange? {
            ranges ? base.quoteRange(session: session, slots: slots, strike: strike, spots: spots, goodUnder: rules) : nil
        }
    }

    /// Many walks at shared strikes (random entries, credits, fills and rules, several walks per
    /// strike and session so blocks are bounded, stepped over and recorded in every order) give
    /// the same exits, to the bit, with the ranges as without them — while pricing far fewer minutes.
    @Test func walksSteppingOverBoundedBlocksExitAsWalksPricingEveryMinute() {
        let d = Self.dataset
        let sources = [true, false].map { (Counted(Self.synthetic, ranges: $0), Counted(Self.model, ranges: $0)) }
        let paths = sources.map { ExitPath(bars: d.bars, quotes: $0.0, marks: $0.1, rules: QuoteQualityRules()) }
        let fills = [FillModel.bid, FillModel(price: .mid), FillModel(price: .spread(0.25))]
        let rules = [ExitRule.standard, ExitRule(name: "buffer", capture: 0.8, stopMultiple: 3, underlyingBuffer: 0.001),
                     ExitRule(name: "time", capture: 0.3, stopMultiple: 1.5, timeStop: 15 * 60)]
        var rng = SplitMix64(state: 23)
        var walks = 0, reasons = Set<ExitReason>()
        for s in stride(from: 2, to: d.sessions.count, by: 5) {
            let n = d.sessions[s].minuteCount
            guard let open = d.bars.knownPrice(session: s, atSlot: 15) else { continue }
            for offset in [0.004, 0.012, 0.025] {
                let strike = (open * (1 - offset)).rounded(.down)
                var minutes = paths.map { _ in StrikeMinutes(strike: strike, slots: n, fills: fills) }
                for _ in 0..<12 {
                    let entry = 15 + Int(rng.next() % UInt64(n - 40)), f = Int(rng.next() % 3), rule = rules[Int(rng.next() % 3)]
                    let credit = 0.02 + 0.6 * Double(rng.next() >> 11) / Double(1 << 53) * offset * 40
                    let outcomes = paths.indices.map {
                        paths[$0].adaptive(session: s, entrySlot: entry, credit: credit, rule: rule, fill: f, minutes: &minutes[$0])
                    }
                    #expect(outcomes[0] == outcomes[1] && outcomes[0]?.price.bitPattern == outcomes[1]?.price.bitPattern,
                            "session \(s) strike \(strike) entry \(entry): \(String(describing: outcomes[0])) against \(String(describing: outcomes[1]))")
                    outcomes[0].map { _ = reasons.insert($0.reason) }
                    walks += 1
                }
            }
        }
        let (bounded, priced) = (sources[0].0.asked + sources[0].1.asked, sources[1].0.asked + sources[1].1.asked)
        #expect(walks > 4_000 && reasons.count == 5, "\(walks) walks, exits \(reasons)")
        #expect(bounded * 3 < priced * 2, "with ranges \(bounded) quotes asked for, without \(priced)")
    }
}
