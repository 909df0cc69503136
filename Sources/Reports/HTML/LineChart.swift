/// Line chart of one or more series against a numeric x (days, episodes, period index, a swept
/// parameter) or against categories, with optional shaded bands (prediction intervals), confidence
/// whiskers, labelled horizontal reference lines and an optional vertical divider (where a forecast
/// starts).
///
/// Marks and their data attributes:
/// - `<polyline class="series" data-series="…" data-x="…" data-values="…">`: `data-x` and
///   `data-values` hold the full series, comma-separated, before any downsampling; the drawn
///   `points` are downsampled to at most ``Downsample/maxPoints`` (see ``Downsample``);
/// - `<circle class="vertex" data-series="…" data-x="…" data-value="…">` per point of short series
///   (with `data-category="…"`, the x value's text, on a category axis, where `data-x` is the
///   category's index, or when ``pointCategories`` is given);
/// - `<path class="whisker" data-series="…" data-x="…" data-low="…" data-high="…">` per point with an
///   interval;
/// - `<polygon class="band" data-series="…" data-x="…" data-lower="…" data-upper="…">`: each edge
///   downsampled to half that budget;
/// - `<line class="reference" data-label="…" data-value="…">` per reference line.
/// Points with a non-finite value are not drawn (the line joins their neighbours).
struct LineChart {
    struct Series {
        var name: String
        var x: [Double]
        var y: [Double]
        var color: String
        var dash: String = ""
        var width: Double = 3
        /// 95% interval ends per point (same length as `y`; non-finite where a point has none).
        var low: [Double]? = nil
        var high: [Double]? = nil
    }

    struct Band {
        var name: String
        var x: [Double]
        var lower: [Double]
        var upper: [Double]
        var color: String
    }

    /// A horizontal line across the plot at a y value, labelled at its right end.
    struct Reference {
        var label: String
        var y: Double
    }

    var kind: String
    var title: String
    var description: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var bands: [Band] = []
    var references: [Reference] = []
    /// Stretch the y axis to 0 (stock, demand).
    var includeZero: Bool = true
    /// x is integral (days, episodes, indices): ticks at whole numbers.
    var integerX: Bool = true
    /// Labels for integral x positions (forecast periods); numbers when nil.
    var xCategories: [String]? = nil
    /// A category axis: x values are the indices 0, 1, … of these labels, each label sits under its
    /// band and the axis spans −0.5 … n − 0.5 (takes precedence over `xCategories`).
    var categoryLabels: [String]? = nil
    /// Leave 5% of the x range free at each end, so end points and their whiskers stand clear of the axes.
    var padX: Bool = false
    /// A vertical dashed line at x with a label (e.g. the forecast start).
    var divider: (x: Double, label: String)? = nil
    /// Draw the legend (when there are several series); off for small multiples that share one.
    var showLegend: Bool = true
    /// Canvas width and plot height in user units.
    var width: Double = SVGChart.defaultWidth
    var plotHeight: Double = 360
    /// Series with at most this many points get a dot per point.
    var dotLimit: Int = 40
    /// Horizontal offset between series in user units, so that whiskers at the same x sit side by side.
    var dodge: Double = 0
    /// The text of each x value (as written in the source file), put on its points and whiskers as
    /// `data-category`; when nil, a category axis puts its labels there.
    var pointCategories: [String]? = nil
    /// Attributes added to every series, point and whisker (already escaped, each with a leading space),
    /// e.g. which KPI and row a small multiple shows.
    var markAttributes: String = ""

    func render(id: String) -> String {
        var xs: [Double] = [], ys: [Double] = references.map(\.y).filter(\.isFinite)
        for s in series {
            let count = min(s.x.count, s.y.count)
            for i in 0..<count where s.x[i].isFinite && s.y[i].isFinite {
                xs.append(s.x[i]); ys.append(s.y[i])
                if let interval = Self.interval(s, i) { ys += [interval.low, interval.high] }
            }
        }
        for b in bands {
            let count = min(b.x.count, b.lower.count, b.upper.count)
            for i in 0..<count where b.x[i].isFinite {
                xs.append(b.x[i])
                if b.lower[i].isFinite { ys.append(b.lower[i]) }
                if b.upper[i].isFinite { ys.append(b.upper[i]) }
            }
        }
        var xLow = xs.min() ?? 0, xHigh = xs.max() ?? 1
        if let categories = categoryLabels {
            xLow = -0.5; xHigh = Double(max(categories.count, 1)) - 0.5
        } else if padX {
            let pad = xHigh > xLow ? (xHigh - xLow) * 0.05 : 0.5
            xLow -= pad; xHigh += pad
        }
        let xScale = NiceScale(exactMinimum: xLow, maximum: xHigh, maxTicks: xCategories == nil ? 10 : 7, integerSteps: integerX)
        let yScale = NiceScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1, includeZero: includeZero)
        let tickLabels = yScale.ticks.map(yScale.label)

