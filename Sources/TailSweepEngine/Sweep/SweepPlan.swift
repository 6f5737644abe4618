import TailSweepCore

/// One grid point of a sweep.
public struct SweepCell: Sendable, Hashable, Codable {
    public let index: Int
    public let modelSetting: Int
    public let decision: Int
    public let tier: Double
    public let fill: Int
    public let gate: TierGate
    public let exit: Int
}

/// The fixed plan of a sweep: its cells in a canonical order and its shards. Shards depend only
/// on the spec and the number of sessions — never on the worker count or the machines — which is
/// what makes results identical however the work is spread.
///
/// ```swift
/// let plan = SweepPlan(spec: spec, sessionCount: 5000)
/// plan.cells.count          // spec.cellCount
/// plan.shard(3)             // (cells: 192..<256, sessions: 0..<5000)
/// ```
///
/// Cell order: model setting, decision time, tier, fill, gate, exit rule (innermost), so the
/// cells of a shard share model tables, candidates and exit paths as much as possible.
public struct SweepPlan: Sendable {
    public let spec: SweepSpec
    public let cells: [SweepCell]
    public let cellBlocks: [Range<Int>]
    public let sessionBlocks: [Range<Int>]

    public init(spec: SweepSpec, sessionCount: Int) {
        self.spec = spec
        var cells: [SweepCell] = []
        for m in spec.modelSettings.indices {
            for d in spec.decisionTimes.indices {
                for tier in spec.tiers {
                    for f in spec.fills.indices {
                        for gate in spec.gates {
                            for e in spec.exits.indices {
                                cells.append(SweepCell(index: cells.count, modelSetting: m, decision: d, tier: tier, fill: f, gate: gate, exit: e))
                            }
                        }
                    }
                }
            }
        }
        self.cells = cells
        cellBlocks = stride(from: 0, to: cells.count, by: spec.cellsPerShard).map { $0..<min($0 + spec.cellsPerShard, cells.count) }
        let step = spec.sessionsPerShard ?? max(sessionCount, 1)
        sessionBlocks = stride(from: 0, to: max(sessionCount, 1), by: step).map { $0..<min($0 + step, sessionCount) }
    }

    public var shardCount: Int { cellBlocks.count * sessionBlocks.count }

    public func shard(_ i: Int) -> (cells: Range<Int>, sessions: Range<Int>) {
        (cellBlocks[i / sessionBlocks.count], sessionBlocks[i % sessionBlocks.count])
    }

    public func strategy(for cell: SweepCell) -> StrategyCell {
        var c = StrategyCell(tier: cell.tier)
        c.gate = cell.gate
        c.fill = spec.fills[cell.fill]
        if let rule = spec.exits[cell.exit] { c.exit = rule }
        c.sizing = spec.sizing
        c.caps = spec.caps
        c.startingEquity = spec.startingEquity
        return c
    }

    public func exitMode(for cell: SweepCell) -> ExitMode { spec.exits[cell.exit] == nil ? .holdToClose : .adaptiveExit }

    public func record(for cell: SweepCell, metrics: TrackSummary) -> SweepCellRecord {
        SweepCellRecord(cellIndex: cell.index, modelSetting: spec.modelSettings[cell.modelSetting].label,
                        decisionTime: spec.decisionTimes[cell.decision].label, tier: cell.tier, fill: spec.fills[cell.fill].label,
                        gate: cell.gate.rawValue, exitRule: spec.exits[cell.exit]?.name ?? "hold", metrics: metrics)
    }
}
