import Testing
@testable import TailSweepDashboard

@Suite struct ChartTests {
    @Test func scalesMapDomainsToPixelsAndPickNiceTicks() {
        let x = LinearScale(domain: 0...37, from: 40, to: 600)
        #expect(x(0) == 40 && x(37) == 600 && abs(x(18.5) - 320) < 1e-9)
        #expect(x.ticks(4) == [0, 10, 20, 30])
        let y = LinearScale(domain: -0.02...0.05, from: 300, to: 20)   // pixels downwards
        #expect(y(-0.02) == 300 && y(0.05) == 20)
        #expect(zip(y.ticks(5), [-0.02, 0, 0.02, 0.04]).allSatisfy { abs($0 - $1) < 1e-12 } && y.ticks(5).count == 4)
        #expect(LinearScale(domain: 5...5, from: 0, to: 10)(5) == 5)   // degenerate domain widened, finite
        #expect(LinearScale.format(0.12500) == "0.125" && LinearScale.format(-0.0) == "0" && LinearScale.format(.nan) == "—")
    }

    @Test func colourScalesAreCentredAndBounded() {
        #expect(ColorScale.diverging(0, limit: 5) == "#ffffff")
        #expect(ColorScale.diverging(5, limit: 5) == ColorScale.diverging(50, limit: 5))
        #expect(ColorScale.diverging(-5, limit: 5) != ColorScale.diverging(5, limit: 5))
        #expect(ColorScale.sequential(.nan, range: 0...1) == "#dddddd")
    }

    @Test func heatMapPlacesCellsLegendAndMarks() {
        let cells = [Charts.HeatCell(x: 0, y: 0, value: -2, marked: true, link: "/c/0", title: "a"),
                     Charts.HeatCell(x: 1, y: 0, value: 3, marked: false, link: nil, title: "b<script>")]
        let svg = Charts.heatMap(xLabels: ["10:30", "14:00"], yLabels: ["1%"], cells: cells, metric: "mean P&L", diverging: true,
                                 xTitle: "time", yTitle: "tier")
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2 + 5 + 1)     // cells, legend swatches, marked-cell key
        #expect(svg.contains("stroke=\"#222\"") && svg.contains("href=\"/c/0\""))
        #expect(svg.contains("b&lt;script&gt;") && !svg.contains("<script>"))
        #expect(svg.contains(">-2<") && svg.contains(">3<"))                      // legend spans the values
    }

    @Test func lineAndReliabilityChartsScaleTheirData() {
        let line = Charts.lineChart(series: [.init(name: "hold", color: "#000", points: [(0, 0), (10, 100)])], xLabel: "session", yLabel: "P&L",
                                    width: 640, height: 300)
        // x 0 → 60 px, 10 → 620 px; y 0 → 250 px, 100 → 20 px.
        #expect(line.contains("points=\"60.0,250.0 620.0,20.0\""))
        let rel = Charts.reliability(bins: [(0.05, 0.04, 100), (0.5, 0.5, 0)])
        #expect(rel.components(separatedBy: "<circle").count - 1 == 1)           // empty bins are not drawn
        #expect(rel.contains("stroke-dasharray"))                                   // the diagonal
    }
}
