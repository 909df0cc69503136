/// A scatter plot of labelled points (one per policy), each point with its name written beside it.
///
/// Marks and their data attributes: `<circle class="point" data-category="…" data-x="…" data-y="…">`.
/// Points with a non-finite coordinate are left out.
struct ScatterChart {
    struct Point {
        var label: String
        var x: Double
        var y: Double
    }

    var kind: String
    var title: String
    var description: String
    var xLabel: String
    var yLabel: String
    var xDecimals: Int
    var yDecimals: Int
    /// Bounds the padded y range may not leave (e.g. 0...1 for a share).
    var yLimits: ClosedRange<Double>?
    var points: [Point]

    func render(id: String) -> String {
        let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
        let xScale = Self.paddedScale(shown.map(\.x), limits: nil)
        let yScale = Self.paddedScale(shown.map(\.y), limits: yLimits)
        let tickLabels = yScale.ticks.map(yScale.label)

        var frame = SVGChart(id: id, kind: kind, title: title, description: description, legend: [], yTickLabels: tickLabels)
        let x = LinearMap(scale: xScale, range: (frame.left, frame.right))
        let y = LinearMap(scale: yScale, range: (frame.bottom, frame.top))
        frame.yAxis(yScale, y, label: yLabel)
        frame.xAxis(xScale, x, label: xLabel)

        var marks = "<g class=\"marks\">\n"
        for (i, point) in points.enumerated() where point.x.isFinite && point.y.isFinite {
            let cx = x(point.x), cy = y(point.y)
            let color = Palette.color(i)
            let tooltip = "\(point.label): \(yLabel) \(NumberText.display(point.y, decimals: yDecimals)), \(xLabel) \(NumberText.display(point.x, decimals: xDecimals))"
            marks += "<circle class=\"point\" cx=\"\(px(cx))\" cy=\"\(px(cy))\" r=\"9\" fill=\"\(color)\" stroke=\"#111111\" stroke-width=\"1.5\"\(xmlAttr("data-category", point.label)) data-x=\"\(NumberText.exact(point.x))\" data-y=\"\(NumberText.exact(point.y))\">"
            marks += "<title>\(Markup.escape(tooltip))</title></circle>\n"
        }
        // Labels after all points, placed so they avoid the points and each other where possible.
        var placer = LabelPlacer(bounds: (4, frame.top - 30, frame.width - 4, frame.bottom - 4),
                                 points: points.filter { $0.x.isFinite && $0.y.isFinite }.map { (x($0.x), y($0.y)) })
        for point in points where point.x.isFinite && point.y.isFinite {
            let text = SVGChart.truncated(point.label, maxWidth: 240, fontSize: SVGChart.tickFont)
            let spot = placer.place(width: SVGChart.textWidth(text, fontSize: SVGChart.tickFont), at: (x(point.x), y(point.y)))
            marks += "<text class=\"point-label\" x=\"\(px(spot.x))\" y=\"\(px(spot.y))\" text-anchor=\"\(spot.anchor)\">\(Markup.escape(text))</text>\n"
        }
        marks += "</g>\n"
        frame.append(marks)
        return frame.finish()
    }

    /// A nice scale over the values with 5% room on each side (so no point sits on an axis), kept
    /// inside `limits`.
    static func paddedScale(_ values: [Double], limits: ClosedRange<Double>?) -> NiceScale {
        guard var low = values.min(), var high = values.max() else { return NiceScale(minimum: 0, maximum: 1) }
        let pad = high > low ? (high - low) * 0.05 : max(abs(low) * 0.05, 0.01)
        low -= pad; high += pad
        if let limits {
            low = max(low, limits.lowerBound); high = min(high, limits.upperBound)
            if low >= high { low = limits.lowerBound; high = limits.upperBound }
        }
        let scale = NiceScale(minimum: low, maximum: high)
        guard let limits, scale.lower < limits.lowerBound || scale.upper > limits.upperBound else { return scale }
        // Rounding outwards left the limits: recompute on the clamped range.
        return NiceScale(minimum: max(scale.lower, limits.lowerBound), maximum: min(scale.upper, limits.upperBound))
    }
}

/// Greedy, deterministic label placement for scatter points: each label tries eight spots around its
/// point (right, left, above, below, diagonals) and takes the first that overlaps no point, no label
/// placed before and stays inside the bounds; if none is free, the one with the least overlap.
struct LabelPlacer {
    typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
    let bounds: Box
    private var obstacles: [Box]

    init(bounds: Box, points: [(Double, Double)], radius: Double = 11) {
        self.bounds = bounds
        obstacles = points.map { ($0.0 - radius, $0.1 - radius, $0.0 + radius, $0.1 + radius) }
    }

    /// Chooses a spot for a label `width` wide next to `point`; returns the text anchor position.
    mutating func place(width: Double, at point: (Double, Double)) -> (x: Double, y: Double, anchor: String) {
        let (pointX, pointY) = point
        let candidates: [(dx: Double, dy: Double, anchor: String)] = [
            (14, 6, "start"), (-14, 6, "end"), (0, -16, "middle"), (0, 32, "middle"),
            (10, -12, "start"), (-10, -12, "end"), (10, 28, "start"), (-10, 28, "end"),
        ]
        var best: (score: Double, x: Double, y: Double, anchor: String, box: Box)?
        for c in candidates {
            let x = pointX + c.dx, y = pointY + c.dy
            let x0 = c.anchor == "start" ? x : c.anchor == "end" ? x - width : x - width / 2
            let box: Box = (x0, y - 15, x0 + width, y + 5)
            var score = 0.0
            for o in obstacles { score += Self.overlap(box, o) }
            // Leaving the bounds counts like covering that much of another label.
            let inside = Self.overlap(box, bounds)
            score += (box.x1 - box.x0) * (box.y1 - box.y0) - inside
            if best == nil || score < best!.score { best = (score, x, y, c.anchor, box) }
            if score == 0 { break }
        }
        let chosen = best!
        obstacles.append(chosen.box)
        return (chosen.x, chosen.y, chosen.anchor)
    }

    static func overlap(_ a: Box, _ b: Box) -> Double {
        let w = min(a.x1, b.x1) - max(a.x0, b.x0)
        let h = min(a.y1, b.y1) - max(a.y0, b.y0)
        return w > 0 && h > 0 ? w * h : 0
    }
}
