import ArgumentParser
import TailSweepCore
import TailSweepEngine

/// Options shared by `study`, `model fit` and `forward snapshot`, with SPEC §1's defaults.
struct StudyOptions: ParsableArguments {
    @Option(help: "First session (YYYY-MM-DD).") var from: String?
    @Option(help: "Last session (YYYY-MM-DD).") var to: String?
    @Option(help: "Fixed decision times, ET (HH:MM[,HH:MM…]). Default 10:30.") var decisionTimes: String?
    @Option(help: "Rolling decisions every N minutes, 09:45–15:30 ET (instead of fixed times).") var rolling: Int?
    @Option(help: "Risk tiers (maximum breach probability).") var tiers: String = "0.005,0.01,0.02,0.05"
    @Option(help: "Strike moneyness grid: START:END:STEP or a list.") var strikes: String = "-0.0025:-0.05:0.0025"
    @Option(help: "Fill model: bid, mid or spread:x.") var fill: String = "bid"
    @Option(help: "Fee per contract per side, dollars.") var fee: Double = 0.65
    @Option(help: "Walk-forward window: expanding or a number of sessions.") var window: String = "expanding"
    @Option(help: "Minimum training sessions before the first scored session.") var minTrainSessions: Int = 60
    @Option(help: "Model family: bucket or logistic.") var model: String = "bucket"
    @Option(help: "Logistic L2 penalty λ, or 'auto' (time-ordered validation inside the training window).") var lambda: String = "1"
    @Option(help: "Shrinkage κ: 'PARENT,LOCAL' or 'auto'.") var kappa: String = "20,25"
    @Option(help: "Gate: mean or upper (credible bound).") var gate: String = "mean"
    @Option(help: "Exit tracks to report: hold,adaptive.") var exit: String = "hold,adaptive"
    @Option(help: "Adaptive exit: take profit at this share of the credit captured.") var capture: Double = 0.5
    @Option(help: "Adaptive exit: stop at this multiple of the credit.") var stopMultiple: Double = 2
    @Option(help: "Adaptive exit: stop when the underlying is within this fraction above the strike.") var buffer: Double?
    @Option(help: "Adaptive exit: time stop, ET (HH:MM).") var timeStop: String?
    @Option(help: "Contracts per trade.") var contracts: Int = 1
    @Option(help: "Ladder size (top-k strikes per tier).") var ladder: Int = 3

    func configuration() throws -> StudyConfiguration {
        var c = StudyConfiguration()
        c.from = try from.map { try CivilDate(parsing: $0) }
        c.to = try to.map { try CivilDate(parsing: $0) }
        if let rolling {
            guard decisionTimes == nil else { throw ValidationError("use either --decision-times or --rolling, not both") }
            c.schedule = .rolling(everyMinutes: rolling, from: 9 * 60 + 45, through: 15 * 60 + 30)
        } else if let decisionTimes {
            c.schedule = try DecisionSchedule.parseTimes(decisionTimes)
        }
        c.tiers = try tiers.split(separator: ",").map {
            guard let t = Double($0.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--tiers: '\($0)' is not a number") }
            return t
        }
        c.model.strikes = try StrikeGrid(parsing: strikes)
        c.fill = try FillModel(parsing: fill)
        c.fill.feePerContract = fee
        switch window {
        case "expanding": c.model.window = .expanding
        default:
            guard let w = Int(window), w > 0 else { throw ValidationError("--window must be 'expanding' or a positive number of sessions") }
            c.model.window = .rolling(sessions: w)
        }
        c.model.minimumTrainingSessions = minTrainSessions
        if kappa == "auto" {
            c.model.kappa = .auto(refitEverySessions: 60)
        } else {
            let parts = kappa.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2 else { throw ValidationError("--kappa must be 'PARENT,LOCAL' (e.g. 20,25) or 'auto'") }
            c.model.kappa = .fixed(parent: parts[0], local: parts[1])
        }
        switch model {
        case "bucket": c.model.family = .bucket
        case "logistic":
            var settings = LogisticSettings()
            if lambda == "auto" {
                settings.lambda = .auto(grid: [0.1, 1, 10, 100], refitEverySessions: 60)
            } else {
                guard let l = Double(lambda), l >= 0 else { throw ValidationError("--lambda must be a number ≥ 0 or 'auto'") }
                settings.lambda = .fixed(l)
            }
            c.model.family = .logistic(settings)
        default: throw ValidationError("--model must be bucket or logistic")
        }
        guard let g = TierGate(rawValue: gate) else { throw ValidationError("--gate must be mean or upper") }
        c.gate = g
        c.exitModes = try exit.split(separator: ",").map {
            switch $0 {
            case "hold": return .holdToClose
            case "adaptive": return .adaptiveExit
            default: throw ValidationError("--exit takes hold and/or adaptive, got '\($0)'")
            }
        }
        c.exit = ExitRule(name: "adaptive", capture: capture, stopMultiple: stopMultiple, underlyingBuffer: buffer,
                          timeStop: try timeStop.map { try DecisionSchedule.parseTime($0) })
        c.sizing = .fixedContracts(contracts)
        c.policy.ladderSize = ladder
        return try c.validated()
    }
}

import Foundation
