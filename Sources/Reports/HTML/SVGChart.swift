import Foundation

/// The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), ordered so that the first colours have
/// the most contrast on white; yellow comes last. Line series also differ by dash pattern, so charts
/// stay readable in greyscale print.
enum Palette {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    static let dashes = ["", "12 6", "3 5", "14 5 3 5", "6 4", "2 3", "18 4", "8 3 2 3"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
}

/// One entry of a chart legend.
struct LegendItem {
    enum Swatch { case line(dash: String), box, band }
    var name: String
    var color: String
    var swatch: Swatch
}

/// The common frame of every chart: an inline `<svg>` (no namespace needed in HTML5, no external
/// references) with a `<title>` for assistive technology, a visible title, an optional legend, axes
/// with tick labels and axis titles, and the plot area the chart kinds draw into.
///
/// Geometry is in SVG user units on a 960-wide canvas (narrower for small multiples); the page CSS
/// scales it to the text width (or the grid cell), so the font sizes below (18–26 units) come out large
/// on a projector. Every mark a chart kind draws carries its exact value in `data-*` attributes (see the
/// chart kinds).
struct SVGChart {
    /// Canvas width of a full-width chart.
    static let defaultWidth = 960.0
    static let tickFont = 18.0
    static let labelFont = 20.0
    static let titleFont = 26.0
    static let legendFont = 18.0

    let id: String
    let kind: String
    let title: String
    /// Canvas size in user units.
    let width: Double
    let height: Double
    /// Plot area.
    let left: Double, top: Double, right: Double, bottom: Double

    private var head = ""
    private var body = ""

    /// Rough width of `text` in user units at `fontSize` (0.6 em per character: good enough to make
    /// room for labels; the CSS font stack is proportional sans-serif).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// Lays out the frame.
    /// - Parameters:
    ///   - id: element id, unique in the page (`chart-N`).
    ///   - kind: `data-chart` value (`profit`, `cost-breakdown`, `trade-off`, `trajectory`, …).
    ///   - title: visible title (also the SVG `<title>`).
    ///   - description: longer text for the SVG `<desc>`.
    ///   - legend: legend entries; none when empty.
    ///   - yTickLabels: the y tick labels, to size the left margin.
    ///   - bottomMargin: room below the plot for x tick labels and the x axis title.
    ///   - plotHeight: height of the plot area.
    ///   - rightMargin: room right of the plot.
    ///   - minimumLeft: least room left of the plot (turned category labels need it).
    ///   - width: canvas width in user units.
    init(id: String, kind: String, title: String, description: String, legend: [LegendItem], yTickLabels: [String],
         bottomMargin: Double = 78, plotHeight: Double = 360, rightMargin: Double = 32, minimumLeft: Double = 0,
         width: Double = SVGChart.defaultWidth) {
        self.id = id
        self.kind = kind
        self.title = title
        self.width = width
        let tickWidth = yTickLabels.map { Self.textWidth($0, fontSize: Self.tickFont) }.max() ?? 0
        left = max(34 + 12 + tickWidth + 12, minimumLeft)
        right = width - rightMargin

        let legendBlock = Self.legend(legend, width: width, firstRowY: 72)
        top = legendBlock.rows == 0 ? 76 : legendBlock.lastRowY + 40
        bottom = top + plotHeight
        height = (bottom + bottomMargin).rounded(.up)

        head = "<svg class=\"chart\"\(xmlAttr("id", id))\(xmlAttr("data-chart", kind)) viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        head += "<title id=\"\(id)-title\">\(Markup.escape(title))</title>\n"
        head += "<desc id=\"\(id)-desc\">\(Markup.escape(description))</desc>\n"
        head += "<text class=\"chart-title\" x=\"16\" y=\"36\">\(Markup.escape(title))</text>\n"
        if !legendBlock.svg.isEmpty { head += "<g class=\"legend\">\n" + legendBlock.svg + "</g>\n" }
    }

