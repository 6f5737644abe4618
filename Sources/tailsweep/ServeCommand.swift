import ArgumentParser
import Foundation
import Hummingbird
import TailSweepCore
import TailSweepDashboard
import TailSweepStore

extension ResultDatabase: ResultsReader {}

/// `tailsweep serve`: the read-only web dashboard.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the read-only dashboard over a results database.",
        discussion: """
        Binds to 127.0.0.1 unless --host says otherwise. Pages: sweeps, sweep grid heat maps, best
        settings with equity curves, studies, calibration, probability surfaces, forward tests.

        Example:
          tailsweep serve --db results.sqlite --port 8080
        """)

    @Option(help: "Results database: a SQLite file or a postgres://user@host:port/dbname URL, opened read-only.") var db: String
    @Option(help: "Address to bind (loopback by default).") var host: String = "127.0.0.1"
    @Option(help: "Port.") var port: Int = 8080

    func run() async throws {
        try await reportingFailures {
            let reader = ResultDatabase.isPostgres(db) || FileManager.default.fileExists(atPath: db) ? try ResultDatabase.open(db, readOnly: true) : nil
            if reader == nil { Console.line("note: \(db) does not exist; the dashboard will say so") }
            Console.line("TailSweep dashboard on http://\(host):\(port)/ (read-only; Ctrl-C to stop)")
            Console.disclaimers()
            try await DashboardApp(reader: reader, databaseName: reader?.location ?? db).application(host: host, port: port).runService()
        }
    }
}
