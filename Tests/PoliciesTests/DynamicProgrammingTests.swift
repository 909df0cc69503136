import Foundation
import Testing
import Stochastics
@testable import Policies
import RestockTestSupport

// Exact dynamic programming (InventoryMDP, relative and discounted value iteration,
// policy evaluation, TablePolicy). Reference values come from Tests/Fixtures
// (Zipkin 2008, Zheng & Federgruen 1991) or from the independent exact optimisers in
// Policies/Optimizers (LostSalesBaseStock, ZhengFedergruen, BackorderBaseStock,
// Newsvendor); the DP computes its own numbers and the tests only compare.

/// Rows of a reference table in Tests/Fixtures.
private func dpReadCSV(_ name: String) throws -> [[String: Double]] { try Fixtures.numericRows(name) }

/// `x` rounded to `decimals` places equals the published value.
private func agrees(_ x: Double, _ published: Double, decimals: Int) -> Bool {
    let scale = pow(10, Double(decimals))
    return (x * scale).rounded() == (published * scale).rounded()
}

private let dpTolerance = RelativeValueIteration.defaultTolerance

/// Zipkin's lost-sales model (Poisson 5, h = 1). The position cap is the backorder
/// base-stock level (Morton's 1969 bound on the optimal lost-sales order-up-to position)
/// plus a margin; `capLimitedStates == 0` then confirms the cap never bound.
private func zipkinModel(leadTime: Int, penalty: Double, margin: Int = 5) throws -> InventoryMDP {
    let pmf = try DiscretePMF.poisson(mean: 5)
    let bound = try BackorderBaseStock.optimize(
        pmf: pmf, holdingCost: 1, backorderCost: penalty, leadTimePeriods: leadTime).level
    return try InventoryMDP(
        demand: pmf, leadTimePeriods: leadTime, shortage: .lostSales(penaltyPerUnit: penalty), holdingCost: 1,
        positionCap: bound + margin)
}

private func checkBounds(_ solution: MDPSolution, tolerance: Double = dpTolerance, _ label: String) {
    #expect(solution.lowerBound <= solution.upperBound, "\(label)")
    #expect(solution.gap < tolerance, "\(label): gap \(solution.gap)")
    #expect(solution.lowerBound <= solution.value && solution.value <= solution.upperBound, "\(label)")
}

@Suite("Exact dynamic programming")
struct DynamicProgrammingTests {
    // MARK: - Published benchmarks

