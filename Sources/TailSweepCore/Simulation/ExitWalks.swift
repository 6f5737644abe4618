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
    private var outcomeStore: [[(strike: Double, outcome: ExitPath.Outcome?)]]

    /// For the fills and rules of `demand`, in a session of `slots` minutes.
    init(session: Int, slots: Int, demand: SessionDemand) {
        self.session = session
        fills = demand.fills
        rules = demand.rules
        self.slots = slots
        outcomeStore = Array(repeating: [], count: demand.times * fills.count * rules.count)
    }

    /// The exit of a position sold at `credit` at decision time `time` (entry bar `entrySlot`),
    /// under fill id `fill` and exit-rule id `rule`.
    mutating func outcome(time: Int, entrySlot: Int, strike: Double, credit: Double, fill: Int, rule: Int,
                          path: ExitPath) -> ExitPath.Outcome? {
        let i = (time * fills.count + fill) * rules.count + rule
        if let hit = outcomeStore[i].first(where: { $0.strike == strike }) { return hit.outcome }
        let k = minuteStore.firstIndex(where: { $0.strike == strike }) ?? {
            minuteStore.append(StrikeMinutes(strike: strike, slots: slots, fills: fills))
            return minuteStore.count - 1
        }()
        let value = path.adaptive(session: session, entrySlot: entrySlot, credit: credit, rule: rules[rule], fill: fill,
                                  minutes: &minuteStore[k])
        outcomeStore[i].append((strike, value))
        return value
    }
}
