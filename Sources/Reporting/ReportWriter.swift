import Experiment
import Forecasting
import Foundation
import Reports
import Scenario
import Simulation
import Stochastics

/// Writes `summary.csv`, `replications.csv` and `trace.csv` for an experiment.
public enum ReportWriter {
    /// The CSV files' names and contents.
    /// - Parameter result: the experiment.
    /// - Returns: (file name, CSV text) pairs.
    public static func tables(for result: ExperimentResult) -> [(name: String, text: String)] {
        concurrently(tableJobs(result)).compactMap { $0 }
    }

    /// One job per CSV file (nil when the file does not apply), in file order.
    static func tableJobs(_ result: ExperimentResult) -> [@Sendable () -> (name: String, text: String)?] {
        [{ ("summary.csv", summary(result).text) }, { ("replications.csv", replications(result).text) },
         { ("trace.csv", trace(result).text) }, { ("plan.csv", plan(result).text) },
         { ReportBuilder.forecastTable(result.scenario).map { ("forecast.csv", $0.text) } },
         { learningCurves(result.scenario).map { ("learning_curve.csv", $0.text) } }]
    }

    /// Runs independent jobs on all cores; the results come back in job order, so the files do not depend
    /// on the threads (at 10,000 SKUs the files take seconds each to build).
    static func concurrently<Value: Sendable>(_ jobs: [@Sendable () -> Value]) -> [Value] {
        let slots = ResultSlots<Value>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { slots.set($0, jobs[$0]()) }
        return slots.values
    }

    /// Writes every file to `folder`, all or nothing: each goes to a temporary file first, and they are
    /// renamed into place only when all were written.
    /// - Parameters:
    ///   - result: the experiment.
    ///   - folder: output folder (created if missing).
    /// - Returns: the files written.
    /// - Throws: `ReportError` naming the file that failed.
    @discardableResult
    public static func write(_ result: ExperimentResult, to folder: URL) throws -> [URL] {
        // The HTML shows only numbers that are in the CSVs; all files appear together or not at all.
        let html: @Sendable () -> Result<(name: String, text: String)?, any Error> = {
            Result { ("index.html", try HTMLReport.render(ReportBuilder.document(for: result))) }
        }
        let jobs = tableJobs(result).map { job in { @Sendable in Result<(name: String, text: String)?, any Error>.success(job()) } } + [html]
        let texts = try concurrently(jobs).compactMap { try $0.get() }
        let files = texts.map { (folder.appendingPathComponent($0.name), $0.text) }
        try AtomicFileWriter.writeAll(files.map { ($0.1, $0.0) })
        return files.map(\.0)
    }

    /// Labels for SKU rows: "ALL" then each SKU code.
    static func skuLabels(_ result: ExperimentResult) -> [(label: String, index: Int?)] {
        [("ALL", nil)] + result.scenario.world.products.enumerated().map { ($0.element.sku, $0.offset) }
    }

