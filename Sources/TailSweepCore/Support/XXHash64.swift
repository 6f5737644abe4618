/// The XXH64 non-cryptographic hash (Yann Collet's reference algorithm, seed 0 by default).
///
/// ```swift
/// XXHash64.hash(Array("abc".utf8))          // 0x44BC2CF5AD770999
/// var h = XXHash64(); h.update(part1); h.update(part2); h.finalize()  // same as hashing part1 + part2
/// ```
///
/// Used for dataset checksums and data fingerprints: it reads 32 bytes per step, so checking
/// a 5,000-session dataset costs milliseconds. It detects corruption, not tampering.
public struct XXHash64: Sendable {
    static let p1: UInt64 = 11_400_714_785_074_694_791
    static let p2: UInt64 = 14_029_467_366_897_019_727
    static let p3: UInt64 = 1_609_587_929_392_839_161
    static let p4: UInt64 = 9_650_029_242_287_828_579
    static let p5: UInt64 = 2_870_177_450_012_600_261

    private let seed: UInt64
    private var v1, v2, v3, v4: UInt64
    private var buffer: [UInt8] = []
    private var totalLength: UInt64 = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ XXHash64.p1 &+ XXHash64.p2
        v2 = seed &+ XXHash64.p2
        v3 = seed
        v4 = seed &- XXHash64.p1
        buffer.reserveCapacity(32)
    }

    public static func hash(_ bytes: some Collection<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var h = XXHash64(seed: seed)
        h.update(Array(bytes))
        return h.finalize()
    }

    public static func hash(_ buffer: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = XXHash64(seed: seed)
        h.update(buffer)
        return h.finalize()
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ input: UnsafeRawBufferPointer) {
        totalLength &+= UInt64(input.count)
        var offset = 0
        if !buffer.isEmpty {
            let take = min(32 - buffer.count, input.count)
            buffer.append(contentsOf: input[0..<take])
            offset = take
            guard buffer.count == 32 else { return }
            buffer.withUnsafeBytes { consumeStripe($0, at: 0) }
            buffer.removeAll(keepingCapacity: true)
        }
        while input.count - offset >= 32 {
            consumeStripe(input, at: offset)
            offset += 32
        }
        if offset < input.count { buffer.append(contentsOf: input[offset...]) }
    }

    public func finalize() -> UInt64 {
        var h: UInt64
        if totalLength >= 32 {
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = mergeRound(h, v1); h = mergeRound(h, v2); h = mergeRound(h, v3); h = mergeRound(h, v4)
        } else {
            h = seed &+ XXHash64.p5
        }
        h &+= totalLength
        var i = 0
        let tail = buffer
        while i + 8 <= tail.count {
            let k = round(0, load64(tail, i))
            h ^= k
            h = rotl(h, 27) &* XXHash64.p1 &+ XXHash64.p4
            i += 8
        }
        if i + 4 <= tail.count {
            h ^= UInt64(load32(tail, i)) &* XXHash64.p1
            h = rotl(h, 23) &* XXHash64.p2 &+ XXHash64.p3
            i += 4
        }
        while i < tail.count {
            h ^= UInt64(tail[i]) &* XXHash64.p5
            h = rotl(h, 11) &* XXHash64.p1
            i += 1
        }
        h ^= h >> 33; h &*= XXHash64.p2
        h ^= h >> 29; h &*= XXHash64.p3
        h ^= h >> 32
        return h
    }

    @inline(__always)
    private mutating func consumeStripe(_ p: UnsafeRawBufferPointer, at offset: Int) {
        v1 = round(v1, p.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
        v2 = round(v2, p.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
        v3 = round(v3, p.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self).littleEndian)
        v4 = round(v4, p.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self).littleEndian)
    }

    @inline(__always) private func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) private func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* XXHash64.p2, 31) &* XXHash64.p1
    }

    @inline(__always) private func mergeRound(_ acc: UInt64, _ v: UInt64) -> UInt64 {
        (acc ^ round(0, v)) &* XXHash64.p1 &+ XXHash64.p4
    }

    private func load64(_ b: [UInt8], _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v
    }

    private func load32(_ b: [UInt8], _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(b[i + k]) << (8 * UInt32(k)) }
        return v
    }
}

extension UInt64 {
    /// Sixteen lower-case hex digits.
    public var hex16: String {
        let s = String(self, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
