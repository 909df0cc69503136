import Dispatch
import Foundation
import Policies
import Simulation

/// `restock solve`: the exact optimal policy of each SKU that is small enough for dynamic programming,
/// and the exact long-run profit of the scenario's own policies on the same model, so a planner sees
/// how far each heuristic is from the best possible.
///
/// The model is the SKU's `SingleSKUModel` (Simulation builds it from the scenario): reviewed daily, its
/// demand per day as an exact pmf, its first supplier's constant lead time (0 to
/// `SingleSKUModel.maxLeadTimeDays` days), unit and fixed order costs, the selling price as revenue and
/// end-of-day holding and shortage costs, solved as `InventoryMDP(model:)`; the objective is profit per
/// day. Long lead times or wide demand are refused by the dynamic program's own state-count limit.
/// Features of the scenario the model leaves out (storage capacity, minimum order, other suppliers, …;
/// `SingleSKUModel.leftOut(of:skuIndex:)`) are named in the output: the optimum is that of the model.
///
/// A SKU with exactly two suppliers is solved as a `DualSourcingModel` instead (constant whole-day
/// lead times, the longer one regular and 2 to `SingleSKUModel.maxLeadTimeDays` days, the shorter one
/// expedited; `DualSourcingModel.of(world:skuIndex:)`): every policy of the scenario (base stock from
/// either supplier, dual index, capped dual index, ...) is graded exactly on it, and the best dual-index
/// and capped dual-index levels (`DualIndexSearch`) are printed with their profit per day.
public enum ExactSolver {
    /// One SKU's outcome.
    public struct SKUResult: Sendable {
        public var sku: String
        /// Optimal profit per day and its certified bounds, when solved.
        public var optimalProfitPerDay: Double?
        public var bounds: (lower: Double, upper: Double)?
        public var states: Int
        public var seconds: Double
        /// Exact profit per day of each scenario policy (nil where it cannot be evaluated, with the reason).
        public var policies: [(name: String, profitPerDay: Double?, note: String)]
        /// Why the SKU could not be solved.
        public var reason: String?
        /// Features of the scenario the model leaves out (`SingleSKUModel.leftOut(of:skuIndex:)`), so the
        /// optimum is that of the simpler model; empty when the model is the scenario as written.
        public var leftOut: [String] = []
        /// Two suppliers: the best dual-index and capped dual-index levels (`DualIndexSearch`) with their
        /// exact profit per day; empty for a single-supplier SKU.
        public var bestDualIndex: [(name: String, levels: DualIndexLevels, profitPerDay: Double)] = []
    }

    /// Solves every SKU.
    public static func solve(_ scenario: Scenario) -> [SKUResult] {
        scenario.world.products.indices.map { solve(scenario, sku: $0) }
    }

