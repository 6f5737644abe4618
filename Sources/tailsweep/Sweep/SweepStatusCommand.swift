import ArgumentParser
import TailSweepCore
import TailSweepStore

struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Progress of every sweep in a database.",
                                                    discussion: "Example:\n  tailsweep sweep status --db results.sqlite --json")
    @Option(help: "Sweep grid database: a SQLite file or a postgres://user@host:port/dbname URL.") var db: String
    @Flag(help: "Print JSON.") var json = false

    struct Entry: Encodable {
        let sweepId: Int64, name: String, status: String, cells: Int, shards: Int, completedShards: Int
        let firstSession: CivilDate, lastSession: CivilDate, sessions: Int, specHash: String, dataFingerprint: String, codeVersion: String
    }
    struct Output: Encodable { let disclaimer = DisclaimerJSON(); let sweeps: [Entry] }

    func run() throws {
        try reportingFailures {
            let sweeps = try ResultDatabase.open(db).sweeps()
            let entries = sweeps.map { Entry(sweepId: $0.sweepId, name: $0.name, status: $0.status, cells: $0.cells, shards: $0.shards,
                                             completedShards: $0.completedShards, firstSession: $0.firstSession, lastSession: $0.lastSession,
                                             sessions: $0.sessions, specHash: $0.specHash, dataFingerprint: $0.dataFingerprint,
                                             codeVersion: $0.codeVersion) }
            if json { try Console.json(Output(sweeps: entries)); return }
            if entries.isEmpty { Console.line("No sweeps in \(db) yet (tailsweep sweep run …).") }
            for e in entries {
                Console.line("#\(e.sweepId) \(e.name): \(e.status), \(e.completedShards)/\(e.shards) shards, \(e.cells) cells, \(e.sessions) sessions \(e.firstSession) … \(e.lastSession)")
            }
            Console.disclaimers()
        }
    }
}