    /// Every row of lost_sales_zipkin.csv: the optimum, and the best base-stock policy
    /// evaluated on the same MDP through the `Policy` protocol.
    @Test func zipkinLostSalesTable() throws {
        let rows = try dpReadCSV("lost_sales_zipkin.csv")
        #expect(rows.count == 8)
        let pmf = try DiscretePMF.poisson(mean: 5)
        for row in rows {
            let lead = Int(row["lead_time_periods"]!)
            let penalty = row["lost_sale_penalty"]!
            #expect(row["mean_demand"] == 5 && row["holding_cost"] == 1)
            let label = "L=\(lead) p=\(penalty)"
            let mdp = try zipkinModel(leadTime: lead, penalty: penalty)
            let optimum = try RelativeValueIteration.solve(mdp)
            checkBounds(optimum, label)
            #expect(agrees(optimum.value, row["optimal_cost"]!, decimals: 2), "\(label): DP optimum \(optimum.value)")
            #expect(optimum.capLimitedStates == 0, "\(label): the position cap limited the policy")

            let level = Int(row["best_base_stock_level"]!)
            let table = mdp.policyTable(from: BaseStockPolicy(orderUpToUnits: level))
            #expect(table.orderQuantities == mdp.baseStockTable(level: level).orderQuantities, "\(label)")
            let baseStock = try RelativeValueIteration.evaluate(mdp, policy: table, tolerance: 1e-9)
            checkBounds(baseStock, tolerance: 1e-9, label)
            #expect(agrees(baseStock.value, row["best_base_stock_cost"]!, decimals: 2),
                    "\(label): base-stock \(level) costs \(baseStock.value)")
            let chain = try LostSalesBaseStock.cost(
                level: level, pmf: pmf, holdingCost: 1, lostSalePenalty: penalty, leadTimePeriods: lead)
            #expect(abs(baseStock.value - chain) <= 1e-6, "\(label): DP \(baseStock.value) vs chain \(chain)")
            // The optimum is no worse than the best base-stock policy.
            #expect(optimum.lowerBound <= baseStock.upperBound, "\(label)")
            print("Zipkin \(label): optimum \(optimum.value) (\(optimum.iterations) iterations), base-stock \(level): \(baseStock.value)")
        }
    }

    /// Zheng–Federgruen, first row: backorders, K = 64, h = 1, b = 9, Poisson 10, L = 0.
    @Test func zhengFedergruenFirstRow() throws {
        let row = try #require(try dpReadCSV("zheng_federgruen_sS.csv").first)
        let pmf = try DiscretePMF.poisson(mean: row["mean_demand"]!)
        let mdp = try InventoryMDP(
            demand: pmf, leadTimePeriods: 0, shortage: .backorders(costPerUnitDay: row["stockout_cost"]!),
            holdingCost: row["holding_cost"]!, fixedOrderCost: row["fixed_cost"]!, positionCap: 60)
        let solution = try RelativeValueIteration.solve(mdp)
        checkBounds(solution, "ZF")
        #expect(agrees(solution.value, row["optimal_cost"]!, decimals: 3), "DP optimum \(solution.value)")
        #expect(solution.capLimitedStates == 0)
        // One period from net inventory 0 ordering 40: K + G(40).
        let periodCost = mdp.expectedPeriodCost(in: MDPState(netInventory: 0), order: 40)
        #expect(abs(periodCost - 64 - Newsvendor.cost(level: 40, pmf: pmf, holdingCost: 1, shortageCost: 9)) <= 1e-12)

        // The table has (s,S) form with the published s and S, on every state.
        let s = Int(row["s"]!), bigS = Int(row["S"]!)
        let space = mdp.stateSpace
        for y in space.netInventoryFloor...space.positionCap {
            let order = try #require(solution.policy.decision(in: MDPState(netInventory: y))).orderQuantity
            #expect(order == (y <= s ? bigS - y : 0), "net inventory \(y) orders \(order)")
        }
        // Independent exact optimiser and the (s,S) policy evaluated through `Policy`.
        let zf = try ZhengFedergruen.optimize(
            pmf: pmf, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: 64, leadTimePeriods: 0)
        #expect(abs(solution.value - zf.costPerPeriod) <= dpTolerance)
        let sS = try RelativeValueIteration.evaluate(
            mdp, policy: mdp.policyTable(from: SSPolicy(reorderPointUnits: s, orderUpToUnits: bigS)), tolerance: 1e-9)
        #expect(abs(sS.value - zf.costPerPeriod) <= 1e-8)
    }

    /// With a lead time and backorders only the inventory position matters, so the DP on
    /// the full pipeline state must reproduce the position-based optima: (s,S) by
    /// Zheng–Federgruen with K > 0, and the (L + 1)-period newsvendor with K = 0.
    @Test func backordersWithLeadTimeMatchPositionBasedOptima() throws {
        let pmf10 = try DiscretePMF.poisson(mean: 10)
        let mdp = try InventoryMDP(
            demand: pmf10, leadTimePeriods: 1, shortage: .backorders(costPerUnitDay: 9), holdingCost: 1,
            fixedOrderCost: 64, positionCap: 75)
        let solution = try RelativeValueIteration.solve(mdp)
        checkBounds(solution, "ZF L=1")
        let zf = try ZhengFedergruen.optimize(
            pmf: pmf10, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: 64, leadTimePeriods: 1)
        #expect(abs(solution.value - zf.costPerPeriod) <= dpTolerance, "DP \(solution.value) vs ZF \(zf)")
        #expect(solution.capLimitedStates == 0)

        let pmf3 = try DiscretePMF.poisson(mean: 3)
        for lead in [1, 2] {
            let newsvendor = try BackorderBaseStock.optimize(
                pmf: pmf3, holdingCost: 1, backorderCost: 9, leadTimePeriods: lead)
            let model = try InventoryMDP(
                demand: pmf3, leadTimePeriods: lead, shortage: .backorders(costPerUnitDay: 9), holdingCost: 1,
                positionCap: newsvendor.level + 5)
            let optimum = try RelativeValueIteration.solve(model)
            checkBounds(optimum, "backorders L=\(lead)")
            #expect(abs(optimum.value - newsvendor.costPerPeriod) <= dpTolerance,
                    "L=\(lead): DP \(optimum.value) vs newsvendor \(newsvendor.costPerPeriod)")
            // Optimal: order up to the newsvendor level from any position below it.
            let state = MDPState(netInventory: 2, pipeline: [Int](repeating: 1, count: lead - 1))
            let decision = try #require(optimum.policy.decision(in: state))
            #expect(state.inventoryPosition + decision.orderQuantity == newsvendor.level)
        }
    }

    // MARK: - Longer lead times (Zipkin-style, Poisson 5, p = 9)

    @Test func zipkinLeadTimeThreeAndFour() throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        var previous = try RelativeValueIteration.solve(try zipkinModel(leadTime: 2, penalty: 9)).value
        // Best base-stock levels by LostSalesBaseStock.optimize (L = 4 takes ~3 s in debug, so
        // only the cost at the level is recomputed here): 23 for L = 3, 28 for L = 4.
        for (lead, bestLevel) in [(3, 23), (4, 28)] {
            let mdp = try zipkinModel(leadTime: lead, penalty: 9)
            let start = ContinuousClock.now
            let optimum = try RelativeValueIteration.solve(mdp)
            let elapsed = ContinuousClock.now - start
            checkBounds(optimum, "L=\(lead)")
            #expect(optimum.capLimitedStates == 0)
            // A longer lead time cannot help, and the optimum beats base-stock.
            #expect(optimum.value > previous)
            let baseStock = try LostSalesBaseStock.cost(
                level: bestLevel, pmf: pmf, holdingCost: 1, lostSalePenalty: 9, leadTimePeriods: lead)
            #expect(optimum.upperBound < baseStock)
            previous = optimum.value
            print("Zipkin-style L=\(lead) p=9: optimum \(optimum.value) in [\(optimum.lowerBound), \(optimum.upperBound)], \(mdp.validStateCount) states (\(mdp.stateSpace.count) indexed), cap \(mdp.stateSpace.positionCap), \(optimum.iterations) iterations, solve \(elapsed); best base-stock \(baseStock)")
        }
    }

    /// A larger cap does not change the optimum (the default margin is enough).
    @Test func capMarginDoesNotMatter() throws {
        let tight = try RelativeValueIteration.solve(try zipkinModel(leadTime: 2, penalty: 39))
        let loose = try RelativeValueIteration.solve(try zipkinModel(leadTime: 2, penalty: 39, margin: 12))
        #expect(abs(tight.value - loose.value) <= dpTolerance)
    }

    // MARK: - Pricing

    /// Three prices, Poisson demand falling with price, L = 1, K = 10, c = 2: choosing the
    /// price with the order beats the best fixed price (each fixed price solved as its own MDP).
    @Test func jointPricingBeatsBestFixedPrice() throws {
        let levels = try [(6.0, 8.0), (8.0, 6.0), (10.0, 4.0)].map {
            InventoryMDP.PriceLevel(price: $0.0, demand: try DiscretePMF.poisson(mean: $0.1))
        }
        func model(_ levels: [InventoryMDP.PriceLevel]) throws -> InventoryMDP {
            try InventoryMDP(
                priceLevels: levels, leadTimePeriods: 1, shortage: .lostSales(penaltyPerUnit: 1), holdingCost: 1,
                fixedOrderCost: 10, unitOrderCost: 2, positionCap: 40)
        }
        let mdp = try model(levels)
        // Period cost with revenue: h E(y - D)^+ + p E(D - y)^+ - r E min(y, D), plus K + c a.
        let demand = levels[0].demand
        let expectedSales = demand.mean - demand.expectedShortage(stockLevel: 5)
        let manual = demand.expectedLeftover(stockLevel: 5) + demand.expectedShortage(stockLevel: 5)
            - 6 * expectedSales + 10 + 2 * 3
        #expect(abs(mdp.expectedPeriodCost(in: MDPState(netInventory: 5), order: 3, priceLevel: 0) - manual) <= 1e-12)
        let dynamic = try RelativeValueIteration.solve(mdp)
        checkBounds(dynamic, "pricing")
        #expect(dynamic.capLimitedStates == 0)
        var bestFixed = -Double.infinity
        for level in levels {
            let fixed = try RelativeValueIteration.solve(try model([level]))
            checkBounds(fixed, "price \(level.price)")
            #expect(fixed.profit > 0)
            bestFixed = max(bestFixed, fixed.profit)
        }
        // Certified: the dynamic policy's worst case beats the best fixed price's best case.
        #expect(-dynamic.upperBound > bestFixed + 0.05, "dynamic \(dynamic.profit) vs fixed \(bestFixed)")
        // The optimal policy does use different prices in different states.
        let used = Set((0...20).map { dynamic.policy.decision(in: MDPState(netInventory: $0))!.priceLevel })
        #expect(used.count >= 2)
        // Evaluating the optimal table reproduces its profit; TablePolicy reports prices.
        let evaluated = try RelativeValueIteration.evaluate(mdp, policy: dynamic.policy)
        #expect(abs(evaluated.value - dynamic.value) <= dpTolerance)
        let policy = TablePolicy(table: dynamic.policy)
        let action = policy.decide(mdp.stateSpace.observation(for: MDPState(netInventory: 0)))
        let decision = dynamic.policy.decision(in: MDPState(netInventory: 0))!
        #expect(action.price == levels[decision.priceLevel].price)
        #expect(action.orderUnits.reduce(0, +) == decision.orderQuantity)
        print("Pricing: dynamic profit \(dynamic.profit), best fixed price \(bestFixed)")
    }

    // MARK: - Bounds

    /// A loose tolerance stops early, and its bracket still contains the exact value.
    @Test func boundsBracketTheOptimum() throws {
        let mdp = try zipkinModel(leadTime: 2, penalty: 9)
        let tight = try RelativeValueIteration.solve(mdp, tolerance: 1e-10)
        let loose = try RelativeValueIteration.solve(mdp, tolerance: 0.5)
        checkBounds(tight, tolerance: 1e-10, "tight")
        checkBounds(loose, tolerance: 0.5, "loose")
        #expect(loose.iterations < tight.iterations)
        #expect(loose.lowerBound <= tight.lowerBound && tight.upperBound <= loose.upperBound)
        // The loose run's greedy policy costs at most its upper bound.
        let greedy = try RelativeValueIteration.evaluate(mdp, policy: loose.policy)
        #expect(greedy.lowerBound <= loose.upperBound)
        #expect(greedy.upperBound >= tight.lowerBound)
    }

    /// Demand without mass at zero makes chains periodic: the aperiodicity transformation
    /// must still converge. Demand is always 2, L = 1, S = 3: on hand alternates 1, 2,
    /// one unit is lost every other period, cost 10 / 2; ordering 2 each period costs 0.
    @Test func periodicChainsConverge() throws {
        let pmf = try DiscretePMF(probabilities: [0, 0, 1])
        let mdp = try InventoryMDP(
            demand: pmf, leadTimePeriods: 1, shortage: .lostSales(penaltyPerUnit: 10), holdingCost: 1, positionCap: 6)
        let baseStock = try RelativeValueIteration.evaluate(mdp, policy: mdp.baseStockTable(level: 3))
        #expect(abs(baseStock.value - 5) <= dpTolerance)
        let optimum = try RelativeValueIteration.solve(mdp)
        #expect(abs(optimum.value) <= dpTolerance)
        #expect(throws: OptimizerError.self) {
            _ = try RelativeValueIteration.evaluate(
                mdp, policy: mdp.baseStockTable(level: 3), maxIterations: 200, aperiodicityFactor: 1)
        }
    }

    // MARK: - Discounted criterion

    /// Backorders, L = 0, K = c = 0: the myopic newsvendor level S* is optimal for every
    /// discount factor, and from any y <= S* the discounted cost is G(S*) / (1 − λ).
    @Test func discountedNewsvendorClosedForm() throws {
        let pmf = try DiscretePMF.poisson(mean: 10)
        let newsvendor = try Newsvendor.discrete(pmf: pmf, holdingCost: 1, shortageCost: 9)
        let mdp = try InventoryMDP(
            demand: pmf, leadTimePeriods: 0, shortage: .backorders(costPerUnitDay: 9), holdingCost: 1,
            positionCap: 40)
        for factor in [0.5, 0.9, 0.99] {
            let solution = try DiscountedValueIteration.solve(mdp, discountFactor: factor, at: MDPState(netInventory: 3))
            checkBounds(solution, "λ=\(factor)")
            let exact = newsvendor.expectedCost / (1 - factor)
            #expect(solution.lowerBound - 1e-9 <= exact && exact <= solution.upperBound + 1e-9,
                    "λ=\(factor): [\(solution.lowerBound), \(solution.upperBound)] vs \(exact)")
            for y in mdp.stateSpace.netInventoryFloor...mdp.stateSpace.positionCap {
                let order = solution.policy.decision(in: MDPState(netInventory: y))!.orderQuantity
                #expect(order == max(newsvendor.orderUpTo - y, 0), "λ=\(factor) y=\(y)")
            }
            let bounds = try #require(solution.discountedValueBounds(at: MDPState(netInventory: -5)))
            #expect(bounds.lower - 1e-9 <= exact && exact <= bounds.upper + 1e-9)
            let evaluated = try DiscountedValueIteration.evaluate(
                mdp, policy: mdp.baseStockTable(level: newsvendor.orderUpTo), discountFactor: factor,
                at: MDPState(netInventory: 3))
            #expect(abs(evaluated.value - exact) <= 1e-6)
        }
    }

    /// Lost sales, L = 2: the discounted optimum is bracketed, its greedy policy's
    /// evaluation agrees, and (1 − λ) v_λ approaches the average cost as λ → 1.
    @Test func discountedLostSalesIsConsistent() throws {
        let mdp = try zipkinModel(leadTime: 2, penalty: 9)
        let average = try RelativeValueIteration.solve(mdp).value
        let state = MDPState(netInventory: 8, pipeline: [5])
        var previousError = Double.infinity
        for factor in [0.9, 0.99, 0.999] {
            let solution = try DiscountedValueIteration.solve(mdp, discountFactor: factor, at: state)
            checkBounds(solution, "λ=\(factor)")
            let evaluated = try DiscountedValueIteration.evaluate(
                mdp, policy: solution.policy, discountFactor: factor, at: state)
            #expect(abs(evaluated.value - solution.value) <= 1e-6)
            let error = abs((1 - factor) * solution.value - average)
            #expect(error < previousError)
            previousError = error
        }
        #expect(previousError < 0.01)
    }

    // MARK: - Limits and errors

    @Test func tooLargeStateSpaceThrowsBeforeAllocating() throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        // 1001^4 ≈ 1e12 indices: allocating would crash, so this also proves the check comes first.
        do {
            _ = try InventoryMDP(
                demand: pmf, leadTimePeriods: 5, shortage: .lostSales(penaltyPerUnit: 9), holdingCost: 1,
                positionCap: 1000)
            Issue.record("expected OptimizerError")
        } catch let error as OptimizerError {
            #expect(error.message.contains("too large for DP"))
            #expect(error.message.contains("\(InventoryMDP.defaultMaxStates)"))
        }
        do {
            _ = try InventoryMDP(
                demand: pmf, leadTimePeriods: 2, shortage: .lostSales(penaltyPerUnit: 9), holdingCost: 1,
                positionCap: 30, maxStates: 500)
            Issue.record("expected OptimizerError")
        } catch let error as OptimizerError {
            #expect(error.message.contains("at most 500"))
        }
        // Just under a custom limit is fine: 31 × 31 = 961 indices.
        let ok = try InventoryMDP(
            demand: pmf, leadTimePeriods: 2, shortage: .lostSales(penaltyPerUnit: 9), holdingCost: 1,
            positionCap: 30, maxStates: 961)
        #expect(ok.stateSpace.count == 961)
        #expect(ok.validStateCount == 31 * 32 / 2)
    }

    @Test func invalidInputsThrow() throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        #expect(throws: OptimizerError.self) {
            _ = try InventoryMDP(demand: pmf, leadTimePeriods: 1, shortage: .lostSales(penaltyPerUnit: 9),
                                 holdingCost: -1, positionCap: 20)
        }
        #expect(throws: OptimizerError.self) {
            _ = try InventoryMDP(demand: pmf, leadTimePeriods: -1, shortage: .lostSales(penaltyPerUnit: 9),
                                 holdingCost: 1, positionCap: 20)
        }
        #expect(throws: OptimizerError.self) {
            _ = try InventoryMDP(demand: pmf, leadTimePeriods: 1, shortage: .lostSales(penaltyPerUnit: 9),
                                 holdingCost: 1, positionCap: 20, netInventoryFloor: -5)
        }
        #expect(throws: OptimizerError.self) {
            _ = try InventoryMDP(priceLevels: [], leadTimePeriods: 1, shortage: .lostSales(penaltyPerUnit: 9),
                                 holdingCost: 1, positionCap: 20)
        }
        let mdp = try zipkinModel(leadTime: 2, penalty: 9)
        let other = try zipkinModel(leadTime: 2, penalty: 9, margin: 6)
        #expect(throws: OptimizerError.self) {
            _ = try RelativeValueIteration.evaluate(mdp, policy: other.baseStockTable(level: 10))
        }
        #expect(throws: OptimizerError.self) { _ = try RelativeValueIteration.solve(mdp, tolerance: 0) }
        #expect(throws: OptimizerError.self) { _ = try DiscountedValueIteration.solve(mdp, discountFactor: 1) }
        #expect(throws: OptimizerError.self) {
            _ = try DiscountedValueIteration.solve(mdp, discountFactor: 0.9, at: MDPState(netInventory: 3))
        }
        #expect(throws: OptimizerError.self) { _ = try RelativeValueIteration.solve(mdp, maxIterations: 2) }
    }

    // MARK: - State space and TablePolicy

    @Test func stateIndexRoundTrips() throws {
        let mdp = try InventoryMDP(
            demand: try DiscretePMF.poisson(mean: 3), leadTimePeriods: 3, shortage: .backorders(costPerUnitDay: 4),
            holdingCost: 1, positionCap: 12, maxOrderQuantity: 6, netInventoryFloor: -8)
        let space = mdp.stateSpace
        #expect(space.count == 21 * 7 * 7)
        var valid = 0
        for index in 0..<space.count {
            let state = space.state(at: index)
            if space.isValid(index: index) {
                valid += 1
                #expect(space.index(of: state) == index)
                #expect(space.nearestState(netInventory: state.netInventory, pipeline: state.pipeline) == state)
            } else {
                #expect(space.index(of: state) == nil)
                #expect(state.inventoryPosition > space.positionCap)
            }
        }
        #expect(valid == mdp.validStateCount)
    }

    @Test func tablePolicyLooksUpEveryState() throws {
        let mdp = try zipkinModel(leadTime: 3, penalty: 9)
        let solution = try RelativeValueIteration.solve(mdp)
        let policy = TablePolicy(table: solution.policy, periodLengthDays: 7, supplier: 1)
        let space = mdp.stateSpace
        for index in mdp.validStates.map(Int.init) {
            let state = space.state(at: index)
            let observation = space.observation(for: state, periodLengthDays: 7)
            #expect(space.state(from: observation, periodLengthDays: 7) == state)
            let action = policy.decide(observation)
            #expect(action == .order(Int(solution.policy.orderQuantities[index]), from: 1), "\(state)")
        }
        // The Policy-protocol round trip reproduces the table.
        #expect(mdp.policyTable(from: policy, periodLengthDays: 7).orderQuantities == solution.policy.orderQuantities)
    }

    /// Observations outside the table fall back to the nearest state on its boundary.
    @Test func tablePolicyFallsBackToNearestState() throws {
        let mdp = try zipkinModel(leadTime: 3, penalty: 9)  // cap 31, state (y; r_1, r_2)
        let table = try RelativeValueIteration.solve(mdp).policy
        let policy = TablePolicy(table: table)
        let cap = mdp.stateSpace.positionCap
        func observe(onHand: Int, backorders: Int = 0, due: [(Double, Int)]) -> Observation {
            Observation(
                sku: 0, day: 10, onHandUnits: onHand, backorderedUnits: backorders,
                pipeline: due.map { PipelineOrder(supplier: 0, quantityUnits: $0.1, dueDay: 10 + $0.0) }, price: 1)
        }
        // Above the cap: cut back to the cap, where nothing is ordered.
        #expect(policy.decide(observe(onHand: cap + 20, due: [])) == .none)
        #expect(policy.decide(observe(onHand: 20, due: [(1, 8), (2, 9)])) == .none)
        #expect(mdp.stateSpace.nearestState(netInventory: 20, pipeline: [8, 9]) == MDPState(netInventory: 20, pipeline: [8, 3]))
        // Backorders cannot exist under lost sales: clamped to empty stock.
        let empty = table.decision(in: MDPState(netInventory: 0, pipeline: [0, 0]))!.orderQuantity
        #expect(empty > 0)
        #expect(policy.decide(observe(onHand: 0, backorders: 4, due: [])) == .order(empty))
        // Orders due beyond the lead time join the newest slot; fractional due days go to the
        // slot of the review at which they will have arrived.
        let folded = table.decision(in: MDPState(netInventory: 3, pipeline: [4, 7]))!.orderQuantity
        #expect(policy.decide(observe(onHand: 3, due: [(0.5, 4), (2, 2), (5, 5)])) == .order(folded))
        // An order due by now (overdue, or due today) counts as received, as in the model's timing and
        // in the learning agents' features (Observation.modelState).
        let received = table.decision(in: MDPState(netInventory: 7, pipeline: [0, 7]))!.orderQuantity
        #expect(policy.decide(observe(onHand: 3, due: [(-1, 4), (1.7, 7)])) == .order(received))
        #expect(policy.decide(observe(onHand: 3, due: [(0, 4), (1.7, 7)])) == .order(received))
    }
}

