import Policies
import Simulation
import Stochastics
import Testing

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
}
