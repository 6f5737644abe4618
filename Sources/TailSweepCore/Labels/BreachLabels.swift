/// Breach indicators: did the close finish below the strike?
///
/// ```swift
/// BreachLabels.isBreach(close: 99.4, entry: 100, moneyness: -0.005)   // true: 99.4 < 99.5
/// let y = BreachLabels.matrix(states: states, rows: states.usableRows, grid: .default)  // rows × strikes, 0/1
/// ```
///
/// The one formula used everywhere is `close < entry · (1 + m)`: a close exactly at the strike
/// is not a breach (the put expires worthless).
public enum BreachLabels {
    @inline(__always)
    public static func isBreach(close: Double, entry: Double, moneyness m: Double) -> Bool {
        close < entry * (1 + m)
    }

    /// Row-major `rows.count × grid.count` matrix of 0/1 values (Float64, ready for BLAS).
    public static func matrix(states: DecisionStates, rows: [Int], grid: StrikeGrid) -> [Double] {
        let strikes = grid.count
        var y = [Double](repeating: 0, count: rows.count * strikes)
        for (r, row) in rows.enumerated() {
            let close = states.closePrice[row], entry = states.entryPrice[row]
            for k in 0..<strikes where isBreach(close: close, entry: entry, moneyness: grid.moneyness[k]) {
                y[r * strikes + k] = 1
            }
        }
        return y
    }
}
