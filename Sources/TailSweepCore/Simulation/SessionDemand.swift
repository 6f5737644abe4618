/// What the tracks of one simulation ask of every session: the fills, (tier, gate) choices and
/// exit rules in play as small ids, and the entry keys — (decision time, fill, choice, exit) —
/// whose decisions and exits the tracks read, which ``SessionBlock`` works out once per session
/// for all of them.
///
/// ```swift
/// var demand = SessionDemand(times: states.timesPerSession)
/// let keys = demand.add(cell: cell, mode: .adaptiveExit, times: [3])
/// demand.keys[keys[0]]          // EntryKey(time: 3, fill: …, choice: …, rule: …)
/// ```
struct SessionDemand: Sendable {
    /// The part of a cell a tier decision depends on besides the fill.
    struct TierChoice: Equatable, Sendable {
        let tier: Double
        let gate: TierGate
    }

    /// A tier decision at a decision time: a fill id and a choice id.
    struct DecisionKey: Equatable, Sendable {
        let fill: Int, choice: Int
    }

    /// A decision and the exit of its trade: `rule` is an adaptive exit rule's id, or −1 for
    /// hold to close.
    struct EntryKey: Hashable, Sendable {
        let time: Int, fill: Int, choice: Int, rule: Int
    }

    /// Adaptive tracks alike within a session: each walks the exit of the first of `keys` whose
    /// decision chose a strike (what a track trades first — caps start afresh every session).
    /// Later entries of a day, possible with caps above one, are walked when a track reaches them.
    struct FirstExit: Hashable, Sendable {
        let keys: [Int]
    }

    let times: Int
    private(set) var fills: [FillModel] = [], choices: [TierChoice] = [], rules: [ExitRule] = []
    private(set) var keys: [EntryKey] = []
    private var keyIndex: [EntryKey: Int] = [:]
    /// Per decision time, the keys there, and the distinct decisions they need (by fill).
    private(set) var keysByTime: [[Int]]
    private(set) var decisionsByTime: [[DecisionKey]]
    private(set) var firstExits: [FirstExit] = []
    private var firstExitSet: Set<FirstExit> = []

    init(times: Int) {
        self.times = times
        keysByTime = Array(repeating: [], count: times)
        decisionsByTime = keysByTime.map { _ in [] }
    }

    /// Registers a track; returns its entry keys, one per decision time.
    mutating func add(cell: StrategyCell, mode: ExitMode, times trackTimes: [Int]) -> [Int] {
        func id<T: Equatable>(_ value: T, in list: inout [T]) -> Int {
            if let i = list.firstIndex(of: value) { return i }
            list.append(value)
            return list.count - 1
        }
        let fill = id(cell.fill, in: &fills), choice = id(TierChoice(tier: cell.tier, gate: cell.gate), in: &choices)
        let rule = mode == .adaptiveExit ? id(cell.exit, in: &rules) : -1
        let trackKeys = trackTimes.map { j in
            let key = EntryKey(time: j, fill: fill, choice: choice, rule: rule)
            if let k = keyIndex[key] { return k }
            keys.append(key)
            keyIndex[key] = keys.count - 1
            keysByTime[j].append(keys.count - 1)
            let decision = DecisionKey(fill: fill, choice: choice)
            if !decisionsByTime[j].contains(decision) {
                decisionsByTime[j].insert(decision, at: decisionsByTime[j].firstIndex { $0.fill > fill } ?? decisionsByTime[j].endIndex)
            }
            return keys.count - 1
        }
        if rule >= 0, firstExitSet.insert(FirstExit(keys: trackKeys)).inserted { firstExits.append(FirstExit(keys: trackKeys)) }
        return trackKeys
    }
}
