import Foundation
@testable import Reports
import Testing

enum StudySample {
    static let columns = [
        ReportDocument.Column(id: "profit", label: "Profit", unit: "currency", higherIsBetter: true, decimals: 0),
        ReportDocument.Column(id: "fill_rate", label: "Fill rate", unit: "share", higherIsBetter: true, decimals: 4),
    ]
    static let policies = ["base-stock", "s&S <policy>"]

    /// A deterministic estimate per (row, column, policy, value); one missing point and one without an interval.
    static func estimate(row: Int, column: Int, policy: Int, value: Int) -> ReportDocument.Estimate {
        if row == 1 && column == 0 && policy == 1 && value == 2 { return .init(mean: .nan, halfWidth: .nan) }
        if row == 0 && column == 1 && policy == 0 && value == 0 { return .init(mean: 0.9, halfWidth: .nan) }
        let mean = column == 0 ? 100 * Double(row + 1) - 7.25 * Double(value) + 3 * Double(policy) : 0.95 - 0.01 * Double(value + policy)
        return .init(mean: mean, halfWidth: column == 0 ? 4.5 + Double(value) : 0.0125)
    }

    static func study(values: [String], parameter: String = "products[0].suppliers[0].leadTimeDays") -> ParameterStudy {
        let rows = (0..<2).map { r in
            ParameterStudy.Row(label: "review.everyDays = \(r == 0 ? 1 : 7)", estimates: columns.indices.map { c in
                policies.indices.map { p in values.indices.map { v in estimate(row: r, column: c, policy: p, value: v) } }
            })
        }
        return ParameterStudy(parameter: parameter, values: values, columns: columns, policies: policies, rows: rows)
    }

    static func page(_ study: ParameterStudy) throws -> (html: String, page: Node) {
        let html = try HTMLReport.render(ReportDocument(title: "Sweep", summary: "s", study: study, sourceFiles: ["comparison.csv"]))
        return (html, try parseXML(html))
    }
}

@Suite("Small multiples across a varied parameter")
struct ParameterStudyTests {
    @Test("one chart per KPI and row, one line per policy; every point and whisker is the study's number")
    func numeric() throws {
        let values = ["1", "2", "4.5"]
        let study = StudySample.study(values: values)
        let (html, page) = try StudySample.page(study)
        #expect(!html.contains("http"))
        let group = try #require(page.all("section") { $0["id"] == "chart-study" }.first)
        let rows = group.all("div") { $0.classes.contains("small-multiples") }
        #expect(rows.map { $0.all("h4").first?.allText } == ["review.everyDays = 1", "review.everyDays = 7"])
        for (r, row) in rows.enumerated() {
            // A shared legend naming every policy, then one chart per KPI in a grid.
            let legend = try #require(row.all("svg") { $0.classes.contains("legend-only") }.first)
            #expect(legend.all("g") { $0.classes.contains("legend-item") }.map { $0["data-series"] } == StudySample.policies)
            let charts = row.all("svg") { $0["data-chart"] == Charts.Kind.study }
            #expect(charts.count == StudySample.columns.count)
            for (c, chart) in charts.enumerated() {
                let column = StudySample.columns[c]
                #expect(chart.all("text") { $0.classes.contains("chart-title") }.first?.allText == column.label)
                let axisLabels = chart.all("text") { $0.classes.contains("axis-label") }.map(\.allText)
                #expect(axisLabels.contains("\(column.label) (\(column.unit))"))
                #expect(axisLabels.contains { $0.hasSuffix("leadTimeDays") })
                #expect(chart.all("g") { $0.classes.contains("legend") }.isEmpty)
                let lines = chart.all("polyline") { $0.classes.contains("series") }
                #expect(lines.map { $0["data-series"] } == StudySample.policies)
                for (p, line) in lines.enumerated() {
                    let expected = values.indices.map { StudySample.estimate(row: r, column: c, policy: p, value: $0).mean }
                    #expect(zip(numbers(line["data-values"]), expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
                    #expect(numbers(line["data-x"]) == [1, 2, 4.5])
                }
                for dot in chart.all("circle", where: { $0.classes.contains("vertex") }) {
                    #expect(dot["data-column"] == column.id && dot["data-row"] == study.rows[r].label)
                    let p = try #require(StudySample.policies.firstIndex(of: dot["data-series"] ?? ""))
                    let v = try #require(values.firstIndex(of: dot["data-category"] ?? ""))
                    #expect(Double(dot["data-x"]!) == Double(values[v]))
                    #expect(Double(dot["data-value"]!) == StudySample.estimate(row: r, column: c, policy: p, value: v).mean)
                }
                for whisker in chart.all("path", where: { $0.classes.contains("whisker") }) {
                    let p = try #require(StudySample.policies.firstIndex(of: whisker["data-series"] ?? ""))
                    let v = try #require(values.firstIndex(of: whisker["data-category"] ?? ""))
                    let e = StudySample.estimate(row: r, column: c, policy: p, value: v)
                    #expect(Double(whisker["data-low"]!) == e.mean - e.halfWidth)
                    #expect(Double(whisker["data-high"]!) == e.mean + e.halfWidth)
                }
                // The missing point has no dot; the point without a half-width has a dot but no whisker.
                let dots = chart.all("circle") { $0.classes.contains("vertex") }.count
                let whiskers = chart.all("path") { $0.classes.contains("whisker") }.count
                let missing = (r == 1 && c == 0) ? 1 : 0, bare = (r == 0 && c == 1) ? 1 : 0
                #expect(dots == 6 - missing)
                #expect(whiskers == 6 - missing - bare)
            }
        }
        // A numeric axis: a series' dots go left to right in value order, spaced by value (2 → 4.5 is
        // 2.5 times 1 → 2, up to the sideways dodge that is the same for every point of a series).
        let chart = try #require(page.all("svg") { $0["data-chart"] == Charts.Kind.study }.first)
        let cx = chart.all("circle") { $0.classes.contains("vertex") && $0["data-series"] == "base-stock" }.map { Double($0["cx"]!)! }
        #expect(cx.count == 3)
        #expect(abs((cx[2] - cx[1]) / (cx[1] - cx[0]) - 2.5) < 0.01)
        #expect(chart.all("g") { $0.classes.contains("x-axis") && !$0.classes.contains("category") }.count == 1)
    }

