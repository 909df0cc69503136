import Policies
import Simulation
import Stochastics
import Testing
import Foundation

@Suite("Dual sourcing in the world")
struct DualSourcingTests {
    @Test("capped dual-index never orders more than the cap from the regular supplier and expedites the rest")
    func cappedDualIndex() {
        let product = ProductConfiguration(
            sku: "D", sellingPrice: 10, holdingCostPerUnitDay: 0.1, shortage: .backorders(costPerUnitDay: 1), initialOnHandUnits: 50,
            customers: .perDay(demandUnits: .poisson(mean: 10)),
            suppliers: [SupplierConfiguration(name: "regular", leadTimeDays: .constant(6), unitCost: 5),
                        SupplierConfiguration(name: "expedited", leadTimeDays: .constant(1), unitCost: 6)])
        let world = WorldConfiguration(products: [product], horizonDays: 300, warmupDays: 0)
        let policy = DualIndexPolicy(expeditedOrderUpToUnits: 25, regularOrderUpToUnits: 80, regularCapUnits: 9,
                                     regularSupplier: 0, expeditedSupplier: 1, expeditedLeadTimeDays: 1)
        let result = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 9, traced: true)
        // Purchase = 5 r + 6 e and received = r + e give the units from each supplier.
        let received = Double(result.trace.reduce(0) { $0 + $1.receivedUnits })
        let regular = 6 * received - result.total.purchaseCost
        let expedited = received - regular
        #expect(regular <= 9 * 300 + 1e-6)
        #expect(regular > 8 * 250)
        #expect(expedited > 0.5 * 250)
        #expect(result.total.value(of: .fillRate, measuredDays: 300) > 0.8)
    }

    /// The simulator's day (receipts, review, demand, end-of-day charges) is the period of the dual-sourcing
    /// DP: a dual-index policy's simulated cost per day (holding, backorders, purchases) lies within its
    /// confidence interval of the exact average cost of `RelativeValueIteration.evaluate(_:levels:)`.
    @Test("simulated dual-index cost per day converges to the DP's exact value", arguments: [0, 1])
    func dualIndexMatchesExactValue(expeditedLeadTime: Int) throws {
        let regularLead = 3
        let (h, b, cr, ce) = (1.0, 19.0, 2.0, 5.0)
        let demand = try DiscretePMF.poisson(mean: 3)
        let model = try DualSourcingModel(
            demand: demand, regularLeadTimePeriods: regularLead, expeditedLeadTimePeriods: expeditedLeadTime,
            regularUnitCost: cr, expeditedUnitCost: ce, holdingCostPerUnitPeriod: h, shortage: .backorders(costPerUnitDay: b))
        let levels = DualIndexLevels(expeditedOrderUpToUnits: 4 + 3 * expeditedLeadTime, regularOrderUpToUnits: 14, regularCapUnits: 4)
        let exact = try RelativeValueIteration.evaluate(model, levels: levels)
        let product = ProductConfiguration(
            sku: "D", sellingPrice: 10, holdingCostPerUnitDay: h, shortage: .backorders(costPerUnitDay: b), initialOnHandUnits: 12,
            customers: .perDay(demandUnits: .poisson(mean: 3)),
            suppliers: [SupplierConfiguration(name: "regular", leadTimeDays: .constant(Double(regularLead)), unitCost: cr),
                        SupplierConfiguration(name: "expedited", leadTimeDays: .constant(Double(expeditedLeadTime)), unitCost: ce)])
        let (horizon, warmup) = (5_000, 100)
        let world = WorldConfiguration(products: [product], horizonDays: horizon, warmupDays: warmup)
        let policy = levels.policy(regularSupplier: 0, expeditedSupplier: 1, expeditedLeadTimeDays: Double(expeditedLeadTime))
        let simulator = InventorySimulator(configuration: world)
        let perDay = (0..<12).map { replication in
            simulator.run(policies: [policy], replication: replication, seed: 11).total.totalCost / Double(horizon - warmup)
        }
        let mean = perDay.reduce(0, +) / Double(perDay.count)
        let variance = perDay.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(perDay.count - 1)
        let halfWidth = 3.11 * (variance / Double(perDay.count)).squareRoot()  // t(0.995, 11)
        #expect(abs(mean - exact.value) <= halfWidth, "simulated \(mean) ± \(halfWidth), exact \(exact.value)")
        #expect(halfWidth < 0.03 * exact.value, "the interval should be tight enough to mean something: ± \(halfWidth)")
    }
}
