import Foundation
import Policies
import Scenario
import Simulation
import Testing

@Suite("Open orders from before the run")
struct OpenOrderTests {
    /// No demand and a policy that never orders: only the open orders move stock.
    static let yaml = """
        name: open
        seed: 1
        horizonDays: 10
        replications: 1
        products:
          - sku: A
            sellingPrice: 10
            holdingCostPerUnitDay: 0.1
            shortage: {type: lostSales, penaltyPerUnit: 1}
            initialOnHandUnits: 5
            openOrders:
              - {units: 40, dueDay: 3}
              - {units: 7, dueDay: 6, supplier: air}
              - {units: 9, dueDay: 30}
            demand: {type: perDay, unitsPerDay: 0}
            suppliers:
              - {name: main, leadTimeDays: 2, unitCost: 5, fixedCostPerOrder: 10}
              - {name: air, leadTimeDays: 0, unitCost: 8}
        policies:
          - {name: none, type: baseStock, orderUpToUnits: 0}
        """

    @Test("they arrive on their due days, are paid on receipt at their supplier's cost, and count as on order before")
    func receipts() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml, file: "open.yaml")
        #expect(scenario.world.products[0].openOrders.map(\.supplier) == [0, 1, 0])
        let result = InventorySimulator(configuration: scenario.world).run(
            policies: scenario.policies[0].makePolicies(for: scenario.world), replication: 0, seed: scenario.seed, traced: true)
        let received = result.trace.map(\.receivedUnits)
        #expect(received == [0, 0, 0, 40, 0, 0, 7, 0, 0, 0], "\(received)")
        #expect(result.trace.map(\.onHandUnits).last == 52)
        // 40 × 5 from main and 7 × 8 from air; the order due after the horizon is neither received nor paid.
        #expect(result.total.purchaseCost == 40 * 5 + 7 * 8)
        #expect(result.total.orderingCost == 0 && result.total.ordersPlaced == 0)
    }

    @Test("a bad open order names its key path and what is allowed")
    func badOpenOrders() throws {
        for (replacement, keyPath) in [("- {units: 0, dueDay: 3}", "products[0].openOrders[0].units"),
                                       ("- {units: 40, dueDay: -1}", "products[0].openOrders[0].dueDay"),
                                       ("- {units: 40, dueDay: 3, supplier: sea}", "products[0].openOrders[0].supplier")] {
            let error = try #require(loadError(Self.yaml.replacingOccurrences(of: "- {units: 40, dueDay: 3}", with: replacement)))
            #expect(error.keyPath == keyPath && !error.allowed.isEmpty, "\(error)")
        }
    }
}
