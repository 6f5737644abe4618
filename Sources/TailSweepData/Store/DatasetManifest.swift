import TailSweepCore

/// The `manifest.json` of a dataset directory: what the binary column files hold and how to
/// check them.
///
/// ```json
/// {"format": "tailsweep-dataset", "format_version": 1, "symbol": "SPY", "session_count": 5000,
///  "first_session": "2005-01-03", "last_session": "2024-11-12", "slots_per_session": 390,
///  "previous_close_source": "synthetic", "fingerprint": "…",
///  "files": [{"name": "bars.close.f64", "element": "float64", "count": 1950000, "xxh64": "…"}, …],
///  "provenance": {"kind": "synthetic", "seed": 1, …}}
/// ```
///
/// Column files are raw little-endian arrays: `sessions.i32` (day numbers since 1970-01-01),
/// `bars.{open,high,low,close,volume}.f64` and `bars.valid.u8` (session-major, 390 slots a
/// session), `daily.{previous_close,official_close,volatility_index}.f64` (one per session).
public struct DatasetManifest: Codable, Sendable, Equatable {
    public static let formatName = "tailsweep-dataset"
    public static let currentFormatVersion = 1
    public static let fileName = "manifest.json"

    public var format: String
    public var formatVersion: Int
    public var symbol: String
    public var sessionCount: Int
    public var firstSession: CivilDate?
    public var lastSession: CivilDate?
    public var slotsPerSession: Int
    public var previousCloseSource: PreviousCloseSource
    /// XXH64 over the files' checksums in order: one value naming the data exactly.
    public var fingerprint: String
    public var files: [ColumnFile]
    public var provenance: DatasetProvenance

    public struct ColumnFile: Codable, Sendable, Equatable {
        public var name: String
        public var element: ColumnElement
        public var count: Int
        public var xxh64: String
    }
}

/// Element types of column files.
public enum ColumnElement: String, Codable, Sendable {
    case float64, uint8, int32, int64

    public var width: Int {
        switch self {
        case .float64, .int64: return 8
        case .uint8: return 1
        case .int32: return 4
        }
    }
}

/// Where a dataset came from, enough to regenerate or re-import it.
public struct DatasetProvenance: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case synthetic, imported }

    public var kind: Kind
    public var createdBy: String
    /// Synthetic datasets: the generator's seed, first requested date and models.
    public var seed: UInt64?
    public var start: CivilDate?
    public var marketModel: SyntheticMarketModel?
    public var quoteModel: SyntheticQuoteModel?
    /// Imported datasets: the source files and format.
    public var sources: [String]?
    public var sourceFormat: String?

    public static func synthetic(seed: UInt64, start: CivilDate, market: SyntheticMarketModel,
                                 quotes: SyntheticQuoteModel) -> DatasetProvenance {
        DatasetProvenance(kind: .synthetic, createdBy: TailSweepVersion.string, seed: seed, start: start,
                          marketModel: market, quoteModel: quotes, sources: nil, sourceFormat: nil)
    }
}
