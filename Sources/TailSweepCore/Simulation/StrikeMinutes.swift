/// One strike's minutes in one session as exit walks reach them, shared by every walk at the
/// strike (each decision, fill and exit rule): per minute the underlying, whether the price was
/// a model mark, and the buy-back cost under each fill in play — computed once per minute rather
/// than once per walk, and laid out so that a walk reads one contiguous row. Per block of 16
/// minutes, once all of them are recorded, the extremes a check could fire on — so a walk steps
/// over a block where nothing can fire for its levels (walks at many decision times and under
/// several rules scan the same minutes); and before any is priced, bounds from the quote
/// sources (``ExitPath/markBounds(session:slots:strike:)``) that hold for every minute of the
/// block, so a walk steps over a block its levels are clear of without pricing it at all.
///
/// ```swift
/// var minutes = StrikeMinutes(strike: 445, slots: 390, fills: [.bid, FillModel(price: .mid)])
/// path.adaptive(session: s, entrySlot: 61, credit: 0.42, rule: .standard, fill: 1, minutes: &minutes)
/// ```
public struct StrikeMinutes: Sendable {
    public let strike: Double
    public let fills: [FillModel]
    private let slots: Int
    /// Per minute: the underlying known then (NaN when the minute has no underlying or no
    /// buy-back price: it cannot trigger an exit) and whether the price is a mark.
    private var spots: [Double], marked: [Bool]
    /// Per (fill, minute), fill-major: the buy-back cost, `notComputed` until the minute's mark
    /// is recorded (a cost that is NaN is stored as the plain NaN).
    private var costs: [Double]
    /// Per block of ``blockLength`` minutes: how many are recorded, and once all are, the lowest
    /// underlying and per fill (fill-major) the lowest and highest cost among the minutes that
    /// can fire (an underlying, and for the costs a price too): +∞ / −∞ when none.
    private var recorded: [UInt8], lowestSpot: [Double], lowestCost: [Double], highestCost: [Double]
    /// Per block, once a walk has asked (``quietEnd(from:fill:buffer:stop:profit:timeStop:bounds:)``):
    /// bounds valid for all its minutes, recorded or not — the lowest underlying (`notComputed`
    /// until asked, −∞ when the sources cannot bound it, so no level is cleared), 0 when no quote
    /// there can be good (1 otherwise), and per fill the lowest and highest buy-back cost;
    /// ``boundsWidth`` values a block.
    private var bounds: [Double]
    private let boundsWidth: Int
    static let blockLength = 16

    /// A NaN no arithmetic produces (payload 1; costs store the plain NaN): a minute not computed yet.
    static let notComputed = Double(nan: 1, signaling: false)

    public init(strike: Double, slots: Int, fills: [FillModel]) {
        precondition(!fills.isEmpty, "minutes of a walk need at least its fill")
        self.strike = strike
        self.fills = fills
        self.slots = slots
        spots = Array(repeating: .nan, count: slots)
        marked = Array(repeating: false, count: slots)
        costs = Array(repeating: Self.notComputed, count: slots * fills.count)
        let blocks = (slots + Self.blockLength - 1) / Self.blockLength
        recorded = Array(repeating: 0, count: blocks)
        lowestSpot = Array(repeating: .infinity, count: blocks)
        lowestCost = Array(repeating: .infinity, count: blocks * fills.count)
        highestCost = Array(repeating: -.infinity, count: blocks * fills.count)
        boundsWidth = 2 + 2 * fills.count
        bounds = Array(repeating: Self.notComputed, count: blocks * boundsWidth)
    }

    /// Where a scan of the minutes stopped.
    enum Scan {
        /// A check fired at a minute: the exit.
        case fired(ExitPath.Outcome)
        /// This minute's mark is not recorded yet.
        case notComputed(Int)
        /// No check fired up to the end of the range.
        case end
    }

    /// Walks the recorded minutes `from ..< to` under fill `f` until a check fires — underlying
    /// at or below `buffer`, cost at or above `stop`, at or below `profit`, or the minute at or
    /// after `timeStop`, in that order at each minute — or a minute is not recorded. A minute
    /// without an underlying or a price cannot fire. An absent check is a level nothing reaches.
    /// From a block's first minute, a recorded block whose extremes reach no level is stepped over.
    func scan(from start: Int, to end: Int, fill f: Int, buffer: Double, stop: Double, profit: Double, timeStop: Int) -> Scan {
        let n = Self.blockLength, blocks = recorded.count
        return costs.withUnsafeBufferPointer { costs in
            spots.withUnsafeBufferPointer { spots in
                let row = costs.baseAddress! + f * slots
                var j = start
                while j < end {
                    if j % n == 0 {
                        let b = j / n, last = min(j + n, slots) - 1
                        if last < end, last < timeStop, Int(recorded[b]) == last - j + 1, lowestSpot[b] > buffer,
                           highestCost[f * blocks + b] < stop, lowestCost[f * blocks + b] > profit {
                            j = last + 1
                            continue
                        }
                    }
                    let p = row[j], spot = spots[j]
                    // Every check false, and nothing NaN (an unrecorded or untradable minute): go on.
                    if p < stop && p > profit && spot > buffer && j < timeStop {
                        j += 1
                        continue
                    }
                    if p.bitPattern == Self.notComputed.bitPattern { return .notComputed(j) }
                    if !spot.isNaN {
                        if spot <= buffer { return .fired(outcome(.underlyingBuffer, slot: j, price: p)) }
                        if p >= stop { return .fired(outcome(.stopLoss, slot: j, price: p)) }
                        if p <= profit { return .fired(outcome(.takeProfit, slot: j, price: p)) }
                        if j >= timeStop { return .fired(outcome(.timeStop, slot: j, price: p)) }
                    }
                    j += 1
                }
                return .end
            }
        }
    }

