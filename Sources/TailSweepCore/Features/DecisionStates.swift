/// Every decision state of a dataset under one schedule, as columns (struct of arrays).
///
/// ```swift
/// let states = try StateBuilder(configuration: config).build(dataset: dataset, schedule: .rollingDefault)
/// let i = states.row(session: 10, time: 3)        // row = session · times + time
/// states.skip[i]                                   // 0 when usable, else a SkipReason raw value
/// states.entryPrice[i]; states.outcome[i]          // r = close / entry − 1 (label, known after the close)
/// states.feature(.extension_, i)                   // NaN when unavailable; see isAvailable
/// ```
///
/// Anchors follow SPEC §3 with start-stamped bars: features use only bars whose end is at or
/// before the decision instant (slots `< decisionSlot`); the entry is the first bar at or after
/// it (slot `entrySlot ≥ decisionSlot`, price = its open); the label is the close of the
/// session's last regular bar.
public struct DecisionStates: Sendable {
    /// Decision times, ET minutes of the day.
    public let times: [Int]
    public let sessions: [TradingSession]
    public let configuration: FeatureConfiguration

    /// Minutes from the open to the decision (the decision instant is `open + decisionSlot`).
    public internal(set) var decisionSlot: [Int16]
    /// Last completed bar used for features (−1: none); its age is `decisionSlot − 1 − lastBarSlot`.
    public internal(set) var lastBarSlot: [Int16]
    /// Entry bar (−1: none).
    public internal(set) var entrySlot: [Int16]
    public internal(set) var entryPrice: [Double]
    /// The close label (final bar's close), NaN when the final bar is missing.
    public internal(set) var closePrice: [Double]
    /// r = close / entry − 1, NaN when either is missing.
    public internal(set) var outcome: [Double]
    /// 0 for a usable state, else `SkipReason.rawValue`.
    public internal(set) var skip: [UInt8]
    /// Bit `k` set when `FeatureKind(rawValue: k)` is unavailable.
    public internal(set) var unavailable: [UInt16]
    /// Feature values, column-major: `values[kind · count + row]`.
    public internal(set) var values: [Double]
    public internal(set) var timeBucket: [Int16]
    /// Regime bucket, −1 when unknown.
    public internal(set) var regime: [Int16]
    public let regimes: VolatilityRegime
    /// Previous session's close per session (NaN when unknown), from the dataset's daily table.
    public let previousClose: [Double]

    public var count: Int { sessions.count * times.count }
    public var timesPerSession: Int { times.count }

    @inline(__always) public func row(session: Int, time: Int) -> Int { session * times.count + time }
    @inline(__always) public func session(ofRow row: Int) -> Int { row / times.count }
    @inline(__always) public func time(ofRow row: Int) -> Int { row % times.count }

    @inline(__always) public func feature(_ kind: FeatureKind, _ row: Int) -> Double { values[kind.rawValue * count + row] }
    @inline(__always) public func isAvailable(_ kind: FeatureKind, at row: Int) -> Bool { unavailable[row] & kind.bit == 0 }

    public func skipReason(_ row: Int) -> SkipReason? { SkipReason(rawValue: skip[row]) }

    public func decisionTimestamp(_ row: Int) -> Timestamp {
        sessions[session(ofRow: row)].slotStart(Int(decisionSlot[row]))
    }

    public func entryTimestamp(_ row: Int) -> Timestamp? {
        entrySlot[row] < 0 ? nil : sessions[session(ofRow: row)].slotStart(Int(entrySlot[row]))
    }

    /// The end of the last regular bar (the close instant), whether or not the bar exists.
    public func closeLabelTimestamp(_ row: Int) -> Timestamp { sessions[session(ofRow: row)].close }

    /// Whether everything known at the decision is complete (features and an entry), even if
    /// the close label is still pending — what forward scoring needs.
    public func isScorable(_ row: Int) -> Bool {
        skip[row] == 0 || (skip[row] == SkipReason.insufficientData.rawValue && entrySlot[row] >= 0 && lastBarSlot[row] >= 0)
    }

    /// Rows usable for model training and trading (no skip reason).
    public var usableRows: [Int] { (0..<count).filter { skip[$0] == 0 } }

    init(times: [Int], sessions: [TradingSession], configuration: FeatureConfiguration, regimes: VolatilityRegime,
         previousClose: [Double]) {
        self.previousClose = previousClose
        let n = sessions.count * times.count
        self.times = times
        self.sessions = sessions
        self.configuration = configuration
        self.regimes = regimes
        decisionSlot = [Int16](repeating: 0, count: n)
        lastBarSlot = [Int16](repeating: -1, count: n)
        entrySlot = [Int16](repeating: -1, count: n)
        entryPrice = [Double](repeating: .nan, count: n)
        closePrice = entryPrice
        outcome = entryPrice
        skip = [UInt8](repeating: 0, count: n)
        unavailable = [UInt16](repeating: 0, count: n)
        values = [Double](repeating: .nan, count: n * FeatureKind.allCases.count)
        timeBucket = [Int16](repeating: 0, count: n)
        regime = [Int16](repeating: -1, count: n)
    }

    /// Runs `body` with every column's memory, for filling rows from several threads at once
    /// (each writes its own rows); the pointers are valid only inside `body`.
    mutating func withColumns<R>(_ body: (Columns) -> R) -> R {
        let n = count
        return decisionSlot.withUnsafeMutableBufferPointer { decisionSlot in
            lastBarSlot.withUnsafeMutableBufferPointer { lastBarSlot in
                entrySlot.withUnsafeMutableBufferPointer { entrySlot in
                    timeBucket.withUnsafeMutableBufferPointer { timeBucket in
                        regime.withUnsafeMutableBufferPointer { regime in
                            entryPrice.withUnsafeMutableBufferPointer { entryPrice in
                                closePrice.withUnsafeMutableBufferPointer { closePrice in
                                    outcome.withUnsafeMutableBufferPointer { outcome in
                                        values.withUnsafeMutableBufferPointer { values in
                                            skip.withUnsafeMutableBufferPointer { skip in
                                                unavailable.withUnsafeMutableBufferPointer { unavailable in
                                                    body(Columns(count: n, decisionSlot: decisionSlot, lastBarSlot: lastBarSlot,
                                                                 entrySlot: entrySlot, timeBucket: timeBucket, regime: regime,
                                                                 entryPrice: entryPrice, closePrice: closePrice, outcome: outcome,
                                                                 values: values, skip: skip, unavailable: unavailable))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The columns' memory (see ``withColumns(_:)``), indexed as the arrays are.
    struct Columns: @unchecked Sendable {
        let count: Int
        let decisionSlot, lastBarSlot, entrySlot, timeBucket, regime: UnsafeMutableBufferPointer<Int16>
        let entryPrice, closePrice, outcome, values: UnsafeMutableBufferPointer<Double>
        let skip: UnsafeMutableBufferPointer<UInt8>
        let unavailable: UnsafeMutableBufferPointer<UInt16>
    }
}