    /// policy × SKU × KPI: mean, standard deviation, 95% confidence interval over replications.
    public static func summary(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["policy", "sku", "kpi", "unit", "mean", "std_dev", "ci95_half_width", "ci95_low",
                                      "ci95_high", "replications"])
        for (p, policy) in result.scenario.policies.enumerated() {
            for (label, sku) in skuLabels(result) {
                for kpi in KPI.allCases {
                    let s = SampleSummary(result.values(kpi, policy: p, sku: sku))
                    table.append([policy.name, label, kpi.columnName, kpi.unit, CSVTable.number(s.mean),
                                  CSVTable.number(s.standardDeviation), CSVTable.number(s.halfWidth),
                                  CSVTable.number(s.lower), CSVTable.number(s.upper), String(s.count)])
                }
            }
        }
        appendBoundRows(result, to: &table)
        return table
    }

    /// The bounds' reference rows, after the policies': each bound itself (policy column e.g.
    /// `bound: perfect information (level known)`, KPI `profit`) and each policy's paired gap to it (KPI e.g.
    /// `profit_gap_to_perfect_information_bound`: bound − policy profit), per SKU with a bound and for ALL
    /// when every SKU has one.
    static func appendBoundRows(_ result: ExperimentResult, to table: inout CSVTable) {
        for bound in result.bounds {
            appendRows(of: bound, result, to: &table)
        }
    }

    static func appendRows(of bound: PerfectInformationBound, _ result: ExperimentResult, to table: inout CSVTable) {
        for (label, sku) in skuLabels(result) {
            guard let values = sku.map({ bound.profitBySKU[$0] }) ?? bound.totalProfit else { continue }
            func row(_ name: String, _ kpi: String, _ s: SampleSummary) -> [String] {
                [name, label, kpi, KPI.profit.unit, CSVTable.number(s.mean), CSVTable.number(s.standardDeviation),
                 CSVTable.number(s.halfWidth), CSVTable.number(s.lower), CSVTable.number(s.upper), String(s.count)]
            }
            table.append(row(bound.name, KPI.profit.columnName, SampleSummary(values)))
            for (p, policy) in result.scenario.policies.enumerated() {
                let gap = SampleSummary.pairedDifference(values, result.values(.profit, policy: p, sku: sku))
                table.append(row(policy.name, bound.gapColumnName, gap))
            }
        }
    }

    /// policy × replication × SKU rows with one column per KPI.
    public static func replications(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["policy", "replication", "sku"] + KPI.allCases.map(\.columnName))
        let days = result.scenario.world.measuredDays
        for (p, policy) in result.scenario.policies.enumerated() {
            for (r, ledgers) in result.ledgers[p].enumerated() {
                for (label, sku) in skuLabels(result) {
                    let ledger = sku.map { ledgers[$0] } ?? ledgers.reduce(Ledger(), +)
                    table.append([policy.name, String(r + 1), label] + ledger.kpis(measuredDays: days).map { CSVTable.number($0) })
                }
            }
        }
        return table
    }

    /// The learning curves stored in the files of the scenario's trained policies (nil when there are none):
    /// policy × SKU × point.
    public static func learningCurves(_ scenario: Scenario) -> CSVTable? {
        var table = CSVTable(header: ["policy", "sku", "environment_steps", "mean_reward_per_period", "greedy_cost_per_day"])
        let codes = scenario.world.products.map(\.sku)
        for policy in scenario.policies where policy.kind == .trained {
            for (sku, points) in policy.learningCurves.enumerated() {
                for point in points {
                    table.append([policy.name, codes[sku], String(point.environmentSteps), CSVTable.number(point.meanRewardPerPeriod),
                                  point.evaluationCostPerPeriod.map { CSVTable.number($0) } ?? ""])
                }
            }
        }
        return table.rows.isEmpty ? nil : table
    }

    /// Replication 1, per policy, day and SKU.
    /// `plan.csv`, what a planner takes to the ordering system: per policy and SKU, the supplier it orders
    /// from, the parameters it ran with (as given, or found by the optimisers or the search), its fill rate,
    /// average stock and cost per day (means with 95% half-widths over the replications), and the order it
    /// places on day 0 — today, the first day after the history, given the stock and open orders
    /// (from the traced replication; before any demand, so every replication places the same one).
    public static func plan(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["policy", "sku", "supplier", "parameters", "fill_rate", "fill_rate_ci95_half_width",
                                      "avg_on_hand_units", "avg_on_hand_units_ci95_half_width", "cost_per_day", "cost_per_day_ci95_half_width",
                                      "profit_per_day", "profit_per_day_ci95_half_width", "order_today_units"])
        let world = result.scenario.world
        let days = Double(max(1, world.measuredDays))
        for (p, policy) in result.scenario.policies.enumerated() {
            var today = [Int?](repeating: nil, count: world.products.count)
            for row in result.traces[p] where row.day == 0 { today[row.sku] = row.orderedUnits }
            for (s, product) in world.products.enumerated() {
                let supplier: String
                switch policy.kind {
                case .dualIndex, .cappedDualIndex: supplier = product.suppliers.map(\.name).joined(separator: "+")
                default:
                    let index = s < policy.supplierIndex.count ? policy.supplierIndex[s] : 0
                    supplier = product.suppliers.indices.contains(index) ? product.suppliers[index].name : ""
                }
                var parameters: [String] = []
                if s < policy.parameters.count {
                    parameters = policy.parameters[s].values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
                }
                if s < policy.serviceLevels.count, policy.kind.usesForecasts { parameters.append("serviceLevel=\(CSVTable.number(policy.serviceLevels[s]))") }
                if policy.reviewPeriodDays > 1 { parameters.append("reviewPeriodDays=\(policy.reviewPeriodDays)") }
                let fill = SampleSummary(result.values(.fillRate, policy: p, sku: s))
                let stock = SampleSummary(result.values(.averageOnHandUnits, policy: p, sku: s))
                let cost = SampleSummary(result.values(.costPerDay, policy: p, sku: s))
                let profit = SampleSummary(result.values(.profit, policy: p, sku: s).map { $0 / days })
                table.append([policy.name, product.sku, supplier, parameters.joined(separator: "; "),
                              CSVTable.number(fill.mean), CSVTable.number(fill.halfWidth), CSVTable.number(stock.mean), CSVTable.number(stock.halfWidth),
                              CSVTable.number(cost.mean), CSVTable.number(cost.halfWidth), CSVTable.number(profit.mean), CSVTable.number(profit.halfWidth),
                              today[s].map(String.init) ?? ""])
            }
        }
        return table
    }

    public static func trace(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["policy", "day", "sku", "on_hand_units", "on_order_units", "backordered_units",
                                      "demand_units", "shipped_units", "lost_or_backordered_units", "ordered_units",
                                      "received_units", "revenue", "cost", "price", "salvage_revenue"])
        let codes = result.scenario.world.products.map(\.sku)
        for (p, policy) in result.scenario.policies.enumerated() {
            for row in result.traces[p] {
                table.append([policy.name, String(row.day), codes[row.sku], String(row.onHandUnits), String(row.onOrderUnits),
                              String(row.backorderedUnits), String(row.demandUnits), String(row.shippedUnits),
                              String(row.shortUnits), String(row.orderedUnits), String(row.receivedUnits),
                              CSVTable.number(row.revenue, decimals: 4), CSVTable.number(row.cost, decimals: 4),
                              CSVTable.number(row.price, decimals: 4), CSVTable.number(row.salvageRevenue, decimals: 4)])
            }
        }
        return table
    }
}
