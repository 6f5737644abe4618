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

    /// `side()` on a thread of its own while `main()` runs on this one, with more than one
    /// worker; one after the other with one. For work that leaves a worker idle for a while (a
    /// serial stage) beside work that needs none of its results: `main`'s parallel loops run on
    /// the pool's threads as they come free (a loop's threads take iterations as they arrive).
    static func beside<Side: Sendable, Main>(workers: Int, _ side: @escaping @Sendable () -> Side,
                                             _ main: () throws -> Main) throws -> (Side, Main) {
        guard workers > 1 else { return (side(), try main()) }
        let outcome = SideOutcome<Side>()
        Thread {
            outcome.value = side()
            outcome.done.signal()
        }.start()
        // Waited for however `main` ends: `side` may read what the caller owns.
        let result: Main
        do { result = try main() } catch {
            outcome.done.wait()
            throw error
        }
        outcome.done.wait()
        return (outcome.value!, result)
    }

    /// The machine's cores.
    static var all: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// What a thread of `WorkerThreads.beside` hands back: written before `done` is signalled, read after it is waited for.
private final class SideOutcome<Value>: @unchecked Sendable {
    var value: Value?
    let done = DispatchSemaphore(value: 0)
}
