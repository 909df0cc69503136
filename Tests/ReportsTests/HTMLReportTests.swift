import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports
import Testing

// MARK: - A tiny DOM built with XMLParser (the page must be well-formed XML)

final class Node {
    let name: String
    let attributes: [String: String]
    var children: [Node] = []
    var text = ""   // direct character data

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// This node and every descendant, in document order.
    var descendants: [Node] { [self] + children.flatMap(\.descendants) }

    /// All character data below this node, in document order.
    var allText: String { text + children.map(\.allText).joined() }

    func all(_ name: String, where predicate: (Node) -> Bool = { _ in true }) -> [Node] {
        descendants.filter { $0.name == name && predicate($0) }
    }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
}

final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [Node] = []
    var root: Node?
    var error: Error?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        let node = Node(name: elementName, attributes: attributeDict)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

struct XMLParseFailure: Error, CustomStringConvertible {
    var description: String
}

func parseXML(_ text: String) throws -> Node {
    let parser = XMLParser(data: Data(text.utf8))
    let builder = TreeBuilder()
    parser.delegate = builder
    let ok = parser.parse()
    guard ok, builder.error == nil, let root = builder.root else {
        throw XMLParseFailure(description: "not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber): "
                              + "\(String(describing: builder.error ?? parser.parserError))")
    }
    return root
}

func numbers(_ list: String?) -> [Double] {
    (list ?? "").split(separator: ",").map { Double(String($0)) ?? .nan }
}

// MARK: - Sample documents

enum Sample {
    static let weird = "A&B <x>"

    static let columns = [
        ReportDocument.Column(id: "profit", label: "Profit", unit: "currency per day", higherIsBetter: true, decimals: 2),
        ReportDocument.Column(id: "cost", label: "Cost", unit: "currency per day", higherIsBetter: false, decimals: 2),
        ReportDocument.Column(id: "fill_rate", label: "Fill rate", unit: "share", higherIsBetter: true, decimals: 3),
    ]

    static let policies = [
        ReportDocument.PolicyRow(policy: "Base stock", values: [.init(mean: 120.5, halfWidth: 3.25), .init(mean: 40.25, halfWidth: 1.0),
                                                                .init(mean: 0.95, halfWidth: 0.01)]),
        ReportDocument.PolicyRow(policy: "(s,S)", values: [.init(mean: 150.25, halfWidth: 4.0), .init(mean: 38.1, halfWidth: 1.2),
                                                           .init(mean: 0.97, halfWidth: 0.012)]),
        // Lowest cost (lower is better) and tied best fill rate.
        ReportDocument.PolicyRow(policy: weird, values: [.init(mean: 90.0, halfWidth: 5.5), .init(mean: 35.0, halfWidth: 2.0),
                                                         .init(mean: 0.97, halfWidth: 0.02)]),
        // A single replication: no half-width.
        ReportDocument.PolicyRow(policy: "Newsvendor", values: [.init(mean: 60.125, halfWidth: .nan), .init(mean: 50.0, halfWidth: .nan),
                                                                .init(mean: 0.9, halfWidth: .nan)]),
    ]

    static func trajectory(policy: String, days: Int, seed: Int) -> ReportDocument.Trajectory {
        let d = Array(1...days)
        return ReportDocument.Trajectory(
            policy: policy, sku: "SKU-\(seed)", days: d,
            onHandUnits: d.map { Double(($0 * 37 + seed * 11) % 101) },
            onOrderUnits: d.map { Double(($0 * 13 + seed) % 41) + 0.5 },
            backorderedUnits: d.map { $0 % 17 == 0 ? Double($0 % 7) : 0 })
    }

