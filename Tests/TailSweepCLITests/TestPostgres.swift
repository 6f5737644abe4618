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

/// A tailsweep process in the background, its output in files (read after it exits).
final class BackgroundTailSweep {
    let process = Process()
    private let outPath = NSTemporaryDirectory() + "tailsweep-out-" + UUID().uuidString
    private let errPath = NSTemporaryDirectory() + "tailsweep-err-" + UUID().uuidString

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = try TailSweepProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }

    /// Waits for the exit; a process still running after `timeout` seconds is killed and the hang
    /// recorded as a test failure (a claimer waiting forever must not hang the suite).
    func wait(timeout: Double = 300) -> TailSweepProcess.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("tailsweep \(process.arguments ?? []) still running after \(timeout) s; killed")
        }
        process.waitUntilExit()
        return TailSweepProcess.Result(status: process.terminationStatus,
                                       stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                                       stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