@Suite("SingleSKUModel")
struct SingleSKUModelTests {
    @Test("sizes from the demand quantiles and EOQ; the cost-equivalent lost-sales penalty; the lead-time range")
    func sizes() throws {
        let daily = try DiscretePMF.poisson(mean: 5)
        let model = try SingleSKUModel(leadTimeDays: 2, dailyDemand: daily, holdingCostPerUnitDay: 1,
                                       shortage: .lostSales(penaltyPerUnit: 4), fixedCostPerOrder: 10, unitCost: 3, sellingPrice: 10)
        #expect(model.batchUnits == 10)  // ⌈√(2 · 10 · 5 / 1)⌉
        let protection = try daily.power(3)
        #expect(protection.cdf(model.protectionQuantileUnits) >= 0.9999 && protection.cdf(model.protectionQuantileUnits - 1) < 0.9999)
        #expect(model.positionCapUnits == model.protectionQuantileUnits + 10 + 5)
        #expect(daily.cdf(model.orderLimitUnits - 10) >= 0.9999 && daily.cdf(model.orderLimitUnits - 11) < 0.9999)
        #expect(model.netInventoryFloorUnits == nil)
        #expect(model.costEquivalentShortage == .lostSales(penaltyPerUnit: 11))
        #expect(abs(model.profitOffsetPerDay - 35) < 1e-9)
        var limited = model
        limited.orderLimitUnits = 0
        #expect(limited.orderLimitUnits == 1)
        let mdp = try InventoryMDP(model: model)
        #expect(mdp.stateSpace.positionCap == model.positionCapUnits && mdp.leadTimePeriods == 2 && mdp.unitOrderCost == 3)
        #expect(throws: SingleSKUModelError.self) {
            try SingleSKUModel(leadTimeDays: SingleSKUModel.maxLeadTimeDays + 1, dailyDemand: daily, holdingCostPerUnitDay: 1,
                               shortage: .backorders(costPerUnitDay: 4))
        }
        let backorders = try SingleSKUModel(leadTimeDays: 0, dailyDemand: daily, holdingCostPerUnitDay: 1,
                                            shortage: .backorders(costPerUnitDay: 4), unitCost: 3, sellingPrice: 10)
        #expect(backorders.costEquivalentShortage == .backorders(costPerUnitDay: 4))
        #expect(backorders.netInventoryFloorUnits == -backorders.protectionQuantileUnits)
        #expect(backorders.batchUnits == 0)
    }
}
