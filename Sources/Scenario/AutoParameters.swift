import Foundation
import Policies
import Simulation
import Stochastics

/// Fills `auto` policy parameters with the exact optimisers.
///
/// The optimisers work on periods of R days (R = the policy's review period: the scenario's periodic
/// review, or `reviewPeriodDays` for periodicOrderUpTo), with the demand per period computed exactly
/// from the SKU's demand model (convolutions, compound Poisson by Panjer's recursion; continuous laws
/// discretised the way the simulator rounds them) and a constant lead time. With daily review,
/// end-of-period costs and nothing else the optimisers leave out (minimum orders, capacity, …; see
/// `label(for:definition:world:sku:values:)`) — the textbook setting — the answers are exact optima for
/// the simulated model, except EOQ's Q:
/// - base-stock, backorders: newsvendor on demand over lead time + review period (critical fractile b/(b+h));
/// - base-stock, lost sales: best level by exact Markov-chain evaluation (Zipkin 2008 setting);
/// - (s,S), backorders: Zheng & Federgruen (1991);
/// - (s,Q), backorders: Q from EOQ, then the exact best s for that Q (the position is uniform on s+1…s+Q).
///
/// Where none applies (dual index, (s,S) and (s,Q) under lost sales, random lead times, forecast demand,
/// continuous review, `serviceLevel: auto`), `auto` is an error unless the caller asks for `searchAuto`:
/// then the parameter gets a rough starting value (``SearchStart``) and is listed in
/// ``PolicyDefinition/autoSearch`` for the caller to tune by simulation before running (`restock run` and
/// `restock tune` do, with Experiment's `PolicyTuner`).
enum AutoParameters {
    static func resolve(_ scenario: inout Scenario, builder: ScenarioBuilder, raw: ScenarioFile, searchAuto: Bool = false) throws {
        let world = scenario.world
        for (p, definition) in scenario.policies.enumerated() {
            var resolved = definition
            for sku in world.products.indices where !definition.parameters[sku].optimised.isEmpty {
                let context = Context(world: world, product: world.products[sku], definition: definition, sku: sku,
                                      path: "policies[\(p)]", builder: builder)
                do {
                    resolved.parameters[sku] = try context.solve(definition.parameters[sku])
                } catch let failure as ScenarioError where searchAuto {
                    resolved.parameters[sku] = SearchStart(world: world, definition: definition, sku: sku)
                        .fill(definition.parameters[sku], reason: failure.problem)
                    resolved.autoSearch += definition.parameters[sku].optimised.sorted { $0.rawValue < $1.rawValue }
                        .compactMap { TunableParameter(rawValue: $0.rawValue).map { TuningCoordinate($0, sku: sku) } }
                }
            }
            resolved.autoSearch.sort()
            if !searchAuto, let first = resolved.autoSearch.first(where: { $0.parameter == .serviceLevel }) {
                let code = first.sku.map { world.products[$0].sku } ?? ""
                throw builder.error("policies[\(p)].serviceLevel",
                                    "cannot compute 'auto' for policy '\(definition.name)' and SKU '\(code)': a service level has no exact optimiser; it is found by simulation search, which restock run and restock tune do",
                                    allowed: "a probability in (0, 1), e.g. 0.95 (restock tune writes the tuned value to tuned.yaml)")
            }
            try builder.checkParameters(resolved, path: "policies[\(p)]", skuCodes: world.products.map(\.sku))
            scenario.policies[p] = resolved
        }
    }

    struct Context {
        let world: WorldConfiguration
        let product: ProductConfiguration
        let definition: PolicyDefinition
        let sku: Int
        let path: String
        let builder: ScenarioBuilder

        func fail(_ problem: String,
                  allowed: String = "a whole number of units instead of auto (restock run and restock tune find it by simulation search instead)") -> ScenarioError {
            builder.error(path, "cannot compute 'auto' for policy '\(definition.name)' and SKU '\(product.sku)': \(problem)",
                          allowed: allowed)
        }

        var reviewPeriodDays: Int {
            if definition.kind == .periodicOrderUpTo { return definition.reviewPeriodDays }
            if case .periodic(let every) = world.review { return every }
            return 1
        }

        var supplier: SupplierConfiguration { product.suppliers[definition.supplierIndex[sku]] }

        func leadTimeDays() throws -> Int {
            guard case .constant(let days) = supplier.leadTimeDays, days >= 0, days <= 10_000, days == days.rounded() else {
                throw fail("the exact optimisers need a constant, whole-day lead time of at most 10000 days (supplier '\(supplier.name)' has \(OptimizationReport.describe(supplier.leadTimeDays)) days)")
            }
            return Int(days)
        }

