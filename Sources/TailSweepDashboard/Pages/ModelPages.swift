import Foundation
import TailSweepCore

/// Models with their probability surfaces, and forward tests.
struct ModelPages {
    let reader: any ResultsReader

    func list() throws -> String {
        let models = try reader.models()
        guard !models.isEmpty else { return HTML.page(title: "Models", HTML.empty("No frozen models yet. Fit one with `tailsweep model fit`.")) }
        return HTML.page(title: "Models", HTML.table(headers: ["model", "status", "trained through", "assumptions", "data", ""], rows: models.map { m in
            [HTML.escape(m.modelVersion), HTML.escape(m.status.rawValue), HTML.escape(m.trainedThroughSession.description), HTML.escape(m.assumptionsHash),
             HTML.escape(m.dataFingerprint), HTML.link("/models/\(m.modelVersion)/surface", "probability surface")]
        }, leftColumns: 2))
    }

    func surface(_ version: String, query: [String: String]) throws -> String? {
        guard let stored = try reader.models().first(where: { $0.modelVersion == version }) else { return nil }
        guard stored.family == FrozenTailModel.family else {
            return HTML.page(title: "Probability surface — \(version)", HTML.empty("Surfaces are drawn for bucket models; \(version) is a \(stored.family) model, whose probabilities vary continuously with every feature."))
        }
        let model = try FrozenTailModel.deserialize(Data(stored.artifact))
        let scheme = BucketScheme(features: model.features, model: model.model)
        let time = min(max(Int(query["time_bucket"] ?? "") ?? 1, 0), scheme.timeCount - 1)
        let regime = min(max(Int(query["regime"] ?? "") ?? 1, 0), scheme.regimeCount - 1)
        let grid = try model.surface(timeBucket: time, regime: regime)
        var form = "<form method=\"get\">time bucket <select name=\"time_bucket\">"
        for t in 0..<scheme.timeCount { form += "<option value=\"\(t)\"\(t == time ? " selected" : "")>\(HTML.escape(scheme.timeLabel(t)))</option>" }
        form += "</select> regime <select name=\"regime\">"
        for r in 0..<scheme.regimeCount { form += "<option value=\"\(r)\"\(r == regime ? " selected" : "")>\(HTML.escape(scheme.regimeLabel(r)))</option>" }
        form += "</select> <button>show</button></form>"
        let strikes = model.model.strikes.moneyness.map { LinearScale.format($0 * 100) + "%" }
        let extensions = (0..<scheme.extensionCount).map(scheme.extensionLabel)
        var cells: [Charts.HeatCell] = []
        for (e, row) in grid.enumerated() {
            for (k, p) in row.enumerated() {
                cells.append(.init(x: k, y: e, value: p, marked: false, link: nil,
                                   title: "extension \(extensions[e]), strike \(strikes[k]): p = \(LinearScale.format(p))"))
            }
        }
        let chart = Charts.heatMap(xLabels: strikes, yLabels: extensions, cells: cells, metric: "breach probability", diverging: false,
                                   xTitle: "strike moneyness from entry", yTitle: "extension bucket")
        return HTML.page(title: "Probability surface — \(version)",
                         provenance: ["trained through \(model.trainedThroughSession)", "data \(model.dataFingerprint)", "assumptions \(model.assumptionsHash)"],
                         form + chart)
    }

    func forward() throws -> String {
        let rows = try reader.forwardRows()
        guard !rows.isEmpty else {
            return HTML.page(title: "Forward tests", HTML.empty("No forward snapshots yet. Promote a model, then run `tailsweep forward snapshot`."))
        }
        let pending = rows.filter { $0.status == .pendingClose }, done = rows.filter { $0.status == .finalized }
        var body = "<p>\(pending.count) pending close, \(done.count) finalised.</p>"
        if !done.isEmpty {
            let f = done.map(\.p), o = done.map { ($0.breached ?? false) ? 1.0 : 0.0 }
            let m = CalibrationMetrics(forecasts: f, outcomes: o)
            body += "<h2>Realised calibration so far</h2>" + HTML.table(headers: ["rows", "mean p", "observed breach rate", "Brier"],
                rows: [["\(m.count)", HTML.number(m.meanForecast, 4), HTML.number(m.observedRate, 4), HTML.number(m.brier, 5)]], leftColumns: 0)
        }
        body += "<h2>Latest snapshots</h2>" + HTML.table(headers: ["session", "decision", "tier", "rank", "strike", "p", "premium", "model", "status", "close", "P&L"],
            rows: rows.suffix(100).reversed().map { r in
                [HTML.escape(r.session.description), HTML.escape(r.decisionTs.description), HTML.number(r.tier * 100, 1) + " %", "\(r.ladderRank)",
                 HTML.number(r.strike), HTML.number(r.p, 4), HTML.number(r.premium), HTML.escape(r.modelVersion), HTML.escape(r.status.rawValue),
                 r.closePrice.map { HTML.number($0) } ?? "—", r.pnlPerContract.map { HTML.number($0) } ?? "—"]
            })
        return HTML.page(title: "Forward tests", body)
    }
}
