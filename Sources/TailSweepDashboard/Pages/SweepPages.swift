import TailSweepCore

/// Sweep list, grid heat map, cell detail and best settings.
struct SweepPages {
    let reader: any ResultsReader

    static let metrics: [(key: String, label: String, diverging: Bool)] = [
        ("mean_pnl", "mean P&L", true), ("total_pnl", "total P&L", true), ("sharpe", "Sharpe", true),
        ("max_drawdown", "max drawdown", false), ("breach_vs_tier", "realised breach rate − tier", true),
        ("win_rate", "win rate", false), ("trades", "trades", false),
    ]
    static let axes = ["tier", "decision_time", "fill", "gate", "exit_rule", "model_setting"]

    static func value(_ c: SweepCellRecord, _ metric: String) -> Double {
        let m = c.metrics
        switch metric {
        case "total_pnl": return m.totalPnL
        case "sharpe": return m.sharpe
        case "max_drawdown": return m.maxDrawdown
        case "breach_vs_tier": return m.breachRate.rate - c.tier
        case "win_rate": return m.winRate
        case "trades": return Double(m.trades)
        default: return m.meanPnL
        }
    }

    static func axisValue(_ c: SweepCellRecord, _ axis: String) -> String {
        switch axis {
        case "tier": return LinearScale.format(c.tier * 100) + "%"
        case "decision_time": return c.decisionTime
        case "fill": return c.fill
        case "gate": return c.gate
        case "exit_rule": return c.exitRule
        default: return c.modelSetting
        }
    }

    func list() throws -> String {
        let sweeps = try reader.sweeps()
        guard !sweeps.isEmpty else { return HTML.page(title: "Sweeps", HTML.empty("No sweeps yet. Run one with `tailsweep sweep run sweeps/default.toml --db FILE`.")) }
        let rows = sweeps.reversed().map { s in
            [HTML.link("/sweeps/\(s.sweepId)", s.name), HTML.escape(s.status), "\(s.completedShards)/\(s.shards)", "\(s.cells)",
             "\(s.sessions)", HTML.escape("\(s.firstSession) … \(s.lastSession)"), HTML.link("/sweeps/\(s.sweepId)/best", "best settings"),
             HTML.escape(s.dataFingerprint)]
        }
        return HTML.page(title: "Sweeps", HTML.table(headers: ["sweep", "status", "shards", "cells", "sessions", "sessions range", "", "data fingerprint"], rows: rows, leftColumns: 2))
    }

    func sweep(_ id: Int64) throws -> SweepRecord? { try reader.sweeps().first { $0.sweepId == id } }

    func provenance(_ s: SweepRecord) -> [String] { ["sweep #\(s.sweepId) \(s.name)", "data \(s.dataFingerprint)", "spec \(s.specHash)", s.codeVersion] }

