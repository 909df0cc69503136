import Experiment
import Foundation
import Reports
import Scenario
import Simulation
import Stochastics

/// Builds the ``ReportDocument`` of a run from its results. Every number it holds is in a CSV written
/// beside the report: KPI estimates and paired differences come from `summary.csv` / `replications.csv`,
/// trajectories from `trace.csv`, forecast bands from `forecast.csv`.
public enum ReportBuilder {
    /// The policy table's columns: (KPI, label, higher is better, decimals).
    static let columns: [(KPI, String, Bool, Int)] = [
        (.profit, "Profit", true, 0), (.totalCost, "Total cost", false, 0), (.fillRate, "Fill rate", true, 4),
        (.readyRate, "Ready rate", true, 4), (.averageOnHandUnits, "Average on hand", false, 1),
        (.inventoryTurnsPerYear, "Turns", true, 1), (.ordersPlaced, "Orders", false, 1),
    ]

    /// The document.
    /// - Parameter result: the experiment.
    /// - Returns: what the HTML report shows.
    public static func document(for result: ExperimentResult) -> ReportDocument {
        let scenario = result.scenario
        let world = scenario.world
        let names = scenario.policies.map(\.name)
        let profits = names.indices.map { SampleSummary(result.values(.profit, policy: $0)).mean }
        let best = profits.indices.max { profits[$0] < profits[$1] } ?? 0
        var parameters: [ReportDocument.Parameter] = [
            .init(name: "Horizon", value: "\(world.horizonDays) days (\(world.warmupDays) warm-up days excluded)"),
            .init(name: "Replications", value: "\(scenario.replications), seed \(scenario.seed), common random numbers across policies"),
            .init(name: "Review", value: reviewText(world.review)),
            .init(name: "Cost accounting", value: world.costAccounting == .endOfPeriod ? "end of day" : "time-weighted"),
        ]
        if let capacity = world.storageCapacityUnits { parameters.append(.init(name: "Storage capacity", value: "\(capacity) units")) }
        for (index, product) in world.products.enumerated().prefix(listedSKUs) {
            let suppliers = product.suppliers.map { "\($0.name): lead time \(OptimizationReport.describe($0.leadTimeDays)) days, "
                + String(format: "%.2f/unit + %.2f/order", $0.unitCost, $0.fixedCostPerOrder)
                + ($0.lastOrderDay.map { ", no orders after day \($0)" } ?? "") }.joined(separator: "; ")
            let shortage: String
            switch product.shortage {
            case .backorders(let rate): shortage = String(format: "backorders at %.2f/unit/day", rate)
            case .lostSales(let penalty): shortage = String(format: "lost sales, penalty %.2f/unit", penalty)
            }
            let demand = scenario.demandModelNotes[index] ?? String(format: "%.2f units/day on average", product.customers.meanDemandPerDay)
            var price = String(format: "price %.2f", product.sellingPrice)
            if !product.priceLevels.isEmpty { price += " (levels " + product.priceLevels.map { String(format: "%.2f", $0) }.joined(separator: ", ") + ")" }
            if product.salvageValuePerUnit > 0 { price += String(format: ", salvage %.2f/unit at the end", product.salvageValuePerUnit) }
            parameters.append(.init(name: "SKU \(product.sku)", value: price + String(format: ", holding %.3f/unit/day, ", product.holdingCostPerUnitDay)
                                    + "\(shortage); demand: \(demand); \(suppliers)"))
        }
        if world.products.count > listedSKUs {
            parameters.append(.init(name: "Other SKUs", value: "\(world.products.count - listedSKUs) more; every SKU's parameters and results are in "
                                    + "plan.csv and summary.csv"))
        }
        let columns = Self.columns.map { kpi, label, higher, decimals in
            ReportDocument.Column(id: kpi.columnName, label: label, unit: kpi.unit, higherIsBetter: higher, decimals: decimals)
        }
        let policies = names.indices.map { p in
            ReportDocument.PolicyRow(policy: names[p], values: Self.columns.map { kpi, _, _, _ in
                let s = SampleSummary(result.values(kpi, policy: p))
                return .init(mean: s.mean, halfWidth: s.halfWidth)
            })
        }
        var comparisons: [ReportDocument.Comparison] = []
        for p in names.indices where p != best {
            for (kpi, _, _, _) in Self.columns {
                let d = SampleSummary.pairedDifference(result.values(kpi, policy: p), result.values(kpi, policy: best))
                comparisons.append(.init(policy: names[p], column: kpi.columnName, difference: .init(mean: d.mean, halfWidth: d.halfWidth),
                                         significant: d.halfWidth.isFinite && (d.lower > 0 || d.upper < 0)))
            }
        }
        let costs = names.indices.map { p in
            ReportDocument.CostBreakdown(policy: names[p], components: [KPI.purchaseCost, .orderingCost, .holdingCost, .shortageCost].map { kpi in
                .init(name: kpi.columnName.replacingOccurrences(of: "_", with: " "), value: SampleSummary(result.values(kpi, policy: p)).mean)
            })
        }
        let tradeOff = names.indices.map { p in
            ReportDocument.TradeOffPoint(policy: names[p], serviceLevel: SampleSummary(result.values(.fillRate, policy: p)).mean,
                                         averageStockUnits: SampleSummary(result.values(.averageOnHandUnits, policy: p)).mean)
        }
        // One replication per policy; at most three SKUs so the page stays readable.
        let shownSKUs = Array(world.products.indices.prefix(3))
        var trajectories: [ReportDocument.Trajectory] = []
        for p in names.indices {
            for sku in shownSKUs {
                let rows = result.traces[p].filter { $0.sku == sku }
                guard !rows.isEmpty else { continue }
                trajectories.append(.init(policy: names[p], sku: world.products[sku].sku, days: rows.map(\.day),
                                          onHandUnits: rows.map { Double($0.onHandUnits) }, onOrderUnits: rows.map { Double($0.onOrderUnits) },
                                          backorderedUnits: rows.map { Double($0.backorderedUnits) }))
            }
        }
        let bands = scenario.forecastViews.compactMap { $0 }.map { view in
            ReportDocument.ForecastBand(sku: view.sku, historyLabels: view.historyDates, history: view.history,
                                        forecastLabels: view.forecastDates, mean: view.mean, lower: view.lower, upper: view.upper)
        }
        var files = ["summary.csv", "replications.csv", "trace.csv"]
        if !bands.isEmpty { files.append("forecast.csv") }
        // The learning curve of the first trained policy (first SKU with one), as learning_curve.csv has it.
        var learning: [ReportDocument.LearningPoint] = []
        var learningLabel = ""
        if ReportWriter.learningCurves(scenario) != nil {
            files.append("learning_curve.csv")
            search: for policy in scenario.policies where policy.kind == .trained {
                for (sku, points) in policy.learningCurves.enumerated() where !points.isEmpty {
                    learning = points.map { .init(environmentSteps: $0.environmentSteps, meanReward: Double(CSVTable.number($0.meanRewardPerPeriod))!) }
                    learningLabel = "policy '\(policy.name)' for SKU \(world.products[sku].sku)"
                    break search
                }
            }
        }
        let summary = "\(scenario.description.isEmpty ? "" : scenario.description.trimmingCharacters(in: .whitespacesAndNewlines) + " ")"
            + "\(names.count) policies were simulated over \(scenario.replications) replications of \(world.horizonDays) days for "
            + "\(world.products.count) SKU(s); every policy saw the same demand in each replication. "
            + "Best mean profit: \(names.isEmpty ? "-" : names[best]). Values are means ± 95% confidence half-widths."
        var document = ReportDocument(title: scenario.name, summary: summary, parameters: parameters, columns: columns, policies: policies,
                              baseline: names.isEmpty ? "" : names[best], comparisons: comparisons, costBreakdown: costs,
                              tradeOff: tradeOff, trajectories: trajectories, forecasts: bands, learningCurve: learning,
                              sourceFiles: files)
        document.learningCurveLabel = learningLabel
        document.references = result.bounds.compactMap { bound in
            guard let values = bound.totalProfit else { return nil }
            let s = SampleSummary(values)
            return .init(
                name: bound.name, note: bound.note,
                column: KPI.profit.columnName, estimate: .init(mean: s.mean, halfWidth: s.halfWidth),
                gaps: names.indices.map { p in
                    let gap = SampleSummary.pairedDifference(values, result.values(.profit, policy: p))
                    return .init(policy: names[p], gap: .init(mean: gap.mean, halfWidth: gap.halfWidth))
                })
        }
        document.skuSummary = skuSummary(result, best: best)
        document.omittedReferences = result.bounds.flatMap(\.notes).reduce(into: []) { unique, note in
            if !unique.contains(note) { unique.append(note) }
        }
        return document
    }