    /// Lays out legend items left to right, wrapping into rows 30 units apart.
    /// - Parameters:
    ///   - items: the entries.
    ///   - width: canvas width.
    ///   - firstRowY: baseline of the first row.
    /// - Returns: the `<g class="legend-item">` elements, the number of rows and the last row's baseline.
    static func legend(_ items: [LegendItem], width: Double, firstRowY: Double) -> (svg: String, rows: Int, lastRowY: Double) {
        var svg = ""
        var rowY = firstRowY
        var x = 16.0
        var rows = 0
        for (i, item) in items.enumerated() {
            let itemWidth = 36 + textWidth(item.name, fontSize: legendFont) + 28
            if i == 0 { rows = 1 } else if x + itemWidth > width - 16 { rows += 1; rowY += 30; x = 16 }
            svg += "<g class=\"legend-item\"\(xmlAttr("data-series", item.name))>"
            switch item.swatch {
            case .line(let dash):
                svg += "<line x1=\"\(px(x))\" y1=\"\(px(rowY - 6))\" x2=\"\(px(x + 28))\" y2=\"\(px(rowY - 6))\" stroke=\"\(item.color)\" stroke-width=\"4\""
                if !dash.isEmpty { svg += " stroke-dasharray=\"\(dash)\"" }
                svg += "/>"
            case .box:
                svg += "<rect x=\"\(px(x + 4))\" y=\"\(px(rowY - 16))\" width=\"20\" height=\"20\" fill=\"\(item.color)\" stroke=\"#111111\" stroke-width=\"1\"/>"
            case .band:
                svg += "<rect x=\"\(px(x))\" y=\"\(px(rowY - 14))\" width=\"28\" height=\"16\" fill=\"\(item.color)\" fill-opacity=\"0.35\"/>"
            }
            svg += "<text class=\"legend-label\" x=\"\(px(x + 36))\" y=\"\(px(rowY))\">\(Markup.escape(item.name))</text></g>\n"
            x += itemWidth
        }
        return (svg, rows, rowY)
    }

    /// A legend on its own (shared by a row of small multiples): an `<svg class="chart legend-only">`.
    /// - Parameters:
    ///   - id: element id, unique in the page.
    ///   - items: the entries.
    ///   - width: canvas width in user units.
    /// - Returns: the SVG element.
    static func legendOnly(id: String, items: [LegendItem], width: Double = SVGChart.defaultWidth) -> String {
        let block = legend(items, width: width, firstRowY: 30)
        let height = (block.lastRowY + 14).rounded(.up)
        return "<svg class=\"chart legend-only\"\(xmlAttr("id", id)) viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" aria-labelledby=\"\(id)-title\">\n"
            + "<title id=\"\(id)-title\">Legend: \(Markup.escape(items.map(\.name).joined(separator: ", ")))</title>\n"
            + "<g class=\"legend\">\n" + block.svg + "</g>\n</svg>"
    }

    /// A vertical confidence-interval whisker with caps: `<path class="whisker" data-low data-high>`
    /// plus the caller's data attributes.
    /// - Parameters:
    ///   - x: horizontal position.
    ///   - low: lower end (data units) and its y coordinate.
    ///   - high: upper end and its y coordinate.
    ///   - cap: half-width of the caps.
    ///   - attributes: extra attributes (already escaped, each with a leading space).
    ///   - color: stroke colour.
    ///   - strokeWidth: line width.
    /// - Returns: the `<path>` element and a line break.
    static func whisker(x: Double, low: (value: Double, y: Double), high: (value: Double, y: Double), cap: Double,
                        attributes: String, color: String = "#111111", strokeWidth: Double = 3) -> String {
        "<path class=\"whisker\" d=\"M\(px(x)) \(px(low.y))V\(px(high.y))M\(px(x - cap)) \(px(low.y))H\(px(x + cap))M\(px(x - cap)) \(px(high.y))H\(px(x + cap))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(px(strokeWidth))\"\(attributes) data-low=\"\(NumberText.exact(low.value))\" data-high=\"\(NumberText.exact(high.value))\"/>\n"
    }

