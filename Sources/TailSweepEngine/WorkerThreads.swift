import Dispatch
import Foundation
import Synchronization
import TailSweepCore

/// Data-parallel loops for the synchronous numerical stages (the walk-forward's credible
/// bounds, the sweep's set-up, the simulation's session blocks and track groups), on at most
/// `workers` threads.
///
/// ```swift
/// let scored = try TailModel.walkForward(states: states, configuration: config, parallel: WorkerThreads.parallel(2))
/// ```
enum WorkerThreads {
    /// Each thread takes the next iteration not yet taken, so threads finish together however
    /// uneven the iterations are.
    static func parallel(_ workers: Int) -> ScoredStates.ParallelFor {
        let width = max(1, workers)
        return { n, body in
            guard width > 1, n > 1 else {
                for i in 0..<n { body(i) }
                return
            }
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: min(width, n)) { _ in
                while case let i = next.wrappingAdd(1, ordering: .relaxed).oldValue, i < n { body(i) }
            }
        }
    }

    /// The machine's cores.
    static var all: Int { ProcessInfo.processInfo.activeProcessorCount }
}