    /// SKUs listed one by one in the parameter table; a run of more lists these and says where the rest are.
    static let listedSKUs = 20

    /// Runs of at least this many SKUs get the "SKUs" section (``skuSummary(_:best:)``).
    static let summarisedSKUs = 10

    /// The "SKUs" section of a run of many SKUs: per policy, the spread of the SKUs' mean profit and fill rate
    /// (lowest, 10th percentile, median, 90th percentile, highest: nearest-rank order statistics, so each is one
    /// SKU's value in summary.csv), then the five SKUs with the lowest and highest mean profit under the policy
    /// with the best total profit. Empty for fewer than ``summarisedSKUs`` SKUs.
    static func skuSummary(_ result: ExperimentResult, best: Int) -> [ReportDocument.Parameter] {
        let products = result.scenario.world.products
        let policies = result.scenario.policies
        guard products.count >= summarisedSKUs, policies.indices.contains(best) else { return [] }
        func means(_ kpi: KPI, _ policy: Int) -> [Double] {
            products.indices.map { SampleSummary(result.values(kpi, policy: policy, sku: $0)).mean }
        }
        func spread(_ values: [Double], _ format: String) -> String {
            let sorted = values.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return "-" }
            let at = { (p: Double) in String(format: format, sorted[Int((p * Double(sorted.count - 1)).rounded())]) }
            return "lowest \(at(0)), 10% \(at(0.1)), median \(at(0.5)), 90% \(at(0.9)), highest \(at(1))"
        }
        var rows: [ReportDocument.Parameter] = []
        for (p, policy) in policies.enumerated() {
            rows.append(.init(name: "Profit per SKU, \(policy.name)", value: spread(means(.profit, p), "%.0f") + " (over the measured days)"))
            rows.append(.init(name: "Fill rate per SKU, \(policy.name)", value: spread(means(.fillRate, p), "%.3f")))
        }
        let profit = means(.profit, best), fill = means(.fillRate, best)
        // Ties in order of the product list; NaN profits (none in practice) last.
        let ranked = products.indices.sorted { a, b in
            profit[a] == profit[b] || (profit[a].isNaN && profit[b].isNaN) ? a < b : (profit[b].isNaN || profit[a] < profit[b])
        }
        func describe(_ skus: some Sequence<Int>) -> String {
            skus.map { products[$0].sku + String(format: " %.0f (fill rate %.3f)", profit[$0], fill[$0]) }.joined(separator: "; ")
        }
        let shown = min(5, products.count / 2)
        rows.append(.init(name: "Lowest profit under \(policies[best].name)", value: describe(ranked.prefix(shown))))
        rows.append(.init(name: "Highest profit under \(policies[best].name)", value: describe(ranked.suffix(shown).reversed())))
        return rows
    }

    static func reviewText(_ review: ReviewSchedule) -> String {
        switch review {
        case .periodic(let every): return every == 1 ? "daily" : "every \(every) days"
        case .continuous: return "continuous (after every demand)"
        }
    }

    /// `forecast.csv`: per forecast-driven SKU, the history and the forecast with its 80% band.
    public static func forecastTable(_ scenario: Scenario) -> CSVTable? {
        let views = scenario.forecastViews.compactMap { $0 }
        guard !views.isEmpty else { return nil }
        var table = CSVTable(header: ["sku", "date", "kind", "units", "lower80", "upper80"])
        for view in views {
            for (date, value) in zip(view.historyDates, view.history) {
                table.append([view.sku, date, "history", CSVTable.number(value, decimals: 4), "", ""])
            }
            for i in view.forecastDates.indices {
                table.append([view.sku, view.forecastDates[i], "forecast", CSVTable.number(view.mean[i], decimals: 4),
                              CSVTable.number(view.lower[i], decimals: 4), CSVTable.number(view.upper[i], decimals: 4)])
            }
        }
        return table
    }
}
