/// Small server-side SVG builders: every chart is a string of escaped SVG, no script.
public enum SVG {
    public static func escape(_ s: String) -> String { HTML.escape(s) }

    public static func document(width: Int, height: Int, label: String, _ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(label))\">\(body)</svg>"
    }

    public static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "middle", size: Int = 11, extra: String = "") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-family=\"sans-serif\"\(extra)>\(escape(s))</text>"
    }

    public static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#444", width: Double = 1, dash: String? = nil) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
    }

    public static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, title: String? = nil) -> String {
        let t = title.map { "<title>\(escape($0))</title>" } ?? ""
        return "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"\(fill)\"\(stroke.map { " stroke=\"\($0)\" stroke-width=\"2\"" } ?? "")>\(t)</rect>"
    }

    public static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5) -> String {
        "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(f(width))\" points=\"\(points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>"
    }

    public static func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, title: String? = nil) -> String {
        "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(fill)\">\(title.map { "<title>\(escape($0))</title>" } ?? "")</circle>"
    }

    /// Axes with ticks and labels for a plot area.
    public static func axes(x: LinearScale, y: LinearScale, xLabel: String, yLabel: String, ticks: Int = 5) -> String {
        var out = ""
        let x0 = x.start, x1 = x.end, y0 = y.start, y1 = y.end
        out += line(x0, y0, x1, y0) + line(x0, y0, x0, y1)
        for t in x.ticks(ticks) { out += line(x(t), y0, x(t), y0 + 4) + text(x(t), y0 + 16, LinearScale.format(t)) }
        for t in y.ticks(ticks) {
            out += line(x0 - 4, y(t), x0, y(t)) + text(x0 - 7, y(t) + 4, LinearScale.format(t), anchor: "end")
            out += line(x0, y(t), x1, y(t), stroke: "#e4e4e4", width: 0.5)
        }
        out += text((x0 + x1) / 2, y0 + 32, xLabel, size: 12)
        out += text(14, (y0 + y1) / 2, yLabel, size: 12, extra: " transform=\"rotate(-90 14 \(f((y0 + y1) / 2)))\"")
        return out
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Colour scales: diverging (red–white–blue, centred on zero) for signed metrics, sequential otherwise.
public enum ColorScale {
    public static func diverging(_ v: Double, limit: Double) -> String {
        guard v.isFinite, limit > 0 else { return "#dddddd" }
        let t = max(-1, min(1, v / limit))
        let (r, g, b): (Double, Double, Double) = t >= 0 ? (1 - t * 0.8, 1 - t * 0.45, 1) : (1, 1 + t * 0.75, 1 + t * 0.8)
        return hex(r, g, b)
    }

    public static func sequential(_ v: Double, range: ClosedRange<Double>) -> String {
        guard v.isFinite else { return "#dddddd" }
        let t = range.upperBound > range.lowerBound ? max(0, min(1, (v - range.lowerBound) / (range.upperBound - range.lowerBound))) : 0.5
        return hex(1 - 0.85 * t, 1 - 0.55 * t, 1 - 0.2 * t)
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func c(_ x: Double) -> String {
            let v = Int((max(0, min(1, x)) * 255).rounded())
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + c(r) + c(g) + c(b)
    }
}
