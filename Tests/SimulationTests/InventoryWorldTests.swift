import Foundation
import Policies
import Simulation
import Stochastics
import Testing

/// Records what the policy saw, and orders a fixed amount on chosen days.
final class RecordingPolicy: Policy {
    var observations: [Observation] = []
    let orderUnits: Int
    let supplier: Int
    init(orderUnits: Int, supplier: Int = 0) {
        self.orderUnits = orderUnits
        self.supplier = supplier
    }
    func decide(_ observation: Observation) -> Action {
        observations.append(observation)
        return .order(orderUnits, from: supplier)
    }
}

@Suite("Inventory world")
struct InventoryWorldTests {
    @Test("units are conserved: initial + received = shipped + on hand at the end")
    func conservation() {
        let world = TestWorld.single(demand: .poisson(mean: 8), leadTimeDays: 3, holding: 0.1,
                                     shortage: .backorders(costPerUnitDay: 1), initial: 30, horizonDays: 200, warmupDays: 0)
        let result = InventorySimulator(configuration: world)
            .run(policies: [SSPolicy(reorderPointUnits: 20, orderUpToUnits: 60)], replication: 0, seed: 3, traced: true)
        let received = result.trace.reduce(0) { $0 + $1.receivedUnits }
        let shipped = result.trace.reduce(0) { $0 + $1.shippedUnits }
        let demand = result.trace.reduce(0) { $0 + $1.demandUnits }
        let last = result.trace[result.trace.count - 1]
        #expect(30 + received == shipped + last.onHandUnits)
        #expect(demand == shipped + last.backorderedUnits)
        #expect(Double(demand) == result.total.demandUnits)
        #expect(result.trace.count == 200)
    }

    @Test("every order arrives exactly its lead time later, inside, at and beyond the 64-day receipt ring")
    func receiptsOnTime() {
        // Constant demand 3 a day and base stock S = 3(L + 1) from S on hand: each day's order of 3 arrives L days
        // later, just in time, so a receipt a day early, late or lost shows as stock or backorders.
        for lead in [0, 1, 7, 63, 64, 65, 130] {
            let target = 3 * (lead + 1)
            let world = TestWorld.single(demand: .constant(3), leadTimeDays: Double(lead), holding: 1,
                                         shortage: .backorders(costPerUnitDay: 1), initial: target, horizonDays: 300, warmupDays: 0)
            let result = InventorySimulator(configuration: world)
                .run(policies: [BaseStockPolicy(orderUpToUnits: target)], replication: 0, seed: 1, traced: true)
            let ordered = result.trace.map(\.orderedUnits)
            for day in 0..<300 {
                let due = day - lead
                let expected = due >= 0 ? ordered[due] : 0
                #expect(result.trace[day].receivedUnits == expected, "L = \(lead), day \(day)")
            }
            #expect(result.trace.allSatisfy { $0.backorderedUnits == 0 }, "L = \(lead)")
            #expect(result.total.shippedUnits == 900, "L = \(lead)")
        }
    }

    @Test("two policies in one replication see the same demand (common random numbers)")
    func commonRandomNumbers() {
        let world = TestWorld.single(demand: .negativeBinomial(mean: 6, dispersion: 2), leadTimeDays: 2, holding: 0.1,
                                     shortage: .lostSales(penaltyPerUnit: 2), initial: 10, horizonDays: 120, warmupDays: 0)
        let simulator = InventorySimulator(configuration: world)
        let a = simulator.run(policies: [BaseStockPolicy(orderUpToUnits: 5)], replication: 7, seed: 11, traced: true)
        let b = simulator.run(policies: [BaseStockPolicy(orderUpToUnits: 40)], replication: 7, seed: 11, traced: true)
        let c = simulator.run(policies: [BaseStockPolicy(orderUpToUnits: 5)], replication: 8, seed: 11, traced: true)
        #expect(a.trace.map(\.demandUnits) == b.trace.map(\.demandUnits))
        #expect(a.trace.map(\.demandUnits) != c.trace.map(\.demandUnits))
        #expect(a.total.lostUnits > b.total.lostUnits)
    }

    @Test("warm-up days are excluded from statistics")
    func warmup() {
        let world = TestWorld.single(demand: .constant(2), leadTimeDays: 0, holding: 1, shortage: .lostSales(penaltyPerUnit: 0),
                                     initial: 0, horizonDays: 50, warmupDays: 20)
        let result = InventorySimulator(configuration: world)
            .run(policies: [BaseStockPolicy(orderUpToUnits: 5)], replication: 0, seed: 1)
        // Each day: order up to 5, sell 2, 3 left on hand at the end of the day.
        #expect(result.total.demandUnits == 60)
        #expect(result.total.periods == 30)
        #expect(result.total.holdingCost == 90)
        #expect(result.total.value(of: .averageOnHandUnits, measuredDays: 30) == 3)
    }

    @Test("time-weighted and end-of-period accounting agree when stock never moves")
    func accountingModes() {
        for mode in CostAccounting.allCases {
            let world = TestWorld.single(demand: .constant(0), leadTimeDays: 0, holding: 0.5, shortage: .lostSales(penaltyPerUnit: 0),
                                         initial: 10, horizonDays: 40, warmupDays: 10, accounting: mode)
            let result = InventorySimulator(configuration: world)
                .run(policies: [BaseStockPolicy(orderUpToUnits: 0)], replication: 0, seed: 1)
            #expect(abs(result.total.holdingCost - 0.5 * 10 * 30) < 1e-9, "mode \(mode)")
        }
    }