    static var rich: ReportDocument {
        ReportDocument(
            title: "Two-echelon test scenario",
            summary: "One warehouse, one SKU, 30 replications of 365 days.\n\nNormal demand, lead time 3 days.",
            parameters: [.init(name: "lead time", value: "3 days"), .init(name: "holding cost", value: "0.1 per unit-day")],
            columns: columns, policies: policies, baseline: "Base stock",
            comparisons: [
                .init(policy: "(s,S)", column: "profit", difference: .init(mean: 29.75, halfWidth: 2.5), significant: true),
                .init(policy: "(s,S)", column: "cost", difference: .init(mean: -2.15, halfWidth: 3.0), significant: false),
                .init(policy: weird, column: "profit", difference: .init(mean: -30.5, halfWidth: 4.0), significant: true),
                .init(policy: weird, column: "cost", difference: .init(mean: -5.25, halfWidth: 1.5), significant: true),
            ],
            costBreakdown: [
                .init(policy: "Base stock", components: [.init(name: "holding", value: 20.5), .init(name: "ordering", value: 12.25),
                                                         .init(name: "shortage", value: 7.5)]),
                .init(policy: weird, components: [.init(name: "holding", value: 15), .init(name: "ordering", value: 18.75)]),
            ],
            tradeOff: [.init(policy: "Base stock", serviceLevel: 0.95, averageStockUnits: 61.5),
                       .init(policy: "(s,S)", serviceLevel: 0.97, averageStockUnits: 72.25),
                       .init(policy: weird, serviceLevel: 0.9712, averageStockUnits: 80)],
            trajectories: [trajectory(policy: "Base stock", days: 1000, seed: 1), trajectory(policy: weird, days: 30, seed: 2)],
            forecasts: [.init(sku: "SKU-1", historyLabels: (1...24).map { "2024-\($0)" }, history: (1...24).map { 20 + Double($0 % 5) },
                              forecastLabels: ["f1", "f2", "f3"], mean: [22, 23, 24], lower: [15.5, 15, 14.25], upper: [28.5, 31, 33.75])],
            learningCurve: (1...50).map { .init(environmentSteps: $0 * 100, meanReward: -100 + 2 * Double($0) + 0.25) },
            sourceFiles: ["policies.csv", "comparison.csv", "trajectories.csv"])
    }
}

// MARK: - Tests

@Suite("HTML report")
struct HTMLReportTests {
    let html: String
    let page: Node

    init() throws {
        html = try HTMLReport.render(Sample.rich)
        page = try parseXML(html)
    }

    func chart(_ kind: String) -> [Node] {
        page.all("svg") { $0["data-chart"] == kind }
    }