    func grid(_ id: Int64, query: [String: String]) throws -> String? {
        guard let s = try sweep(id) else { return nil }
        let cells = try reader.cells(sweepId: id)
        guard !cells.isEmpty else {
            return HTML.page(title: "Sweep \(s.name)", provenance: provenance(s), HTML.empty("This sweep has no finished cells yet (\(s.completedShards)/\(s.shards) shards)."))
        }
        let metric = Self.metrics.first { $0.key == query["metric"] } ?? Self.metrics[0]
        let xAxis = Self.axes.contains(query["x"] ?? "") ? query["x"]! : "decision_time"
        var yAxis = Self.axes.contains(query["y"] ?? "") ? query["y"]! : "tier"
        if yAxis == xAxis { yAxis = xAxis == "tier" ? "decision_time" : "tier" }
        let minTrades = Int(query["min_trades"] ?? "") ?? 20
        // Filters for the other axes: chosen value or the first.
        var filters: [String: String] = [:]
        var form = "<form method=\"get\">metric <select name=\"metric\">" + Self.metrics.map {
            "<option value=\"\($0.key)\"\($0.key == metric.key ? " selected" : "")>\(HTML.escape($0.label))</option>" }.joined() + "</select>"
        for (name, current) in [("x", xAxis), ("y", yAxis)] {
            form += " \(name) <select name=\"\(name)\">" + Self.axes.map { "<option\($0 == current ? " selected" : "")>\($0)</option>" }.joined() + "</select>"
        }
        for axis in Self.axes where axis != xAxis && axis != yAxis {
            let values = ordered(cells.map { Self.axisValue($0, axis) })
            let chosen = values.contains(query[axis] ?? "") ? query[axis]! : values[0]
            filters[axis] = chosen
            form += " \(axis) <select name=\"\(axis)\">" + values.map { "<option\($0 == chosen ? " selected" : "")>\(HTML.escape($0))</option>" }.joined() + "</select>"
        }
        form += " min trades <input name=\"min_trades\" size=\"4\" value=\"\(minTrades)\"> <button>show</button></form>"
        let shown = cells.filter { c in filters.allSatisfy { Self.axisValue(c, $0.key) == $0.value } }
        let xs = ordered(shown.map { Self.axisValue($0, xAxis) }), ys = ordered(shown.map { Self.axisValue($0, yAxis) })
        let heat = shown.map { c in
            Charts.HeatCell(x: xs.firstIndex(of: Self.axisValue(c, xAxis))!, y: ys.firstIndex(of: Self.axisValue(c, yAxis))!,
                            value: Self.value(c, metric.key), marked: !c.metrics.tierHeld || c.metrics.trades < minTrades,
                            link: "/sweeps/\(id)/cells/\(c.cellIndex)",
                            title: "\(metric.label) \(LinearScale.format(Self.value(c, metric.key))), trades \(c.metrics.trades)\(c.metrics.tierHeld ? "" : ", tier NOT held")")
        }
        let chart = Charts.heatMap(xLabels: xs, yLabels: ys, cells: heat, metric: metric.label, diverging: metric.diverging,
                                   xTitle: xAxis, yTitle: yAxis)
        return HTML.page(title: "Sweep \(s.name) — \(metric.label)", provenance: provenance(s),
                         form + chart + "<p>Bordered cells fail <code>tier_held</code> or have fewer than \(minTrades) trades. Click a cell for its detail. \(HTML.link("/sweeps/\(id)/best", "Best settings per tier"))</p>")
    }

