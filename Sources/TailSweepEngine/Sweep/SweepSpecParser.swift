import Foundation
import TailSweepCore

extension SweepSpec {
    /// Parses a sweep file. Unknown keys and bad values are errors naming the file, line and key.
    public static func parse(text: String, file: String) throws(SweepSpecError) -> SweepSpec {
        let root = try TOMLReader(text: text, file: file)
        try root.rejectUnknownKeys(allowed: ["name", "data", "from", "to", "grid", "exits", "model", "trading", "output", "engine"])
        let name = try root.requiredString("name")
        guard !name.isEmpty, name.count <= 200 else { throw root.error("name", "must be 1–200 characters") }
        func date(_ key: String) throws(SweepSpecError) -> CivilDate? {
            guard let s = try root.string(key) else { return nil }
            do { return try CivilDate(parsing: s) } catch { throw root.error(key, String(describing: error)) }
        }
        let from = try date("from"), to = try date("to")
        if let from, let to, from > to { throw root.error("to", "is before 'from'") }

        guard let grid = try root.subtable("grid") else { throw root.error(nil, "a [grid] table is required") }
        try grid.rejectUnknownKeys(allowed: ["decision_times", "tiers", "fills", "gates", "exits"])
        let decisionTimes = try parseDecisionTimes(grid)
        let tiers = try grid.doubles("tiers") ?? [0.005, 0.01, 0.02, 0.05]
        guard tiers.allSatisfy({ $0 > 0 && $0 < 1 }) else { throw grid.error("tiers", "every tier must lie in (0, 1)") }

        return try finish(trading: try root.subtable("trading"))

        func finish(trading: TOMLReader?) throws(SweepSpecError) -> SweepSpec {
            var fillBase = FillModel.bid
            var sizing = Sizing.fixedContracts(1)
            var caps = ConcurrencyCaps()
            var equity = 100_000.0
            var policy = TierPolicy.Configuration()
            if let t = trading {
                try t.rejectUnknownKeys(allowed: ["sizing", "fee_per_contract", "slippage", "slippage_bps", "exit_spread_multiplier",
                                                  "cap_per_symbol", "cap_total", "cap_per_day", "starting_equity", "ladder",
                                                  "allow_fallback", "max_quote_age_seconds", "stale_after_seconds",
                                                  "wide_absolute", "wide_fraction_of_mid"])
                if let v = try t.double("fee_per_contract") { guard v >= 0 else { throw t.error("fee_per_contract", "must be ≥ 0") }; fillBase.feePerContract = v }
                if let v = try t.double("slippage") { guard v >= 0 else { throw t.error("slippage", "must be ≥ 0") }; fillBase.slippageAbsolute = v }
                if let v = try t.double("slippage_bps") { guard v >= 0 else { throw t.error("slippage_bps", "must be ≥ 0") }; fillBase.slippageBps = v }
                if let v = try t.double("exit_spread_multiplier") { guard v >= 0 else { throw t.error("exit_spread_multiplier", "must be ≥ 0") }; fillBase.exitSpreadMultiplier = v }
                if let s = try t.string("sizing") { sizing = try parseSizing(s, t) }
                for (key, path) in [("cap_per_symbol", \ConcurrencyCaps.perSymbol), ("cap_total", \.total), ("cap_per_day", \.perDay)] {
                    if let v = try t.int(key) { guard v >= 1 else { throw t.error(key, "must be ≥ 1") }; caps[keyPath: path] = v }
                }
                if let v = try t.double("starting_equity") { guard v > 0 else { throw t.error("starting_equity", "must be positive") }; equity = v }
                if let v = try t.int("ladder") { guard v >= 1 else { throw t.error("ladder", "must be ≥ 1") }; policy.ladderSize = v }
                if t.has("allow_fallback") {
                    guard let b = t.table["allow_fallback"]?.bool else { throw t.error("allow_fallback", "must be true or false") }
                    policy.allowFallback = b
                }
                if let v = try t.int("max_quote_age_seconds") { guard v >= 0 else { throw t.error("max_quote_age_seconds", "must be ≥ 0") }; policy.quality.maxQuoteAgeSeconds = Int64(v) }
                if let v = try t.int("stale_after_seconds") { guard v >= 0 else { throw t.error("stale_after_seconds", "must be ≥ 0") }; policy.quality.staleAfterSeconds = Int64(v) }
                if let v = try t.double("wide_absolute") { policy.quality.wideAbsolute = v }
                if let v = try t.double("wide_fraction_of_mid") { policy.quality.wideFractionOfMid = v }
            }
            let fills = try (grid.strings("fills") ?? ["bid"]).map { (text: String) throws(SweepSpecError) -> FillModel in
                var f: FillModel
                do { f = try FillModel(parsing: text) } catch { throw grid.error("fills", String(describing: error)) }
                f.feePerContract = fillBase.feePerContract
                f.slippageAbsolute = fillBase.slippageAbsolute
                f.slippageBps = fillBase.slippageBps
                f.exitSpreadMultiplier = fillBase.exitSpreadMultiplier
                return f
            }
            let gates = try (grid.strings("gates") ?? ["mean"]).map { (text: String) throws(SweepSpecError) -> TierGate in
                guard let g = TierGate(rawValue: text) else { throw grid.error("gates", "'\(text)' is not mean or upper") }
                return g
            }
            let exits = try parseExits(root, grid)
            let (model, settings, features) = try parseModel(root)
            var objective = SweepObjective.meanPnL, top = 20, minTrades = 20
            if let o = try root.subtable("output") {
                try o.rejectUnknownKeys(allowed: ["objective", "daily_pnl_top", "min_trades"])
                if let s = try o.string("objective") {
                    guard let v = SweepObjective(rawValue: s) else {
                        throw o.error("objective", "'\(s)' is not one of \(SweepObjective.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    objective = v
                }
                if let v = try o.int("daily_pnl_top") { guard v >= 0 else { throw o.error("daily_pnl_top", "must be ≥ 0") }; top = v }
                if let v = try o.int("min_trades") { guard v >= 0 else { throw o.error("min_trades", "must be ≥ 0") }; minTrades = v }
            }
            var cellsPerShard = 64
            var sessionsPerShard: Int? = nil
            if let e = try root.subtable("engine") {
                try e.rejectUnknownKeys(allowed: ["cells_per_shard", "sessions_per_shard"])
                if let v = try e.int("cells_per_shard") { guard v >= 1 else { throw e.error("cells_per_shard", "must be ≥ 1") }; cellsPerShard = v }
                if let v = try e.int("sessions_per_shard") {
                    guard v >= 1 else { throw e.error("sessions_per_shard", "must be ≥ 1") }
                    if case .riskPctOfEquity = sizing {
                        throw e.error("sessions_per_shard", "cannot split sessions with equity-based sizing (risk_pct): each block would need the equity of the blocks before it")
                    }
                    sessionsPerShard = v
                }
            }
            return SweepSpec(name: name, data: try root.string("data"), from: from, to: to, decisionTimes: decisionTimes, tiers: tiers,
                             fills: fills, gates: gates, exits: exits, modelSettings: settings, model: model, features: features,
                             policy: policy, sizing: sizing, caps: caps, startingEquity: equity, objective: objective,
                             dailyPnLTop: top, minimumTrades: minTrades, cellsPerShard: cellsPerShard, sessionsPerShard: sessionsPerShard)
        }
    }

    static func parseDecisionTimes(_ grid: TOMLReader) throws(SweepSpecError) -> [DecisionAxisValue] {
        var out: [DecisionAxisValue] = []
        for text in try grid.strings("decision_times") ?? ["10:30"] {
            let parts = text.split(separator: ":")
            if text.hasPrefix("rolling:") || text.hasPrefix("each:rolling:") {
                guard let every = Int(parts.last!), every > 0 else { throw grid.error("decision_times", "'\(text)' needs a positive minute interval, e.g. rolling:15") }
                let schedule = DecisionSchedule.rolling(everyMinutes: every, from: 9 * 60 + 45, through: 15 * 60 + 30)
                if text.hasPrefix("each:") { out += schedule.times.map { .time($0) } } else { out.append(.rolling(schedule)) }
            } else {
                do {
                    let t = try DecisionSchedule.parseTime(text)
                    _ = try DecisionSchedule.fixed([t]).validated()
                    out.append(.time(t))
                } catch { throw grid.error("decision_times", "'\(text)': \(String(describing: error))") }
            }
        }
        guard Set(out).count == out.count else { throw grid.error("decision_times", "values repeat") }
        return out
    }

    static func parseSizing(_ s: String, _ t: TOMLReader) throws(SweepSpecError) -> Sizing {
        let parts = s.split(separator: ":")
        guard parts.count == 2, let v = Double(parts[1]), v > 0 else {
            throw t.error("sizing", "'\(s)' is not fixed:N, risk_pct:F or notional:DOLLARS")
        }
        switch parts[0] {
        case "fixed": guard v == v.rounded() else { throw t.error("sizing", "fixed contracts must be a whole number") }; return .fixedContracts(Int(v))
        case "risk_pct": guard v < 1 else { throw t.error("sizing", "risk_pct is a fraction of equity below 1") }; return .riskPctOfEquity(v)
        case "notional": return .targetNotional(v)
        default: throw t.error("sizing", "'\(s)' is not fixed:N, risk_pct:F or notional:DOLLARS")
        }
    }

    static func parseExits(_ root: TOMLReader, _ grid: TOMLReader) throws(SweepSpecError) -> [ExitRule?] {
        let definitions = try root.subtable("exits")
        var out: [ExitRule?] = []
        for name in try grid.strings("exits") ?? ["hold"] {
            if name == "hold" { out.append(nil); continue }
            guard let d = try definitions?.subtable(name) else {
                throw grid.error("exits", "'\(name)' is neither 'hold' nor defined in an [exits.\(name)] table")
            }
            try d.rejectUnknownKeys(allowed: ["capture", "stop_multiple", "underlying_buffer", "time_stop"])
            let capture = try d.double("capture"), stop = try d.double("stop_multiple"), buffer = try d.double("underlying_buffer")
            if let c = capture, !(c > 0 && c < 1) { throw d.error("capture", "must lie in (0, 1)") }
            if let s = stop, !(s > 1) { throw d.error("stop_multiple", "must be above 1") }
            if let b = buffer, !(b >= 0 && b < 0.2) { throw d.error("underlying_buffer", "must lie in [0, 0.2)") }
            var timeStop: Int? = nil
            if let s = try d.string("time_stop") {
                do { timeStop = try DecisionSchedule.parseTime(s) } catch { throw d.error("time_stop", String(describing: error)) }
            }
            guard capture != nil || stop != nil || buffer != nil || timeStop != nil else {
                throw d.error(nil, "an adaptive exit needs at least one of capture, stop_multiple, underlying_buffer, time_stop")
            }
            out.append(ExitRule(name: name, capture: capture, stopMultiple: stop, underlyingBuffer: buffer, timeStop: timeStop))
        }
        guard Set(out.map { $0?.name ?? "hold" }).count == out.count else { throw grid.error("exits", "values repeat") }
        return out
    }

    static func parseModel(_ root: TOMLReader) throws(SweepSpecError)
        -> (TailModelConfiguration, [ModelSetting], FeatureConfiguration) {
        var model = TailModelConfiguration()
        var features = FeatureConfiguration()
        var kappas: [TailModelConfiguration.Kappa] = [model.kappa]
        var windows: [TailModelConfiguration.Window] = [.expanding]
        if let m = try root.subtable("model") {
            try m.rejectUnknownKeys(allowed: ["strikes", "extension_edges", "kappas", "windows", "min_train_sessions", "embargo",
                                              "credible_level", "kappa_refit_sessions", "regime_source", "regime_edges", "regime_window",
                                              "families", "lambdas", "lambda_grid", "lambda_refit_sessions"])
            if let s = try m.string("strikes") {
                do { model.strikes = try StrikeGrid(parsing: s) } catch { throw m.error("strikes", String(describing: error)) }
            }
            if let e = try m.doubles("extension_edges") {
                do { model.extensionEdges = try BucketEdges(edges: e) } catch { throw m.error("extension_edges", String(describing: error)) }
            }
            if let e = try m.doubles("regime_edges") {
                do { features.regimeEdges = try BucketEdges(edges: e) } catch { throw m.error("regime_edges", String(describing: error)) }
            }
            if let s = try m.string("regime_source") {
                guard let v = FeatureConfiguration.RegimeSource(rawValue: s) else { throw m.error("regime_source", "must be trailing_realized or volatility_index") }
                features.regimeSource = v
            }
            if let v = try m.int("regime_window") { features.regimeWindow = v; features.regimeMinimumSessions = min(features.regimeMinimumSessions, v) }
            let refit = try m.int("kappa_refit_sessions") ?? 60
            if let list = try m.strings("kappas") {
                kappas = try list.map { (text: String) throws(SweepSpecError) -> TailModelConfiguration.Kappa in
                    if text == "auto" { return .auto(refitEverySessions: refit) }
                    let p = text.split(separator: ",").compactMap { Double($0) }
                    guard p.count == 2, p.allSatisfy({ $0 > 0 }) else { throw m.error("kappas", "'\(text)' is not 'PARENT,LOCAL' or 'auto'") }
                    return .fixed(parent: p[0], local: p[1])
                }
            }
            if let list = try m.strings("windows") {
                windows = try list.map { (text: String) throws(SweepSpecError) -> TailModelConfiguration.Window in
                    if text == "expanding" { return .expanding }
                    guard let n = Int(text), n > 0 else { throw m.error("windows", "'\(text)' is not 'expanding' or a number of sessions") }
                    return .rolling(sessions: n)
                }
            }
            if let v = try m.int("min_train_sessions") { model.minimumTrainingSessions = v }
            if let v = try m.int("embargo") { model.embargoSessions = v }
            if let v = try m.double("credible_level") { model.credibleLevel = v }
            for w in windows {
                var probe = model
                probe.window = w
                do { _ = try probe.validated() } catch { throw m.error("windows", String(describing: error)) }
            }
            do { _ = try model.validated(); _ = try features.validated() } catch { throw m.error(nil, String(describing: error)) }
        }
        var families = ["bucket"]
        var lambdas: [LogisticSettings.Lambda] = [.fixed(1)]
        if let m = try root.subtable("model") {
            if let f = try m.strings("families") {
                for name in f where name != "bucket" && name != "logistic" { throw m.error("families", "'\(name)' is not bucket or logistic") }
                families = f
            }
            let grid = try m.doubles("lambda_grid") ?? [0.1, 1, 10, 100]
            let refit = try m.int("lambda_refit_sessions") ?? 60
            if let list = try m.strings("lambdas") {
                lambdas = try list.map { (text: String) throws(SweepSpecError) -> LogisticSettings.Lambda in
                    if text == "auto" { return .auto(grid: grid, refitEverySessions: refit) }
                    guard let v = Double(text), v >= 0 else { throw m.error("lambdas", "'\(text)' is not a number ≥ 0 or 'auto'") }
                    return .fixed(v)
                }
            }
        }
        var settings: [ModelSetting] = []
        for family in families {
            for w in windows {
                if family == "bucket" {
                    for k in kappas { settings.append(ModelSetting(family: .bucket, kappa: k, window: w)) }
                } else {
                    for l in lambdas {
                        var s = LogisticSettings()
                        s.lambda = l
                        settings.append(ModelSetting(family: .logistic(s), kappa: model.kappa, window: w))
                    }
                }
            }
        }
        return (model, settings, features)
    }
}
