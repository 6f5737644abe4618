import TailSweepCore

/// What `tailsweep data check` reports about a loaded dataset.
///
/// ```swift
/// let report = try DatasetCheck.run(on: loaded)
/// report.missingBars            // regular-session slots with no bar
/// report.calendarGaps           // NYSE sessions between the first and last that the data lacks
/// report.problems.isEmpty       // no bad bars
/// ```
public struct DatasetCheckReport: Sendable, Codable, Equatable {
    public var symbol: String
    public var sessions: Int
    public var firstSession: CivilDate?
    public var lastSession: CivilDate?
    public var bars: Int
    public var missingBars: Int
    public var earlyCloseSessions: Int
    public var sessionsMissingFinalBar: Int
    public var sessionsWithoutPreviousClose: Int
    /// NYSE sessions inside `[firstSession, lastSession]` that the dataset does not contain.
    public var calendarGaps: [CivilDate]
    public var previousCloseSource: PreviousCloseSource
    public var fingerprint: String
    public var problems: [DatasetProblem]
}

/// One bad bar or value found by the check, located by session and ET bar time.
public struct DatasetProblem: Sendable, Codable, Equatable, CustomStringConvertible {
    public var session: CivilDate
    public var barTime: String?
    public var kind: String
    public var detail: String

    public var description: String { "\(session)\(barTime.map { " \($0) ET" } ?? ""): \(kind) — \(detail)" }
}

public enum DatasetCheck {
    /// At most this many problems are listed one by one; `problemCount` keeps the total.
    public static let listedProblemLimit = 200

    public static func run(on loaded: DatasetStore.Loaded) throws(DatasetError) -> (report: DatasetCheckReport, problemCount: Int) {
        let dataset = loaded.dataset
        let grid = dataset.bars
        var problems: [DatasetProblem] = []
        var problemCount = 0
        func report(_ s: Int, _ slot: Int?, _ kind: String, _ detail: String) {
            problemCount += 1
            guard problems.count < listedProblemLimit else { return }
            let time = slot.map { EasternTime.local(grid.sessions[s].slotStart($0)).description }
            problems.append(DatasetProblem(session: grid.sessions[s].date, barTime: time, kind: kind, detail: detail))
        }
        var missingFinal = 0, noPrevious = 0
        for s in 0..<grid.sessionCount {
            let slots = grid.slotCount(session: s)
            for k in 0..<SessionBarGrid.slotsPerSession {
                let i = grid.index(session: s, slot: k)
                guard grid.valid[i] != 0 else { continue }
                if k >= slots { report(s, k, "after_close", "a bar after the session's close is marked valid"); continue }
                let o = grid.open[i], h = grid.high[i], l = grid.low[i], c = grid.close[i], v = grid.volume[i]
                if ![o, h, l, c, v].allSatisfy(\.isFinite) { report(s, k, "non_finite", "open \(o) high \(h) low \(l) close \(c) volume \(v)"); continue }
                if min(o, h, l, c) <= 0 { report(s, k, "non_positive_price", "open \(o) high \(h) low \(l) close \(c)") }
                if h < l { report(s, k, "high_below_low", "high \(h) < low \(l)") }
                else if o < l || o > h || c < l || c > h { report(s, k, "outside_range", "open \(o) or close \(c) outside [\(l), \(h)]") }
                if v < 0 { report(s, k, "negative_volume", "volume \(v)") }
            }
            if grid.finalClose(session: s) == nil { missingFinal += 1 }
            if !dataset.daily.previousClose[s].isFinite { noPrevious += 1 }
        }
        var gaps: [CivilDate] = []
        if let first = grid.sessions.first?.date, let last = grid.sessions.last?.date {
            let present = Set(grid.sessions.map(\.date))
            do {
                gaps = try NYSECalendar.sessions(from: first, through: last).map(\.date).filter { !present.contains($0) }
            } catch { throw .calendar(error) }
        }
        let result = DatasetCheckReport(
            symbol: dataset.symbol, sessions: grid.sessionCount, firstSession: grid.sessions.first?.date,
            lastSession: grid.sessions.last?.date, bars: grid.barCount, missingBars: grid.missingBarCount,
            earlyCloseSessions: grid.sessions.filter(\.isEarlyClose).count, sessionsMissingFinalBar: missingFinal,
            sessionsWithoutPreviousClose: noPrevious, calendarGaps: gaps,
            previousCloseSource: dataset.previousCloseSource, fingerprint: loaded.manifest.fingerprint,
            problems: problems)
        return (result, problemCount)
    }
}