    @Test("the rich page is well-formed XML, self-contained and has every section")
    func wellFormedAndSelfContained() throws {
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(page.name == "html")
        #expect(!html.contains("http"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        // The style sheet is inline, with a print style.
        let style = try #require(page.all("style").first)
        #expect(style.allText.contains("@media print"))
        let ids = Set(page.all("section").compactMap { $0["id"] })
        #expect(ids.isSuperset(of: ["overview", "policies", "comparison", "charts", "chart-profit", "chart-costs", "chart-trade-off",
                                    "chart-trajectories", "chart-forecasts", "chart-learning"]))
        // Seven charts, each with a title, a visible title text, axis labels.
        let svgs = page.all("svg")
        #expect(svgs.count == 7)
        for svg in svgs {
            #expect(svg["xmlns"] == nil)
            #expect(svg.all("title").first?.allText.isEmpty == false)
            #expect(svg.all("text") { $0.classes.contains("chart-title") }.count == 1)
            #expect(svg.all("text") { $0.classes.contains("axis-label") }.count == 2)
            #expect(!svg.all("text") { $0.classes.contains("tick") }.isEmpty)
        }
        // Legends where there are several series.
        #expect(chart(Charts.Kind.trajectory).allSatisfy { $0.all("g") { $0.classes.contains("legend-item") }.count == 3 })
        #expect(chart(Charts.Kind.costBreakdown).first?.all("g") { $0.classes.contains("legend-item") }.count == 3)
        #expect(chart(Charts.Kind.profit).first?.all("g") { $0.classes.contains("legend") }.isEmpty == true)
        // Units on the axes.
        let profitAxis = try #require(chart(Charts.Kind.profit).first?.all("text") { $0.classes.contains("axis-label") }.first)
        #expect(profitAxis.allText == "Profit (currency per day)")
        // The CSV files are listed and linked relatively.
        let links = page.all("ul") { $0.classes.contains("sources") }.first?.all("a").compactMap { $0["href"] }
        #expect(links == ["./policies.csv", "./comparison.csv", "./trajectories.csv"])
        // Parameter table and summary paragraphs.
        #expect(page.all("table") { $0.classes.contains("parameters") }.first?.all("tr").count == 2)
        #expect(page.all("p") { $0.classes.contains("summary") }.count == 2)
    }

    @Test("the best mean of each column is marked, by direction, ties all marked")
    func bestMarkers() throws {
        let table = try #require(page.all("table") { $0.classes.contains("policies") }.first)
        let cells = table.all("td")
        #expect(cells.count == Sample.policies.count * Sample.columns.count)
        let best = Set(cells.filter { $0.classes.contains("best") }.map { "\($0["data-policy"]!)|\($0["data-column"]!)" })
        #expect(best == ["(s,S)|profit", "\(Sample.weird)|cost", "(s,S)|fill_rate", "\(Sample.weird)|fill_rate"])
        for cell in cells {
            let marked = cell.classes.contains("best")
            #expect(cell.allText.contains("★") == marked)
            #expect(!cell.all("strong").isEmpty == marked)
        }
        // The cell shows the mean and "± half-width" at the column's decimals; no ± without a half-width.
        func shown(_ cell: Node) -> String {
            let mean = cell.descendants.first { $0.classes.contains("mean") }?.allText ?? "?"
            let pm = cell.descendants.first { $0.classes.contains("pm") }?.allText
            return pm.map { mean + " " + $0 } ?? mean
        }
        let sS = cells.filter { $0["data-policy"] == "(s,S)" }.map(shown)
        #expect(sS == ["150.25 ★ ± 4.00", "38.10 ± 1.20", "0.970 ★ ± 0.012"])
        let news = cells.filter { $0["data-policy"] == "Newsvendor" }.map(shown)
        #expect(news == ["60.12", "50.00", "0.900"])   // 60.125 is an exact binary tie: printf (and the CSVs) round to even
        #expect(cells.map { Double($0["data-value"]!) } == Sample.policies.flatMap { $0.values.map(\.mean) })
        // Headers carry label, unit and direction.
        let headers = table.all("th") { $0["data-column"] != nil }.map(\.allText)
        #expect(headers[1].contains("Cost") && headers[1].contains("(currency per day)") && headers[1].contains("lower is better"))
    }

    @Test("comparison table: differences with ± and a significance label")
    func comparisonTable() throws {
        let table = try #require(page.all("table") { $0.classes.contains("comparison") }.first)
        let cells = table.all("td")
        #expect(cells.count == 4)   // 2 policies × 2 compared columns
        let first = cells[0]
        #expect(first["data-policy"] == "(s,S)" && first["data-column"] == "profit")
        #expect(first.allText.contains("+29.75 ± 2.50") && first.allText.contains("significant"))
        #expect(cells[1].allText.contains("−2.15 ± 3.00") && cells[1].allText.contains("not distinguishable"))
        #expect(cells[3].allText.contains("(better)"))     // cost went down, lower is better
        #expect(cells[2].allText.contains("(worse)"))      // profit went down
        let heading = try #require(page.all("section") { $0["id"] == "comparison" }.first?.all("h2").first)
        #expect(heading.allText.contains("Base stock"))
    }

    @Test("bar chart: values, whiskers and heights proportional to values")
    func barChart() throws {
        let svg = try #require(chart(Charts.Kind.profit).first)
        let bars = svg.all("rect") { $0.classes.contains("bar") }
        #expect(bars.map { $0["data-category"] } == Sample.policies.map(\.policy))
        #expect(bars.map { Double($0["data-value"]!) } == Sample.policies.map { $0.values[0].mean })
        let whiskers = svg.all("path") { $0.classes.contains("whisker") }
        #expect(whiskers.count == 3)   // Newsvendor has no half-width
        for whisker in whiskers {
            let row = try #require(Sample.policies.first { $0.policy == whisker["data-category"] })
            #expect(Double(whisker["data-low"]!) == row.values[0].mean - row.values[0].halfWidth)
            #expect(Double(whisker["data-high"]!) == row.values[0].mean + row.values[0].halfWidth)
        }
        // All values positive: the axis starts at 0, so heights are proportional to values and all
        // bars stand on the same baseline.
        let axis = try #require(svg.all("g") { $0.classes.contains("y-axis") }.first)
        #expect(axis["data-lower"] == "0")
        let heights = bars.map { Double($0["height"]!)! }
        let baselines = bars.map { Double($0["y"]!)! + Double($0["height"]!)! }
        for i in 1..<bars.count {
            let ratio = heights[i] / heights[0]
            let expected = Sample.policies[i].values[0].mean / Sample.policies[0].values[0].mean
            #expect(abs(ratio - expected) < 1e-3, "bar \(i): height ratio \(ratio), value ratio \(expected)")
            #expect(abs(baselines[i] - baselines[0]) < 0.011)
        }
        // Tick labels are nice numbers.
        let ticks = axis.all("text").filter { $0.classes.contains("tick") }.map { Double($0.allText) }
        #expect(ticks.first == 0)
        #expect(ticks.count >= 4 && ticks.allSatisfy { $0 != nil })
        let step = ticks[1]! - ticks[0]!
        #expect([1.0, 2, 2.5, 5, 10, 20, 25, 50, 100].contains(step))
        #expect(ticks.enumerated().allSatisfy { $1 == Double($0) * step })
        #expect(ticks.last!! >= 154.25)
    }

    @Test("stacked bars, scatter, lines and band carry the document's numbers")
    func otherCharts() throws {
        let doc = Sample.rich
        // Stacked cost breakdown.
        let stacked = try #require(chart(Charts.Kind.costBreakdown).first)
        let segments = stacked.all("rect") { $0.classes.contains("segment") }
        let expected = doc.costBreakdown.flatMap { b in b.components.map { "\(b.policy)|\($0.name)|\($0.value)" } }
        #expect(segments.map { "\($0["data-category"]!)|\($0["data-series"]!)|\(Double($0["data-value"]!)!)" } == expected)
        let totals = stacked.all("text") { $0.classes.contains("total") }.map { Double($0["data-value"]!)! }
        #expect(totals == doc.costBreakdown.map { $0.components.reduce(0) { $0 + $1.value } })

        // Scatter.
        let scatter = try #require(chart(Charts.Kind.tradeOff).first)
        let points = scatter.all("circle") { $0.classes.contains("point") }
        #expect(points.map { $0["data-category"] } == doc.tradeOff.map(\.policy))
        #expect(points.map { Double($0["data-x"]!) } == doc.tradeOff.map(\.averageStockUnits))
        #expect(points.map { Double($0["data-y"]!) } == doc.tradeOff.map(\.serviceLevel))
        #expect(scatter.all("text") { $0.classes.contains("point-label") }.map(\.allText) == doc.tradeOff.map(\.policy))

        // Trajectories: full values in data-values, path downsampled to ≤ 600 points.
        let trajectories = chart(Charts.Kind.trajectory)
        #expect(trajectories.count == 2)
        for (svg, t) in zip(trajectories, doc.trajectories) {
            let lines = svg.all("polyline") { $0.classes.contains("series") }
            #expect(lines.map { $0["data-series"] } == ["on hand", "on order", "backordered"])
            #expect(numbers(lines[0]["data-values"]) == t.onHandUnits)
            #expect(numbers(lines[1]["data-values"]) == t.onOrderUnits)
            #expect(numbers(lines[2]["data-values"]) == t.backorderedUnits)
            #expect(numbers(lines[0]["data-x"]) == t.days.map(Double.init))
            for line in lines {
                let drawn = line["points"]!.split(separator: " ").count
                #expect(drawn <= 600)
                if t.days.count <= 600 { #expect(drawn == t.days.count) }
            }
        }
        let long = trajectories[0].all("polyline")[0]["points"]!.split(separator: " ").count
        #expect(long > 300 && long <= 600)
        #expect(trajectories[1].all("polyline")[0]["points"]!.split(separator: " ").count == 30)

        // Forecast: history, mean and band.
        let forecast = try #require(chart(Charts.Kind.forecast).first)
        let f = doc.forecasts[0]
        let lines = forecast.all("polyline")
        #expect(numbers(lines.first { $0["data-series"] == "history" }?["data-values"]) == f.history)
        #expect(numbers(lines.first { $0["data-series"] == "forecast mean" }?["data-values"]) == f.mean)
        let band = try #require(forecast.all("polygon") { $0.classes.contains("band") }.first)
        #expect(numbers(band["data-lower"]) == f.lower)
        #expect(numbers(band["data-upper"]) == f.upper)

        // Learning curve.
        let learning = try #require(chart(Charts.Kind.learningCurve).first)
        let curve = try #require(learning.all("polyline").first)
        #expect(numbers(curve["data-values"]) == doc.learningCurve.map(\.meanReward))
        #expect(numbers(curve["data-x"]) == doc.learningCurve.map { Double($0.environmentSteps) })
    }

    @Test("text from the document is escaped and the page still parses")
    func escaping() throws {
        #expect(html.contains("A&amp;B &lt;x&gt;"))
        #expect(!html.contains(Sample.weird))
        let rowHeaders = page.all("table") { $0.classes.contains("policies") }.first?.all("th") { $0["scope"] == "row" }.map(\.allText)
        #expect(rowHeaders?.contains(Sample.weird) == true)
        #expect(page.all("rect") { $0["data-category"] == Sample.weird }.count == 3)   // its bar and two cost segments

        var doc = Sample.rich
        doc.title = "Q1 <script>alert('x')</script> & \"more\""
        doc.summary = "Bell\u{7} and form feed\u{C} are not XML."
        doc.parameters.append(.init(name: "<b>", value: "a < b & c > d"))
        doc.columns[0].label = "Profit <€>"
        doc.sourceFiles.append("weird name & <x>.csv")
        let text = try HTMLReport.render(doc)
        let parsed = try parseXML(text)
        #expect(!text.contains("<script"))
        #expect(!text.contains("<b>"))
        #expect(parsed.all("h1").first?.allText == doc.title)
        #expect(parsed.all("p") { $0.classes.contains("summary") }.first?.allText == "Bell\u{FFFD} and form feed\u{FFFD} are not XML.")
        #expect(parsed.all("svg") { $0["data-chart"] == Charts.Kind.profit }.first?.all("title").first?.allText == "Profit <€> by policy")
        #expect(parsed.all("a").contains { $0["href"] == "./weird%20name%20%26%20%3Cx%3E.csv" })
    }

    @Test("the same document renders to the same bytes")
    func deterministic() throws {
        let again = try HTMLReport.render(Sample.rich)
        #expect(again == html)
        let copy = Sample.rich
        #expect(try HTMLReport.render(copy) == html)
    }

    @Test("sections without data are left out")
    func emptySectionsOmitted() throws {
        let minimal = try HTMLReport.render(ReportDocument(title: "Empty", summary: "Nothing was run."))
        let page = try parseXML(minimal)
        #expect(page.all("svg").isEmpty)
        #expect(page.all("table").isEmpty)
        #expect(page.all("nav").isEmpty)
        #expect(page.all("ul").isEmpty)
        #expect(page.all("section").compactMap { $0["id"] } == ["overview"])
        #expect(!minimal.contains("Parameters") && !minimal.contains("Data files") && !minimal.contains("comparison"))
        #expect(page.all("h1").first?.allText == "Empty")

        // Only a policy table: the table and its bar chart, no other chart group, no comparison.
        let policiesOnly = try parseXML(HTMLReport.render(ReportDocument(title: "P", summary: "", columns: Sample.columns,
                                                                         policies: Sample.policies)))
        let ids = policiesOnly.all("section").compactMap { $0["id"] }
        #expect(ids == ["overview", "policies", "charts", "chart-profit"])
        #expect(policiesOnly.all("p") { $0.classes.contains("summary") }.isEmpty)

        // Empty trajectories / forecasts inside the arrays are skipped too.
        let hollow = ReportDocument(title: "H", summary: "s",
                                    trajectories: [.init(policy: "p", sku: "s", days: [], onHandUnits: [], onOrderUnits: [], backorderedUnits: [])],
                                    forecasts: [.init(sku: "s", historyLabels: [], history: [], forecastLabels: [], mean: [], lower: [], upper: [])])
        #expect(try parseXML(HTMLReport.render(hollow)).all("svg").isEmpty)
    }

    @Test("many long policy names: labels are turned and every mark stays on the canvas")
    func longNames() throws {
        let names = (1...10).map { "Periodic review (R,s,S) variant \($0)" }
        let doc = ReportDocument(
            title: "Long", summary: "",
            columns: [Sample.columns[0]],
            policies: names.enumerated().map { .init(policy: $1, values: [.init(mean: 10 + Double($0), halfWidth: 1)]) },
            costBreakdown: names.map { .init(policy: $0, components: [.init(name: "holding", value: 3), .init(name: "ordering", value: 2)]) })
        let page = try parseXML(HTMLReport.render(doc))
        for svg in page.all("svg") {
            let width = Double(svg["width"]!)!, height = Double(svg["height"]!)!
            let rects = svg.all("rect") { $0.classes.contains("bar") || $0.classes.contains("segment") }
            #expect(rects.count == 10 || rects.count == 20)
            for rect in rects {
                let x = Double(rect["x"]!)!, w = Double(rect["width"]!)!, y = Double(rect["y"]!)!, h = Double(rect["height"]!)!
                #expect(x >= 0 && x + w <= width && y >= 0 && y + h <= height)
            }
            let turned = svg.all("text") { $0.classes.contains("tick") && $0["transform"]?.hasPrefix("rotate(-40") == true }
            #expect(turned.count == 10)
            // Labels longer than 260 units are cut with "…" (the full name is in the table and the
            // marks' data-category); the first is not cut shorter than the others by the canvas edge.
            let shown = turned.map(\.allText)
            #expect(zip(shown, names).allSatisfy { $0 == $1 || ($0.hasSuffix("…") && $1.hasPrefix($0.dropLast())) })
            #expect(Set(shown.map(\.count)).count == 1)
        }
    }

    @Test("negative values: bars hang from the zero line, the axis spans both signs")
    func negativeBars() throws {
        var doc = Sample.rich
        doc.policies[3].values[0].mean = -40
        let page = try parseXML(HTMLReport.render(doc))
        let svg = try #require(page.all("svg") { $0["data-chart"] == Charts.Kind.profit }.first)
        let axis = try #require(svg.all("g") { $0.classes.contains("y-axis") }.first)
        #expect(Double(axis["data-lower"]!)! <= -40)
        #expect(Double(axis["data-upper"]!)! >= 154.25)
        let bars = svg.all("rect") { $0.classes.contains("bar") }
        let positiveBottom = Double(bars[0]["y"]!)! + Double(bars[0]["height"]!)!
        let negativeTop = Double(bars[3]["y"]!)!
        #expect(abs(positiveBottom - negativeTop) < 0.011)   // both meet at zero
        let ratio = Double(bars[3]["height"]!)! / Double(bars[0]["height"]!)!
        #expect(abs(ratio - 40 / 120.5) < 1e-3)
    }
}

