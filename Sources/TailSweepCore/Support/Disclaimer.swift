/// The two notices every TailSweep output carries: console reports, JSON documents and
/// dashboard pages.
///
/// ```swift
/// print(Disclaimer.consoleBlock)
/// json["disclaimer"] = Disclaimer.json   // {"not_financial_advice": "...", "spy_proxy": "..."}
/// ```
public enum Disclaimer {
    public static let notFinancialAdvice =
        "Research and decision support only. Not financial advice; no recommendation to trade."
    public static let spyProxy =
        "SPY is used as a proxy: results describe SPY data, not true SPX/SPXW index or option behaviour."

    /// Two lines for the end of a console report.
    public static var consoleBlock: String { "Note: \(notFinancialAdvice)\nNote: \(spyProxy)" }

    /// The `disclaimer` object of every JSON document.
    public static var json: [String: String] {
        ["not_financial_advice": notFinancialAdvice, "spy_proxy": spyProxy]
    }
}
