import Foundation
import Testing
import Stochastics
@testable import Policies
import RestockTestSupport

// The dual-sourcing DP (DualSourcingModel, RelativeValueIteration.solve/evaluate, DualIndexSearch).
// The reference numbers come from independent code (BackorderBaseStock, Newsvendor, InventoryMDP),
// from closed forms, or from the published table in Tests/Fixtures; the DP computes its own.

/// Demand uniform on 0...top.
private func uniform(_ top: Int) throws -> DiscretePMF {
    try DiscretePMF(probabilities: [Double](repeating: 1 / Double(top + 1), count: top + 1))
}

private func backorderModel(
    lr: Int = 2, le: Int = 0, cr: Double = 0, ce: Double, demand: DiscretePMF? = nil, h: Double = 5, b: Double = 495,
    maxOrder: Int? = nil
) throws -> DualSourcingModel {
    try DualSourcingModel(
        demand: demand ?? uniform(4), regularLeadTimePeriods: lr, expeditedLeadTimePeriods: le, regularUnitCost: cr,
        expeditedUnitCost: ce, holdingCostPerUnitPeriod: h, shortage: .backorders(costPerUnitDay: b),
        maxRegularOrderUnits: maxOrder, maxExpeditedOrderUnits: maxOrder)
}

@Suite("Dual sourcing, exact")
struct DualSourcingDPTests {
    /// The expedited supplier priced out of use: the optimum is the regular supplier's base-stock optimum.
    @Test func prohibitivePremiumGivesRegularBaseStock() throws {
        for lr in [2, 3] {
            let model = try backorderModel(lr: lr, cr: 1, ce: 5_000)
            let optimum = try RelativeValueIteration.solve(model)
            let single = try BackorderBaseStock.optimize(pmf: model.demand, holdingCost: 5, backorderCost: 495, leadTimePeriods: lr)
            let expected = single.costPerPeriod + 1 * model.demand.mean
            #expect(optimum.gap < 1e-6)
            #expect(abs(optimum.value - expected) < 1e-5, "lr=\(lr): DP \(optimum.value), base stock \(expected)")
        }
    }

    /// Expediting at the regular price: the optimum is the expedited supplier's base-stock optimum
    /// (lead times 0, 1 and 2 against a regular lead time one longer).
    @Test func freeExpeditingGivesExpeditedBaseStock() throws {
        for le in [0, 1, 2] {
            let model = try backorderModel(lr: le + 1 < 2 ? 2 : le + 1, le: le, cr: 3, ce: 3)
            let optimum = try RelativeValueIteration.solve(model)
            let single = try BackorderBaseStock.optimize(pmf: model.demand, holdingCost: 5, backorderCost: 495, leadTimePeriods: le)
            #expect(abs(optimum.value - (single.costPerPeriod + 3 * model.demand.mean)) < 1e-5, "le=\(le): DP \(optimum.value)")
        }
    }

    /// Optimum <= best capped dual index <= best dual index <= best single supplier, and the search's
    /// shift-invariant costs agree with relative value iteration on the model.
    @Test func policyOrdering() throws {
        for (lr, le, ce) in [(2, 0, 10.0), (3, 0, 20.0), (3, 1, 10.0)] {
            let model = try backorderModel(lr: lr, le: le, ce: ce)
            let optimum = try RelativeValueIteration.solve(model)
            let di = try DualIndexSearch.bestDualIndex(model)
            let cdi = try DualIndexSearch.bestCappedDualIndex(model)
            let regular = try BackorderBaseStock.optimize(pmf: model.demand, holdingCost: 5, backorderCost: 495, leadTimePeriods: lr)
            let expedited = try BackorderBaseStock.optimize(pmf: model.demand, holdingCost: 5, backorderCost: 495, leadTimePeriods: le)
            let single = min(regular.costPerPeriod, expedited.costPerPeriod + ce * model.demand.mean)
            let label = "lr=\(lr) le=\(le) ce=\(ce)"
            #expect(optimum.upperBound <= cdi.costPerPeriod + 1e-9, "\(label)")
            #expect(cdi.costPerPeriod <= di.costPerPeriod + 1e-12, "\(label)")
            #expect(di.costPerPeriod <= single + 1e-9, "\(label)")
            #expect(optimum.value < single - 0.1, "\(label): dual sourcing should pay here")
            for found in [di, cdi] {
                let exact = try RelativeValueIteration.evaluate(model, levels: found.levels)
                #expect(abs(exact.value - found.costPerPeriod) < 1e-6, "\(label) \(found.levels): RVI \(exact.value), search \(found.costPerPeriod)")
            }
        }
    }

