/// How a short put's entry is filled, and what buying it back costs.
///
/// ```swift
/// let fill = try FillModel(parsing: "spread:0.3")     // bid + 0.3·spread
/// fill.entryCredit(quote)                             // per share, after slippage
/// FillModel.bid.label                                 // "bid"
/// ```
///
/// Seller's entry price: `bid`, `mid`, or `spread:x` = bid + x·(ask − bid), 0 ≤ x ≤ 1; minus
/// slippage (`slippageAbsolute` dollars plus `slippageBps` of that price). Exits pay toward the
/// ask with their own, wider, spread: mid + `exitSpreadMultiplier` × half-spread, plus the same
/// slippage. Fees are per contract and per side.
public struct FillModel: Sendable, Hashable, Codable {
    public enum Price: Sendable, Hashable, Codable {
        case bid, mid
        case spread(Double)
    }

    public var price: Price
    public var slippageAbsolute = 0.0
    public var slippageBps = 0.0
    public var feePerContract = 0.65
    /// Exit = mid + multiplier × half-spread (1 = the ask; default 1.5 = beyond it).
    public var exitSpreadMultiplier = 1.5

    public static let bid = FillModel(price: .bid)

    public init(price: Price) { self.price = price }

    /// `bid`, `mid` or `spread:x`.
    public init(parsing text: String) throws(ConfigurationError) {
        switch text {
        case "bid": self.init(price: .bid)
        case "mid": self.init(price: .mid)
        default:
            guard text.hasPrefix("spread:"), let x = Double(text.dropFirst(7)), x >= 0, x <= 1 else {
                throw .invalid("fill model '\(text)' is not bid, mid or spread:x with 0 ≤ x ≤ 1")
            }
            self.init(price: .spread(x))
        }
    }

    public var label: String {
        switch price {
        case .bid: return "bid"
        case .mid: return "mid"
        case .spread(let x): return "spread:\(formatShortest(x))"
        }
    }

    /// Price per share the seller receives.
    public func entryCredit(_ q: OptionQuote) -> Double {
        let raw: Double
        switch price {
        case .bid: raw = q.bid
        case .mid: raw = q.mid
        case .spread(let x): raw = q.bid + x * (q.ask - q.bid)
        }
        return max(0, raw - slippageAbsolute - raw * slippageBps / 10_000)
    }

    /// Price per share paid to buy the put back, from a quote or a mark with a modelled spread.
    public func exitCost(mid: Double, halfSpread: Double) -> Double {
        let raw = mid + exitSpreadMultiplier * halfSpread
        // Without slippage in basis points the last term is a zero of raw's sign, which changes
        // no finite sum: skipping it skips a division per fill and minute of every exit walk.
        guard slippageBps != 0 || !raw.isFinite else { return raw + slippageAbsolute }
        return raw + slippageAbsolute + raw * slippageBps / 10_000
    }
}

/// `0.3` → "0.3", `1` → "1" (shortest round-trip form without a trailing `.0`).
func formatShortest(_ x: Double) -> String {
    let s = "\(x)"
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}