        var legend: [LegendItem] = []
        if showLegend, series.count + bands.count > 1 {
            legend = bands.map { LegendItem(name: $0.name, color: $0.color, swatch: .band) }
                + series.map { LegendItem(name: $0.name, color: $0.color, swatch: .line(dash: $0.dash)) }
        }
        // A tick label at the right end of a numeric axis is centred on it: leave room for its right half.
        var rightMargin = 32.0
        if categoryLabels == nil, xCategories == nil, let last = xScale.ticks.last, last >= xScale.upper - xScale.step / 2 {
            rightMargin = max(rightMargin, SVGChart.textWidth(xScale.label(last), fontSize: SVGChart.tickFont) / 2 + 8)
        }
        func makeFrame(bottomMargin: Double, minimumLeft: Double) -> SVGChart {
            SVGChart(id: id, kind: kind, title: title, description: description, legend: legend, yTickLabels: tickLabels,
                     bottomMargin: bottomMargin, plotHeight: plotHeight, rightMargin: rightMargin, minimumLeft: minimumLeft, width: width)
        }
        var frame: SVGChart
        var rotated = false
        if let categories = categoryLabels {
            (frame, _, rotated) = SVGChart.categoryFrame(labels: categories, make: makeFrame)
        } else {
            frame = makeFrame(bottomMargin: 78, minimumLeft: 0)
        }
        let x = LinearMap(scale: xScale, range: (frame.left, frame.right))
        let y = LinearMap(scale: yScale, range: (frame.bottom, frame.top))
        frame.yAxis(yScale, y, label: yLabel)
        if let categories = categoryLabels {
            frame.categoryAxis(labels: categories, centers: categories.indices.map { x(Double($0)) }, rotated: rotated, label: xLabel)
        } else if let categories = xCategories {
            frame.xAxis(xScale, x, label: xLabel) { tick in
                let i = Int(tick)
                return Double(i) == tick && categories.indices.contains(i) ? categories[i] : nil
            }
        } else {
            frame.xAxis(xScale, x, label: xLabel)
        }

