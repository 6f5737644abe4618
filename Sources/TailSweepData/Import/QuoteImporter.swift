import Foundation
import TailSweepCore

/// `tailsweep data import quotes`: same-day PM-settled put quotes into an existing dataset.
///
/// ```swift
/// let report = try QuoteImporter(strict: false).run(files: ["quotes.csv"], into: "data/spy")
/// ```
///
/// Formats: CSV with an OSI `symbol` column (`SPXW  240105P04700000`, `SPY240105P00470000`) or
/// `root,expiry,type,strike` columns, plus `bid`, `ask` and a `timestamp` (ISO-8601, UTC unless
/// it carries an offset); and LEAN index-option minute quote zips (`…_quote_european_put_<strike×10000>_<expiry>.csv`,
/// the minute's opening bid and ask, New York time). Eligible: puts expiring on the quote's
/// session, roots SPY and SPXW (AM-settled SPX monthlies are excluded and counted). Crossed
/// quotes are reported (`crossed_quote`) but kept — quote quality decides at trade time.
public struct QuoteImporter: Sendable {
    public struct Report: Sendable, Codable {
        public var rowsRead: Int
        public var quotesStored: Int
        public var sessionsWithQuotes: Int
        public var excludedNotSameDay: Int
        public var excludedRoot: Int
        public var excludedCalls: Int
        public var outsideDataset: Int
        public var problemsByKind: [String: Int]
        public var problems: [ImportProblem]
    }

    struct Row { let session: Int; let time: Int64; let strike: Double; let bid: Double; let ask: Double }

    public let strict: Bool
    public init(strict: Bool) { self.strict = strict }

    public func run(files: [String], into directory: String) throws(ImportError) -> Report {
        let loaded: DatasetStore.Loaded
        do { loaded = try DatasetStore.load(from: directory) } catch { throw .dataset(error) }
        let index = Dictionary(uniqueKeysWithValues: loaded.dataset.sessions.enumerated().map { ($1.date, $0) })
        var report = Report(rowsRead: 0, quotesStored: 0, sessionsWithQuotes: 0, excludedNotSameDay: 0, excludedRoot: 0,
                            excludedCalls: 0, outsideDataset: 0, problemsByKind: [:], problems: [])
        var rows: [Row] = []
        func problem(_ p: ImportProblem) throws(ImportError) {
            if strict { throw .strict(p) }
            report.problems.append(p)
            report.problemsByKind[p.kind.rawValue, default: 0] += 1
        }
        func accept(root: String, isPut: Bool, expiry: CivilDate, strike: Double, time: Timestamp, bid: Double, ask: Double,
                    file: String, line: Int) throws(ImportError) {
            report.rowsRead += 1
            guard bid.isFinite, ask.isFinite, strike > 0 else { try problem(.init(file: file, line: line, kind: .nonFinitePrice, detail: "bid \(bid) ask \(ask) strike \(strike)")); return }
            if bid < 0 || ask < 0 { try problem(.init(file: file, line: line, kind: .negativeSize, detail: "bid \(bid) ask \(ask)")); return }
            if bid > ask { try problem(.init(file: file, line: line, kind: .crossedQuote, detail: "bid \(bid) > ask \(ask)")) }
            guard isPut else { report.excludedCalls += 1; return }
            guard root == "SPY" || root == "SPXW" else { report.excludedRoot += 1; return }
            let date = EasternTime.local(time).date
            guard expiry == date else { report.excludedNotSameDay += 1; return }
            guard let s = index[date] else { report.outsideDataset += 1; return }
            rows.append(Row(session: s, time: time.seconds, strike: strike, bid: bid, ask: ask))
        }
        for file in files {
            for member in try SourceText.read(file) {
                if let contract = Self.leanContract(member.name) {
                    for (i, line) in member.text.split(whereSeparator: \.isNewline).enumerated() {
                        // An empty bid field means no bid (a zero bid); an empty ask cannot be used.
                        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { field -> Double? in
                            let t = field.trimmingCharacters(in: .whitespacesAndNewlines)
                            return t.isEmpty ? nil : Double(t)
                        }
                        guard f.count >= 11, let ms = f[0], let ask = f[6] else {
                            try problem(.init(file: member.name, line: i + 1, kind: .unparsable, detail: "expected ms,bidO,…,askO,…")); continue
                        }
                        try accept(root: contract.root, isPut: contract.isPut, expiry: contract.expiry, strike: contract.strike,
                                   time: TimeZoneSpec.newYork.instant(date: contract.date, secondsOfDay: Int(ms) / 1000),
                                   bid: (f[1] ?? 0) / 10_000, ask: ask / 10_000, file: member.name, line: i + 1)
                    }
                } else {
                    try parseCSV(member, accept: accept, problem: problem)
                }
            }
        }
        rows.sort { ($0.session, $0.strike, $0.time) < ($1.session, $1.strike, $1.time) }
        var start = [Int](repeating: 0, count: loaded.dataset.sessions.count + 1)
        for r in rows { start[r.session + 1] += 1 }
        for s in 0..<loaded.dataset.sessions.count { start[s + 1] += start[s] }
        let table = QuoteTable(start: start, time: rows.map(\.time), strike: rows.map(\.strike), bid: rows.map(\.bid), ask: rows.map(\.ask))
        report.quotesStored = table.count
        report.sessionsWithQuotes = Set(rows.map(\.session)).count
        do { try DatasetStore.writeQuotes(table, to: directory) } catch { throw .dataset(error) }
        return report
    }