    func cell(_ id: Int64, _ index: Int) throws -> String? {
        guard let s = try sweep(id), let c = try reader.cells(sweepId: id).first(where: { $0.cellIndex == index }) else { return nil }
        let m = c.metrics, ci = m.breachRate.interval()
        let rows: [[String]] = [
            ["model", HTML.escape(c.modelSetting)], ["decision time", HTML.escape(c.decisionTime)], ["tier", HTML.number(c.tier * 100, 1) + " %"],
            ["fill", HTML.escape(c.fill)], ["gate", HTML.escape(c.gate)], ["exit rule", HTML.escape(c.exitRule)],
            ["trades", "\(m.trades)"], ["win rate", HTML.number(m.winRate * 100, 1) + " %"], ["total P&L", HTML.number(m.totalPnL)],
            ["mean P&L", HTML.number(m.meanPnL)], ["std P&L", HTML.number(m.stdPnL)], ["Sharpe", HTML.number(m.sharpe)],
            ["max drawdown", HTML.number(m.maxDrawdown)], ["CVaR 5 %", HTML.number(m.cvar5)], ["worst trade", HTML.number(m.worstTrade)],
            ["realised breach rate", HTML.number(m.breachRate.rate * 100, 2) + " % [" + HTML.number(ci.lower * 100, 2) + ", " + HTML.number(ci.upper * 100, 2) + "] (90 % Jeffreys)"],
            ["tier held", m.tierHeld ? "yes" : "<strong>no</strong>"], ["Brier / ECE", HTML.number(m.brier, 4) + " / " + HTML.number(m.ece, 4)],
            ["skips", HTML.escape(m.skips.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))],
        ]
        let daily = try reader.dailyPnL(sweepId: id, cell: index)
        let curve = daily.isEmpty ? HTML.empty("Daily P&L is stored only for the top cells of the sweep's objective.") : equityCharts([(c.exitRule, "#2b6cb0", daily)])
        return HTML.page(title: "Cell #\(index) of \(s.name)", provenance: provenance(s), HTML.table(headers: ["parameter", "value"], rows: rows) + curve)
    }

    func best(_ id: Int64) throws -> String? {
        guard let s = try sweep(id) else { return nil }
        let cells = try reader.cells(sweepId: id)
        guard !cells.isEmpty else { return HTML.page(title: "Best settings — \(s.name)", provenance: provenance(s), HTML.empty("No finished cells yet.")) }
        let comparison = SweepSummarizer.modelComparison(cells, objective: .meanPnL, minimumTrades: 20)
        var body = comparison.count < 2 ? "" : "<h2>Model settings compared</h2>" + HTML.table(
            headers: ["model setting", "cells", "mean Brier (traded strikes)", "mean ECE", "best mean P&L"], rows: comparison.map {
                [HTML.escape($0.modelSetting), "\($0.cells)", HTML.number($0.meanBrier ?? .nan, 5), HTML.number($0.meanECE ?? .nan, 4),
                 HTML.number($0.best ?? .nan)]
            })
        let tiers = Array(Set(cells.map(\.tier))).sorted()
        for tier in tiers {
            let ranked = SweepSummarizer.rank(cells.filter { $0.tier == tier }, objective: .meanPnL, minimumTrades: 20, requireTierHeld: false).prefix(3)
            body += "<h2>Tier \(HTML.number(tier * 100, 1)) %</h2>"
            guard let top = ranked.first else { body += HTML.empty("No cell with at least 20 trades."); continue }
            body += HTML.table(headers: ["cell", "time", "fill", "gate", "exit", "trades", "mean P&L", "Sharpe", "max DD", "breach %", "held"], rows: ranked.map { c in
                [HTML.link("/sweeps/\(id)/cells/\(c.cellIndex)", "#\(c.cellIndex)"), HTML.escape(c.decisionTime), HTML.escape(c.fill), HTML.escape(c.gate),
                 HTML.escape(c.exitRule), "\(c.metrics.trades)", HTML.number(c.metrics.meanPnL), HTML.number(c.metrics.sharpe),
                 HTML.number(c.metrics.maxDrawdown), HTML.number(c.metrics.breachRate.rate * 100), c.metrics.tierHeld ? "yes" : "no"]
            }, leftColumns: 1)
            // Hold vs adaptive for the best cell's other settings.
            let siblings = cells.filter { $0.tier == top.tier && $0.decisionTime == top.decisionTime && $0.fill == top.fill && $0.gate == top.gate && $0.modelSetting == top.modelSetting }
            let colors = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1"]
            var series: [(String, String, [(session: CivilDate, pnl: Double)])] = []
            for (i, sib) in siblings.enumerated() {
                let daily = try reader.dailyPnL(sweepId: id, cell: sib.cellIndex)
                if !daily.isEmpty { series.append((sib.exitRule, colors[i % colors.count], daily)) }
            }
            body += series.isEmpty ? HTML.empty("No daily P&L stored for this cell.") : equityCharts(series)
        }
        return HTML.page(title: "Best settings — \(s.name)", provenance: provenance(s), body)
    }

    /// Equity (cumulative P&L) and drawdown curves, one series per exit rule, x = session number.
    func equityCharts(_ series: [(name: String, color: String, daily: [(session: CivilDate, pnl: Double)])]) -> String {
        var equity: [Charts.Series] = [], drawdown: [Charts.Series] = []
        for s in series {
            var total = 0.0, peak = 0.0, e: [(Double, Double)] = [], d: [(Double, Double)] = []
            for (i, day) in s.daily.enumerated() {
                total += day.pnl
                peak = max(peak, total)
                e.append((Double(i), total))
                d.append((Double(i), total - peak))
            }
            equity.append(.init(name: s.name, color: s.color, points: e))
            drawdown.append(.init(name: s.name, color: s.color, points: d))
        }
        let first = series[0].daily.first?.session.description ?? "", last = series[0].daily.last?.session.description ?? ""
        return "<h3>Equity curve (\(HTML.escape(first)) … \(HTML.escape(last)))</h3>"
            + Charts.lineChart(series: equity, xLabel: "session", yLabel: "cumulative P&L ($)")
            + "<h3>Drawdown</h3>" + Charts.lineChart(series: drawdown, xLabel: "session", yLabel: "drawdown ($)", height: 220)
    }

    /// Distinct values in first-seen order, numerically sorted when they are numbers (tiers, times).
    func ordered(_ values: [String]) -> [String] {
        var seen: [String] = []
        for v in values where !seen.contains(v) { seen.append(v) }
        let numbers = seen.map { Double($0.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: ":", with: ".")) }
        guard numbers.allSatisfy({ $0 != nil }) else { return seen }
        return zip(seen, numbers).sorted { $0.1! < $1.1! }.map(\.0)
    }
}