    @Test("values that are not all numbers make a category axis in the given order")
    func categorical() throws {
        let values = ["{type: poisson, mean: 4}", "scenarios/b.yaml", "10"]
        let (_, page) = try StudySample.page(StudySample.study(values: values, parameter: "scenario"))
        let chart = try #require(page.all("svg") { $0["data-chart"] == Charts.Kind.study }.first)
        let axis = try #require(chart.all("g") { $0.classes.contains("category") }.first)
        #expect(axis.all("text") { $0.classes.contains("tick") }.map(\.allText) == values)
        let dots = chart.all("circle") { $0.classes.contains("vertex") && $0["data-series"] == "base-stock" }
        #expect(dots.map { $0["data-category"] } == values)
        #expect(dots.map { Double($0["data-x"]!) } == [0, 1, 2])
        let cx = dots.map { Double($0["cx"]!)! }
        #expect(cx[0] < cx[1] && cx[1] < cx[2] && abs((cx[2] - cx[1]) - (cx[1] - cx[0])) < 0.02)

        // Scenario files are labelled by name on the axis; the marks keep the paths as in the CSV.
        let files = ["scenarios/quickstart.yaml", "/tmp/x/dual-sourcing.yaml"]
        let (_, filesPage) = try StudySample.page(StudySample.study(values: files, parameter: "scenario"))
        let filesChart = try #require(filesPage.all("svg") { $0["data-chart"] == Charts.Kind.study }.first)
        #expect(filesChart.all("g") { $0.classes.contains("category") }.first?.all("text") { $0.classes.contains("tick") }.map(\.allText)
            == ["quickstart", "dual-sourcing"])
        #expect(filesChart.all("circle") { $0.classes.contains("vertex") && $0["data-series"] == "base-stock" }.map { $0["data-category"] } == files)
        #expect(Charts.shortLabels(["a/x.yaml", "b/x.yaml"]) == ["a/x.yaml", "b/x.yaml"])
    }

    @Test("one varied parameter: no row label; the page stays deterministic")
    func singleRow() throws {
        var study = StudySample.study(values: ["1", "2"])
        study.rows = [ParameterStudy.Row(label: "", estimates: study.rows[0].estimates)]
        let (html, page) = try StudySample.page(study)
        #expect(page.all("h4").isEmpty)
        #expect(page.all("div") { $0.classes.contains("small-multiples") }.count == 1)
        #expect(try StudySample.page(study).html == html)
        #expect(ParameterStudy(parameter: "x", values: ["1", "nan"], columns: [], policies: [], rows: []).numericValues == nil)
        #expect(ParameterStudy(parameter: "x", values: ["1", " 2.5"], columns: [], policies: [], rows: []).numericValues == [1, 2.5])
    }
}
