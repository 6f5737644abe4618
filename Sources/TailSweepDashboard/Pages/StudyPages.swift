import TailSweepCore

/// Study list, study detail (summary, skips, ladders, trades with filters) and calibration.
struct StudyPages {
    let reader: any ResultsReader

    func provenance(_ s: StudyRecord) -> [String] {
        ["\(s.symbol) \(s.firstSession) … \(s.lastSession) (\(s.sessions) sessions)", "data \(s.dataFingerprint)",
         "assumptions \(s.assumptionsHash)", "premiums: \(s.premiumSource.rawValue)"]
    }

    func study(_ id: String) throws -> StudyRecord? { try reader.studies().first { $0.studyId == id } }

    func list() throws -> String {
        let studies = try reader.studies()
        guard !studies.isEmpty else { return HTML.page(title: "Studies", HTML.empty("No studies yet. Run `tailsweep study --data DIR --db FILE`.")) }
        let rows = studies.map { s in
            [HTML.link("/studies/\(s.studyId)", "\(s.symbol) \(s.firstSession) … \(s.lastSession)"), "\(s.sessions)", HTML.escape(s.assumptionsHash),
             HTML.escape(s.dataFingerprint), HTML.escape(s.premiumSource.rawValue), HTML.link("/studies/\(s.studyId)/calibration", "calibration")]
        }
        return HTML.page(title: "Studies", HTML.table(headers: ["study", "sessions", "assumptions", "data", "premiums", ""], rows: rows))
    }

