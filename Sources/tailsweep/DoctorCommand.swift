import ArgumentParser
import TailSweepCore

/// `tailsweep doctor`: proves the OpenBLAS and LAPACKE wiring with a tiny dgemm and dposv.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that OpenBLAS (dgemm) and LAPACKE (dposv) are linked and correct.",
        discussion: "Example:\n  tailsweep doctor --json")

    @Flag(help: "Print the report as JSON.") var json = false

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let passed: Bool
        let dgemmMaxError: Double
        let dposvMaxError: Double
        let dposvInfo: Int32
        let blasCore: String
        let blasConfig: String
    }

    func run() throws {
        let report = BLASSelfTest.run()
        if json {
            try Console.json(Output(passed: report.passed, dgemmMaxError: report.dgemmMaxError,
                                    dposvMaxError: report.dposvMaxError, dposvInfo: report.dposvInfo,
                                    blasCore: report.coreName, blasConfig: report.config))
        } else {
            Console.line("OpenBLAS core: \(report.coreName) (\(report.config))")
            Console.line("cblas_dgemm 3×4·4×2: max error \(report.dgemmMaxError)")
            Console.line("LAPACKE_dposv 3×3: info \(report.dposvInfo), max error \(report.dposvMaxError)")
            Console.line(report.passed ? "BLAS self-test passed." : "BLAS self-test FAILED.")
            Console.disclaimers()
        }
        if !report.passed { throw ExitCode(1) }
    }
}