    /// The end of `k`'s block when bounds prove that no check under fill `f` and these levels
    /// can fire at any of its minutes from `k` on (none at or after `timeStop`, the lowest
    /// underlying above `buffer`, every cost strictly between `profit` and `stop`); nil
    /// otherwise. The block's bounds come from `bounds` (its minutes' range) the first time any
    /// walk asks, and are kept.
    mutating func quietEnd(from k: Int, fill f: Int, buffer: Double, stop: Double, profit: Double, timeStop: Int,
                           bounds source: (Range<Int>) -> ExitPath.MarkBounds?) -> Int? {
        let n = Self.blockLength, b = k / n, end = min((b + 1) * n, slots), i = b * boundsWidth
        guard end - 1 < timeStop else { return nil }
        if bounds[i].bitPattern == Self.notComputed.bitPattern { keepBounds(source(b * n..<end), block: b) }
        return bounds[i] > buffer && bounds[i + 2 * f + 3] < stop && bounds[i + 2 * f + 2] > profit ? end : nil
    }

    /// Per fill the cost range of the bids and asks `marks` allows: the cost is a linear function
    /// of bid and ask (mid plus a multiple of the half-spread) then an affine one (slippage), so
    /// its extremes over the box are at corners; widened by 10⁻⁹ (relative and in dollars) for
    /// the roundings of the corner and minute evaluations.
    private mutating func keepBounds(_ marks: ExitPath.MarkBounds?, block b: Int) {
        let i = b * boundsWidth
        guard let marks else { (bounds[i], bounds[i + 1]) = (-.infinity, 1); return }
        (bounds[i], bounds[i + 1]) = (marks.spotLow, marks.quotable ? 1 : 0)
        for f in fills.indices {
            var low = Double.infinity, high = -Double.infinity
            if case .within(let bid, let ask) = marks.prices {
                func corner(_ bid: Double, _ ask: Double) {
                    let cost = fills[f].exitCost(mid: (bid + ask) / 2, halfSpread: (ask - bid) / 2)
                    (low, high) = cost.isNaN ? (-.infinity, .infinity) : (min(low, cost), max(high, cost))
                }
                corner(bid.lowerBound, ask.lowerBound)
                corner(bid.lowerBound, ask.upperBound)
                corner(bid.upperBound, ask.lowerBound)
                corner(bid.upperBound, ask.upperBound)
                (low, high) = (low - 1e-9 * (1 + abs(low)), high + 1e-9 * (1 + abs(high)))
            }
            (bounds[i + 2 * f + 2], bounds[i + 2 * f + 3]) = (low, high)
        }
    }

    private func outcome(_ reason: ExitReason, slot j: Int, price: Double) -> ExitPath.Outcome {
        ExitPath.Outcome(reason: reason, slot: j, price: price, marked: marked[j])
    }

    /// Keeps the marks of minute `k` and of every later minute of its block not recorded yet —
    /// a walk that needs a minute's mark almost always goes on through its block — each
    /// `mark(j, quotable)`: its underlying and, under every fill, the buy-back cost; the block's
    /// extremes once all its minutes are recorded. `quotable` is false when the block's bounds
    /// have proven that no quote there can be good.
    mutating func record(from k: Int, _ mark: (Int, Bool) -> ExitPath.MinuteMark) {
        let n = Self.blockLength, b = k / n, first = b * n, end = min(first + n, slots)
        let quotable = bounds[b * boundsWidth + 1] != 0   // notComputed (NaN) too
        // Fill 0's cost is `notComputed` exactly until the minute is recorded.
        for j in k..<end where costs[j].bitPattern == Self.notComputed.bitPattern {
            let m = mark(j, quotable)
            let tradable = m.spot != nil && m.priced
            spots[j] = tradable ? m.spot! : .nan
            marked[j] = m.marked
            for f in fills.indices {
                let p = fills[f].exitCost(mid: m.mid, halfSpread: m.half)
                costs[f * slots + j] = p.isNaN ? .nan : p
            }
            recorded[b] += 1
        }
        guard Int(recorded[b]) == end - first else { return }
        let blocks = recorded.count
        for i in first..<end where !spots[i].isNaN {
            lowestSpot[b] = min(lowestSpot[b], spots[i])
            for f in fills.indices where !costs[f * slots + i].isNaN {
                lowestCost[f * blocks + b] = min(lowestCost[f * blocks + b], costs[f * slots + i])
                highestCost[f * blocks + b] = max(highestCost[f * blocks + b], costs[f * slots + i])
            }
        }
    }
}