        func solve(_ parameters: SKUPolicyParameters) throws -> SKUPolicyParameters {
            if case .continuous = world.review, definition.kind != .periodicOrderUpTo {
                throw fail("the exact optimisers model periodic review",
                           allowed: "review: {type: periodic, everyDays: 1}, or numbers instead of auto (restock run and restock tune find them by simulation search instead)")
            }
            var out = parameters
            let h = product.holdingCostPerUnitDay
            let r = reviewPeriodDays
            let lead = try leadTimeDays()
            do {
                switch (definition.kind, product.shortage) {
                case (.baseStock, .backorders(let b)), (.periodicOrderUpTo, .backorders(let b)):
                    let demand = try DemandPMF.over(days: lead + r, product.customers)
                    let best = try Newsvendor.discrete(pmf: demand, holdingCost: h, shortageCost: b)
                    out.values[.orderUpToUnits] = best.orderUpTo
                    out.notes.append(String(format: "newsvendor on %d-day demand (mean %.2f units): S = %d, holding+backorder cost %.4f per day",
                                            lead + r, demand.mean, best.orderUpTo, best.expectedCost))
                case (.baseStock, .lostSales(let penalty)), (.periodicOrderUpTo, .lostSales(let penalty)):
                    guard lead % r == 0 else { throw fail("lost sales need a lead time that is a multiple of the review period") }
                    let demand = try DemandPMF.over(days: r, product.customers)
                    let best = try LostSalesBaseStock.optimize(pmf: demand, holdingCost: h * Double(r), lostSalePenalty: penalty,
                                                               leadTimePeriods: lead / r)
                    out.values[.orderUpToUnits] = best.level
                    out.notes.append(String(format: "exact lost-sales Markov chain (L = %d periods of %d day(s)): S = %d, holding+penalty cost %.4f per period",
                                            lead / r, r, best.level, best.costPerPeriod))
                case (.sS, .backorders(let b)):
                    guard lead % r == 0 else { throw fail("(s,S) needs a lead time that is a multiple of the review period") }
                    let demand = try DemandPMF.over(days: r, product.customers)
                    if parameters.optimised.count < 2 {
                        throw fail("(s,S) is optimised jointly: write auto for both reorderPointUnits and orderUpToUnits")
                    }
                    let best = try ZhengFedergruen.optimize(pmf: demand, holdingCost: h * Double(r), backorderCost: b * Double(r),
                                                            fixedCostPerOrder: supplier.fixedCostPerOrder, leadTimePeriods: lead / r)
                    out.values[.reorderPointUnits] = best.s
                    out.values[.orderUpToUnits] = best.S
                    out.notes.append(String(format: "Zheng–Federgruen: s = %d, S = %d, ordering+holding+backorder cost %.4f per period of %d day(s)",
                                            best.s, best.S, best.costPerPeriod, r))
                case (.sQ, .backorders(let b)):
                    let daily = product.customers.meanDemandPerDay
                    var q = parameters.values[.orderQuantityUnits]
                    if q == nil {
                        let eoq = try EOQ.optimal(fixedCostPerOrder: supplier.fixedCostPerOrder, holdingCostPerUnitPeriod: h,
                                                  demandPerPeriod: daily)
                        guard eoq.orderQuantity.isFinite, eoq.orderQuantity <= 10_000_000 else {
                            throw fail(String(format: "the EOQ batch (%g units) is beyond 10,000,000 units", eoq.orderQuantity))
                        }
                        q = max(1, Int(eoq.orderQuantity.rounded()))
                        out.values[.orderQuantityUnits] = q
                        out.notes.append(String(format: "EOQ: Q = %d (continuous optimum %.2f, cost %.4f per day)",
                                                q ?? 1, eoq.orderQuantity, eoq.costPerPeriod))
                    }
                    if parameters.optimised.contains(.reorderPointUnits), let q {
                        guard q <= 10_000_000 else { throw fail("the best s is searched for batches up to 10,000,000 units") }
                        let demand = try DemandPMF.over(days: lead + r, product.customers)
                        let s = bestReorderPoint(batch: q, demand: demand, h: h, b: b)
                        out.values[.reorderPointUnits] = s.point
                        out.notes.append(String(format: "best s for Q = %d: s = %d, holding+backorder cost %.4f per day", q, s.point, s.cost))
                    }
                case (.sS, .lostSales), (.sQ, .lostSales):
                    throw fail("no exact optimiser for \(definition.kind.rawValue) under lost sales")
                case (.forecastOrderUpTo, _), (.trained, _), (.markdownRule, _), (.markdownSchedule, _), (.bayesMarkdown, _), (.custom, _):
                    break
                case (.dualIndex, _), (.cappedDualIndex, _):
                    throw fail("dual-index parameters have no exact optimiser here")
                }
            } catch let error as OptimizerError {
                throw fail(error.message)
            }
            return out
        }

        /// Minimises the average of G(y) over the uniform positions y = s+1…s+Q.
        func bestReorderPoint(batch q: Int, demand: DiscretePMF, h: Double, b: Double) -> (point: Int, cost: Double) {
            func g(_ y: Int) -> Double { h * demand.expectedLeftover(stockLevel: y) + b * demand.expectedShortage(stockLevel: y) }
            // The windowed sum is convex in s; start where the window covers the demand's bulk and slide.
            var s = -q
            var window = (s + 1...s + q).reduce(0.0) { $0 + g($1) }
            var best = (s, window)
            let limit = demand.maxValue + q
            while s < limit {
                window += g(s + q + 1) - g(s + 1)
                s += 1
                if window < best.1 - 1e-12 { best = (s, window) }
            }
            return (best.0, best.1 / Double(q))
        }
    }
}
