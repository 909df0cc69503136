/// Stacked vertical bars: one bar per category, one segment per series (component), stacked in
/// series order. Positive values stack up from zero, negative ones down from zero, so the bar length
/// above zero is the sum of the positive parts.
///
/// Marks and their data attributes:
/// - `<rect class="segment" data-category="…" data-series="…" data-value="…">`;
/// - `<text class="total" data-category="…" data-value="sum of the components">` above each bar.
struct StackedBarChart {
    var kind: String
    var title: String
    var description: String
    var valueLabel: String
    var categoryLabel: String
    var decimals: Int
    var categories: [String]
    var series: [String]
    /// `values[category][series]`; nil where a category lacks that series.
    var values: [[Double?]]

    func render(id: String) -> String {
        var low = 0.0, high = 0.0
        for row in values {
            var up = 0.0, down = 0.0
            for case let v? in row where v.isFinite {
                if v >= 0 { up += v } else { down += v }
            }
            high = max(high, up); low = min(low, down)
        }
        let scale = NiceScale(minimum: low, maximum: high, includeZero: true)
        let tickLabels = scale.ticks.map(scale.label)
        let legend = series.enumerated().map { LegendItem(name: $1, color: Palette.color($0), swatch: .box) }

        let layout = SVGChart.categoryFrame(labels: categories) { bottomMargin, minimumLeft in
            SVGChart(id: id, kind: kind, title: title, description: description, legend: legend, yTickLabels: tickLabels,
                     bottomMargin: bottomMargin, minimumLeft: minimumLeft)
        }
        var frame = layout.frame
        let band = layout.band, rotated = layout.rotated
        let y = LinearMap(scale: scale, range: (frame.bottom, frame.top))
        frame.yAxis(scale, y, label: valueLabel)

        let barWidth = min(band * 0.6, 120)
        var centers: [Double] = []
        var marks = "<g class=\"marks\">\n"
        for (i, category) in categories.enumerated() {
            let center = frame.left + band * (Double(i) + 0.5)
            centers.append(center)
            var up = 0.0, down = 0.0, total = 0.0
            let row = i < values.count ? values[i] : []
            for (s, name) in series.enumerated() {
                guard s < row.count, let v = row[s], v.isFinite else { continue }
                total += v
                let from = v >= 0 ? up : down
                let to = from + v
                if v >= 0 { up = to } else { down = to }
                let y0 = y(from), y1 = y(to)
                marks += "<rect class=\"segment\" x=\"\(px(center - barWidth / 2))\" y=\"\(px(min(y0, y1)))\" width=\"\(px(barWidth))\" height=\"\(px(abs(y1 - y0)))\" fill=\"\(Palette.color(s))\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"\(xmlAttr("data-category", category))\(xmlAttr("data-series", name)) data-value=\"\(NumberText.exact(v))\">"
                marks += "<title>\(Markup.escape("\(category) — \(name): \(NumberText.display(v, decimals: decimals))"))</title></rect>\n"
            }
            marks += "<text class=\"total\" x=\"\(px(center))\" y=\"\(px(y(up) - 10))\" text-anchor=\"middle\"\(xmlAttr("data-category", category)) data-value=\"\(NumberText.exact(total))\">\(NumberText.display(total, decimals: decimals))</text>\n"
        }
        marks += "</g>\n"
        frame.append(marks)
        frame.categoryAxis(labels: categories, centers: centers, rotated: rotated, label: categoryLabel)
        return frame.finish()
    }
}
