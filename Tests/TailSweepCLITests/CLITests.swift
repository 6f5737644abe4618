import Foundation
import Testing

/// Drives the real `tailsweep` binary (built by `swift build` before the tests run).
@Suite struct CLITests {
    @Test func calendarJSONMatchesThePublishedCalendarForEverySession() throws {
        let result = try TailSweepProcess.run(["data", "calendar", "--from", "2000-01-01", "--to", "2030-12-31", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sessions = try #require(object["sessions"] as? [[String: Any]])
        let reference = try String(contentsOf: TailSweepProcess.repositoryRoot.appendingPathComponent("Fixtures/calendar/xnys-2000-2030.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map(String.init)
        let ours = sessions.map { "\($0["date"]!),\($0["open"]!),\($0["close"]!)" }
        #expect(ours.count == reference.count)
        #expect(ours == reference)
        #expect(object["disclaimer"] != nil)
    }

    @Test func calendarOutsideTheRangeFailsClearly() throws {
        let result = try TailSweepProcess.run(["data", "calendar", "--from", "2030-12-01", "--to", "2031-01-31"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("2031-01-31") && result.stderr.contains("supported range"))
    }

    @Test func generateThenCheckReportsTheDataset() throws {
        let dir = NSTemporaryDirectory() + "tailsweep-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try TailSweepProcess.run(["data", "generate", "--sessions", "30", "--seed", "2", "--start", "2024-11-20", "--out", dir])
        #expect(gen.status == 0, "\(gen.stderr)")
        #expect(gen.stdout.contains("Not financial advice") && gen.stdout.contains("proxy"))
        let again = try TailSweepProcess.run(["data", "generate", "--sessions", "30", "--out", dir])
        #expect(again.status != 0 && again.stderr.contains("already holds a dataset"))
        let check = try TailSweepProcess.run(["data", "check", dir, "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(report["sessions"] as? Int == 30)
        #expect(report["first_session"] as? String == "2024-11-20")
        #expect(report["early_close_sessions"] as? Int == 2)   // 2024-11-29 and 2024-12-24
        #expect(report["bars"] as? Int == 28 * 390 + 2 * 210)
        #expect(report["missing_bars"] as? Int == 0)
        #expect(report["last_session"] is String)
        // Corrupt one file: the check fails and names it.
        let path = dir + "/bars.high.f64"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[100] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let broken = try TailSweepProcess.run(["data", "check", dir])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("bars.high.f64") && broken.stderr.contains("checksum"))
    }

    @Test func doctorProvesTheBLASWiring() throws {
        let result = try TailSweepProcess.run(["doctor", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"passed\":true"))
    }
}

/// Runs the `tailsweep` executable that sits next to the test bundle.
enum TailSweepProcess {
    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        get throws {
            var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("tailsweep")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "tailsweep binary not found next to \(CommandLine.arguments[0]); run `swift build` first (make test does)"])
        }
    }

    static func run(_ arguments: [String]) throws -> Result {
        try run(program: executable, arguments)
    }

    /// Any program (psql, curl) with its output captured.
    static func run(program: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct ExplainCLITests {
    @Test func explainPrintsAnchorsFeaturesRegimeAndLabel() throws {
        let dir = NSTemporaryDirectory() + "tailsweep-explain-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try TailSweepProcess.run(["data", "generate", "--sessions", "60", "--start", "2024-10-01", "--out", dir]).status == 0)
        let result = try TailSweepProcess.run(["explain", "--data", dir, "--session", "2024-11-25", "--time", "10:30", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["decision_ts", "entry_anchor_ts", "close_label_ts", "entry_price", "features", "regime", "label", "skip_reason", "disclaimer"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["decision_ts"] as? String == "2024-11-25T15:30:00Z")
        #expect(object["entry_anchor_ts"] as? String == "2024-11-25T15:30:00Z")
        #expect(object["close_label_ts"] as? String == "2024-11-25T21:00:00Z")
        #expect(object["skip_reason"] is NSNull)
        let label = try #require(object["label"] as? [String: Any])
        #expect(label["close_price"] is Double && label["r"] is Double)
        let features = try #require(object["features"] as? [String: [String: Any]])
        #expect(features.count == 10 && features["extension"]?["status"] as? String == "ok")
        let late = try TailSweepProcess.run(["explain", "--data", dir, "--session", "2024-11-29", "--time", "14:00"])
        #expect(late.status == 0 && late.stdout.contains("outside_session"))
        let missing = try TailSweepProcess.run(["explain", "--data", dir, "--session", "2024-12-25", "--time", "10:30"])
        #expect(missing.status != 0 && missing.stderr.contains("not a session of the dataset"))
    }
}

@Suite struct ImportCLITests {
    @Test func strictFailsWithStatusTwoNamingFileAndLineAndDefaultModeQuarantines() throws {
        let dir = NSTemporaryDirectory() + "tailsweep-import-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = TailSweepProcess.repositoryRoot.appendingPathComponent("Fixtures/import/alpaca.csv").path
        let strict = try TailSweepProcess.run(["data", "import", "bars", "--format", "alpaca", "--symbol", "SPY", file, "--out", dir, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("alpaca.csv:17") && strict.stderr.contains("unparsable"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/manifest.json"))
        let lenient = try TailSweepProcess.run(["data", "import", "bars", "--format", "alpaca", "--symbol", "SPY", file, "--out", dir])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("quarantined rows: 8") && lenient.stdout.contains("alpaca.csv:17"))
        #expect(lenient.stdout.contains("extended-hours bars (not stored): 2") && lenient.stdout.contains("2024-07-04"))
        let check = try TailSweepProcess.run(["data", "check", dir, "--json"])
        #expect(check.stdout.contains("\"sessions\":3"))
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

/// `tailsweep bench` end to end on the smallest workload it accepts: the JSON keys the issue
/// names, a run of the 2,304-cell grid, the fastest of repeated runs, and the notes.
@Suite struct BenchCLITests {
    @Test func benchJSONReportsTheFastestOfItsRuns() throws {
        let result = try TailSweepProcess.run(["bench", "--sessions", "100", "--workers", "2", "--repeat", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["sessions"] as? Int == 100 && object["cells"] as? Int == 2_304 && object["workers"] as? Int == 2)
        let wall = try #require(object["wall_seconds"] as? Double), runs = try #require(object["run_wall_seconds"] as? [Double])
        let median = try #require(object["median_wall_seconds"] as? Double)
        // Foundation's JSON parser can read a double one unit in the last place off, so the
        // median written by the encoder is compared to the parsed runs' mean with a tolerance.
        #expect(runs.count == 2 && wall == runs.min() && abs(median - (runs[0] + runs[1]) / 2) <= 1e-12 * median)
        let rate = try #require(object["cell_sessions_per_second"] as? Double)
        #expect(abs(rate * wall - 2_304 * 100) < 1e-6 * rate * wall)
        #expect((object["peak_rss_bytes"] as? Int ?? 0) > 10_000_000)
        let stages = try #require(object["stages"] as? [String: Double])
        #expect(Set(stages.keys) == ["load", "states", "contributions", "walk_forward", "shards", "finalize"])
        #expect(stages.values.allSatisfy { $0 >= 0 } && stages.values.reduce(0, +) <= wall * 1.01)
        #expect(object["backend"] as? String == "sqlite" && (object["blas_core"] as? String)?.isEmpty == false)
        #expect(object["disclaimer"] != nil)
        // The binary beside this test bundle was built in the bundle's configuration.
        #if DEBUG
        #expect(object["build"] as? String == "debug")
        #else
        #expect((object["build"] as? String)?.hasPrefix("release, ") == true)
        #endif

        let refused = try TailSweepProcess.run(["bench", "--sessions", "100", "--workers", "1", "--repeat", "0"])
        #expect(refused.status != 0 && refused.stderr.contains("--repeat must be at least 1"))
    }
}
