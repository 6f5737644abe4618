import Foundation
import Testing

/// The PostgreSQL server the tests use: `TAILSWEEP_TEST_POSTGRES` holds its URL (`make test`
/// starts one with scripts/start-postgres.sh). Unset, the PostgreSQL tests fail and say so; set to
/// `off`, they are skipped on purpose.
enum TestPostgres {
    static let server = ProcessInfo.processInfo.environment["TAILSWEEP_TEST_POSTGRES"]
    static var enabled: Bool { server != "off" }

    /// A new empty database; returns its URL.
    static func freshDatabase(_ prefix: String) throws -> String {
        guard let server, server != "off" else {
            Issue.record("TAILSWEEP_TEST_POSTGRES is not set: run `make test` (it starts PostgreSQL) or export the URL of a server")
            throw CancellationError()
        }
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql(server, "CREATE DATABASE \(name)")
        guard var url = URLComponents(string: server) else { throw CocoaError(.fileReadCorruptFile) }
        url.path = "/" + name
        return url.string!
    }

    /// Runs SQL with psql and returns its unaligned, tuples-only output.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let r = try TailSweepProcess.run(program: URL(fileURLWithPath: "/usr/bin/env"),
                                         ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard r.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "psql: \(r.stderr)"]) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