        var marks = "<g class=\"marks\">\n"
        for band in bands {
            let count = min(band.x.count, band.lower.count, band.upper.count)
            let xv = Array(band.x.prefix(count)), lo = Array(band.lower.prefix(count)), hi = Array(band.upper.prefix(count))
            var points = ""
            for i in Downsample.minMaxIndices(hi, maxPoints: Downsample.maxPoints / 2) where xv[i].isFinite && hi[i].isFinite {
                points += "\(px(x(xv[i]))),\(px(y(hi[i]))) "
            }
            for i in Downsample.minMaxIndices(lo, maxPoints: Downsample.maxPoints / 2).reversed() where xv[i].isFinite && lo[i].isFinite {
                points += "\(px(x(xv[i]))),\(px(y(lo[i]))) "
            }
            if points.hasSuffix(" ") { points.removeLast() }
            marks += "<polygon class=\"band\" points=\"\(points)\" fill=\"\(band.color)\" fill-opacity=\"0.35\" stroke=\"none\"\(xmlAttr("data-series", band.name)) data-x=\"\(NumberText.exactList(xv))\" data-lower=\"\(NumberText.exactList(lo))\" data-upper=\"\(NumberText.exactList(hi))\"/>\n"
        }
        marks += referenceMarks(frame: frame, y: y)
        if let divider, divider.x >= xScale.lower, divider.x <= xScale.upper {
            let dx = x(divider.x)
            marks += "<line class=\"divider\" x1=\"\(px(dx))\" y1=\"\(px(frame.top))\" x2=\"\(px(dx))\" y2=\"\(px(frame.bottom))\" stroke=\"#555555\" stroke-width=\"2\" stroke-dasharray=\"6 6\"/>"
            marks += "<text class=\"divider-label\" x=\"\(px(dx + 8))\" y=\"\(px(frame.top + 22))\">\(Markup.escape(divider.label))</text>\n"
        }
        for (index, s) in series.enumerated() {
            let count = min(s.x.count, s.y.count)
            let xv = Array(s.x.prefix(count)), yv = Array(s.y.prefix(count))
            let offset = dodge * (Double(index) - Double(series.count - 1) / 2)
            func sx(_ i: Int) -> Double { x(xv[i]) + offset }
            func pointAttributes(_ i: Int) -> String {
                var text = xmlAttr("data-series", s.name) + " data-x=\"\(NumberText.exact(xv[i]))\""
                if let categories = pointCategories {
                    if categories.indices.contains(i) { text += xmlAttr("data-category", categories[i]) }
                } else if let categories = categoryLabels, let c = Int(exactly: xv[i]), categories.indices.contains(c) {
                    text += xmlAttr("data-category", categories[c])
                }
                return text + markAttributes
            }
            var points = ""
            points.reserveCapacity(Downsample.maxPoints * 14)
            for i in Downsample.minMaxIndices(yv) where xv[i].isFinite && yv[i].isFinite {
                if !points.isEmpty { points += " " }
                points += px(sx(i)); points += ","; points += px(y(yv[i]))
            }
            marks += "<polyline class=\"series\" points=\"\(points)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(px(s.width))\" stroke-linejoin=\"round\""
            if !s.dash.isEmpty { marks += " stroke-dasharray=\"\(s.dash)\"" }
            marks += "\(xmlAttr("data-series", s.name)) data-x=\"\(NumberText.exactList(xv))\" data-values=\"\(NumberText.exactList(yv))\"\(markAttributes)/>\n"
            for i in 0..<count where xv[i].isFinite && yv[i].isFinite {
                guard let interval = Self.interval(s, i) else { continue }
                marks += SVGChart.whisker(x: sx(i), low: (interval.low, y(interval.low)), high: (interval.high, y(interval.high)), cap: 7,
                                          attributes: pointAttributes(i), color: s.color, strokeWidth: 2.5)
            }
            // Short series (forecasts, learning curves, sweeps) also get a dot per point, so a single
            // point is visible and each value can be hovered.
            if count <= dotLimit {
                for i in 0..<count where xv[i].isFinite && yv[i].isFinite {
                    marks += "<circle class=\"vertex\" cx=\"\(px(sx(i)))\" cy=\"\(px(y(yv[i])))\" r=\"4.5\" fill=\"\(s.color)\"\(pointAttributes(i)) data-value=\"\(NumberText.exact(yv[i]))\"/>"
                }
                marks += "\n"
            }
        }
        marks += "</g>\n"
        frame.append(marks)
        return frame.finish()
    }

    /// The interval of point `i` of a series, when both ends are finite.
    static func interval(_ s: Series, _ i: Int) -> (low: Double, high: Double)? {
        guard let low = s.low, let high = s.high, i < low.count, i < high.count, low[i].isFinite, high[i].isFinite else { return nil }
        return (low[i], high[i])
    }

    /// The reference lines, labelled at the right end of the plot; a label that would touch the one
    /// above it moves to the left end.
    func referenceMarks(frame: SVGChart, y: LinearMap) -> String {
        var marks = ""
        var lastRightY = -Double.infinity
        for reference in references.sorted(by: { $0.y > $1.y }) where reference.y.isFinite {
            let ry = y(reference.y)
            marks += "<line class=\"reference\" x1=\"\(px(frame.left))\" y1=\"\(px(ry))\" x2=\"\(px(frame.right))\" y2=\"\(px(ry))\" stroke=\"#444444\" stroke-width=\"2.5\" stroke-dasharray=\"10 6\"\(xmlAttr("data-label", reference.label)) data-value=\"\(NumberText.exact(reference.y))\"/>"
            let text = SVGChart.truncated(reference.label, maxWidth: (frame.right - frame.left) / 2 - 12, fontSize: SVGChart.tickFont)
            let onRight = ry - 8 - lastRightY >= 22
            if onRight { lastRightY = ry - 8 }
            marks += "<text class=\"reference-label\" x=\"\(px(onRight ? frame.right - 8 : frame.left + 8))\" y=\"\(px(ry - 8))\" text-anchor=\"\(onRight ? "end" : "start")\">\(Markup.escape(text))</text>\n"
        }
        return marks
    }
}
