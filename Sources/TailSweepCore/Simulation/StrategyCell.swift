/// Rules of the early-exit track. `hold_to_close` always runs beside it.
///
/// ```swift
/// let rule = ExitRule(name: "tp50-sl2", capture: 0.5, stopMultiple: 2, underlyingBuffer: 0.001, timeStop: 15 * 60 + 30)
/// ```
///
/// - take profit when the buy-back price ≤ (1 − capture) · credit;
/// - stop when the buy-back price ≥ stopMultiple · credit, or the underlying trades at or below
///   strike · (1 + underlyingBuffer);
/// - time stop at an ET minute of the day.
/// Each is optional (`nil` turns it off).
public struct ExitRule: Sendable, Hashable, Codable {
    public var name: String
    public var capture: Double?
    public var stopMultiple: Double?
    public var underlyingBuffer: Double?
    public var timeStop: Int?

    public init(name: String, capture: Double? = nil, stopMultiple: Double? = nil, underlyingBuffer: Double? = nil, timeStop: Int? = nil) {
        self.name = name
        self.capture = capture
        self.stopMultiple = stopMultiple
        self.underlyingBuffer = underlyingBuffer
        self.timeStop = timeStop
    }

    /// Take profit at 50 % of the credit, stop at 2× the credit.
    public static let standard = ExitRule(name: "tp50_sl200", capture: 0.5, stopMultiple: 2)
}

/// How many contracts a trade sells.
public enum Sizing: Sendable, Hashable, Codable {
    case fixedContracts(Int)
    /// Contracts = ⌊equity · fraction / max loss per contract⌋, max loss = (strike − credit) · 100 (cash-secured).
    case riskPctOfEquity(Double)
    /// Contracts = ⌊notional / (strike · 100)⌋.
    case targetNotional(Double)

    public func contracts(equity: Double, strike: Double, credit: Double) -> Int {
        switch self {
        case .fixedContracts(let n): return n
        case .riskPctOfEquity(let f):
            let maxLoss = (strike - credit) * 100
            return maxLoss > 0 ? Int((equity * f / maxLoss).rounded(.down)) : 0
        case .targetNotional(let notional): return Int((notional / (strike * 100)).rounded(.down))
        }
    }
}

/// Limits on open positions and entries.
public struct ConcurrencyCaps: Sendable, Hashable, Codable {
    public var perSymbol = 1
    public var total = 1
    public var perDay = 1
    public init() {}
}

/// One point of a strategy grid: everything that turns scored states into trades.
public struct StrategyCell: Sendable, Hashable, Codable {
    public var tier: Double
    public var gate: TierGate = .mean
    public var fill: FillModel = .bid
    public var exit: ExitRule = .standard
    public var sizing: Sizing = .fixedContracts(1)
    public var caps = ConcurrencyCaps()
    public var startingEquity = 100_000.0

    public init(tier: Double) { self.tier = tier }
}

/// The two tracks every cell reports.
public enum ExitMode: String, Sendable, Hashable, Codable, CaseIterable {
    case holdToClose = "hold_to_close"
    case adaptiveExit = "adaptive_exit"
}

/// Why a position closed.
public enum ExitReason: String, Sendable, Hashable, Codable, CaseIterable {
    case settlement
    case takeProfit = "take_profit"
    case stopLoss = "stop_loss"
    case underlyingBuffer = "underlying_buffer"
    case timeStop = "time_stop"
}
