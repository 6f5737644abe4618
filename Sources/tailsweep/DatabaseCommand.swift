import ArgumentParser
import Foundation
import TailSweepStore

/// `tailsweep db copy`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Move sweep results between databases.", subcommands: [DatabaseCopyCommand.self])
}

struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy one sweep between SQLite and PostgreSQL (either direction).",
        discussion: """
        The sweep, its shard partials, cell metrics and charted daily P&L are copied as stored. Copying
        again merges into the same sweep and changes nothing; a sweep of the same name with another
        spec, data or code version in the target is refused unless --new.

        Examples:
          tailsweep db copy --from postgres://sweeper@db:5432/grid --to results.sqlite --sweep rolling-grid
          tailsweep db copy --from results.sqlite --to postgres://sweeper@db:5432/grid
        """)

    @Option(help: "Source database: a SQLite file or a postgres:// URL.") var from: String
    @Option(help: "Target database: a SQLite file or a postgres:// URL (created and migrated if new).") var to: String
    @Option(help: "Sweep name (default: the latest sweep in the source).") var sweep: String?
    @Flag(help: "Copy as a new sweep even if the target has one of this name with another identity.") var new = false

    func run() async throws {
        try await reportingFailures {
            guard ResultDatabase.isPostgres(from) || FileManager.default.fileExists(atPath: from) else {
                throw UsageFailure("no database at \(from)")
            }
            let source = try ResultDatabase.open(from, readOnly: true)
            let target = try ResultDatabase.open(to)
            let c = try target.copySweep(named: sweep, from: source, forceNew: new)
            Console.line("Copied sweep '\(c.name)' #\(c.sourceId) from \(source.location) to \(target.location) as #\(c.targetId)"
                         + (c.merged ? " (merged into the existing sweep)" : "")
                         + ": \(c.shards) shards, \(c.cells) cells, \(c.dailySeries) daily P&L series.")
            Console.disclaimers()
        }
    }
}
