import COpenBLAS

/// Each session's contribution to the bucket tables, computed with BLAS.
///
/// ```swift
/// let c = SessionContributions(states: states, scheme: scheme, strikes: grid)
/// for g in c.groups(of: s) { c.level[g]; c.bucket[g]; c.weighted[g * K + k] }
/// ```
///
/// For session `s` with `m` usable rows the rows form a breach matrix `Y` (m × K, 0/1, from
/// ``BreachLabels``) and a membership matrix `A = [W | M]` (m × 2G) over the `G` distinct
/// (level, bucket) groups the session touches — its local buckets, parent buckets and the
/// global bucket. `M` is one-hot; `W` holds `1/m_g`, so a session with many rows in a bucket
/// (rolling mode: one shared close) still counts once there. One `cblas_dgemm` gives
/// `AᵀY` = weighted and raw breach counts for all groups and strikes at once. Raw counts are
/// sums of 0/1 products, hence exact integers; weighted counts are sums of at most `m` terms
/// `1/m_g` and agree with a plain loop to rounding.
public struct SessionContributions: Sendable {
    public let strikeCount: Int
    /// Group range of session `s`: `start[s]..<start[s + 1]`.
    public let start: [Int]
    /// 0 = local, 1 = parent, 2 = global.
    public let level: [UInt8]
    public let bucket: [Int32]
    /// Usable rows of the session in the group.
    public let rows: [Double]
    public let weighted: [Double]
    public let raw: [Double]
    /// Local bucket of every state row (−1 when the row is not usable).
    public let localOfRow: [Int32]

    public func groups(of session: Int) -> Range<Int> { start[session]..<start[session + 1] }

    /// Sessions side by side on `parallel` in blocks of ``sessionsPerBlock``, joined in order:
    /// each session's product is its own, so the result does not depend on `parallel`.
    public init(states: DecisionStates, scheme: BucketScheme, strikes grid: StrikeGrid,
                parallel: ScoredStates.ParallelFor = ScoredStates.serial) {
        BLASRuntime.configureSingleThreaded()
        let n = states.sessions.count, size = Self.sessionsPerBlock
        var blocks = [Block?](repeating: nil, count: (n + size - 1) / size)
        var localOfRow = [Int32](repeating: -1, count: states.count)
        blocks.withUnsafeMutableBufferPointer { blocks in
            localOfRow.withUnsafeMutableBufferPointer { localOfRow in
                // Each block writes its own element and its own sessions' rows.
                nonisolated(unsafe) let (blocks, localOfRow) = (blocks, localOfRow)
                parallel(blocks.count) { b in
                    blocks[b] = Block(states: states, scheme: scheme, grid: grid, sessions: (b * size)..<min(n, (b + 1) * size),
                                      localOfRow: localOfRow)
                }
            }
        }
        // Joined side by side too: each block copied once into its own part of arrays made at
        // their final size (appending them in turn left a worker idle for a hundredth of a second).
        let blockList = blocks.map { $0! }
        let offsets = blockList.reduce(into: [0]) { $0.append($0.last! + $1.level.count) }
        var start = [0]
        start.reserveCapacity(n + 1)
        for (block, offset) in zip(blockList, offsets) { start += block.ends.map { offset + $0 } }
        let k = grid.count
        func joined<T: BitwiseCopyable>(_ part: @escaping @Sendable (Block) -> [T], width: Int) -> [T] {
            [T](unsafeUninitializedCapacity: offsets.last! * width) { out, count in
                nonisolated(unsafe) let out = out      // each block writes its own range
                parallel(blockList.count) { b in
                    part(blockList[b]).withUnsafeBufferPointer { values in
                        _ = UnsafeMutableBufferPointer(rebasing: out[(offsets[b] * width)...]).initialize(fromContentsOf: values)
                    }
                }
                count = offsets.last! * width
            }
        }
        strikeCount = k
        self.start = start
        level = joined({ $0.level }, width: 1)
        bucket = joined({ $0.bucket }, width: 1)
        rows = joined({ $0.rows }, width: 1)
        weighted = joined({ $0.weighted }, width: k)
        raw = joined({ $0.raw }, width: k)
        self.localOfRow = localOfRow
    }

    static let sessionsPerBlock = 256

    /// The contributions of consecutive sessions: `ends[i]` is where session i's groups end,
    /// counted from the block's first group.
    private struct Block {
        var ends: [Int] = [], level: [UInt8] = [], bucket: [Int32] = [], rows: [Double] = []
        var weighted: [Double] = [], raw: [Double] = []

        init(states: DecisionStates, scheme: BucketScheme, grid: StrikeGrid, sessions: Range<Int>,
             localOfRow: UnsafeMutableBufferPointer<Int32>) {
            let k = grid.count, times = states.timesPerSession
            var y = [Double](), a = [Double](), c = [Double]()
            var keys: [Int] = [], memberOf: [[Int]] = []
            for s in sessions {
                var usable: [Int] = []
                for j in 0..<times where states.skip[s * times + j] == 0 { usable.append(s * times + j) }
                let m = usable.count
                guard m > 0 else { ends.append(level.count); continue }
                // Distinct groups: key = level · 2^40 + bucket; membership per row.
                keys.removeAll(keepingCapacity: true)
                memberOf = Array(repeating: [], count: m)
                func group(_ key: Int) -> Int {
                    if let i = keys.firstIndex(of: key) { return i }
                    keys.append(key)
                    return keys.count - 1
                }
                for (r, row) in usable.enumerated() {
                    let local = scheme.local(of: states, row: row)
                    localOfRow[row] = Int32(local)
                    memberOf[r] = [group(local), group(1 << 40 | scheme.parent(ofLocal: local)), group(2 << 40)]
                }
                let g = keys.count
                var counts = [Double](repeating: 0, count: g)
                for members in memberOf { for i in members { counts[i] += 1 } }
                // A = [W | M], row-major m × 2G.
                a = [Double](repeating: 0, count: m * 2 * g)
                for (r, members) in memberOf.enumerated() {
                    for i in members {
                        a[r * 2 * g + i] = 1 / counts[i]
                        a[r * 2 * g + g + i] = 1
                    }
                }
                y = BreachLabels.matrix(states: states, rows: usable, grid: grid)
                c = [Double](repeating: 0, count: 2 * g * k)
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(2 * g), Int32(k), Int32(m),
                            1, a, Int32(2 * g), y, Int32(k), 0, &c, Int32(k))
                for i in 0..<g {
                    level.append(UInt8(keys[i] >> 40))
                    bucket.append(Int32(keys[i] & ((1 << 40) - 1)))
                    rows.append(counts[i])
                    weighted.append(contentsOf: c[(i * k)..<((i + 1) * k)])
                    raw.append(contentsOf: c[((g + i) * k)..<((g + i + 1) * k)])
                }
                ends.append(level.count)
            }
        }
    }
}
