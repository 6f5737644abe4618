import Dispatch
import Foundation
import TailSweepCore

/// Data-parallel loops for the synchronous numerical stages (the walk-forward's credible
/// bounds, the sweep's set-up), on at most `workers` threads.
///
/// ```swift
/// let scored = try TailModel.walkForward(states: states, configuration: config, parallel: WorkerThreads.parallel(2))
/// ```
enum WorkerThreads {
    /// Iteration c runs on thread c mod workers.
    static func parallel(_ workers: Int) -> ScoredStates.ParallelFor {
        let width = max(1, workers)
        return { n, body in
            DispatchQueue.concurrentPerform(iterations: min(width, n)) { w in
                for c in stride(from: w, to: n, by: width) { body(c) }
            }
        }
    }

    /// The machine's cores.
    static var all: Int { ProcessInfo.processInfo.activeProcessorCount }
}