@Suite("HTML report helpers")
struct HTMLHelperTests {
    /// The view structs answer Mustache's lookups by name (faster than Mirror); every stored property
    /// must be answered, with its own value.
    @Test("Mustache lookups answer every stored property of the view")
    func mustacheLookups() throws {
        var checked = 0
        func check<T>(_ object: T, _ lookup: (String) -> Any?) {
            for child in Mirror(reflecting: object).children {
                let label = child.label ?? "?"
                let mirror = Mirror(reflecting: child.value)
                let stored: Any? = mirror.displayStyle == .optional ? mirror.children.first?.value : child.value
                let answered = lookup(label)
                #expect(answered.map { String(describing: $0) } == stored.map { String(describing: $0) }, "\(T.self).\(label)")
                checked += 1
            }
        }
        let view = ReportView(Sample.rich, css: "css")
        check(view, view.child(named:))
        let navigation = try #require(view.navigation)
        check(navigation, navigation.child(named:))
        check(navigation.links[0], navigation.links[0].child(named:))
        let parameters = try #require(view.parameterTable)
        check(parameters, parameters.child(named:))
        check(parameters.parameters[0], parameters.parameters[0].child(named:))
        let sources = try #require(view.sourceList)
        check(sources, sources.child(named:))
        check(sources.files[0], sources.files[0].child(named:))
        let policies = try #require(view.policyTable)
        check(policies, policies.child(named:))
        check(policies.headers[0], policies.headers[0].child(named:))
        check(policies.rows[0], policies.rows[0].child(named:))
        check(policies.rows[0].cells[0], policies.rows[0].cells[0].child(named:))
        let comparison = try #require(view.comparisonTable)
        check(comparison, comparison.child(named:))
        check(comparison.rows[0], comparison.rows[0].child(named:))
        check(comparison.rows[0].cells[0], comparison.rows[0].cells[0].child(named:))
        let charts = try #require(view.chartSection)
        check(charts, charts.child(named:))
        check(charts.groups[0], charts.groups[0].child(named:))
        check(charts.groups[0].figures[0], charts.groups[0].figures[0].child(named:))
        let studyView = ReportView(ReportDocument(title: "t", summary: "", study: StudySample.study(values: ["1", "2"])), css: "")
        let row = try #require(studyView.chartSection?.groups.first?.rows.first)
        check(row, row.child(named:))
        var bounded = Sample.rich
        bounded.references = [.init(name: "bound", note: "a bound", column: bounded.columns[0].id, estimate: .init(mean: 10, halfWidth: 1),
                                    gaps: [.init(policy: bounded.policies[0].policy, gap: .init(mean: 2, halfWidth: 0.5))])]
        bounded.omittedReferences = ["no bound for <SKU>: too big"]
        let references = try #require(ReportView(bounded, css: "").referenceTable)
        check(references, references.child(named:))
        check(references.rows[0], references.rows[0].child(named:))
        check(references.rows[0].gaps[0], references.rows[0].gaps[0].child(named:))
        #expect(checked == 79)   // every stored property of the 21 view structs
        // A bound that was not computed is said, escaped, under the references; without one, nothing is said.
        let html = try HTMLReport.render(bounded)
        #expect(html.contains("Not computed: no bound for &lt;SKU&gt;: too big"))
        bounded.omittedReferences = []
        #expect(try !HTMLReport.render(bounded).contains("Not computed"))
        // Absent sections answer nil, so Mustache leaves them out.
        let empty = ReportView(ReportDocument(title: "t", summary: ""), css: "")
        #expect(empty.child(named: "policyTable") == nil && empty.child(named: "navigation") == nil)
        #expect(view.child(named: "noSuchField") == nil)
    }