    /// Appends raw SVG (already escaped) to the plot body.
    mutating func append(_ svg: String) { body += svg }

    /// Draws the y axis: grid lines, tick labels, the axis line and the rotated axis title. The group
    /// carries `data-lower`/`data-upper` (the axis range) so tests can tell where the axis starts.
    mutating func yAxis(_ scale: NiceScale, _ map: LinearMap, label: String) {
        var s = "<g class=\"axis y-axis\" data-lower=\"\(NumberText.exact(scale.lower))\" data-upper=\"\(NumberText.exact(scale.upper))\">\n"
        for tick in scale.ticks {
            let y = map(tick)
            s += "<line class=\"grid\" x1=\"\(px(left))\" y1=\"\(px(y))\" x2=\"\(px(right))\" y2=\"\(px(y))\" stroke=\"#BBBBBB\" stroke-width=\"1\"/>"
            s += "<text class=\"tick\" x=\"\(px(left - 10))\" y=\"\(px(y + 6))\" text-anchor=\"end\">\(scale.label(tick))</text>\n"
        }
        if scale.lower < 0, scale.upper > 0 {
            let y = map(0)
            s += "<line class=\"zero\" x1=\"\(px(left))\" y1=\"\(px(y))\" x2=\"\(px(right))\" y2=\"\(px(y))\" stroke=\"#111111\" stroke-width=\"2\"/>\n"
        }
        s += "<line class=\"axis-line\" x1=\"\(px(left))\" y1=\"\(px(top))\" x2=\"\(px(left))\" y2=\"\(px(bottom))\" stroke=\"#111111\" stroke-width=\"2\"/>\n"
        let middle = (top + bottom) / 2
        s += "<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"\(px(-middle))\" y=\"26\" text-anchor=\"middle\">\(Markup.escape(label))</text>\n"
        s += "</g>\n"
        body += s
    }

    /// Draws a numeric x axis with tick marks, labels and the axis title. `tickText` may replace a
    /// tick's label (category axes) or drop it (return nil).
    mutating func xAxis(_ scale: NiceScale, _ map: LinearMap, label: String, tickText: ((Double) -> String?)? = nil) {
        var s = "<g class=\"axis x-axis\" data-lower=\"\(NumberText.exact(scale.lower))\" data-upper=\"\(NumberText.exact(scale.upper))\">\n"
        for tick in scale.ticks {
            let text: String?
            if let tickText { text = tickText(tick) } else { text = scale.label(tick) }
            guard let text else { continue }
            let x = map(tick)
            s += "<line class=\"tick-mark\" x1=\"\(px(x))\" y1=\"\(px(bottom))\" x2=\"\(px(x))\" y2=\"\(px(bottom + 8))\" stroke=\"#111111\" stroke-width=\"2\"/>"
            s += "<text class=\"tick\" x=\"\(px(x))\" y=\"\(px(bottom + 30))\" text-anchor=\"middle\">\(Markup.escape(text))</text>\n"
        }
        s += baseline()
        s += xTitle(label)
        s += "</g>\n"
        body += s
    }

    /// Room needed below the plot for category labels; labels are turned 40° when they do not fit
    /// side by side.
    static func categoryBottomMargin(labels: [String], bandWidth: Double,
                                     canvasWidth: Double = SVGChart.defaultWidth) -> (margin: Double, rotated: Bool, minimumLeft: Double) {
        let widest = labels.map { textWidth($0, fontSize: tickFont) }.max() ?? 0
        if widest <= bandWidth - 8 { return (78, false, 0) }
        let angle = 40 * Double.pi / 180
        // The first label runs down-left from the first band centre, which must therefore lie at
        // least `reach` from the canvas edge: left + (right − left) / 2n ≥ reach, solved for left
        // (right = the default plot right edge).
        let first = min(labels.first.map { textWidth($0, fontSize: tickFont) } ?? 0, 260)
        let reach = first * cos(angle) + 10
        let half = 1 / (2 * Double(max(labels.count, 1)))
        let minimumLeft = (reach - (canvasWidth - 32) * half) / (1 - half)
        return (min(widest, 260) * sin(angle) + 84, true, minimumLeft.rounded(.up))
    }