    @Test("time-weighted holding follows the stock path within the day")
    func timeWeighted() {
        // 10 units at day 0, 10 sold on day 0 at time 0 (per-day demand happens at the day's start):
        // with a daily demand of 4 and 12 on hand, stock is 8 for the whole day in both modes,
        // but Poisson customers spread sales over the day, so time-weighted stock is higher than end-of-day.
        let product = ProductConfiguration(
            sku: "T", sellingPrice: 1, holdingCostPerUnitDay: 1, shortage: .lostSales(penaltyPerUnit: 0), initialOnHandUnits: 0,
            customers: .poissonArrivals(customersPerDay: 20, unitsPerCustomer: .constant(1)),
            suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(0), unitCost: 0)])
        func holding(_ mode: CostAccounting) -> Double {
            let world = WorldConfiguration(products: [product], costAccounting: mode, horizonDays: 300, warmupDays: 0)
            return InventorySimulator(configuration: world)
                .run(policies: [BaseStockPolicy(orderUpToUnits: 30)], replication: 0, seed: 5).total.holdingCost
        }
        // Order up to 30 each morning, ~20 sold through the day: about 30 − 20/2 = 20 on average vs ~10 at day end.
        #expect(holding(.timeWeighted) / 300 > 17 && holding(.timeWeighted) / 300 < 23)
        #expect(holding(.endOfPeriod) / 300 > 8 && holding(.endOfPeriod) / 300 < 12)
    }

    @Test("minimum order and order multiple are applied")
    func orderRounding() {
        let supplier = SupplierConfiguration(name: "s", leadTimeDays: .constant(1), unitCost: 1, minimumOrderUnits: 25,
                                             orderMultipleUnits: 10)
        #expect(supplier.roundedOrder(0) == 0)
        #expect(supplier.roundedOrder(3) == 30)
        #expect(supplier.roundedOrder(31) == 40)
        #expect(supplier.roundedOrder(40) == 40)
    }

    @Test("storage capacity refuses and counts excess deliveries")
    func capacity() {
        let world = TestWorld.single(demand: .constant(1), leadTimeDays: 1, holding: 0, shortage: .lostSales(penaltyPerUnit: 0),
                                     unitCost: 2, initial: 0, horizonDays: 5, warmupDays: 0, capacity: 10)
        let policy = RecordingPolicy(orderUnits: 15)
        let result = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 1)
        #expect(result.total.refusedUnits > 0)
        #expect(result.total.purchaseCost == 2 * (result.total.shippedUnits + 9))  // accepted units only
        #expect(policy.observations.allSatisfy { $0.onHandUnits <= 10 })
    }

    @Test("without order crossing, deliveries from one supplier arrive in order")
    func noCrossing() {
        let product = ProductConfiguration(
            sku: "T", sellingPrice: 1, holdingCostPerUnitDay: 0, shortage: .lostSales(penaltyPerUnit: 0), initialOnHandUnits: 0,
            customers: .perDay(demandUnits: .poisson(mean: 3)),
            suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .uniform(low: 0, high: 10), allowsOrderCrossing: false,
                                              unitCost: 0)])
        let world = WorldConfiguration(products: [product], horizonDays: 100)
        let policy = RecordingPolicy(orderUnits: 1)
        _ = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 2)
        for observation in policy.observations {
            let due = observation.pipeline.map(\.dueDay)
            #expect(due == due.sorted())
        }
        #expect(policy.observations.contains { $0.pipeline.count > 2 })
    }

    @Test("a policy's price applies to revenue")
    func price() {
        struct PricingPolicy: Policy {
            func decide(_ observation: Observation) -> Action { Action(orderUnits: [5], price: 3) }
        }
        let world = TestWorld.single(demand: .constant(5), leadTimeDays: 0, holding: 0, shortage: .lostSales(penaltyPerUnit: 0),
                                     price: 10, initial: 0, horizonDays: 10, warmupDays: 0)
        let result = InventorySimulator(configuration: world).run(policies: [PricingPolicy()], replication: 0, seed: 1)
        #expect(result.total.revenue == 3 * 50)
    }

    @Test("continuous review with unit demand orders exactly S − s each time the position reaches s")
    func continuousReview() {
        let product = ProductConfiguration(
            sku: "C", sellingPrice: 1, holdingCostPerUnitDay: 0.1, shortage: .backorders(costPerUnitDay: 1), initialOnHandUnits: 30,
            customers: .poissonArrivals(customersPerDay: 12, unitsPerCustomer: .constant(1)),
            suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(1.5), unitCost: 0)])
        let world = WorldConfiguration(products: [product], review: .continuous, horizonDays: 200, warmupDays: 0)
        let result = InventorySimulator(configuration: world)
            .run(policies: [SSPolicy(reorderPointUnits: 10, orderUpToUnits: 30)], replication: 0, seed: 6)
        #expect(result.total.ordersPlaced > 50)
        #expect(result.total.orderedUnits == 20 * result.total.ordersPlaced)
    }
}