    /// A regular-only base-stock policy, through the `Policy` protocol: the closed form
    /// `E[h (S - D_{lr+1})^+ + b (D_{lr+1} - S)^+] + c_r E D`.
    @Test func baseStockEvaluationMatchesClosedForm() throws {
        let model = try backorderModel(lr: 3, cr: 2, ce: 10, demand: DiscretePMF.poisson(mean: 1.5))
        let leadTimeDemand = try model.demand.power(4)
        for level in [4, 7, 9] {
            let policy = BaseStockPolicy(orderUpToUnits: level, supplier: 0)
            let value = try RelativeValueIteration.evaluate(model, policy: policy, regularSupplier: 0, expeditedSupplier: 1)
            let closed = 5 * leadTimeDemand.expectedLeftover(stockLevel: level)
                + 495 * leadTimeDemand.expectedShortage(stockLevel: level) + 2 * model.demand.mean
            #expect(abs(value.value - closed) < 1e-5, "S=\(level): evaluated \(value.value), closed form \(closed)")
        }
    }

    /// Order limits of 4 (the largest demand) already give the optimum of limits of 8.
    @Test func orderLimitsDoNotBind() throws {
        let narrow = try RelativeValueIteration.solve(backorderModel(lr: 2, ce: 10, maxOrder: 4))
        let wide = try RelativeValueIteration.solve(backorderModel(lr: 2, ce: 10, maxOrder: 8))
        #expect(abs(narrow.value - wide.value) < 1e-6)
    }

    /// Lost sales, checked against the single-supplier `InventoryMDP`: a prohibitive premium gives the
    /// regular supplier's lost-sales optimum (lead time 2), expediting at the regular price the lead-time-0 one.
    @Test func lostSalesAgainstSingleSourcingDP() throws {
        let pmf = try DiscretePMF.poisson(mean: 1.5)
        func model(ce: Double) throws -> DualSourcingModel {
            try DualSourcingModel(demand: pmf, regularLeadTimePeriods: 2, expeditedLeadTimePeriods: 0, regularUnitCost: 1,
                                  expeditedUnitCost: ce, holdingCostPerUnitPeriod: 1, shortage: .lostSales(penaltyPerUnit: 9),
                                  positionCap: 12, maxRegularOrderUnits: 8, maxExpeditedOrderUnits: 8)
        }
        let priced = try RelativeValueIteration.solve(model(ce: 1_000))
        let regular = try RelativeValueIteration.solve(InventoryMDP(
            demand: pmf, leadTimePeriods: 2, shortage: .lostSales(penaltyPerUnit: 9), holdingCost: 1, unitOrderCost: 1,
            positionCap: 12, maxOrderQuantity: 8))
        #expect(abs(priced.value - regular.value) < 1e-5, "dual \(priced.value), single \(regular.value)")
        let free = try RelativeValueIteration.solve(model(ce: 1))
        let immediate = try RelativeValueIteration.solve(InventoryMDP(
            demand: pmf, leadTimePeriods: 0, shortage: .lostSales(penaltyPerUnit: 9), holdingCost: 1, unitOrderCost: 1,
            positionCap: 12, maxOrderQuantity: 8))
        #expect(abs(free.value - immediate.value) < 1e-5, "dual \(free.value), single \(immediate.value)")
        // In between, dual sourcing beats both, and the best dual index lies between the optimum and them.
        let mixed = try model(ce: 3)
        let optimum = try RelativeValueIteration.solve(mixed)
        let di = try DualIndexSearch.bestDualIndex(mixed)
        #expect(optimum.upperBound <= di.costPerPeriod + 1e-9)
        let check = try RelativeValueIteration.evaluate(mixed, levels: di.levels)
        #expect(abs(check.value - di.costPerPeriod) < 1e-6)
    }