    /// A frame whose x axis has one band per label, with room below the plot (and left of it) for the
    /// labels, turned 40° when they do not fit side by side.
    /// - Parameters:
    ///   - labels: the category labels.
    ///   - make: builds the frame for a bottom margin and a minimum left margin.
    /// - Returns: the frame, the band width and whether the labels are turned.
    static func categoryFrame(labels: [String], make: (_ bottomMargin: Double, _ minimumLeft: Double) -> SVGChart)
        -> (frame: SVGChart, band: Double, rotated: Bool) {
        var frame = make(78, 0)
        var band = (frame.right - frame.left) / Double(max(labels.count, 1))
        let (bottomMargin, rotated, minimumLeft) = categoryBottomMargin(labels: labels, bandWidth: band, canvasWidth: frame.width)
        if rotated {
            frame = make(bottomMargin, minimumLeft)
            band = (frame.right - frame.left) / Double(max(labels.count, 1))
        }
        return (frame, band, rotated)
    }

    /// Draws a category x axis: one label under each band centre.
    mutating func categoryAxis(labels: [String], centers: [Double], rotated: Bool, label: String) {
        var s = "<g class=\"axis x-axis category\">\n"
        for (text, x) in zip(labels, centers) {
            // Turned labels run down-left from the band centre: cut them before the canvas edge.
            let room = rotated ? min(260, (x - 8) / cos(40 * Double.pi / 180)) : 260
            let shown = Self.truncated(text, maxWidth: room, fontSize: Self.tickFont)
            if rotated {
                let y = bottom + 22
                s += "<text class=\"tick\" x=\"\(px(x))\" y=\"\(px(y))\" text-anchor=\"end\" transform=\"rotate(-40 \(px(x)) \(px(y)))\">\(Markup.escape(shown))</text>\n"
            } else {
                s += "<text class=\"tick\" x=\"\(px(x))\" y=\"\(px(bottom + 30))\" text-anchor=\"middle\">\(Markup.escape(shown))</text>\n"
            }
        }
        s += baseline()
        s += xTitle(label)
        s += "</g>\n"
        body += s
    }

    /// The finished `<svg>` element.
    func finish() -> String {
        head + body + "</svg>"
    }

    /// `text`, cut with an ellipsis so it fits `maxWidth` at `fontSize` (estimated).
    static func truncated(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        let maxChars = Int(maxWidth / (fontSize * 0.6))
        guard text.count > maxChars, maxChars > 1 else { return text }
        return String(text.prefix(maxChars - 1)) + "…"
    }

    private func baseline() -> String {
        "<line class=\"axis-line\" x1=\"\(px(left))\" y1=\"\(px(bottom))\" x2=\"\(px(right))\" y2=\"\(px(bottom))\" stroke=\"#111111\" stroke-width=\"2\"/>\n"
    }

    private func xTitle(_ label: String) -> String {
        "<text class=\"axis-label\" x=\"\(px((left + right) / 2))\" y=\"\(px(height - 14))\" text-anchor=\"middle\">\(Markup.escape(label))</text>\n"
    }
}

/// An SVG coordinate (2 decimals at most).
@inline(__always) func px(_ value: Double) -> String { NumberText.coordinate(value) }

/// ` name="value"` with the value escaped.
@inline(__always) func xmlAttr(_ name: String, _ value: String) -> String { " \(name)=\"\(Markup.escape(value))\"" }

/// An axis title with its unit in parentheses (`Profit (currency)`), or the bare label.
func withUnit(_ label: String, _ unit: String) -> String {
    unit.trimmingCharacters(in: .whitespaces).isEmpty ? label : "\(label) (\(unit))"
}
