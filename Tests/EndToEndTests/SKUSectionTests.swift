import Experiment
import Foundation
import Reporting
import Reports
import Scenario
import Testing

@Suite("The report of many SKUs: the first 20 listed, the spread across SKUs and the lowest and highest SKUs")
struct SKUSectionTests {
    /// `count` backorder SKUs of different sizes and margins, two fixed policies, 60 days.
    static func yaml(skus count: Int) -> String {
        var text = "name: many\nseed: 5\nhorizonDays: 60\nreplications: 3\nproducts:\n"
        for i in 0..<count {
            let mean = 1 + Double((i * 7) % 23), cost = 2 + Double((i * 5) % 17)
            text += """
                  - sku: P\(i)
                    sellingPrice: \(cost * (1.2 + Double(i % 4) * 0.3))
                    holdingCostPerUnitDay: 0.05
                    shortage: {type: backorder, costPerUnitDay: 0.5}
                    initialOnHandUnits: \(Int(mean * 5))
                    demand: {type: perDay, unitsPerDay: {type: poisson, mean: \(mean)}}
                    suppliers: [{name: main, leadTimeDays: 3, unitCost: \(cost)}]

                """
        }
        return text + "policies:\n  - {name: big, type: baseStock, orderUpToUnits: 120}\n  - {name: small, type: sQ, reorderPointUnits: 20, orderQuantityUnits: 30}\n"
    }

    /// Per SKU, the mean of a KPI under a policy, read back from summary.csv's text.
    static func csvMeans(_ summary: String, policy: String, kpi: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in summary.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells[0] == policy, cells[2] == kpi, cells[1] != "ALL" { out[cells[1]] = Double(cells[4]) }
        }
        return out
    }

    @Test("25 SKUs: 20 listed and a pointer to the CSVs; the section's order statistics and extremes are summary.csv's")
    func manySKUs() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml(skus: 25), file: "many.yaml")
        let result = ExperimentRunner.run(scenario, threads: 2)
        let document = ReportBuilder.document(for: result)
        #expect(document.parameters.filter { $0.name.hasPrefix("SKU ") }.count == 20)
        #expect(document.parameters.last?.name == "Other SKUs" && document.parameters.last?.value.hasPrefix("5 more") == true)
        let summary = ReportWriter.summary(result).text
        let best = document.baseline
        let profits = Self.csvMeans(summary, policy: best, kpi: "profit")
        #expect(profits.count == 25)
        let ranked = profits.sorted { $0.value < $1.value }
        let lowest = try #require(document.skuSummary.first { $0.name == "Lowest profit under \(best)" })
        let highest = try #require(document.skuSummary.first { $0.name == "Highest profit under \(best)" })
        #expect(lowest.value.hasPrefix("\(ranked[0].key) \(String(format: "%.0f", ranked[0].value)) (fill rate"), "\(lowest.value)")
        #expect(highest.value.hasPrefix("\(ranked[24].key) \(String(format: "%.0f", ranked[24].value))"), "\(highest.value)")
        #expect(lowest.value.split(separator: ";").count == 5)
        // Nearest-rank median of 25 values: the 13th.
        let spread = try #require(document.skuSummary.first { $0.name == "Profit per SKU, \(best)" })
        #expect(spread.value.contains("median \(String(format: "%.0f", ranked[12].value)),"), "\(spread.value)")
        #expect(spread.value.hasPrefix("lowest \(String(format: "%.0f", ranked[0].value)),"))
        #expect(document.skuSummary.count == 2 * 2 + 2)
        let html = try HTMLReport.render(document)
        #expect(html.contains("<h2 id=\"skus\">SKUs</h2>") && html.contains("href=\"#skus\""))
    }

    @Test("a few SKUs: every one listed, no SKU section")
    func fewSKUs() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml(skus: 3), file: "few.yaml")
        let document = ReportBuilder.document(for: ExperimentRunner.run(scenario, threads: 1))
        #expect(document.parameters.filter { $0.name.hasPrefix("SKU ") }.count == 3)
        #expect(!document.parameters.contains { $0.name == "Other SKUs" } && document.skuSummary.isEmpty)
        #expect(try !HTMLReport.render(document).contains("id=\"skus\""))
    }
}