    @Test("nice scales: round ticks covering the data")
    func niceScale() {
        let a = NiceScale(minimum: 0, maximum: 97)
        #expect(a.ticks == [0, 20, 40, 60, 80, 100])
        let b = NiceScale(minimum: 0.853, maximum: 0.9712)
        #expect(b.lower <= 0.853 && b.upper >= 0.9712)
        #expect(b.ticks.map(b.label) == ["0.84", "0.86", "0.88", "0.90", "0.92", "0.94", "0.96", "0.98"])
        let c = NiceScale(minimum: 12, maximum: 154.25, includeZero: true)
        #expect(c.lower == 0 && c.upper == 175 && c.step == 25 && c.label(25) == "25")
        let q = NiceScale(minimum: 0.1, maximum: 1.6)
        #expect(q.step == 0.25 && q.ticks.map(q.label) == ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "1.75"])
        let d = NiceScale(minimum: -37, maximum: 4)
        #expect(d.ticks.contains(0) && d.lower == -40)
        let e = NiceScale(minimum: 5, maximum: 5)
        #expect(e.lower < 5 && e.upper > 5)
        let days = NiceScale(exactMinimum: 1, maximum: 365, integerSteps: true)
        #expect(days.lower == 1 && days.upper == 365)
        #expect(days.ticks == [50, 100, 150, 200, 250, 300, 350])
        #expect(NiceScale(exactMinimum: 0, maximum: 3, integerSteps: true).step == 1)
    }