    static func solve(_ scenario: Scenario, sku: Int) -> SKUResult {
        let world = scenario.world
        let product = world.products[sku]
        if product.suppliers.count == 2 { return solveDual(scenario, sku: sku) }
        func unsolvable(_ reason: String) -> SKUResult {
            SKUResult(sku: product.sku, optimalProfitPerDay: nil, bounds: nil, states: 0, seconds: 0, policies: [], reason: reason,
                      leftOut: SingleSKUModel.leftOut(of: world, skuIndex: sku))
        }
        let model: SingleSKUModel
        do {
            model = try SingleSKUModel(world: world, skuIndex: sku)
        } catch let error as SingleSKUModelError {
            return unsolvable(error.problem)
        } catch {
            return unsolvable("\(error)")
        }
        let start = DispatchTime.now()
        do {
            let mdp = try InventoryMDP(model: model)
            let optimum = try RelativeValueIteration.solve(mdp)
            var evaluated: [(name: String, profitPerDay: Double?, note: String)] = []
            for definition in scenario.policies {
                guard !definition.usesForecasts else {
                    evaluated.append((definition.name, nil, "reads forecasts; not part of the exact model"))
                    continue
                }
                // A custom policy's orders count whichever supplier they name (the model has one supplier).
                guard definition.kind == .custom
                        || (definition.kind != .dualIndex && definition.kind != .cappedDualIndex && definition.supplierIndex[sku] == 0) else {
                    evaluated.append((definition.name, nil, "orders from another supplier than the model's"))
                    continue
                }
                let policy = definition.makePolicies(for: world)[sku]
                let value = try RelativeValueIteration.evaluate(mdp, policy: mdp.policyTable(from: policy))
                evaluated.append((definition.name, value.profit, ""))
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return SKUResult(sku: product.sku, optimalProfitPerDay: optimum.profit, bounds: (-optimum.upperBound, -optimum.lowerBound),
                             states: mdp.validStateCount, seconds: seconds, policies: evaluated, reason: nil,
                             leftOut: SingleSKUModel.leftOut(of: world, skuIndex: sku))
        } catch let error as OptimizerError {
            return unsolvable("too large or not suitable for dynamic programming: \(error.message)")
        } catch {
            return unsolvable("\(error)")
        }
    }

    /// A SKU with two suppliers: `DualSourcingModel.of(world:skuIndex:)` solved by relative value
    /// iteration, every scenario policy graded exactly on it, and the best dual-index and capped
    /// dual-index levels found by `DualIndexSearch`. Profit per day is `sellingPrice × mean demand − cost per day`.
    static func solveDual(_ scenario: Scenario, sku: Int) -> SKUResult {
        let world = scenario.world
        let product = world.products[sku]
        let leftOut = DualSourcingModel.leftOut(of: world, skuIndex: sku)
        func unsolvable(_ reason: String) -> SKUResult {
            SKUResult(sku: product.sku, optimalProfitPerDay: nil, bounds: nil, states: 0, seconds: 0, policies: [], reason: reason,
                      leftOut: leftOut)
        }
        let start = DispatchTime.now()
        do {
            let (model, regular, expedited) = try DualSourcingModel.of(world: world, skuIndex: sku)
            let revenue = product.sellingPrice * model.demand.mean
            let optimum = try RelativeValueIteration.solve(model)
            var evaluated: [(name: String, profitPerDay: Double?, note: String)] = []
            for definition in scenario.policies {
                guard !definition.usesForecasts else {
                    evaluated.append((definition.name, nil, "reads forecasts; not part of the exact model"))
                    continue
                }
                let policy = definition.makePolicies(for: world)[sku]
                do {
                    let value = try RelativeValueIteration.evaluate(model, policy: policy, regularSupplier: regular, expeditedSupplier: expedited)
                    evaluated.append((definition.name, revenue - value.value, ""))
                } catch let error as OptimizerError {
                    evaluated.append((definition.name, nil, error.message))
                }
            }
            let di = try DualIndexSearch.bestDualIndex(model)
            let cdi = try DualIndexSearch.bestCappedDualIndex(model)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            var result = SKUResult(
                sku: product.sku, optimalProfitPerDay: revenue - optimum.value,
                bounds: (revenue - optimum.upperBound, revenue - optimum.lowerBound), states: model.validStateCount,
                seconds: seconds, policies: evaluated, reason: nil, leftOut: leftOut)
            result.bestDualIndex = [("dual index", di.levels, revenue - di.costPerPeriod),
                                    ("capped dual index", cdi.levels, revenue - cdi.costPerPeriod)]
            return result
        } catch let error as SingleSKUModelError {
            return unsolvable(error.problem)
        } catch let error as OptimizerError {
            return unsolvable("too large or not suitable for dynamic programming: \(error.message)")
        } catch {
            return unsolvable("\(error)")
        }
    }

    /// The exact optimal policy of a single-supplier SKU as a policy the simulator can run: the table of
    /// `restock solve`'s optimum (`InventoryMDP(model:)` solved by relative value iteration) played by
    /// `TablePolicy`. It is optimal for the long-run profit per day of the SKU's `SingleSKUModel`; on a
    /// finite horizon it is the stationary optimum, not a plan for the last days.
    /// - Parameters:
    ///   - scenario: the scenario.
    ///   - sku: index of the SKU.
    /// - Returns: the policy and its exact long-run profit per day, or why the SKU cannot be solved.
    public static func optimalPolicy(_ scenario: Scenario, sku: Int) -> Result<(policy: TablePolicy, profitPerDay: Double), SingleSKUModelError> {
        let product = scenario.world.products[sku]
        guard product.suppliers.count == 1 else {
            return .failure(SingleSKUModelError("the optimal policy is played for a SKU with one supplier; this one has \(product.suppliers.count).", sku: product.sku))
        }
        do {
            let model = try SingleSKUModel(world: scenario.world, skuIndex: sku)
            let optimum = try RelativeValueIteration.solve(try InventoryMDP(model: model))
            return .success((TablePolicy(table: optimum.policy), optimum.profit))
        } catch let error as SingleSKUModelError {
            return .failure(error)
        } catch let error as OptimizerError {
            return .failure(SingleSKUModelError("too large or not suitable for dynamic programming: \(error.message)", sku: product.sku))
        } catch {
            return .failure(SingleSKUModelError("\(error)", sku: product.sku))
        }
    }

    /// The text `restock solve` prints.
    public static func render(_ results: [SKUResult], scenario: Scenario) -> String {
        var out = "Scenario \(scenario.name): exact optimal policies (dynamic programming, profit per day)\n"
        for result in results {
            out += "\nSKU \(result.sku): "
            guard let optimum = result.optimalProfitPerDay, let bounds = result.bounds else {
                out += "not solved — \(result.reason ?? "unknown reason")\n"
                continue
            }
            out += String(format: "optimal %.4f per day (certified in [%.4f, %.4f]), %d states, %.2f s\n",
                          optimum, bounds.lower, bounds.upper, result.states, result.seconds)
            if !result.leftOut.isEmpty { out += "  model leaves out: \(result.leftOut.joined(separator: ", "))\n" }
            for (name, profit, note) in result.policies {
                if let profit {
                    let gap = optimum != 0 ? max(0, (optimum - profit) / abs(optimum) * 100) : 0
                    out += String(format: "  %@: %.4f per day (%.2f%% below the optimum)\n", name, profit, gap)
                } else {
                    out += "  \(name): not evaluated (\(note))\n"
                }
            }
            for (name, levels, profit) in result.bestDualIndex {
                let gap = optimum != 0 ? max(0, (optimum - profit) / abs(optimum) * 100) : 0
                out += String(format: "  best %@ (%@): %.4f per day (%.2f%% below the optimum)\n", name, levels.description, profit, gap)
            }
        }
        return out
    }
}
