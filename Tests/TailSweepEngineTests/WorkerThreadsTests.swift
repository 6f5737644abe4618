import Foundation
import Synchronization
import Testing
@testable import TailSweepEngine

/// `WorkerThreads.beside`: the side work runs at the same time as the main work with more than one
/// worker (each waits for a signal only the other gives), one after the other with one, and is
/// always finished before the call returns or throws.
@Suite struct WorkerThreadsTests {
    struct Failure: Error {}

    @Test func sideRunsBesideMainWithTwoWorkersAndFirstWithOne() throws {
        let sideStarted = DispatchSemaphore(value: 0), mainStarted = DispatchSemaphore(value: 0)
        let (side, main) = try WorkerThreads.beside(workers: 2, {
            sideStarted.signal()
            // Only a main running at the same time can let this through.
            return mainStarted.wait(timeout: .now() + 10) == .success ? "side" : "side alone"
        }) {
            mainStarted.signal()
            return sideStarted.wait(timeout: .now() + 10) == .success ? 42 : -1
        }
        #expect(side == "side" && main == 42)

        let order = Mutex<[String]>([])
        let (one, two) = try WorkerThreads.beside(workers: 1, { order.withLock { $0.append("side") }; return 1 }) {
            order.withLock { $0.append("main") }
            return 2
        }
        #expect(one == 1 && two == 2 && order.withLock { $0 } == ["side", "main"])
    }

    @Test func aThrowingMainWaitsForTheSideBeforeTheErrorLeaves() {
        for workers in [1, 2] {
            let sideDone = Atomic<Bool>(false)
            #expect(throws: Failure.self) {
                _ = try WorkerThreads.beside(workers: workers, {
                    Thread.sleep(forTimeInterval: 0.05)
                    sideDone.store(true, ordering: .sequentiallyConsistent)
                }) { () throws -> Int in throw Failure() }
            }
            let done = sideDone.load(ordering: .sequentiallyConsistent)
            #expect(done, "\(workers) workers")
        }
    }
}
