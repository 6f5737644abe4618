/// Half-open buckets defined by sorted edges, labelled exactly as they are.
///
/// ```swift
/// let b = try BucketEdges(edges: [-0.01, 0.0, 0.01])
/// b.count                 // 4: (-inf, -0.01) [-0.01, 0.00) [0.00, 0.01) [0.01, +inf)
/// b.index(of: -0.004)     // 1
/// b.label(1, format: { String(format: "%.2f", $0) })   // "[-0.01, 0.00)"
/// ```
///
/// A value equal to an edge belongs to the bucket that starts there. NaN has no bucket
/// (`index(of:)` returns `nil`; callers use their `unknown` bucket).
public struct BucketEdges: Sendable, Hashable, Codable {
    public let edges: [Double]

    public init(edges: [Double]) throws(ConfigurationError) {
        guard edges.allSatisfy(\.isFinite) else { throw .invalid("bucket edges must be finite: \(edges)") }
        guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalid("bucket edges must be strictly increasing: \(edges)")
        }
        self.edges = edges
    }

    public var count: Int { edges.count + 1 }

    @inline(__always)
    public func index(of value: Double) -> Int? {
        guard !value.isNaN else { return nil }
        var i = 0
        while i < edges.count && value >= edges[i] { i += 1 }
        return i
    }

    public func label(_ bucket: Int, format: (Double) -> String) -> String {
        let lower = bucket == 0 ? "-inf" : format(edges[bucket - 1])
        let upper = bucket == edges.count ? "+inf" : format(edges[bucket])
        return "[\(lower), \(upper))"
    }
}

/// A configuration value that cannot be used, with a message naming it.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let message): return message
        }
    }
}
