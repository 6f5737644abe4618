/// The work a block of consecutive sessions shares among every track of a simulation, done
/// before any track steps through the block so that its sessions can be worked out side by side:
/// per entry key (``SessionDemand/EntryKey``) and session, the state's skip or the tier decision
/// — strike candidates built once per decision time for all fills, each strike's entry quote
/// looked up once — and the trade's exit: settlement for hold to close, and for adaptive tracks
/// the walk of the first trade of the session, each walk done once however many keys trade it
/// (``ExitWalks``). Entries are stored session by session, keys side by side: a session is
/// written in one pass; a track of one decision time reads its key's entries session after
/// session, the others step session by session in key order.
///
/// ```swift
/// var block = SessionBlock(keys: demand.keys.count, capacity: 64)
/// block.work(sessions: [120, 121], simulator: simulator, demand: demand, parallel: parallel)
/// block[key: 5, column: 1].candidate      // −1 when no strike was chosen in session 121
/// ```
struct SessionBlock: Sendable {
    /// What one entry key gives in one session.
    struct Entry: Sendable {
        enum Exit: UInt8, Sendable {
            /// Not walked yet (a later trade of the day): the track walks it.
            case notWalked
            /// The trade has no exit: the session's final close is missing.
            case noExit
            case known
        }

        /// The chosen candidate's index in the session's `chosen` list, −1 when none.
        var candidate: Int32
        private var slot: Int16 = 0
        /// Why no candidate (raw value): the state's own skip or `not_scored` when `stateSkipped`
        /// (checked before the caps), else the decision's.
        var skip: UInt8
        /// `stateSkipped`, `fallback`, `exit`, `exitReason` and `exitMarked` in one byte, so that an
        /// entry takes 24 bytes instead of 32 (a block holds thousands of keys' entries for each of
        /// its sessions, written by phase 1 and read by every track).
        private var flags: UInt8 = 0
        var exitPrice = 0.0
        /// 100 · (credit − exit price) − both sides' fees (no exit fee at settlement).
        var pnlPerContract = 0.0

        init(candidate: Int32 = -1, skip: UInt8 = 0, stateSkipped: Bool = false, fallback: Bool = false) {
            self.candidate = candidate
            self.skip = skip
            self.stateSkipped = stateSkipped
            self.fallback = fallback
        }

        var exitSlot: Int { Int(slot) }
        var stateSkipped: Bool {
            get { flags & 1 != 0 }
            set { flags = flags & ~1 | (newValue ? 1 : 0) }
        }
        var fallback: Bool {
            get { flags & 2 != 0 }
            set { flags = flags & ~2 | (newValue ? 2 : 0) }
        }
        var exit: Exit {
            get { Exit(rawValue: flags >> 2 & 3)! }
            set { flags = flags & ~(3 << 2) | newValue.rawValue << 2 }
        }
        var exitReason: ExitReason {
            get { Self.reasons[Int(flags >> 4 & 7)] }
            set { flags = flags & ~(7 << 4) | UInt8(Self.reasons.firstIndex(of: newValue)!) << 4 }
        }
        var exitMarked: Bool {
            get { flags & 128 != 0 }
            set { flags = flags & ~128 | (newValue ? 128 : 0) }
        }
        /// Every reason has a 3-bit code: its place among all of them (at most eight, tested).
        private static let reasons = ExitReason.allCases

        /// Records the exit of the trade sold at `credit` under `fill`.
        mutating func settle(_ outcome: ExitPath.Outcome?, credit: Double, fill: FillModel) {
            guard let outcome else { exit = .noExit; return }
            exit = .known
            slot = Int16(outcome.slot)
            exitReason = outcome.reason
            exitMarked = outcome.marked
            exitPrice = outcome.price
            pnlPerContract = Self.pnlPerContract(credit: credit, outcome: outcome, fill: fill)
        }

        static func pnlPerContract(credit: Double, outcome: ExitPath.Outcome, fill: FillModel) -> Double {
            let exitFee = outcome.reason == .settlement ? 0 : fill.feePerContract
            return 100 * (credit - outcome.price) - fill.feePerContract - exitFee
        }
    }

    /// What stepping a track reads of a chosen candidate: its strike, credit and probability
    /// (the entries hold the candidate's index — 24 bytes an entry instead of 56, and a block
    /// holds thousands of keys' entries for each of its sessions).
    struct Pick: Sendable {
        let strike: Double, credit: Double, probability: Double
    }

    /// Dataset session indices, in order: the block's columns.
    private(set) var sessions: [Int] = []
    /// Per column (session), per entry key.
    private var entries: [Entry]
    private let keys: Int
    /// Per column, the candidates chosen there.
    private(set) var chosen: [[StrikeCandidate]] = []
    /// The chosen candidates' picks, column after column from `pickStart[column]`.
    private var picks: [Pick] = [], pickStart: [Int] = []

    /// Room for blocks of up to `capacity` sessions of `keys` entry keys; reused block after block.
    init(keys: Int, capacity: Int) {
        self.keys = keys
        entries = Array(repeating: Entry(), count: keys * capacity)
    }

    subscript(key key: Int, column k: Int) -> Entry { entries[k * keys + key] }

    /// The candidate an entry of column `k` chose (its `candidate` index, at least 0).
    func pick(_ candidate: Int32, column k: Int) -> Pick { picks[pickStart[k] + Int(candidate)] }

    /// Works out `sessions` (at most the capacity), their columns side by side on `parallel`.
    mutating func work(sessions: [Int], simulator t: TradeSimulator, demand: SessionDemand, parallel: ScoredStates.ParallelFor) {
        work(sessions: sessions, simulator: t, demand: demand) { columns in parallel(columns.count) { columns.work($0) } }
    }