    func detail(_ id: String, query: [String: String]) throws -> String? {
        guard let s = try study(id) else { return nil }
        let summaries = try reader.studySummaries(studyId: id)
        var body = "<p>" + HTML.link("/studies/\(id)/calibration", "Calibration") + "</p><h2>Summary</h2>"
        body += HTML.table(headers: ["tier", "exit", "trades", "win %", "total P&L", "mean P&L", "max DD", "breach % [90 % CI]", "held", "Brier", "ECE"],
                           rows: summaries.map { r in
            let m = r.summary, ci = m.breachRate.interval()
            return [HTML.number(r.tier * 100, 1) + " %", HTML.escape(r.exitMode.rawValue), "\(m.trades)", HTML.number(m.winRate * 100, 1),
                    HTML.number(m.totalPnL), HTML.number(m.meanPnL), HTML.number(m.maxDrawdown),
                    HTML.number(m.breachRate.rate * 100) + " [" + HTML.number(ci.lower * 100) + ", " + HTML.number(ci.upper * 100) + "]",
                    m.tierHeld ? "yes" : "no", HTML.number(m.brier, 4), HTML.number(m.ece, 4)]
        }, leftColumns: 2)
        body += "<h2>Skip reasons</h2>" + HTML.table(headers: ["tier", "exit", "reasons"], rows: summaries.map { r in
            [HTML.number(r.tier * 100, 1) + " %", HTML.escape(r.exitMode.rawValue),
             HTML.escape(r.summary.skips.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))]
        }, leftColumns: 3)
        let tier = query["tier"].flatMap(Double.init), mode = query["exit_mode"].flatMap { $0.isEmpty ? nil : $0 }
        let tiers = Array(Set(summaries.map(\.tier))).sorted()
        body += "<h2>Ladders (latest decisions)</h2>"
        let ladders = try reader.studyLadders(studyId: id, tier: tier, limit: 60)
        body += ladders.isEmpty ? HTML.empty("No ladder rows.") : HTML.table(
            headers: ["decision", "tier", "rank", "strike", "moneyness", "p", "90 % CI", "premium", "EV", "skip"], rows: ladders.map { l in
                [HTML.escape(l.decisionTs.description), HTML.number(l.tier * 100, 1) + " %", "\(l.rank)", l.strike.map { HTML.number($0) } ?? "—",
                 l.moneyness.map { HTML.number($0 * 100, 2) + " %" } ?? "—", l.p.map { HTML.number($0, 4) } ?? "—",
                 l.ciLow.map { HTML.number($0, 4) + "–" + HTML.number(l.ciHigh ?? .nan, 4) } ?? "—", l.premium.map { HTML.number($0) } ?? "—",
                 l.expectedValue.map { HTML.number($0) } ?? "—", HTML.escape(l.skipReason?.description ?? (l.fallback ? "fallback" : ""))]
            })
        body += "<h2>Trades</h2><form method=\"get\">tier <select name=\"tier\"><option value=\"\">all</option>"
            + tiers.map { "<option value=\"\($0)\"\($0 == tier ? " selected" : "")>\(HTML.number($0 * 100, 1)) %</option>" }.joined()
            + "</select> exit <select name=\"exit_mode\"><option value=\"\">all</option>"
            + ExitMode.allCases.map { "<option\($0.rawValue == mode ? " selected" : "")>\($0.rawValue)</option>" }.joined()
            + "</select> <button>filter</button></form>"
        let trades = try reader.studyTrades(studyId: id, tier: tier, exitMode: mode, limit: 200)
        body += trades.isEmpty ? HTML.empty("No trades match.") : HTML.table(
            headers: ["session", "tier", "exit", "strike", "moneyness", "p", "premium", "exit reason", "P&L", "equity"], rows: trades.map { t in
                [HTML.escape(t.session.description), HTML.number(t.tier * 100, 1) + " %", HTML.escape(t.exitMode.rawValue), HTML.number(t.strike),
                 HTML.number(t.moneyness * 100, 2) + " %", HTML.number(t.probability, 4), HTML.number(t.premium),
                 HTML.escape(t.exitReason.rawValue), HTML.number(t.pnl), HTML.number(t.equityAfter)]
            }) + "<p class=\"prov\">At most 200 rows are shown.</p>"
        return HTML.page(title: "Study \(s.symbol) \(s.firstSession) … \(s.lastSession)", provenance: provenance(s), body)
    }

    func calibration(_ id: String) throws -> String? {
        guard let s = try study(id) else { return nil }
        let records = try reader.studyCalibration(studyId: id)
        guard let pooled = records.first(where: { $0.grouping == "pooled" }) else {
            return HTML.page(title: "Calibration", provenance: provenance(s), HTML.empty("No calibration stored for this study."))
        }
        let m = pooled.metrics
        var body = Charts.reliability(bins: m.equalWidthBins.map { ($0.meanForecast, $0.observedRate, $0.count) })
        body += "<h2>Brier decomposition (10 equal-width bins)</h2>" + HTML.table(
            headers: ["n", "Brier", "binned Brier", "reliability", "resolution", "uncertainty", "ECE", "log loss", "sharpness"],
            rows: [["\(m.count)", HTML.number(m.brier, 5), HTML.number(m.binnedBrier, 5), HTML.number(m.reliability, 5), HTML.number(m.resolution, 5),
                    HTML.number(m.uncertainty, 5), HTML.number(m.ece, 4), HTML.number(m.logLoss, 4), HTML.number(m.sharpness, 5)]], leftColumns: 0)
        for grouping in ["tier", "time_bucket", "regime", "strike"] {
            let group = records.filter { $0.grouping == grouping }
            guard !group.isEmpty else { continue }
            body += "<h2>By \(grouping.replacingOccurrences(of: "_", with: " "))</h2>" + HTML.table(
                headers: [grouping, "n", "mean forecast", "observed", "Brier", "ECE"], rows: group.map { g in
                    [HTML.escape(g.key), "\(g.metrics.count)", HTML.number(g.metrics.meanForecast, 4), HTML.number(g.metrics.observedRate, 4),
                     HTML.number(g.metrics.brier, 5), HTML.number(g.metrics.ece, 4)]
                })
        }
        return HTML.page(title: "Calibration", provenance: provenance(s), body)
    }
}
