import Mustache

/// Pages other than the report — the workshop's game pages — drawn with the report's style sheet, its
/// `head` partial and its charts, so they look like the reports and need nothing outside themselves.
///
/// ```swift
/// let pages = try HTMLPages(templates: [("hello", "{{> head}}<body><h1>{{title}}</h1></body></html>\n")])
/// let html = try pages.render(["title": "Hi", "css": HTMLPages.css], template: "hello")
/// ```
/// The view is what Mustache reads: dictionaries `[String: Any]`, arrays and plain values. Mustache
/// escapes `{{name}}` (`&<>"'`); `{{{name}}}` is for markup the caller built (an SVG chart).
public struct HTMLPages: @unchecked Sendable {
    // MustacheLibrary is a value holding parsed templates, never mutated after init.
    private let library: MustacheLibrary

    /// Registers the report's templates (so the pages can use `{{> head}}`) and then `templates`.
    /// - Parameter templates: (name, Mustache text) pairs; a name of the report's replaces it.
    /// - Throws: ``ReportError`` when a template does not parse.
    public init(templates: [(name: String, text: String)]) throws {
        var library = MustacheLibrary()
        for (name, text) in EmbeddedTemplates.mustache + templates {
            do {
                try library.register(text, named: name)
            } catch {
                throw ReportError("HTML page: cannot parse template \(name): \(error)")
            }
        }
        self.library = library
    }

    /// Renders one template.
    /// - Parameters:
    ///   - view: the data the template reads.
    ///   - template: its name.
    /// - Returns: the HTML text.
    /// - Throws: ``ReportError`` for an unknown template.
    public func render(_ view: Any, template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw ReportError("HTML page: no template named '\(template)'")
        }
        return html
    }

    /// The report's style sheet (for the `head` partial's `{{{css}}}`).
    public static var css: String { EmbeddedTemplates.css.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Text made safe for an HTML text node or quoted attribute (`&<>"'` escaped, characters XML
    /// forbids replaced), for markup built outside a template.
    public static func escape(_ text: String) -> String { Markup.escape(text) }

    /// A number as display text with `decimals` places and a typographic minus sign; `n/a` when not finite.
    public static func number(_ value: Double, decimals: Int) -> String { NumberText.display(value, decimals: decimals) }
}

/// One line of a ``ChartSVG/lines(id:kind:title:description:xLabel:yLabel:lines:bands:includeZero:divider:width:plotHeight:)`` chart.
public struct ChartLine: Sendable, Equatable {
    /// Legend name.
    public var name: String
    /// x values (rounds, days).
    public var x: [Double]
    /// y values; non-finite ones are skipped.
    public var y: [Double]
    /// Draw it wider and in the first palette colour (the line the reader should look at).
    public var emphasised: Bool

    /// Creates a line.
    public init(name: String, x: [Double], y: [Double], emphasised: Bool = false) {
        self.name = name
        self.x = x
        self.y = y
        self.emphasised = emphasised
    }
}

/// A shaded band (an 80% forecast interval) of a line chart.
public struct ChartBand: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]

    /// Creates a band.
    public init(name: String, x: [Double], lower: [Double], upper: [Double]) {
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
    }
}

/// The report's line chart for pages outside the report: the same frame, fonts, Okabe–Ito colours and
/// dash patterns, and the same `data-*` attributes on every mark (see the report's `LineChart`).
public enum ChartSVG {
    /// An inline `<svg>` line chart.
    /// - Parameters:
    ///   - id: element id, unique in the page.
    ///   - kind: its `data-chart` value.
    ///   - title: visible title.
    ///   - description: what it shows, for assistive technology.
    ///   - xLabel: x axis title.
    ///   - yLabel: y axis title, with its unit.
    ///   - lines: the lines, coloured in order (an emphasised line takes the first colour and a wider stroke).
    ///   - bands: shaded bands, drawn under the lines.
    ///   - includeZero: stretch the y axis to 0.
    ///   - divider: a labelled vertical dashed line (e.g. "now").
    ///   - width: canvas width in user units (960 is the report's full width).
    ///   - plotHeight: plot height in user units.
    /// - Returns: the SVG markup.
    public static func lines(id: String, kind: String, title: String, description: String, xLabel: String, yLabel: String,
                             lines: [ChartLine], bands: [ChartBand] = [], includeZero: Bool = true,
                             divider: (x: Double, label: String)? = nil, width: Double = 960,
                             plotHeight: Double = 360) -> String {
        var colorIndex = lines.contains(where: \.emphasised) ? 1 : 0
        let series = lines.map { line -> LineChart.Series in
            if line.emphasised {
                return LineChart.Series(name: line.name, x: line.x, y: line.y, color: Palette.color(0), dash: "", width: 5)
            }
            defer { colorIndex += 1 }
            return LineChart.Series(name: line.name, x: line.x, y: line.y, color: Palette.color(colorIndex), dash: Palette.dash(colorIndex))
        }
        let shaded = bands.map { LineChart.Band(name: $0.name, x: $0.x, lower: $0.lower, upper: $0.upper, color: Palette.colors[5]) }
        let chart = LineChart(kind: kind, title: title, description: description, xLabel: xLabel, yLabel: yLabel, series: series,
                              bands: shaded, includeZero: includeZero, divider: divider, width: width, plotHeight: plotHeight)
        return chart.render(id: id)
    }
}
