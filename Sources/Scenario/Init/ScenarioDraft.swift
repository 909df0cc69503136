import Forecasting
import Dispatch
import Foundation
import Stochastics

/// The scenario `restock init` writes from a planner's data: one product per SKU of the item master that
/// has a sales history (forecast demand fitted to it), its suppliers, costs, shortage rule, stock and open
/// orders, and the policies a planner compares: forecast-driven order-up-to at a target service level,
/// (s,S) and (s,Q) with `auto` parameters (found by simulation search on tuning replications), and the
/// planner's current min/max rule when the item master has one.
public struct ScenarioDraft: Sendable {
    /// Settings of the draft.
    public struct Options: Sendable {
        public var name: String = "planning"
        public var seed: Int = 1
        /// Simulated days.
        public var horizonDays: Int = 365
        public var replications: Int = 20
        /// Target service level of the forecast-driven policy (cycle service: probability of no stock-out per review).
        public var serviceLevel: Double = 0.95
        /// Days between orders of the forecast-driven policy.
        public var reviewDays: Int = 7
        /// The forecasting model of every SKU; `auto` runs the backtest contest here, once per SKU, and writes
        /// each SKU's winner (so loading the scenario fits one model per SKU instead of running the contest).
        public var model: String = "auto"
        public init() {}
    }

    /// SKUs of the item master left out, with why.
    public var skipped: [String] = []
    /// The scenario text (YAML with comments).
    public var text: String = ""
    /// SKUs written.
    public var skuCount = 0

