import TailSweepCore
import TailSweepEngine

/// The `study --json` document: keys `disclaimer`, `assumptions`, `assumptions_hash`,
/// `preflight`, `probabilities`, `ladders`, `trades`, `calibration`, `summary` (and context).
enum StudyJSON {
    struct Summary: Encodable {
        let tier: Double, exitMode: ExitMode, trades: Int, wins: Int, winRate: Double?, totalPnl: Double, meanPnl: Double?
        let stdPnl: Double?, sharpe: Double?, maxDrawdown: Double, cvar5: Double?, worstTrade: Double?
        let breaches: Int, breachRate: Double?, breachCi: [Double], tierHeld: Bool, brier: Double?, ece: Double?
        let skips: [String: Int]
        init(_ s: SummaryRecord) {
            let m = s.summary, ci = m.breachRate.interval()
            func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
            tier = s.tier; exitMode = s.exitMode; trades = m.trades; wins = m.wins; winRate = f(m.winRate)
            totalPnl = m.totalPnL; meanPnl = f(m.meanPnL); stdPnl = f(m.stdPnL); sharpe = f(m.sharpe); maxDrawdown = m.maxDrawdown
            cvar5 = f(m.cvar5); worstTrade = f(m.worstTrade); breaches = m.breachRate.breaches; breachRate = f(m.breachRate.rate)
            breachCi = [ci.lower, ci.upper]; tierHeld = m.tierHeld; brier = f(s.summary.brier); ece = f(s.summary.ece); skips = m.skips
        }
    }

    static func write(_ r: StudyResult) throws {
        var out = JSONStream()
        try out.member("disclaimer", DisclaimerJSON())
        try out.member("symbol", r.symbol)
        try out.member("target_exposure", r.configuration.targetExposure)
        try out.member("data_fingerprint", r.dataFingerprint)
        try out.member("sessions", r.sessions.count)
        try out.member("first_session", r.sessions.first?.date)
        try out.member("last_session", r.sessions.last?.date)
        try out.member("premium_source", r.premiumSource)
        try out.member("assumptions", r.configuration)
        try out.member("assumptions_hash", r.assumptionsHash)
        try out.member("preflight", r.preflight)
        try out.array("probabilities", r.probabilityRows)
        try out.array("ladders", r.ladders)
        try out.array("trades", r.trades)
        try out.array("calibration", r.calibrationRecords)
        try out.array("summary", r.summaries.map(Summary.init))
        out.finish()
    }
}
