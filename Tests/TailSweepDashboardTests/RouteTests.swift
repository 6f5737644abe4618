import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TailSweepCore
@testable import TailSweepDashboard

/// A reader over fixed in-memory records.
struct FixtureReader: ResultsReader {
    var sweepName = "grid <script>alert(1)</script>"
    func sweeps() throws -> [SweepRecord] {
        [SweepRecord(sweepId: 1, name: sweepName, specText: "", specHash: "abc", dataFingerprint: "fp123", codeVersion: "tailsweep 0.1.0",
                     status: "complete", cells: 2, shards: 1, completedShards: 1, firstSession: CivilDate(year: 2020, month: 1, day: 2)!,
                     lastSession: CivilDate(year: 2020, month: 6, day: 30)!, sessions: 120)]
    }
    func cells(sweepId: Int64) throws -> [SweepCellRecord] {
        var a = CellAccumulator(tailCapacity: 5)
        a.addTrade(pnl: 5, breached: false, probability: 0.01)
        a.addDay(pnl: 5)
        let m = TrackSummary(accumulator: a, tier: 0.01, exitMode: .holdToClose)
        return [0, 1].map { SweepCellRecord(cellIndex: $0, modelSetting: "kappa=20,25 window=expanding", decisionTime: $0 == 0 ? "10:30" : "14:00",
                                            tier: 0.01, fill: "bid", gate: "mean", exitRule: "hold", metrics: m) }
    }
    func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)] { [(CivilDate(year: 2020, month: 1, day: 2)!, 5)] }
    func studies() throws -> [StudyRecord] { [] }
    func studySummaries(studyId: String) throws -> [SummaryRecord] { [] }
    func studyCalibration(studyId: String) throws -> [CalibrationRecord] { [] }
    func studyTrades(studyId: String, tier: Double?, exitMode: String?, limit: Int) throws -> [TradeRecord] { [] }
    func studyLadders(studyId: String, tier: Double?, limit: Int) throws -> [LadderRecord] { [] }
    func models() throws -> [StoredModel] { [] }
    func forwardRows() throws -> [ForwardRow] { [] }
}

@Suite struct RouteTests {
    static func app(_ reader: (any ResultsReader)?) -> some ApplicationProtocol {
        Application(router: DashboardApp(reader: reader, databaseName: "test.sqlite").router())
    }

    @Test func pagesAnswer200WithHeadingsAndDisclaimers() async throws {
        try await Self.app(FixtureReader()).test(.router) { client in
            for (path, heading) in [("/", "Sweeps"), ("/sweeps/1", "mean P&amp;L"), ("/sweeps/1/best", "Best settings"),
                                    ("/sweeps/1/cells/0", "Cell #0"), ("/studies", "Studies"), ("/models", "Models"), ("/forward", "Forward tests")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    let body = String(buffer: response.body)
                    #expect(body.contains("<h1>") && body.contains(heading), "\(path)")
                    #expect(body.contains("Not financial advice") && body.contains("SPY is used as a proxy"), "\(path)")
                }
            }
            try await client.execute(uri: "/sweeps/1", method: .get) { response in
                #expect(String(buffer: response.body).contains("fp123") && String(buffer: response.body).contains("abc"))
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test func writesAre405AndHeadHasNoBody() async throws {
        try await Self.app(FixtureReader()).test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                try await client.execute(uri: "/", method: method) { #expect($0.status == .methodNotAllowed, "\(method)") }
                try await client.execute(uri: "/no/such/page", method: method) { #expect($0.status == .methodNotAllowed || $0.status == .notFound) }
            }
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/sweeps/77", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func userStringsAreEscaped() async throws {
        try await Self.app(FixtureReader()).test(.router) { client in
            for path in ["/", "/sweeps/1", "/sweeps/1/best"] {
                try await client.execute(uri: path, method: .get) { response in
                    let body = String(buffer: response.body)
                    #expect(!body.contains("<script>alert(1)</script>"), "\(path)")
                    #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
                }
            }
            try await client.execute(uri: "/sweeps/1?metric=%3Cscript%3E&fill=%3Cimg%3E", method: .get) { response in
                #expect(response.status == .ok && !String(buffer: response.body).contains("<img>"))
            }
        }
    }

    @Test func missingOrEmptyDatabasesExplainThemselves() async throws {
        try await Self.app(nil).test(.router) { client in
            try await client.execute(uri: "/sweeps/1", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("There is no results database at test.sqlite"))
            }
        }
        struct Broken: ResultsReader {
            struct Failure: Error {}
            func sweeps() throws -> [SweepRecord] { throw Failure() }
            func cells(sweepId: Int64) throws -> [SweepCellRecord] { throw Failure() }
            func dailyPnL(sweepId: Int64, cell: Int) throws -> [(session: CivilDate, pnl: Double)] { throw Failure() }
            func studies() throws -> [StudyRecord] { [] }
            func studySummaries(studyId: String) throws -> [SummaryRecord] { [] }
            func studyCalibration(studyId: String) throws -> [CalibrationRecord] { [] }
            func studyTrades(studyId: String, tier: Double?, exitMode: String?, limit: Int) throws -> [TradeRecord] { [] }
            func studyLadders(studyId: String, tier: Double?, limit: Int) throws -> [LadderRecord] { [] }
            func models() throws -> [StoredModel] { [] }
            func forwardRows() throws -> [ForwardRow] { [] }
        }
        try await Self.app(Broken()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("could not be read"))
            }
            try await client.execute(uri: "/studies", method: .get) { response in
                #expect(String(buffer: response.body).contains("No studies yet"))
            }
        }
    }
}
