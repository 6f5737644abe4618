/// Count table of one level of the bucket hierarchy (local, parent or global), for every bucket
/// and strike at once.
///
/// ```swift
/// var t = LevelTable(buckets: scheme.localCount, strikes: 20)
/// t.sessions[b]               // effective n: sessions that contributed to bucket b (each at most once)
/// t.weighted[b * 20 + k]      // Σ over sessions of (breaching rows / rows) in bucket b at strike k
/// t.rows[b], t.raw[b * 20 + k] // raw row and breach counts
/// ```
///
/// `sessions`, `rows` and `raw` hold integers (exact in Float64 far beyond any dataset), so
/// adding and subtracting session contributions keeps them exact in any order.
public struct LevelTable: Sendable, Hashable {
    public let bucketCount: Int
    public let strikeCount: Int
    public internal(set) var sessions: [Double]
    public internal(set) var rows: [Double]
    public internal(set) var weighted: [Double]
    public internal(set) var raw: [Double]

    public init(buckets: Int, strikes: Int) {
        bucketCount = buckets
        strikeCount = strikes
        sessions = [Double](repeating: 0, count: buckets)
        rows = sessions
        weighted = [Double](repeating: 0, count: buckets * strikes)
        raw = weighted
    }

    init(bucketCount: Int, strikeCount: Int, sessions: [Double], rows: [Double], weighted: [Double], raw: [Double]) {
        self.bucketCount = bucketCount
        self.strikeCount = strikeCount
        self.sessions = sessions
        self.rows = rows
        self.weighted = weighted
        self.raw = raw
    }
}

/// The three levels together.
public struct BucketTables: Sendable, Hashable {
    public internal(set) var local: LevelTable
    public internal(set) var parent: LevelTable
    public internal(set) var global: LevelTable

    public init(scheme: BucketScheme, strikes: Int) {
        local = LevelTable(buckets: scheme.localCount, strikes: strikes)
        parent = LevelTable(buckets: scheme.parentCount, strikes: strikes)
        global = LevelTable(buckets: 1, strikes: strikes)
    }

    init(local: LevelTable, parent: LevelTable, global: LevelTable) {
        self.local = local
        self.parent = parent
        self.global = global
    }

    /// The hierarchical posterior of local bucket `b` at every strike (deepest last).
    public func posteriors(localBucket b: Int, scheme: BucketScheme, kappa: (parent: Double, local: Double)) -> [HierarchicalPosterior] {
        let k = local.strikeCount, p = scheme.parent(ofLocal: b)
        return (0..<k).map { j in
            HierarchicalPosterior(global: (global.weighted[j], global.sessions[0]),
                                  parent: (parent.weighted[p * k + j], parent.sessions[p]),
                                  local: (local.weighted[b * k + j], local.sessions[b]),
                                  kappaParent: kappa.parent, kappaLocal: kappa.local)
        }
    }

    /// Adds (`sign` = 1) or removes (`sign` = −1) one session's contribution.
    mutating func apply(_ c: SessionContributions, session: Int, sign: Double) {
        let k = local.strikeCount
        for g in c.groups(of: session) {
            let level = c.level[g]
            let bucket = Int(c.bucket[g])
            func update(_ t: inout LevelTable) {
                t.sessions[bucket] += sign
                t.rows[bucket] += sign * c.rows[g]
                let base = bucket * k, source = g * k
                for j in 0..<k {
                    t.weighted[base + j] += sign * c.weighted[source + j]
                    t.raw[base + j] += sign * c.raw[source + j]
                }
            }
            switch level {
            case 0: update(&local)
            case 1: update(&parent)
            default: update(&global)
            }
        }
    }
}
