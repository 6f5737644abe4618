import ArgumentParser
import TailSweepCore
import TailSweepEngine
import TailSweepStore

/// `tailsweep summarize`: for each tier, the best settings of a sweep by an objective.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize", abstract: "Best tier settings of a sweep, as a table or JSON.",
        discussion: """
        Examples:
          tailsweep summarize --db results.sqlite
          tailsweep summarize --db results.sqlite --sweep default --objective sharpe --min-trades 50 --require-tier-held --json
        """)
    @Option(help: "Sweep grid database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Option(help: "Sweep name (default: the latest sweep).") var sweep: String?
    @Option(help: "Objective: \(SweepObjective.allCases.map(\.rawValue).joined(separator: ", ")).") var objective: String = "mean_pnl"
    @Option(help: "Minimum trades for a cell to count.") var minTrades: Int = 20
    @Flag(help: "Only cells whose realised breach rate is consistent with their tier.") var requireTierHeld = false
    @Option(help: "Best cells per tier.") var top: Int = 3
    @Flag(help: "Print JSON.") var json = false

    struct Cell: Encodable {
        let cellIndex: Int, modelSetting: String, decisionTime: String, tier: Double, fill: String, gate: String, exitRule: String
        let trades: Int, winRate: Double?, totalPnl: Double, meanPnl: Double?, stdPnl: Double?, sharpe: Double?, maxDrawdown: Double
        let cvar5: Double?, worstTrade: Double?, breachRate: Double?, breachCi: [Double], tierHeld: Bool, brier: Double?, ece: Double?
        let skips: [String: Int]
        init(_ c: SweepCellRecord) {
            let m = c.metrics, ci = m.breachRate.interval()
            func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
            cellIndex = c.cellIndex; modelSetting = c.modelSetting; decisionTime = c.decisionTime; tier = c.tier; fill = c.fill
            gate = c.gate; exitRule = c.exitRule; trades = m.trades; winRate = f(m.winRate); totalPnl = m.totalPnL
            meanPnl = f(m.meanPnL); stdPnl = f(m.stdPnL); sharpe = f(m.sharpe); maxDrawdown = m.maxDrawdown; cvar5 = f(m.cvar5)
            worstTrade = f(m.worstTrade); breachRate = f(m.breachRate.rate); breachCi = [ci.lower, ci.upper]; tierHeld = m.tierHeld
            brier = f(m.brier); ece = f(m.ece); skips = m.skips
        }
    }
    struct Tier: Encodable { let tier: Double; let best: [Cell] }
    /// Model settings side by side: traded-strike calibration averaged over cells, and the best objective.
    struct Model: Encodable { let modelSetting: String; let cells: Int; let meanBrier: Double?; let meanEce: Double?; let bestObjective: Double? }
    struct Output: Encodable {
        let disclaimer = DisclaimerJSON(); let sweep: String; let sweepId: Int64; let objective: String
        let minTrades: Int; let requireTierHeld: Bool; let tiers: [Tier]; let models: [Model]
    }

    func run() throws {
        try reportingFailures {
            guard let goal = SweepObjective(rawValue: objective) else {
                throw UsageFailure("--objective must be one of \(SweepObjective.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let store = try ResultDatabase.open(db)
            let record = try sweep.map { try store.latestSweep(named: $0) } ?? store.sweeps().last
            guard let record else { throw UsageFailure("no sweep \(sweep.map { "named '\($0)' " } ?? "")in \(db)") }
            let cells = try store.cells(sweepId: record.sweepId)
            guard !cells.isEmpty else {
                throw UsageFailure("sweep '\(record.name)' is not finished (\(record.completedShards)/\(record.shards) shards); run or resume it first")
            }
            let tiers = SweepSummarizer.bestByTier(cells, objective: goal, minimumTrades: minTrades, requireTierHeld: requireTierHeld, top: top)
            let output = Output(sweep: record.name, sweepId: record.sweepId, objective: goal.rawValue, minTrades: minTrades,
                                requireTierHeld: requireTierHeld, tiers: tiers.map { Tier(tier: $0.tier, best: $0.best.map(Cell.init)) },
                                models: SweepSummarizer.modelComparison(cells, objective: goal, minimumTrades: minTrades).map {
                                    Model(modelSetting: $0.modelSetting, cells: $0.cells, meanBrier: $0.meanBrier, meanEce: $0.meanECE, bestObjective: $0.best)
                                })
            if json { try Console.json(output); return }
            Console.line("Sweep '\(record.name)' — best settings per tier by \(goal.rawValue) (min \(minTrades) trades\(requireTierHeld ? ", tier held" : ""))")
            for t in output.tiers {
                Console.line(String(format: "tier %.1f%%", t.tier * 100))
                if t.best.isEmpty { Console.line("  no cell meets the constraints") }
                for c in t.best {
                    Console.line(String(format: "  #%d %@ %@ fill %@ gate %@ exit %@: trades %d, mean %.2f, total %.2f, Sharpe %@, max DD %.2f, breach %@%@",
                                        c.cellIndex, c.decisionTime, c.modelSetting, c.fill, c.gate, c.exitRule, c.trades, c.meanPnl ?? .nan,
                                        c.totalPnl, c.sharpe.map { String(format: "%.2f", $0) } ?? "—", c.maxDrawdown,
                                        c.breachRate.map { String(format: "%.2f%%", $0 * 100) } ?? "—", c.tierHeld ? " (held)" : " (NOT held)"))
                }
            }
            if output.models.count > 1 {
                Console.line("Model settings compared (traded-strike calibration averaged over cells):")
                for m in output.models {
                    Console.line(String(format: "  %@: %d cells, Brier %@, ECE %@, best %@ %@", m.modelSetting, m.cells,
                                        m.meanBrier.map { String(format: "%.5f", $0) } ?? "—", m.meanEce.map { String(format: "%.4f", $0) } ?? "—",
                                        goal.rawValue, m.bestObjective.map { String(format: "%.2f", $0) } ?? "—"))
                }
            }
            Console.disclaimers()
        }
    }
}
