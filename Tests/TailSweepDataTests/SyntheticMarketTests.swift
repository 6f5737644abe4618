import Foundation
import Testing
import TailSweepCore
@testable import TailSweepData

@Suite struct SyntheticMarketTests {
    static let sample: MarketDataset = try! SyntheticMarketGenerator(seed: 11).generate(sessions: 600)

    @Test func sameSeedGivesIdenticalFilesAndDifferentSeedsDiffer() throws {
        let a = try TemporaryDirectory(), b = try TemporaryDirectory(), c = try TemporaryDirectory()
        let start = try CivilDate(parsing: "2012-10-22")   // spans the Hurricane Sandy closure
        let ma = try SyntheticDatasetBuilder.generate(sessions: 40, seed: 9, start: start, to: a.path)
        let mb = try SyntheticDatasetBuilder.generate(sessions: 40, seed: 9, start: start, to: b.path)
        let mc = try SyntheticDatasetBuilder.generate(sessions: 40, seed: 10, start: start, to: c.path)
        for file in ma.files.map(\.name) + ["manifest.json"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a.path + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b.path + "/" + file))
            #expect(x == y, "\(file) differs between two runs with the same seed")
        }
        #expect(ma.fingerprint == mb.fingerprint)
        #expect(ma.fingerprint != mc.fingerprint)
        let closes = try DatasetStore.load(from: c.path).dataset.bars.close
        let other = try DatasetStore.load(from: a.path).dataset.bars.close
        #expect(zip(closes, other).filter { $0 != $1 }.count > closes.count / 2)
        // Sessions follow the real calendar: 2012-10-29 and 2012-10-30 are absent.
        let dates = try DatasetStore.load(from: a.path).dataset.sessions.map(\.date.description)
        #expect(!dates.contains("2012-10-29") && !dates.contains("2012-10-30") && dates.contains("2012-10-31"))
    }

    @Test func earlyClosesHaveOnlyTheirSlotsAndBarsAreCoherent() {
        let d = Self.sample
        let early = d.sessions.indices.filter { d.sessions[$0].isEarlyClose }
        #expect(!early.isEmpty)
        for s in early {
            #expect((0..<210).allSatisfy { d.bars.isValid(session: s, slot: $0) })
            #expect((210..<390).allSatisfy { !d.bars.isValid(session: s, slot: $0) })
        }
        var bad = 0
        for i in d.bars.valid.indices where d.bars.valid[i] != 0 {
            let o = d.bars.open[i], h = d.bars.high[i], l = d.bars.low[i], c = d.bars.close[i]
            if !(l <= min(o, c) && h >= max(o, c) && l > 0 && d.bars.volume[i] >= 0) { bad += 1 }
            if !onTick(o) || !onTick(c) || !onTick(h) || !onTick(l) { bad += 1 }
        }
        #expect(bad == 0)
        // Each session's previous close is the prior session's last close.
        for s in 1..<d.bars.sessionCount { #expect(d.daily.previousClose[s] == d.bars.finalClose(session: s - 1)) }
    }

    /// Mean absolute one-minute log return by slot, over full sessions.
    static func absoluteReturnProfile(_ d: MarketDataset) -> [Double] {
        var sum = [Double](repeating: 0, count: 390), n = 0.0
        for s in 0..<d.bars.sessionCount where !d.sessions[s].isEarlyClose {
            n += 1
            for k in 0..<390 {
                let i = d.bars.index(session: s, slot: k)
                sum[k] += abs(log(d.bars.close[i] / d.bars.open[i]))
            }
        }
        return sum.map { $0 / n }
    }

    @Test func intradayVolatilityAndVolumeAreUShaped() {
        let d = Self.sample
        let profile = Self.absoluteReturnProfile(d)
        func mean(_ r: Range<Int>, _ x: [Double]) -> Double { r.map { x[$0] }.reduce(0, +) / Double(r.count) }
        let opening = mean(0..<15, profile), midday = mean(150..<270, profile), closing = mean(375..<390, profile)
        #expect(opening > 1.8 * midday, "open \(opening) vs midday \(midday)")
        #expect(closing > 1.2 * midday, "close \(closing) vs midday \(midday)")
        var volume = [Double](repeating: 0, count: 390)
        for s in 0..<d.bars.sessionCount where !d.sessions[s].isEarlyClose {
            for k in 0..<390 { volume[k] += d.bars.volume[d.bars.index(session: s, slot: k)] }
        }
        #expect(mean(0..<15, volume) > 2 * mean(150..<270, volume))
        #expect(mean(375..<390, volume) > 1.5 * mean(150..<270, volume))
    }

    @Test func returnsAreFatTailedAndVolatilityPersists() {
        let d = Self.sample
        // Minute returns standardised by their slot's typical size: kurtosis well above the normal 3.
        var z: [Double] = []
        let profile = Self.absoluteReturnProfile(d)
        for s in 0..<d.bars.sessionCount where !d.sessions[s].isEarlyClose {
            for k in 0..<390 {
                let i = d.bars.index(session: s, slot: k)
                z.append(log(d.bars.close[i] / d.bars.open[i]) / profile[k])
            }
        }
        let m = z.reduce(0, +) / Double(z.count)
        let v = z.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(z.count)
        let k = z.map { pow($0 - m, 4) }.reduce(0, +) / Double(z.count) / (v * v)
        #expect(k > 4.5, "minute-return kurtosis \(k)")
        // Daily close-to-close: SPY-like annualised volatility, and |r| autocorrelated (regimes last weeks).
        let daily = (0..<d.bars.sessionCount).map { log(d.daily.officialClose[$0] / d.daily.previousClose[$0]) }
        let sd = (daily.map { $0 * $0 }.reduce(0, +) / Double(daily.count)).squareRoot() * 252.0.squareRoot()
        #expect(sd > 0.10 && sd < 0.30, "annualised volatility \(sd)")
        let a = daily.map(abs), am = a.reduce(0, +) / Double(a.count)
        var num = 0.0, den = 0.0
        for t in 0..<(a.count - 5) { num += (a[t] - am) * (a[t + 5] - am) }
        for t in 0..<a.count { den += (a[t] - am) * (a[t] - am) }
        #expect(num / den > 0.1, "autocorrelation of |r| at lag 5: \(num / den)")
    }

    @Test func downMorningsAreFollowedByMoreVolatileAfternoons() {
        // The intraday leverage effect: conditioning on the 10:30 extension changes the tail.
        let d = Self.sample
        var down: [Double] = [], up: [Double] = []
        for s in 0..<d.bars.sessionCount where !d.sessions[s].isEarlyClose {
            let at1030 = d.bars.close[d.bars.index(session: s, slot: 59)]
            let ext = log(at1030 / d.daily.previousClose[s])
            let rest = abs(log(d.daily.officialClose[s] / at1030))
            if ext < -0.004 { down.append(rest) } else if ext > 0.004 { up.append(rest) }
        }
        let md = down.reduce(0, +) / Double(down.count), mu = up.reduce(0, +) / Double(up.count)
        #expect(down.count > 30 && up.count > 30)
        #expect(md > 1.15 * mu, "after down mornings \(md), after up mornings \(mu)")
    }
}
