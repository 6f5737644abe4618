import TailSweepCore

/// The one-minute bar formats `tailsweep data import bars` reads.
///
/// ```swift
/// try BarFormat(name: "histdata")        // HistData ASCII M1: "YYYYMMDD HHMMSS;o;h;l;c;v", fixed UTC−5
/// try BarFormat(name: "csv", map: "ts=Date,open=O,high=H,low=L,close=C,volume=V", tsFormat: "%Y-%m-%d %H:%M", tz: "America/New_York")
/// ```
public enum BarFormat: Sendable, Hashable {
    /// `timestamp,open,high,low,close,volume[,vwap,trade_count]`, ISO-8601 UTC, start-stamped; CSV or CSV.gz.
    case alpaca
    /// Polygon flat-file minute aggregates: `ticker,volume,open,close,high,low,window_start,transactions` (ns since epoch).
    case polygon
    /// Generic CSV with a column mapping, timestamp format and time zone.
    case csv(CSVMapping)
    /// HistData ASCII M1: `YYYYMMDD HHMMSS;open;high;low;close;volume` in fixed UTC−5 (no daylight saving); zips accepted.
    case histdata
    /// FirstRate: `YYYY-MM-DD HH:MM:SS,open,high,low,close[,volume]` in America/New_York, start-stamped.
    case firstrate
    /// QuantConnect LEAN minute zips: `ms since midnight,open,high,low,close,volume`; equity prices × 10000 in New York time,
    /// index files (path contains `/index/`) unscaled in the exchange's zone (America/Chicago for SPX).
    case lean

    public var name: String {
        switch self {
        case .alpaca: return "alpaca"
        case .polygon: return "polygon"
        case .csv: return "csv"
        case .histdata: return "histdata"
        case .firstrate: return "firstrate"
        case .lean: return "lean"
        }
    }

    public init(name: String, map: String? = nil, tsFormat: String? = nil, tz: String? = nil) throws(ImportError) {
        switch name {
        case "alpaca": self = .alpaca
        case "polygon": self = .polygon
        case "histdata": self = .histdata
        case "firstrate": self = .firstrate
        case "lean": self = .lean
        case "csv":
            guard let map else { throw .usage("--format csv needs --map ts=COL,open=COL,high=COL,low=COL,close=COL[,volume=COL]") }
            self = .csv(try CSVMapping(map: map, timestampFormat: tsFormat ?? "iso", zone: try TimeZoneSpec(tz ?? "UTC")))
        default: throw .usage("unknown format '\(name)' (alpaca, polygon, csv, histdata, firstrate, lean)")
        }
    }
}

/// Column mapping of the generic CSV format (columns by header name or 1-based number).
public struct CSVMapping: Sendable, Hashable {
    public let columns: [String: String]
    public let timestampFormat: String
    public let zone: TimeZoneSpec

    public init(map: String, timestampFormat: String, zone: TimeZoneSpec) throws(ImportError) {
        var columns: [String: String] = [:]
        for pair in map.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, ["ts", "open", "high", "low", "close", "volume"].contains(kv[0]) else {
                throw .usage("--map entry '\(pair)' is not FIELD=COLUMN with FIELD one of ts, open, high, low, close, volume")
            }
            columns[kv[0]] = kv[1]
        }
        for required in ["ts", "open", "high", "low", "close"] where columns[required] == nil {
            throw .usage("--map lacks \(required)=COLUMN")
        }
        guard ["iso", "epoch_s", "epoch_ms", "epoch_ns"].contains(timestampFormat) || timestampFormat.contains("%") else {
            throw .usage("--ts-format must be iso, epoch_s, epoch_ms, epoch_ns or a pattern such as %Y-%m-%d %H:%M:%S")
        }
        self.columns = columns
        self.timestampFormat = timestampFormat
        self.zone = zone
    }
}

/// Time zones for wall-clock timestamps: UTC, New York, Chicago (always one hour behind New
/// York, on the same daylight-saving dates), or a fixed offset such as `UTC-5`.
public enum TimeZoneSpec: Sendable, Hashable {
    case utc
    case newYork
    case chicago
    case fixed(seconds: Int64)

    public init(_ text: String) throws(ImportError) {
        switch text {
        case "UTC", "Z", "utc": self = .utc
        case "America/New_York", "ET", "US/Eastern": self = .newYork
        case "America/Chicago", "CT", "US/Central": self = .chicago
        default:
            let body = text.hasPrefix("UTC") ? String(text.dropFirst(3)) : text
            guard let hours = Double(body), abs(hours) <= 14 else {
                throw .usage("unknown time zone '\(text)' (UTC, America/New_York, America/Chicago, or UTC±H)")
            }
            self = .fixed(seconds: Int64(hours * 3600))
        }
    }

    /// The UTC instant of a wall-clock time in this zone.
    public func instant(date: CivilDate, secondsOfDay: Int) -> Timestamp {
        switch self {
        case .utc: return Timestamp(utcDate: date, secondsOfDay: secondsOfDay)
        case .newYork: return EasternTime.timestamp(date: date, hour: 0, minute: 0, second: secondsOfDay)
        case .chicago: return EasternTime.timestamp(date: date, hour: 0, minute: 0, second: secondsOfDay + 3600)
        case .fixed(let offset): return Timestamp(seconds: Int64(date.dayNumber) * 86_400 + Int64(secondsOfDay) - offset)
        }
    }
}
