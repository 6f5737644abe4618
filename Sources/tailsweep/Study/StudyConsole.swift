import Foundation
import TailSweepCore
import TailSweepEngine

/// The human-readable study summary.
enum StudyConsole {
    static func print(_ r: StudyResult, seconds: Double, database: String?, csv: String?) {
        let c = r.configuration
        Console.line("TailSweep study — \(r.symbol) (proxy for \(c.targetExposure)), \(r.sessions.count) sessions \(r.sessions.first!.date) … \(r.sessions.last!.date)")
        Console.line("  schedule \(c.schedule.times.map(DecisionSchedule.format).joined(separator: ",")), strikes \(c.model.strikes.count), fill \(c.fill.label), gate \(c.gate.rawValue), premiums: \(r.premiumSource.rawValue)")
        Console.line("  assumptions \(r.assumptionsHash), data \(r.dataFingerprint), \(Console.duration(seconds))")
        Console.line(r.preflight.passed ? "Preflight: passed" : "Preflight: \(r.preflight.failures.count) check(s) failed")
        for f in r.preflight.failures { Console.line("  - \(f.message)") }
        Console.line("")
        Console.line("tier   exit            trades  win%    total P&L   mean P&L   max DD   breach rate (90% CI)       held  Brier   ECE")
        for s in r.summaries {
            let m = s.summary, ci = m.breachRate.interval()
            let rate = m.trades > 0 ? String(format: "%5.2f%% [%5.2f%%, %5.2f%%]", m.breachRate.rate * 100, ci.lower * 100, ci.upper * 100) : "—".padding(toLength: 24, withPad: " ", startingAt: 0)
            Console.line(String(format: "%5.1f%% %@ %6d  %5.1f  %10.2f  %9.2f  %7.2f   %@  %@  %@  %@",
                                s.tier * 100, s.exitMode.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0), m.trades,
                                m.trades > 0 ? m.winRate * 100 : 0, m.totalPnL, m.trades > 0 ? m.meanPnL : 0, m.maxDrawdown,
                                rate, m.tierHeld ? "yes " : "no  ", fmt(s.summary.brier), fmt(s.summary.ece)))
            let skips = m.skips.sorted { $0.value > $1.value }.prefix(4).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            if !skips.isEmpty { Console.line("         skips: \(skips)") }
        }
        let cal = r.calibration.pooled
        Console.line("")
        Console.line(String(format: "Calibration (all scored states × strikes, n = %d): Brier %.5f; binned %.5f = REL %.5f − RES %.5f + UNC %.5f; ECE %.4f; log loss %.4f",
                            cal.count, cal.brier, cal.binnedBrier, cal.reliability, cal.resolution, cal.uncertainty, cal.ece, cal.logLoss))
        if let database { Console.line("Results upserted into \(database)") }
        if let csv { Console.line("CSV tables written to \(csv)/") }
        Console.disclaimers()
    }

    static func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "  —   " }
}