    @Test("min/max downsampling keeps ends and extremes, at most 600 points, deterministically")
    func downsample() {
        var state: UInt64 = 7
        let values = (0..<5000).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40)
        }
        let kept = Downsample.minMaxIndices(values)
        #expect(kept.count <= 600 && kept.count >= 590)
        #expect(kept.first == 0 && kept.last == 4999)
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        #expect(kept.contains(values.firstIndex(of: values.max()!)!))
        #expect(kept.contains(values.firstIndex(of: values.min()!)!))
        #expect(Downsample.minMaxIndices(values) == kept)
        #expect(Downsample.minMaxIndices(Array(values.prefix(600))) == Array(0..<600))
        #expect(Downsample.minMaxIndices(Array(values.prefix(601))).count <= 600)
    }

    @Test("number text is locale-independent and exact")
    func numberText() {
        for v in [0.1, 1.0 / 3, 120.5, -2.15, 1e-7, 123456789.125, 0.97] {
            #expect(Double(NumberText.exact(v)) == v)
        }
        #expect(NumberText.exact(120) == "120")
        #expect(NumberText.exact(-0.0) == "0")
        #expect(NumberText.fixedASCII(1234.5, decimals: 2) == "1234.50")
        #expect(NumberText.fixedASCII(-0.001, decimals: 2) == "0.00")
        #expect(NumberText.display(-2.5, decimals: 1) == "\u{2212}2.5")
        #expect(NumberText.signedDisplay(2.5, decimals: 1) == "+2.5")
        #expect(NumberText.signedDisplay(0, decimals: 1) == "0.0")
        #expect(NumberText.coordinate(12.345) == "12.35" || NumberText.coordinate(12.345) == "12.34")
        #expect(NumberText.coordinate(-3.1) == "-3.1")
        #expect(NumberText.coordinate(0.05) == "0.05")
        #expect(NumberText.coordinate(7) == "7")
        #expect(Markup.escape("a<b & 'c' \"d\"") == "a&lt;b &amp; &#39;c&#39; &quot;d&quot;")
    }
}