    typealias Accept = (String, Bool, CivilDate, Double, Timestamp, Double, Double, String, Int) throws(ImportError) -> Void

    private func parseCSV(_ member: SourceText, accept: Accept, problem: (ImportProblem) throws(ImportError) -> Void) throws(ImportError) {
        let lines = member.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let head = lines.first else { return }
        let columns = Dictionary(uniqueKeysWithValues: head.split(separator: ",").enumerated().map {
            ($1.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), $0)
        })
        guard let bidC = columns["bid"], let askC = columns["ask"], let tsC = columns["timestamp"] ?? columns["quote_time"] ?? columns["time"] else {
            throw .usage("\(member.name):1: quote CSV needs bid, ask and timestamp columns (and symbol, or root/expiry/type/strike)")
        }
        for (i, raw) in lines.enumerated().dropFirst() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func field(_ c: Int?) -> String? { c.flatMap { $0 < f.count ? f[$0] : nil } }
            let contract: (root: String, isPut: Bool, expiry: CivilDate, strike: Double)?
            if let osi = field(columns["symbol"]) {
                contract = Self.osi(osi)
            } else if let root = field(columns["root"]), let e = field(columns["expiry"]), let t = field(columns["type"]),
                      let k = field(columns["strike"]).flatMap(Double.init), let expiry = try? CivilDate(parsing: e) {
                contract = (root.uppercased(), t.uppercased().hasPrefix("P"), expiry, k)
            } else {
                contract = nil
            }
            // A row without a timestamp cannot be placed in a session: it is reported as unparsable.
            guard let contract, let bid = field(bidC).flatMap(Double.init), let ask = field(askC).flatMap(Double.init),
                  let ts = field(tsC), let time = BarLineParser.iso8601(ts) else {
                try problem(.init(file: member.name, line: i + 1, kind: .unparsable, detail: "'\(line.prefix(120))'"))
                continue
            }
            try accept(contract.root, contract.isPut, contract.expiry, contract.strike, time, bid, ask, member.name, i + 1)
        }
    }

    /// OSI option symbol: root (padded to 6), YYMMDD, C/P, strike × 1000 in 8 digits.
    static func osi(_ text: String) -> (root: String, isPut: Bool, expiry: CivilDate, strike: Double)? {
        let s = text.replacingOccurrences(of: " ", with: "")
        guard s.count >= 16 else { return nil }
        let tail = Array(s.suffix(15)), root = String(s.dropLast(15))
        guard let yy = Int(String(tail[0..<2])), let mm = Int(String(tail[2..<4])), let dd = Int(String(tail[4..<6])),
              tail[6] == "P" || tail[6] == "C", let k = Int(String(tail[7..<15])), let date = CivilDate(year: 2000 + yy, month: mm, day: dd) else {
            return nil
        }
        return (root, tail[6] == "P", date, Double(k) / 1000)
    }

    /// `…/<YYYYMMDD>_<root>_minute_quote_european_<put|call>_<strike×10000>_<YYYYMMDD>.csv`
    static func leanContract(_ name: String) -> (root: String, isPut: Bool, expiry: CivilDate, strike: Double, date: CivilDate)? {
        let file = name.split(separator: "!").last.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let parts = file.replacingOccurrences(of: ".csv", with: "").split(separator: "_")
        guard parts.count == 8, parts[2] == "minute", parts[3] == "quote", let date = try? CivilDate(parsing: parts[0]),
              let expiry = try? CivilDate(parsing: parts[7]), let k = Double(parts[6]) else { return nil }
        return (parts[1].uppercased(), parts[5] == "put", expiry, k / 10_000, date)
    }
}
