/// Standard workloads measured by `tailsweep bench`, embedded so the benchmark runs anywhere.
/// `rollingGrid` is `sweeps/rolling-grid.toml` verbatim (a test keeps the two identical).
public enum StandardWorkloads {
    public static let rollingGrid = """
name = "rolling-grid"
# The benchmark grid of SPEC §14: 4 tiers × 4 fills × 3 exit rules (hold + 2 adaptive) × 2 gates
# × 24 rolling decision slots (09:45 … 15:30 every 15 minutes) = 2,304 cells, 20 strikes,
# expanding walk-forward with hierarchical Beta shrinkage.

[grid]
decision_times = ["each:rolling:15"]
tiers = [0.005, 0.01, 0.02, 0.05]
fills = ["bid", "mid", "spread:0.25", "spread:0.75"]
gates = ["mean", "upper"]
exits = ["hold", "tp50_sl200", "tp80_sl300_buffer"]

[exits.tp50_sl200]
capture = 0.5
stop_multiple = 2.0

[exits.tp80_sl300_buffer]
capture = 0.8
stop_multiple = 3.0
underlying_buffer = 0.001

[model]
strikes = "-0.0025:-0.05:0.0025"
kappas = ["20,25"]
windows = ["expanding"]
min_train_sessions = 60

[trading]
sizing = "fixed:1"
fee_per_contract = 0.65

[output]
objective = "mean_pnl"
daily_pnl_top = 20
min_trades = 50

[engine]
cells_per_shard = 96
"""
}
