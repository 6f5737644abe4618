import Foundation
import TailSweepCore

/// One parsed input bar: its start instant in UTC and its values, with where it came from.
struct RawBar {
    let start: Timestamp
    let open: Double, high: Double, low: Double, close: Double, volume: Double
    let line: Int
}

/// Parses the lines of one source member in one format.
struct BarLineParser {
    let format: BarFormat
    let source: String
    /// For LEAN files: the date from the file name and whether it is an index (unscaled, Chicago).
    let leanDate: CivilDate?
    let leanIndex: Bool
    var header: [String: Int] = [:]

    init(format: BarFormat, source: String) {
        self.format = format
        self.source = source
        leanIndex = source.contains("/index/")
        let base = source.split(separator: "/").last.map(String.init) ?? source
        let digits = base.split(separator: "!").last.map { String($0.prefix(8)) } ?? ""
        leanDate = try? CivilDate(parsing: digits)
    }

    /// Parses every line; returns the bars and the lines that could not be read.
    mutating func parse(_ text: String) -> (bars: [RawBar], problems: [ImportProblem]) {
        var bars: [RawBar] = [], problems: [ImportProblem] = []
        var lineNumber = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if lineNumber == 1, isHeader(line) { continue }
            switch parseLine(line, number: lineNumber) {
            case .success(let bar): bars.append(bar)
            case .failure(let why):
                problems.append(ImportProblem(file: source, line: lineNumber, kind: .unparsable, detail: "\(why): '\(line.prefix(120))'"))
            }
        }
        return (bars, problems)
    }

    private mutating func isHeader(_ line: Substring) -> Bool {
        switch format {
        case .alpaca, .polygon, .csv:
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.contains(where: { Double($0) == nil && !$0.isEmpty && !$0.first!.isNumber }) else { return false }
            for (i, f) in fields.enumerated() { header[f] = i }
            return true
        default:
            return false
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private func parseLine(_ line: Substring, number: Int) -> Result<RawBar, Failure> {
        func num(_ s: Substring) -> Double? { Double(s.trimmingCharacters(in: .whitespaces)) }
        switch format {
        case .histdata:
            let f = line.split(separator: ";", omittingEmptySubsequences: false)
            guard f.count >= 5, let o = num(f[1]), let h = num(f[2]), let l = num(f[3]), let c = num(f[4]) else {
                return .failure(Failure(description: "expected YYYYMMDD HHMMSS;open;high;low;close;volume"))
            }
            let stamp = f[0].split(separator: " ")
            guard stamp.count == 2, let date = try? CivilDate(parsing: stamp[0]), let sod = Self.secondsOfDay(compact: stamp[1]) else {
                return .failure(Failure(description: "bad timestamp"))
            }
            return .success(RawBar(start: TimeZoneSpec.fixed(seconds: -5 * 3600).instant(date: date, secondsOfDay: sod),
                                   open: o, high: h, low: l, close: c, volume: f.count > 5 ? num(f[5]) ?? 0 : 0, line: number))
        case .firstrate:
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 5, let o = num(f[1]), let h = num(f[2]), let l = num(f[3]), let c = num(f[4]),
                  let (date, sod) = Self.dateTime(f[0]) else {
                return .failure(Failure(description: "expected YYYY-MM-DD HH:MM:SS,open,high,low,close[,volume]"))
            }
            return .success(RawBar(start: TimeZoneSpec.newYork.instant(date: date, secondsOfDay: sod), open: o, high: h, low: l, close: c,
                                   volume: f.count > 5 ? num(f[5]) ?? 0 : 0, line: number))
        case .lean:
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let date = leanDate else { return .failure(Failure(description: "LEAN file name must start with YYYYMMDD")) }
            guard f.count >= 6, let ms = Int(f[0]), var o = num(f[1]), var h = num(f[2]), var l = num(f[3]), var c = num(f[4]),
                  let v = num(f[5]) else {
                return .failure(Failure(description: "expected ms,open,high,low,close,volume"))
            }
            if !leanIndex { o /= 10_000; h /= 10_000; l /= 10_000; c /= 10_000 }
            let zone: TimeZoneSpec = leanIndex ? .chicago : .newYork
            return .success(RawBar(start: zone.instant(date: date, secondsOfDay: ms / 1000), open: o, high: h, low: l, close: c,
                                   volume: v, line: number))
        case .alpaca:
            return columns(line, ts: "timestamp", open: "open", high: "high", low: "low", close: "close", volume: "volume",
                           defaults: [0, 1, 2, 3, 4, 5], number: number) { Self.iso8601($0) }
        case .polygon:
            return columns(line, ts: "window_start", open: "open", high: "high", low: "low", close: "close", volume: "volume",
                           defaults: [6, 2, 4, 5, 3, 1], number: number) { s in Int64(s).map { Timestamp(seconds: $0 / 1_000_000_000) } }
        case .csv(let m):
            return columns(line, ts: m.columns["ts"]!, open: m.columns["open"]!, high: m.columns["high"]!, low: m.columns["low"]!,
                           close: m.columns["close"]!, volume: m.columns["volume"], defaults: nil, number: number) { s in
                Self.timestamp(s, format: m.timestampFormat, zone: m.zone)
            }
        }
    }

    private func columns(_ line: Substring, ts: String, open: String, high: String, low: String, close: String, volume: String?,
                         defaults: [Int]?, number: Int, time: (String) -> Timestamp?) -> Result<RawBar, Failure> {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func index(_ name: String?, _ fallback: Int?) -> Int? {
            guard let name else { return nil }
            if let i = header[name] { return i }
            if let n = Int(name), n >= 1 { return n - 1 }
            return header.isEmpty ? fallback : nil
        }
        let names = [ts, open, high, low, close]
        let idx = names.enumerated().map { index($0.element, defaults?[$0.offset]) }
        guard idx.allSatisfy({ $0 != nil && $0! < f.count }) else { return .failure(Failure(description: "missing columns \(names)")) }
        guard let t = time(f[idx[0]!]) else { return .failure(Failure(description: "bad timestamp '\(f[idx[0]!])'")) }
        let values = idx.dropFirst().map { Double(f[$0!]) }
        guard values.allSatisfy({ $0 != nil }) else { return .failure(Failure(description: "a price is not a number")) }
        var v = 0.0
        if let vi = index(volume, defaults?[5]), vi < f.count { v = Double(f[vi]) ?? .nan }
        return .success(RawBar(start: t, open: values[0]!, high: values[1]!, low: values[2]!, close: values[3]!, volume: v, line: number))
    }

    static func secondsOfDay(compact s: Substring) -> Int? {
        guard s.count == 6, let v = Int(s) else { return nil }
        let h = v / 10_000, m = v / 100 % 100, sec = v % 100
        return h < 24 && m < 60 && sec < 60 ? h * 3600 + m * 60 + sec : nil
    }

    /// `YYYY-MM-DD HH:MM[:SS]` (a `T` works as the separator too).
    static func dateTime(_ s: Substring) -> (CivilDate, Int)? {
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2, let date = try? CivilDate(parsing: parts[0]) else { return nil }
        let hms = parts[1].split(separator: ":").map { Int($0) }
        guard hms.count >= 2, hms.allSatisfy({ $0 != nil }), hms[0]! < 24, hms[1]! < 60 else { return nil }
        return (date, hms[0]! * 3600 + hms[1]! * 60 + (hms.count > 2 ? hms[2]! : 0))
    }

    /// ISO-8601 with `Z` or `±HH:MM`, optional fractional seconds.
    static func iso8601(_ s: String) -> Timestamp? {
        var body = Substring(s), offset: Int64 = 0
        let chars = Array(body)
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if chars.count > 16, chars[chars.count - 3] == ":", chars[chars.count - 6] == "+" || chars[chars.count - 6] == "-" {
            let tz = body.suffix(5).split(separator: ":").compactMap { Int($0) }
            guard tz.count == 2 else { return nil }
            offset = Int64((tz[0] * 3600 + tz[1] * 60) * (chars[chars.count - 6] == "-" ? -1 : 1))
            body = body.dropLast(6)
        }
        if let dot = body.firstIndex(of: ".") { body = body[..<dot] }
        guard let (date, sod) = dateTime(body) else { return nil }
        return Timestamp(seconds: Int64(date.dayNumber) * 86_400 + Int64(sod) - offset)
    }

    static func timestamp(_ s: String, format: String, zone: TimeZoneSpec) -> Timestamp? {
        switch format {
        case "iso": return iso8601(s) ?? dateTime(Substring(s)).map { zone.instant(date: $0.0, secondsOfDay: $0.1) }
        case "epoch_s": return Int64(s).map { Timestamp(seconds: $0) }
        case "epoch_ms": return Int64(s).map { Timestamp(seconds: $0 / 1000) }
        case "epoch_ns": return Int64(s).map { Timestamp(seconds: $0 / 1_000_000_000) }
        default: return pattern(s, format).map { zone.instant(date: $0.0, secondsOfDay: $0.1) }
        }
    }

    /// A small strptime: %Y %m %d %H %M %S and literal characters.
    static func pattern(_ s: String, _ format: String) -> (CivilDate, Int)? {
        var values: [Character: Int] = [:]
        var si = s.startIndex, fi = format.startIndex
        while fi < format.endIndex {
            if format[fi] == "%" {
                fi = format.index(after: fi)
                guard fi < format.endIndex else { return nil }
                let code = format[fi], width = code == "Y" ? 4 : 2
                guard let end = s.index(si, offsetBy: width, limitedBy: s.endIndex), let v = Int(s[si..<end]) else { return nil }
                values[code] = v
                si = end
            } else {
                guard si < s.endIndex, s[si] == format[fi] else { return nil }
                si = s.index(after: si)
            }
            fi = format.index(after: fi)
        }
        guard si == s.endIndex, let y = values["Y"], let mo = values["m"], let d = values["d"], let date = CivilDate(year: y, month: mo, day: d) else {
            return nil
        }
        let h = values["H"] ?? 0, mi = values["M"] ?? 0, sec = values["S"] ?? 0
        guard h < 24, mi < 60, sec < 60 else { return nil }
        return (date, h * 3600 + mi * 60 + sec)
    }
}