    /// The work of a block's columns, to spread over threads: `work(k)` writes only column k's
    /// entries and chosen list.
    struct Columns: @unchecked Sendable {
        fileprivate let entries: UnsafeMutableBufferPointer<Entry>, chosen: UnsafeMutableBufferPointer<[StrikeCandidate]>
        fileprivate let sessions: [Int], keys: Int, simulator: TradeSimulator, demand: SessionDemand
        var count: Int { sessions.count }

        func work(_ k: Int) {
            let column = UnsafeMutableBufferPointer(rebasing: entries[(k * keys)..<((k + 1) * keys)])
            chosen[k] = SessionBlock.work(session: sessions[k], entries: column, simulator: simulator, demand: demand)
        }
    }

    /// Works out `sessions` (at most the capacity): `spread` runs every column's work on its
    /// threads, alongside other work if it likes; the block is complete when `spread` returns.
    mutating func work(sessions: [Int], simulator t: TradeSimulator, demand: SessionDemand, spread: (Columns) -> Void) {
        precondition(demand.keys.count == keys && sessions.count * keys <= entries.count, "a block larger than its capacity")
        self.sessions = sessions
        chosen = Array(repeating: [], count: sessions.count)
        let keys = keys
        entries.withUnsafeMutableBufferPointer { entries in
            chosen.withUnsafeMutableBufferPointer { chosen in
                spread(Columns(entries: entries, chosen: chosen, sessions: sessions, keys: keys, simulator: t, demand: demand))
            }
        }
        picks.removeAll(keepingCapacity: true)
        pickStart.removeAll(keepingCapacity: true)
        for list in chosen {
            pickStart.append(picks.count)
            picks += list.map { Pick(strike: $0.strike, credit: $0.credit, probability: $0.probability) }
        }
    }

    /// Session `s`'s entry for every key (`entries`, by key); returns the candidates chosen there.
    private static func work(session s: Int, entries: UnsafeMutableBufferPointer<Entry>, simulator t: TradeSimulator,
                             demand: SessionDemand) -> [StrikeCandidate] {
        func entry(_ key: Int) -> UnsafeMutablePointer<Entry> { entries.baseAddress! + key }
        var chosen: [StrikeCandidate] = []
        // Per key, the chosen candidate's index in `chosen` (−1 when none): what the first exits
        // look for, in a small array of its own rather than among the entries.
        var traded = [Int32](repeating: -1, count: demand.keys.count)
        let choices = demand.choices.count
        // Reused from one decision time to the next (every key of a time has its decision made
        // at that time — `SessionDemand` lists it — so none reads an earlier time's).
        var lists = TierPolicy.CandidateLists(), listed: [Int32] = []
        var made = [(choice: TierPolicy.Choice, listed: Int32)?](repeating: nil, count: demand.fills.count * choices)
        for j in 0..<demand.times where !demand.keysByTime[j].isEmpty {
            let row = t.states.row(session: s, time: j)
            if let stateSkip = t.states.skipReason(row) ?? (t.scored.group(ofRow: row) == nil ? .notScored : nil) {
                for key in demand.keysByTime[j] { entry(key).pointee = Entry(skip: stateSkip.rawValue, stateSkipped: true) }
                continue
            }
            t.policy.candidates(states: t.states, scored: t.scored, row: row, quotes: t.quotes, fills: demand.fills, into: &lists)
            // Each decision made once for all its exits (fill by fill, so each fill's list of
            // chosen indices is cleared once), each chosen candidate listed once. The fill's
            // list taken once for its decisions (handing `lists.byFill[fill]` to every decision
            // retained and released it each time), and let go before the next time refills it.
            var fill = -1, candidates: [StrikeCandidate] = []
            for d in demand.decisionsByTime[j] {
                if d.fill != fill {
                    fill = d.fill
                    candidates = lists.byFill[fill]
                    listed.removeAll(keepingCapacity: true)
                    listed.append(contentsOf: repeatElement(-1, count: candidates.count))
                }
                let c = demand.choices[d.choice]
                let choice = t.policy.choose(tier: c.tier, gate: c.gate, candidates: candidates)
                if let index = choice.index, listed[index] < 0 {
                    listed[index] = Int32(chosen.count)
                    chosen.append(candidates[index])
                }
                made[d.fill * choices + d.choice] = (choice, choice.index.map { listed[$0] } ?? -1)
            }
            candidates = []
            for key in demand.keysByTime[j] {
                let e = demand.keys[key], decision = made[e.fill * choices + e.choice]!
                guard decision.listed >= 0 else {
                    entry(key).pointee = Entry(skip: decision.choice.skip?.rawValue ?? 0)
                    continue
                }
                let c = chosen[Int(decision.listed)]
                var value = Entry(candidate: decision.listed, fallback: decision.choice.fallback)
                if e.rule < 0 { value.settle(t.exitPath.settlement(session: s, strike: c.strike), credit: c.credit, fill: demand.fills[e.fill]) }
                entry(key).pointee = value
                traded[key] = decision.listed
            }
        }
        guard !demand.firstExits.isEmpty else { return chosen }
        var walks = ExitWalks(session: s, slots: t.bars.slotCount(session: s), demand: demand)
        for first in demand.firstExits {
            guard let key = first.keys.first(where: { traded[$0] >= 0 }) else { continue }
            let e = demand.keys[key], c = chosen[Int(traded[key])]
            let entrySlot = Int(t.states.entrySlot[t.states.row(session: s, time: e.time)])
            entry(key).pointee.settle(walks.outcome(time: e.time, entrySlot: entrySlot, strike: c.strike, credit: c.credit,
                                                    fill: e.fill, rule: e.rule, path: t.exitPath),
                                      credit: c.credit, fill: demand.fills[e.fill])
        }
        return chosen
    }
}
