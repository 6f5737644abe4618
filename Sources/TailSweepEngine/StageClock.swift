import Dispatch

/// Wall-clock seconds per pipeline stage, in the order the stages ran, for run reports and
/// `tailsweep bench`.
///
/// ```swift
/// var clock = StageClock()
/// let states = try builder.build(dataset: dataset, schedule: schedule)
/// clock.lap("states")          // seconds since the clock started or the previous lap
/// clock.stages                 // [("states", 0.08)]
/// ```
struct StageClock {
    private(set) var stages: [(stage: String, seconds: Double)] = []
    private let start = DispatchTime.now().uptimeNanoseconds
    private var mark: UInt64

    init() { mark = start }

    /// Records the time since the previous lap (or the start) as stage `name`.
    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append((name, Double(now - mark) / 1e9))
        mark = now
    }

    /// Adds stages timed by another clock and starts the next lap now, so their time is not
    /// counted twice.
    mutating func include(_ timed: [(stage: String, seconds: Double)]) {
        stages += timed
        mark = DispatchTime.now().uptimeNanoseconds
    }

    /// Seconds since the clock started.
    var totalSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