    /// The six instances of Gijsbrechts et al. (2022), Figure 9 (Tests/Fixtures): the exact dual-index
    /// and capped dual-index gaps agree with the published ones to 0.01 percentage points (gaps of the
    /// cost per period including purchases at c_r), and the capped dual index is within 0.2% of the optimum.
    @Test func gijsbrechtsTable() throws {
        let rows = try Fixtures.numericRows("dual_sourcing_gijsbrechts.csv")
        #expect(rows.count == 6)
        for row in rows {
            let lr = Int(row["regular_lead_time_periods"]!)
            let cr = row["regular_unit_cost"]!
            let demand = try uniform(Int(row["demand_max"]!))
            let model = try DualSourcingModel(
                demand: demand, regularLeadTimePeriods: lr, expeditedLeadTimePeriods: Int(row["expedited_lead_time_periods"]!),
                regularUnitCost: cr, expeditedUnitCost: row["expedited_unit_cost"]!, holdingCostPerUnitPeriod: row["holding_cost"]!,
                shortage: .backorders(costPerUnitDay: row["backorder_cost"]!))
            let optimum = try RelativeValueIteration.solve(model)
            let di = try DualIndexSearch.bestDualIndex(model)
            let cdi = try DualIndexSearch.bestCappedDualIndex(model)
            let diGap = (di.costPerPeriod - optimum.value) / optimum.value * 100
            let cdiGap = (cdi.costPerPeriod - optimum.value) / optimum.value * 100
            let label = "lr=\(lr) ce=\(row["expedited_unit_cost"]!)"
            #expect(abs(diGap - row["dual_index_gap_pct"]!) <= 0.01, "\(label): DI gap \(diGap)")
            #expect(abs(cdiGap - row["capped_dual_index_gap_pct"]!) <= 0.01, "\(label): CDI gap \(cdiGap)")
            #expect(cdiGap <= 0.2, "\(label): CDI gap \(cdiGap)")
        }
    }

    @Test func rejectsBadInput() throws {
        let pmf = try uniform(4)
        #expect(throws: OptimizerError.self) {
            try DualSourcingModel(demand: pmf, regularLeadTimePeriods: 1, expeditedLeadTimePeriods: 0, regularUnitCost: 0,
                                  expeditedUnitCost: 1, holdingCostPerUnitPeriod: 1, shortage: .backorders(costPerUnitDay: 9))
        }
        #expect(throws: OptimizerError.self) {
            try DualSourcingModel(demand: pmf, regularLeadTimePeriods: 2, expeditedLeadTimePeriods: 2, regularUnitCost: 0,
                                  expeditedUnitCost: 1, holdingCostPerUnitPeriod: 1, shortage: .backorders(costPerUnitDay: 9))
        }
        #expect(throws: OptimizerError.self) {
            try DualSourcingModel(demand: pmf, regularLeadTimePeriods: 2, expeditedLeadTimePeriods: 0, regularUnitCost: -1,
                                  expeditedUnitCost: 1, holdingCostPerUnitPeriod: 1, shortage: .backorders(costPerUnitDay: 9))
        }
        // A rule that orders beyond the model's limits is refused, not clamped.
        let model = try backorderModel(ce: 10)
        #expect(throws: OptimizerError.self) {
            try RelativeValueIteration.evaluate(model, levels: DualIndexLevels(expeditedOrderUpToUnits: 2, regularOrderUpToUnits: 500))
        }
    }
}
