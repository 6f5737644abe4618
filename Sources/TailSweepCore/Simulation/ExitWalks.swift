/// One session's adaptive exits, each walked once: per strike the minutes walks have reached
/// (``StrikeMinutes``, shared by every decision time, fill and exit rule at the strike — a mark
/// depends only on the minute and the strike) and per (decision time, strike, fill, rule) the
/// outcome. Fills and rules are the small ids of one simulation, so a lookup is array indexing
/// plus a scan of the few strikes in play. Owned by one thread at a time.
///
/// ```swift
/// var walks = ExitWalks(session: s, slots: 390, demand: demand)
/// walks.outcome(time: j, entrySlot: 61, strike: 445, credit: 0.42, fill: 0, rule: 1, path: path)
/// ```
struct ExitWalks {
    let session: Int
    private let fills: [FillModel], rules: [ExitRule]
    private let slots: Int
    private var minuteStore: [StrikeMinutes] = []
    /// The walks' outcomes in one list, chained per (decision time, fill, rule) from `firstOutcome`
    /// (−1: none yet) — a list per key cost an allocation for each key walked, hundreds a session.
    private var outcomes: [(strike: Double, outcome: ExitPath.Outcome?, next: Int32)] = []
    private var firstOutcome: [Int32]

    /// For the fills and rules of `demand`, in a session of `slots` minutes.
    init(session: Int, slots: Int, demand: SessionDemand) {
        self.session = session
        fills = demand.fills
        rules = demand.rules
        self.slots = slots
        firstOutcome = Array(repeating: -1, count: demand.times * fills.count * rules.count)
    }

    /// The exit of a position sold at `credit` at decision time `time` (entry bar `entrySlot`),
    /// under fill id `fill` and exit-rule id `rule`.
    mutating func outcome(time: Int, entrySlot: Int, strike: Double, credit: Double, fill: Int, rule: Int,
                          path: ExitPath) -> ExitPath.Outcome? {
        let i = (time * fills.count + fill) * rules.count + rule
        var n = firstOutcome[i]
        while n >= 0 {
            if outcomes[Int(n)].strike == strike { return outcomes[Int(n)].outcome }
            n = outcomes[Int(n)].next
        }
        let k = minuteStore.firstIndex(where: { $0.strike == strike }) ?? {
            minuteStore.append(StrikeMinutes(strike: strike, slots: slots, fills: fills))
            return minuteStore.count - 1
        }()
        let value = path.adaptive(session: session, entrySlot: entrySlot, credit: credit, rule: rules[rule], fill: fill,
                                  minutes: &minuteStore[k])
        outcomes.append((strike, value, firstOutcome[i]))
        firstOutcome[i] = Int32(outcomes.count - 1)
        return value
    }
}
