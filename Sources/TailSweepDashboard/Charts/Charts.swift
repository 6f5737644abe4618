/// The dashboard's charts: heat map, line chart and reliability diagram.
public enum Charts {
    public struct HeatCell: Sendable {
        public let x: Int, y: Int
        public let value: Double
        public let marked: Bool
        public let link: String?
        public let title: String
        public init(x: Int, y: Int, value: Double, marked: Bool, link: String?, title: String) {
            self.x = x; self.y = y; self.value = value; self.marked = marked; self.link = link; self.title = title
        }
    }

    /// A heat map of `cells` over labelled axes, with a colour legend. Marked cells get a dark border.
    public static func heatMap(xLabels: [String], yLabels: [String], cells: [HeatCell], metric: String, diverging: Bool,
                               xTitle: String, yTitle: String) -> String {
        let cw = max(22.0, min(60.0, 720.0 / Double(max(xLabels.count, 1)))), ch = 26.0
        let left = 90.0, top = 20.0
        let width = left + cw * Double(xLabels.count) + 150, height = top + ch * Double(yLabels.count) + 80
        let finite = cells.map(\.value).filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let limit = max(abs(lo), abs(hi))
        func color(_ v: Double) -> String { diverging ? ColorScale.diverging(v, limit: limit) : ColorScale.sequential(v, range: lo...max(hi, lo)) }
        var body = ""
        for c in cells {
            let x = left + Double(c.x) * cw, y = top + Double(c.y) * ch
            var r = SVG.rect(x, y, cw - 1, ch - 1, fill: color(c.value), stroke: c.marked ? "#222" : nil, title: c.title)
            if let link = c.link { r = "<a href=\"\(SVG.escape(link))\">\(r)</a>" }
            body += r
        }
        for (i, l) in xLabels.enumerated() {
            body += SVG.text(left + (Double(i) + 0.5) * cw, top + ch * Double(yLabels.count) + 14, l, size: 9,
                             extra: " transform=\"rotate(45 \(SVG.f(left + (Double(i) + 0.5) * cw)) \(SVG.f(top + ch * Double(yLabels.count) + 14)))\"")
        }
        for (j, l) in yLabels.enumerated() { body += SVG.text(left - 6, top + (Double(j) + 0.65) * ch, l, anchor: "end") }
        body += SVG.text(left + cw * Double(xLabels.count) / 2, height - 8, xTitle, size: 12)
        body += SVG.text(12, top + ch * Double(yLabels.count) / 2, yTitle, size: 12, extra: " transform=\"rotate(-90 12 \(SVG.f(top + ch * Double(yLabels.count) / 2)))\"")
        // Legend: five swatches from low to high.
        let lx = left + cw * Double(xLabels.count) + 20
        body += SVG.text(lx, top + 4, metric, anchor: "start", size: 11)
        for i in 0..<5 {
            let v = lo + (hi - lo) * Double(i) / 4
            body += SVG.rect(lx, top + 12 + Double(i) * 18, 16, 16, fill: color(v))
            body += SVG.text(lx + 22, top + 24 + Double(i) * 18, LinearScale.format(v), anchor: "start")
        }
        body += SVG.rect(lx, top + 110, 16, 16, fill: "#ffffff", stroke: "#222") + SVG.text(lx + 22, top + 122, "fails tier / min trades", anchor: "start")
        return SVG.document(width: Int(width), height: Int(height), label: "heat map of \(metric)", body)
    }

    public struct Series: Sendable {
        public let name: String, color: String
        public let points: [(Double, Double)]
        public init(name: String, color: String, points: [(Double, Double)]) { self.name = name; self.color = color; self.points = points }
    }

    public static func lineChart(series: [Series], xLabel: String, yLabel: String, width: Int = 640, height: Int = 300) -> String {
        let all = series.flatMap(\.points)
        let xs = all.map(\.0), ys = all.map(\.1)
        let x = LinearScale(domain: (xs.min() ?? 0)...max(xs.max() ?? 1, xs.min() ?? 0), from: 60, to: Double(width - 20))
        let y = LinearScale(domain: min(ys.min() ?? 0, 0)...max(ys.max() ?? 1, 0), from: Double(height - 50), to: 20)
        var body = SVG.axes(x: x, y: y, xLabel: xLabel, yLabel: yLabel)
        for (i, s) in series.enumerated() {
            body += SVG.polyline(s.points.map { (x($0.0), y($0.1)) }, stroke: s.color)
            body += SVG.rect(Double(width) - 170, 22 + Double(i) * 16, 10, 10, fill: s.color) + SVG.text(Double(width) - 155, 31 + Double(i) * 16, s.name, anchor: "start")
        }
        return SVG.document(width: width, height: height, label: "\(yLabel) by \(xLabel)", body)
    }

    /// Predicted (bin mean forecast) against observed rate, dot area by count, with the diagonal.
    public static func reliability(bins: [(forecast: Double, observed: Double, count: Int)], width: Int = 360, height: Int = 360) -> String {
        let x = LinearScale(domain: 0...1, from: 60, to: Double(width - 20)), y = LinearScale(domain: 0...1, from: Double(height - 50), to: 20)
        var body = SVG.axes(x: x, y: y, xLabel: "predicted breach probability", yLabel: "observed breach rate")
        body += SVG.line(x(0), y(0), x(1), y(1), stroke: "#999", dash: "4 3")
        let maxCount = Double(bins.map(\.count).max() ?? 1)
        for b in bins where b.count > 0 && b.forecast.isFinite && b.observed.isFinite {
            body += SVG.circle(x(b.forecast), y(b.observed), 3 + 9 * (Double(b.count) / maxCount).squareRoot(), fill: "#2b6cb0aa",
                               title: "forecast \(LinearScale.format(b.forecast)), observed \(LinearScale.format(b.observed)), n = \(b.count)")
        }
        return SVG.document(width: width, height: height, label: "reliability diagram", body)
    }
}
