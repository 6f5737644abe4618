import Foundation
import TailSweepCore
import TailSweepData

/// Forward tests with frozen models only: `snapshot` scores one session with the active model
/// (never refitting) and writes every tier's ladder as `pending_close`; `reconcile` fills the
/// realised outcome of every pending row whose session has closed.
///
/// ```swift
/// let tester = ForwardTester(policy: config)
/// let rows = try tester.snapshot(dataDirectory: "data/spy", session: date, active: try store.activeModel())
/// try store.upsertForward(rows)
/// let done = try tester.reconcile(dataDirectory: "data/spy", rows: try store.forwardRows())
/// ```
public struct ForwardTester: Sendable {
    /// Tiers, fill, gate, ladder size and schedule of the snapshot (the model brings its own
    /// features and tables).
    public let policy: StudyConfiguration
    /// A model trained more than this many sessions before the scored session is stale.
    public var maxStaleSessions = 20

    public init(policy: StudyConfiguration) {
        self.policy = policy
    }

    /// Resolves the active model: exactly one, of a known family, with an intact assumptions
    /// hash, trained strictly before the session and not stale — or a clear error.
    public func resolve(active: StoredModel?, session: CivilDate, sessions: [TradingSession]) throws -> any FrozenModel {
        guard let stored = active else { throw ForwardError.noActiveModel }
        guard stored.family == FrozenTailModel.family || stored.family == FrozenLogisticModel.family else {
            throw ForwardError.incompatible(stored.modelVersion, "family '\(stored.family)' cannot be scored by this build")
        }
        let model: any FrozenModel
        do { model = try FrozenModels.deserialize(family: stored.family, data: Data(stored.artifact)) } catch {
            throw ForwardError.incompatible(stored.modelVersion, "its artifact does not decode: \(error)")
        }
        let recomputed = try FrozenTailModel.assumptionsHash(features: model.features, model: model.model)
        guard recomputed == model.assumptionsHash, recomputed == stored.assumptionsHash else {
            throw ForwardError.hashMismatch(stored.modelVersion, stored: stored.assumptionsHash, recomputed: recomputed)
        }
        guard model.trainedThroughSession < session else {
            throw ForwardError.lookahead(stored.modelVersion, trainedThrough: model.trainedThroughSession, session: session)
        }
        let gap = sessions.filter { $0.date > model.trainedThroughSession && $0.date < session }.count
        guard gap <= maxStaleSessions else {
            throw ForwardError.stale(stored.modelVersion, trainedThrough: model.trainedThroughSession, session: session,
                                     sessionsBetween: gap, limit: maxStaleSessions)
        }
        return model
    }

    public func snapshot(dataDirectory: String, session date: CivilDate, active: StoredModel?) throws -> [ForwardRow] {
        let loaded = try DatasetStore.load(from: dataDirectory)
        guard let s = loaded.dataset.sessions.firstIndex(where: { $0.date == date }) else {
            throw ForwardError.sessionNotInData(date)
        }
        let model = try resolve(active: active, session: date, sessions: loaded.dataset.sessions)
        let states = try StateBuilder(configuration: model.features).build(dataset: loaded.dataset, schedule: policy.schedule)
        let scored = try model.score(states: states, session: s)
        let quotes = QuoteSources.primary(for: loaded, states: states)
        let tierPolicy = TierPolicy(configuration: policy.policy)
        var rows: [ForwardRow] = []
        for j in 0..<states.timesPerSession {
            let row = states.row(session: s, time: j)
            guard scored.group(ofRow: row) != nil else { continue }
            let candidates = tierPolicy.candidates(states: states, scored: scored, row: row, quotes: quotes, fill: policy.fill)
            for tier in policy.tiers {
                let decision = tierPolicy.decide(tier: tier, gate: policy.gate, candidates: candidates)
                for (rank, c) in decision.ladder.enumerated() {
                    rows.append(ForwardRow(
                        symbol: loaded.dataset.symbol, session: date, decisionTs: states.decisionTimestamp(row), tier: tier,
                        ladderRank: rank + 1, strike: c.strike, modelVersion: model.modelVersion, assumptionsHash: model.assumptionsHash,
                        moneyness: c.moneyness, p: c.probability, ciLow: c.lower, ciHigh: c.upper, premium: c.credit,
                        premiumSource: quotes.premiumSource, quoteQuality: c.quality, expectedValue: c.expectedValue, status: .pendingClose))
                }
            }
        }
        return rows
    }

    /// Pending rows whose session now has its final bar become `finalized` with the close, the
    /// breach and the hold-to-close P&L per contract; the rest stay pending.
    public func reconcile(dataDirectory: String, rows: [ForwardRow]) throws -> [ForwardRow] {
        let loaded = try DatasetStore.load(from: dataDirectory)
        let index = Dictionary(uniqueKeysWithValues: loaded.dataset.sessions.enumerated().map { ($1.date, $0) })
        return rows.map { row in
            guard row.status == .pendingClose, let s = index[row.session], let close = loaded.dataset.bars.finalClose(session: s) else { return row }
            var done = row
            done.status = .finalized
            done.closePrice = close
            done.breached = close < row.strike
            done.pnlPerContract = 100 * (row.premium - max(row.strike - close, 0)) - policy.fill.feePerContract
            return done
        }
    }
}

public enum ForwardError: Error, Equatable, CustomStringConvertible {
    case noActiveModel
    case incompatible(String, String)
    case hashMismatch(String, stored: String, recomputed: String)
    case lookahead(String, trainedThrough: CivilDate, session: CivilDate)
    case stale(String, trainedThrough: CivilDate, session: CivilDate, sessionsBetween: Int, limit: Int)
    case sessionNotInData(CivilDate)

    public var description: String {
        switch self {
        case .noActiveModel:
            return "no active model: fit one with `tailsweep model fit`, then `tailsweep model promote VERSION`"
        case let .incompatible(v, why): return "active model \(v) is incompatible: \(why)"
        case let .hashMismatch(v, stored, recomputed):
            return "active model \(v) fails its assumptions-hash check (stored \(stored), recomputed \(recomputed)); the artifact was altered — refit it"
        case let .lookahead(v, through, session):
            return "active model \(v) was trained through \(through), which is not before \(session); scoring would use the future"
        case let .stale(v, through, session, between, limit):
            return "active model \(v) is stale: trained through \(through), \(between) sessions before \(session) (limit \(limit)); fit and promote a newer model"
        case .sessionNotInData(let d): return "\(d) is not a session of the dataset"
        }
    }
}
