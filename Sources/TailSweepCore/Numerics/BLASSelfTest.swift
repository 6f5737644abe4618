import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// A small end-to-end check that the OpenBLAS and LAPACKE system libraries are linked and
/// compute correct results, behind `tailsweep doctor`.
///
/// ```swift
/// let report = BLASSelfTest.run()
/// report.passed       // true when dgemm and dposv agree with the plain-Swift reference
/// report.coreName     // e.g. "Haswell"
/// ```
///
/// dgemm multiplies two fixed 3×4 and 4×2 matrices and compares with a triple loop (exact:
/// the entries are small integers, so every product and sum is representable); dposv solves
/// a 3×3 symmetric positive-definite system whose solution is known.
public enum BLASSelfTest {
    public struct Report: Sendable {
        public let dgemmMaxError: Double
        public let dposvMaxError: Double
        public let dposvInfo: Int32
        public let coreName: String
        public let config: String
        public var passed: Bool { dgemmMaxError == 0 && dposvInfo == 0 && dposvMaxError < 1e-12 }
    }

    public static func run() -> Report {
        BLASRuntime.configureSingleThreaded()
        let m = 3, k = 4, n = 2
        let a: [Double] = (0..<(m * k)).map { Double($0 % 5) - 1 }
        let b: [Double] = (0..<(k * n)).map { Double(($0 * 3) % 7) - 2 }
        var c = [Double](repeating: 0, count: m * n)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
        var gemmError = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                gemmError = max(gemmError, abs(s - c[i * n + j]))
            }
        }
        // A = [[4,1,0],[1,3,1],[0,1,2]], x = [1,-2,3] → b = A x = [2,-2,4]
        var spd: [Double] = [4, 1, 0, 1, 3, 1, 0, 1, 2]
        var rhs: [Double] = [2, -2, 4]
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), 3, 1, &spd, 3, &rhs, 1)
        let expected: [Double] = [1, -2, 3]
        let solveError = zip(rhs, expected).map { abs($0 - $1) }.max() ?? .infinity
        return Report(dgemmMaxError: gemmError, dposvMaxError: solveError, dposvInfo: info,
                      coreName: BLASRuntime.coreName, config: BLASRuntime.config)
    }
}

/// Process-wide OpenBLAS settings.
public enum BLASRuntime {
    /// One BLAS thread per worker: TailSweep parallelises over shards, and 2 workers × 1 BLAS
    /// thread beats 2 × 2 on these machines. The environment variable is read when the library
    /// loads, so the thread count is set through the API instead.
    ///
    /// The pthreads build of OpenBLAS also starts its server threads (one fewer than the cores)
    /// when it loads, and each spins — `sched_yield` in a loop — for about 2²⁸ cycles before it
    /// sleeps: a core taken from the workers for the first tenth of a second or so of every run
    /// (`tailsweep bench`: about 0.08 s of CPU and 0.03 s of load time). With one BLAS thread
    /// they are never used, so the first call also stops them, through the library's own
    /// shutdown function where it has one (found at run time: other builds lack it). Call it
    /// before any work; later calls do nothing.
    public static func configureSingleThreaded() { _ = singleThreaded }

    private static let singleThreaded: Void = {
        openblas_set_num_threads(1)
        typealias Shutdown = @convention(c) () -> Int32
        if let symbol = dlsym(nil, "blas_thread_shutdown_") {
            _ = unsafeBitCast(symbol, to: Shutdown.self)()
        }
    }()

    public static var coreName: String { String(cString: openblas_get_corename()) }
    public static var config: String { String(cString: openblas_get_config()) }
}
