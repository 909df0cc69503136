/// Line chart of one or more series against a numeric x (days, episodes, period index), with optional
/// shaded bands (prediction intervals) and an optional vertical divider (where a forecast starts).
///
/// Marks and their data attributes:
/// - `<polyline class="series" data-series="…" data-x="…" data-values="…">`: `data-x` and
///   `data-values` hold the full series, comma-separated, before any downsampling; the drawn
///   `points` are downsampled to at most ``Downsample/maxPoints`` (see ``Downsample``);
/// - `<polygon class="band" data-series="…" data-x="…" data-lower="…" data-upper="…">`: each edge
///   downsampled to half that budget.
/// Points with a non-finite value are not drawn (the line joins their neighbours).
struct LineChart {
    struct Series {
        var name: String
        var x: [Double]
        var y: [Double]
        var color: String
        var dash: String = ""
        var width: Double = 3
    }

    struct Band {
        var name: String
        var x: [Double]
        var lower: [Double]
        var upper: [Double]
        var color: String
    }

    var kind: String
    var title: String
    var description: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var bands: [Band] = []
    /// Stretch the y axis to 0 (stock, demand).
    var includeZero: Bool = true
    /// x is integral (days, episodes, indices): ticks at whole numbers.
    var integerX: Bool = true
    /// Labels for integral x positions (forecast periods); numbers when nil.
    var xCategories: [String]? = nil
    /// A vertical dashed line at x with a label (e.g. the forecast start).
    var divider: (x: Double, label: String)? = nil

    /// Series with at most this many points get a dot per point.
    static let dotLimit = 40

    func render(id: String) -> String {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            let count = min(s.x.count, s.y.count)
            for i in 0..<count where s.x[i].isFinite && s.y[i].isFinite { xs.append(s.x[i]); ys.append(s.y[i]) }
        }
        for b in bands {
            let count = min(b.x.count, b.lower.count, b.upper.count)
            for i in 0..<count where b.x[i].isFinite {
                xs.append(b.x[i])
                if b.lower[i].isFinite { ys.append(b.lower[i]) }
                if b.upper[i].isFinite { ys.append(b.upper[i]) }
            }
        }
        let xScale = NiceScale(exactMinimum: xs.min() ?? 0, maximum: xs.max() ?? 1, maxTicks: xCategories == nil ? 10 : 7, integerSteps: integerX)
        let yScale = NiceScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1, includeZero: includeZero)
        let tickLabels = yScale.ticks.map(yScale.label)

        var legend: [LegendItem] = []
        if series.count + bands.count > 1 {
            legend = bands.map { LegendItem(name: $0.name, color: $0.color, swatch: .band) }
                + series.map { LegendItem(name: $0.name, color: $0.color, swatch: .line(dash: $0.dash)) }
        }
        var frame = SVGChart(id: id, kind: kind, title: title, description: description, legend: legend, yTickLabels: tickLabels)
        let x = LinearMap(scale: xScale, range: (frame.left, frame.right))
        let y = LinearMap(scale: yScale, range: (frame.bottom, frame.top))
        frame.yAxis(yScale, y, label: yLabel)
        if let categories = xCategories {
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
        if let divider, divider.x >= xScale.lower, divider.x <= xScale.upper {
            let dx = x(divider.x)
            marks += "<line class=\"divider\" x1=\"\(px(dx))\" y1=\"\(px(frame.top))\" x2=\"\(px(dx))\" y2=\"\(px(frame.bottom))\" stroke=\"#555555\" stroke-width=\"2\" stroke-dasharray=\"6 6\"/>"
            marks += "<text class=\"divider-label\" x=\"\(px(dx + 8))\" y=\"\(px(frame.top + 22))\">\(Markup.escape(divider.label))</text>\n"
        }
        for s in series {
            let count = min(s.x.count, s.y.count)
            let xv = Array(s.x.prefix(count)), yv = Array(s.y.prefix(count))
            var points = ""
            points.reserveCapacity(Downsample.maxPoints * 14)
            for i in Downsample.minMaxIndices(yv) where xv[i].isFinite && yv[i].isFinite {
                if !points.isEmpty { points += " " }
                points += px(x(xv[i])); points += ","; points += px(y(yv[i]))
            }
            marks += "<polyline class=\"series\" points=\"\(points)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(px(s.width))\" stroke-linejoin=\"round\""
            if !s.dash.isEmpty { marks += " stroke-dasharray=\"\(s.dash)\"" }
            marks += "\(xmlAttr("data-series", s.name)) data-x=\"\(NumberText.exactList(xv))\" data-values=\"\(NumberText.exactList(yv))\"/>\n"
            // Short series (forecasts, learning curves) also get a dot per point, so a single point
            // is visible and each value can be hovered.
            if count <= Self.dotLimit {
                for i in 0..<count where xv[i].isFinite && yv[i].isFinite {
                    marks += "<circle class=\"vertex\" cx=\"\(px(x(xv[i])))\" cy=\"\(px(y(yv[i])))\" r=\"4.5\" fill=\"\(s.color)\"\(xmlAttr("data-series", s.name)) data-x=\"\(NumberText.exact(xv[i]))\" data-value=\"\(NumberText.exact(yv[i]))\"/>"
                }
                marks += "\n"
            }
        }
        marks += "</g>\n"
        frame.append(marks)
        return frame.finish()
    }
}
