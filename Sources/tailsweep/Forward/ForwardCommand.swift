import ArgumentParser
import Foundation
import TailSweepCore
import TailSweepEngine
import TailSweepStore

/// `tailsweep forward snapshot|reconcile`: forward tests with the active frozen model only.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward", abstract: "Forward tests with the active frozen model.",
        subcommands: [ForwardSnapshotCommand.self, ForwardReconcileCommand.self])
}

struct ForwardSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Score a session with the active model; write ladders as pending_close.",
        discussion: "Example:\n  tailsweep forward snapshot --data demo-data --db results.sqlite --session 2008-07-01")
    @Option(help: "Dataset directory.") var data: String
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Option(help: "Session to score (YYYY-MM-DD).") var session: String
    @Option(help: "A model trained more than this many sessions before the session is stale.") var maxStaleSessions: Int = 20
    @OptionGroup var options: StudyOptions
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable { let disclaimer = DisclaimerJSON(); let rows: [ForwardRow] }

    func run() throws {
        try reportingFailures {
            let store = try ResultDatabase.open(db)
            var tester = ForwardTester(policy: try options.configuration())
            tester.maxStaleSessions = maxStaleSessions
            let rows = try tester.snapshot(dataDirectory: data, session: try CivilDate(parsing: session), active: try store.activeModel())
            try store.upsertForward(rows)
            if json { try Console.json(Output(rows: rows)); return }
            Console.line("Snapshot of \(session): \(rows.count) ladder rows (pending_close) from model \(rows.first?.modelVersion ?? "-")")
            for r in rows where r.ladderRank == 1 {
                Console.line(String(format: "  %@ tier %4.1f%%  strike %.0f (%+.2f%%)  p %.4f  premium %.2f  EV %.2f", r.decisionTs.description, r.tier * 100, r.strike, r.moneyness * 100, r.p, r.premium, r.expectedValue))
            }
            Console.disclaimers()
        }
    }
}

struct ForwardReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Fill realised outcomes of pending rows whose session has closed.",
        discussion: "Example:\n  tailsweep forward reconcile --data demo-data --db results.sqlite")
    @Option(help: "Dataset directory.") var data: String
    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @OptionGroup var options: StudyOptions
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable { let disclaimer = DisclaimerJSON(); let finalized: Int; let pending: Int; let pendingSessions: [CivilDate] }

    func run() throws {
        try reportingFailures {
            let store = try ResultDatabase.open(db)
            let rows = try ForwardTester(policy: try options.configuration()).reconcile(dataDirectory: data, rows: try store.forwardRows())
            try store.upsertForward(rows)
            let pending = rows.filter { $0.status == .pendingClose }
            let output = Output(finalized: rows.count - pending.count, pending: pending.count,
                                pendingSessions: Array(Set(pending.map(\.session))).sorted())
            if json { try Console.json(output); return }
            Console.line("Forward rows: \(output.finalized) finalized, \(output.pending) pending\(output.pendingSessions.isEmpty ? "" : " (sessions not yet closed: " + output.pendingSessions.map(\.description).joined(separator: ", ") + ")")")
            Console.disclaimers()
        }
    }
}
