/// Vertical bars from zero, one per category, with optional confidence-interval whiskers.
///
/// Marks and their data attributes:
/// - `<rect class="bar" data-category="…" data-value="mean">`: height ∝ |value| on the axis scale
///   (the value axis always includes 0, so bars start at the zero line);
/// - `<path class="whisker" data-category="…" data-low="…" data-high="…">`: the interval ends.
/// Categories whose value is not finite keep their label but get no bar.
struct BarChart {
    struct Bar {
        var label: String
        var value: Double
        /// Interval ends, when known (both finite).
        var low: Double?
        var high: Double?
    }

    var kind: String
    var title: String
    var description: String
    /// Value axis title with unit.
    var valueLabel: String
    /// Category axis title.
    var categoryLabel: String
    /// Decimals of the tooltip numbers.
    var decimals: Int
    var bars: [Bar]

    func render(id: String) -> String {
        var extremes: [Double] = []
        for bar in bars where bar.value.isFinite {
            extremes.append(bar.value)
            if let low = bar.low, let high = bar.high, low.isFinite, high.isFinite { extremes += [low, high] }
        }
        let scale = NiceScale(minimum: extremes.min() ?? 0, maximum: extremes.max() ?? 1, includeZero: true)
        let tickLabels = scale.ticks.map(scale.label)
        let labels = bars.map(\.label)

        let layout = SVGChart.categoryFrame(labels: labels) { bottomMargin, minimumLeft in
            SVGChart(id: id, kind: kind, title: title, description: description, legend: [], yTickLabels: tickLabels,
                     bottomMargin: bottomMargin, minimumLeft: minimumLeft)
        }
        var frame = layout.frame
        let band = layout.band, rotated = layout.rotated
        let y = LinearMap(scale: scale, range: (frame.bottom, frame.top))
        frame.yAxis(scale, y, label: valueLabel)

        let barWidth = min(band * 0.6, 120)
        let zero = y(0)
        var centers: [Double] = []
        var marks = "<g class=\"marks\">\n"
        for (i, bar) in bars.enumerated() {
            let center = frame.left + band * (Double(i) + 0.5)
            centers.append(center)
            guard bar.value.isFinite else { continue }
            let top = y(bar.value)
            var tooltip = "\(bar.label): \(NumberText.display(bar.value, decimals: decimals))"
            marks += "<rect class=\"bar\" x=\"\(px(center - barWidth / 2))\" y=\"\(px(min(top, zero)))\" width=\"\(px(barWidth))\" height=\"\(px(abs(zero - top)))\" fill=\"\(Palette.color(0))\"\(xmlAttr("data-category", bar.label)) data-value=\"\(NumberText.exact(bar.value))\">"
            if let low = bar.low, let high = bar.high, low.isFinite, high.isFinite {
                tooltip += " (95% CI \(NumberText.display(low, decimals: decimals)) to \(NumberText.display(high, decimals: decimals)))"
            }
            marks += "<title>\(Markup.escape(tooltip))</title></rect>\n"
            if let low = bar.low, let high = bar.high, low.isFinite, high.isFinite {
                marks += SVGChart.whisker(x: center, low: (low, y(low)), high: (high, y(high)), cap: min(barWidth * 0.25, 18),
                                          attributes: xmlAttr("data-category", bar.label))
            }
        }
        marks += "</g>\n"
        frame.append(marks)
        frame.categoryAxis(labels: labels, centers: centers, rotated: rotated, label: categoryLabel)
        return frame.finish()
    }
}