    /// Drafts the scenario.
    /// - Parameters:
    ///   - history: the sales history, loaded.
    ///   - historyReference: the path the scenario names for the history (relative to the scenario's folder).
    ///   - items: the item master.
    ///   - stock: stock and open orders, if given.
    ///   - stockPath: the stock file, for messages.
    ///   - options: settings.
    /// - Throws: ``DataError`` for stock rows that name unknown SKUs or suppliers, or open orders due before
    ///   the SKU's day 0; when no SKU of the item master has a history.
    public init(history: SalesHistory, historyReference: String, items: ItemMaster, stock: StockPosition?, stockPath: String,
                options: Options) throws {
        let histories = Dictionary(history.skus.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        let known = Set(items.items.map(\.sku))
        if let stock {
            for sku in Set(stock.onHandUnits.keys).union(stock.openOrders.keys).sorted() where !known.contains(sku) {
                let line = stock.firstLines[sku]
                throw DataError(file: stockPath, line: line, column: "sku", problem: "SKU '\(sku)' is not in the item master",
                                allowed: "SKUs of the item master")
            }
        }
        let models = options.model == "auto" ? Self.autoChoices(items: items, histories: histories, frequency: history.frequency) : [:]
        var products: [String] = []
        var minMax: [(sku: String, min: Int, max: Int)] = []
        var firstDays: [CalendarDay] = []
        for item in items.items {
            guard let series = histories[item.sku] else {
                skipped.append("\(item.sku): no sales history (line \(item.line) of the item master)")
                continue
            }
            let dayZero = series.calendar.firstDay(ofPeriod: series.count)
            firstDays.append(dayZero)
            var lines: [String] = []
            lines.append("  - sku: \(Self.quoted(item.sku))")
            lines.append("    sellingPrice: \(Self.number(item.price))")
            let unitCost = item.suppliers[0].unitCost
            lines.append("    holdingCostPerUnitDay: \(Self.number(item.holdingCostPerUnitDay))   # \(Self.number(item.carryingRatePercentPerYear))% a year of the unit cost \(Self.number(unitCost)): \(Self.number(unitCost)) × \(Self.number(item.carryingRatePercentPerYear / 100)) / 365")
            if item.backorders {
                lines.append("    shortage: {type: backorder, costPerUnitDay: \(Self.number(item.shortagePenalty))}")
            } else {
                lines.append("    shortage: {type: lostSales, penaltyPerUnit: \(Self.number(item.shortagePenalty))}   # on top of the lost margin")
            }
            lines.append("    initialOnHandUnits: \(stock?.onHandUnits[item.sku] ?? 0)\(stock == nil ? "   # no stock file: starts empty" : "")")
            if let orders = stock?.openOrders[item.sku], !orders.isEmpty {
                var written: [String] = []
                for order in orders {
                    let dueDay = order.dueDate.daysSinceEpoch - dayZero.daysSinceEpoch
                    guard dueDay >= 0 else {
                        throw DataError(file: stockPath, line: order.line, column: "due_date",
                                        problem: "the open order is due on \(order.dueDate), before day 0 of the run (\(dayZero), the day after the history of '\(item.sku)' ends)",
                                        allowed: "a due date on or after \(dayZero); book orders already received as stock on hand")
                    }
                    if let name = order.supplier, !item.suppliers.contains(where: { $0.name == name }) {
                        throw DataError(file: stockPath, line: order.line, column: "supplier",
                                        problem: "SKU '\(item.sku)' has no supplier '\(name)' in the item master",
                                        allowed: item.suppliers.map(\.name).joined(separator: ", "))
                    }
                    written.append("{units: \(order.units), dueDay: \(dueDay)\(order.supplier.map { ", supplier: \(Self.quoted($0))" } ?? "")}")
                }
                lines.append("    openOrders: [\(written.joined(separator: ", "))]   # due days counted from day 0 = \(dayZero)")
            }
            let choice = models[item.sku]
            lines.append("    demand: {type: forecast, history: \(Self.quoted(historyReference)), model: \(Self.quoted(choice?.model ?? options.model))}"
                + (choice.map { "   # \($0.reason)" } ?? ""))
            lines.append("    suppliers:")
            for supplier in item.suppliers {
                var fields = ["name: \(Self.quoted(supplier.name))"]
                if let sd = supplier.leadTimeSDDays, sd > 0 {
                    fields.append("leadTimeDays: {type: gamma, mean: \(Self.number(supplier.leadTimeDays)), sd: \(Self.number(sd))}")
                } else {
                    fields.append("leadTimeDays: \(Self.number(supplier.leadTimeDays))")
                }
                fields.append("unitCost: \(Self.number(supplier.unitCost))")
                if let fixed = supplier.fixedCostPerOrder { fields.append("fixedCostPerOrder: \(Self.number(fixed))") }
                if let minimum = supplier.minimumOrderUnits { fields.append("minimumOrderUnits: \(minimum)") }
                if let multiple = supplier.orderMultipleUnits { fields.append("orderMultipleUnits: \(multiple)") }
                if let last = supplier.lastOrderDay { fields.append("lastOrderDay: \(last)") }
                lines.append("      - {\(fields.joined(separator: ", "))}")
            }
            products.append(lines.joined(separator: "\n"))
            if let low = item.minUnits, let high = item.maxUnits { minMax.append((item.sku, low, high)) }
        }
        guard !products.isEmpty else {
            throw DataError(file: historyReference, problem: "no SKU of the item master has a sales history",
                            allowed: "the same SKU codes in both files")
        }
        skuCount = products.count
        let start = firstDays.min().map(\.description) ?? "-"
        var text = """
            # Drafted by `restock init` from the planner's item master and sales history: one product per SKU with a
            # history (\(products.count) of \(items.items.count) in the item master). Demand follows a model fitted to each SKU's history
            # (\(options.model == "auto" ? "model: the winner of auto's backtest contest on each SKU, named in its comment" : "model: \(options.model)")); holding costs come from the carrying rate; day 0 of the run is the first day after the
            # history (\(start)). Edit freely: `restock validate` checks the file, `restock run` compares the policies.
            name: \(Self.quoted(options.name))
            seed: \(options.seed)
            horizonDays: \(options.horizonDays)                  # simulated days
            replications: \(options.replications)
            review: {type: periodic, everyDays: 1}
            products:

            """
        text += products.joined(separator: "\n") + "\n"
        text += """
            policies:
              # Orders every \(options.reviewDays) days up to the \(Self.number(options.serviceLevel)) quantile of the forecast demand over lead time + \(options.reviewDays) days.
              - name: forecast-order-up-to
                type: forecastOrderUpTo
                reviewPeriodDays: \(options.reviewDays)
                serviceLevel: \(Self.number(options.serviceLevel))
              # (s,S) and (s,Q) with parameters found by restock run's simulation search (tuning replications, not the reported ones).
              - name: sS-auto
                type: sS
                reorderPointUnits: auto
                orderUpToUnits: auto
              - name: sQ-auto
                type: sQ
                reorderPointUnits: auto
                orderQuantityUnits: auto

            """
        if !minMax.isEmpty {
            text += """
                  # The planner's current rule from the item master: order up to max when stock + on order falls to min or below\(minMax.count < products.count ? "\n  # (SKUs without min/max get auto values)" : "").
                  - name: current-min-max
                    type: sS
                    reorderPointUnits: auto
                    orderUpToUnits: auto
                    skus:

                """
            for entry in minMax {
                text += "      \(Self.quoted(entry.sku)): {reorderPointUnits: \(entry.min), orderUpToUnits: \(entry.max)}\n"
            }
        }
        self.text = text
    }

    /// A YAML double-quoted string (a JSON string literal is one).
    /// What `auto` chose for a SKU, and why, in words.
    struct AutoChoice: Sendable {
        var model: String
        var reason: String
    }

    /// Runs `auto`'s backtest contest on every SKU with a history (on all cores; each SKU's result depends only
    /// on its own series, so the choices do not depend on the number of threads), with the series and
    /// covariates the scenario loader builds. A SKU whose contest fails keeps `auto`.
    static func autoChoices(items: ItemMaster, histories: [String: SKUHistory], frequency: HistoryFrequency) -> [String: AutoChoice] {
        let work = items.items.compactMap { item in histories[item.sku].map { (item, $0) } }
        let results = ResultSlots<AutoChoice>(count: work.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let (item, history) = work[index]
            let series = history.timeSeries(seasonLength: frequency.defaultSeasonLength)
            let covariates = history.covariates(defaultPrice: item.price)
            let names = ForecasterCatalog.autoCandidateNames(series: series)
            let selector = ForecasterCatalog.autoSelector(
                series: series, covariates: covariates,
                backtest: ForecasterCatalog.autoBacktest(seriesLength: series.count, seasonLength: series.seasonLength))
            guard names.count == selector.candidates.count, let selection = try? selector.select(series) else { return }
            let scores = selection.ranking.prefix(2).map { "\(names[$0.candidateIndex]) \(Self.number(($0.meanMASE * 1000).rounded() / 1000))" }
            results.set(index, AutoChoice(model: names[selection.best.candidateIndex],
                                          reason: "auto's choice; backtest MASE \(scores.joined(separator: ", next "))"))
        }
        let chosen = results.slotValues
        var choices: [String: AutoChoice] = [:]
        for (index, (item, _)) in work.enumerated() { if let choice = chosen[index] { choices[item.sku] = choice } }
        return choices
    }

    static func quoted(_ text: String) -> String { JSONText.quoted(text) }

    /// The shortest text that reads back as the same number.
    static func number(_ value: Double) -> String { JSONText.number(value) }
}
