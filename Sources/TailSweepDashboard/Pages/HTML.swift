import TailSweepCore

/// HTML escaping and the page layout every dashboard page shares (navigation, disclaimers,
/// provenance).
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A full page. `provenance` is shown under the title (data fingerprint, assumptions hash).
    public static func page(title: String, provenance: [String] = [], _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) — TailSweep</title>
        <style>
        body{font-family:sans-serif;margin:0;color:#222}header{background:#1f3b57;color:#fff;padding:10px 20px}
        header a{color:#fff;margin-right:16px;text-decoration:none}main{padding:16px 20px}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
        th{background:#f2f2f2}td.l,th.l{text-align:left}.note{background:#fff6d6;border:1px solid #e6c200;padding:8px 12px;margin:10px 0;font-size:13px}
        .prov{color:#666;font-size:12px}.empty{color:#555;font-style:italic;padding:12px 0}form{margin:8px 0}
        </style></head><body>
        <header><strong>TailSweep</strong> &nbsp; <a href="/">Sweeps</a><a href="/studies">Studies</a><a href="/models">Models</a><a href="/forward">Forward tests</a></header>
        <main>
        <div class="note">\(escape(Disclaimer.notFinancialAdvice))<br>\(escape(Disclaimer.spyProxy))</div>
        <h1>\(escape(title))</h1>
        \(provenance.isEmpty ? "" : "<p class=\"prov\">" + provenance.map(escape).joined(separator: " · ") + "</p>")
        \(body)
        </main></body></html>
        """
    }

    public static func table(headers: [String], rows: [[String]], leftColumns: Int = 1) -> String {
        var out = "<table><tr>" + headers.enumerated().map { "<th\($0.offset < leftColumns ? " class=\"l\"" : "")>\(escape($0.element))</th>" }.joined() + "</tr>"
        for r in rows {
            out += "<tr>" + r.enumerated().map { "<td\($0.offset < leftColumns ? " class=\"l\"" : "")>\($0.element)</td>" }.joined() + "</tr>"
        }
        return out + "</table>"
    }

    public static func empty(_ message: String) -> String { "<p class=\"empty\">\(escape(message))</p>" }

    public static func link(_ href: String, _ text: String) -> String { "<a href=\"\(escape(href))\">\(escape(text))</a>" }

    public static func number(_ v: Double, _ digits: Int = 2) -> String { v.isFinite ? formatFixed(v, decimals: digits) : "—" }
}
