import Foundation
import RestockTestSupport
import Policies
import Simulation
import Stochastics

/// Small builders for test worlds: one SKU, per-day demand, one supplier.
enum TestWorld {
    static func single(demand: Distribution, leadTimeDays: Double, holding: Double, shortage: ShortageRule,
                       fixedCost: Double = 0, unitCost: Double = 0, price: Double = 0, initial: Int = 0,
                       horizonDays: Int, warmupDays: Int, accounting: CostAccounting = .endOfPeriod,
                       crossing: Bool = false, capacity: Int? = nil) -> WorldConfiguration {
        let product = ProductConfiguration(
            sku: "T", sellingPrice: price, holdingCostPerUnitDay: holding, shortage: shortage, initialOnHandUnits: initial,
            customers: .perDay(demandUnits: demand),
            suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(leadTimeDays), allowsOrderCrossing: crossing,
                                              unitCost: unitCost, fixedCostPerOrder: fixedCost)])
        return WorldConfiguration(products: [product], review: .periodic(everyDays: 1), costAccounting: accounting,
                                  horizonDays: horizonDays, warmupDays: warmupDays, storageCapacityUnits: capacity)
    }

    /// Mean operating cost per day (ordering + holding + shortage) per replication.
    static func operatingCostPerDay(_ world: WorldConfiguration, policy: @escaping () -> any Policy,
                                    replications: Int, seed: UInt64) -> [Double] {
        let simulator = InventorySimulator(configuration: world)
        return (0..<replications).map { r in
            simulator.run(policies: [policy()], replication: r, seed: seed).total
                .value(of: .holdingAndShortageCostPerDay, measuredDays: world.measuredDays)
        }
    }
}

/// The published benchmark tables in Tests/Fixtures.
enum Benchmarks {
    /// Rows of a CSV as dictionaries of Doubles.
    static func rows(_ name: String) throws -> [[String: Double]] { try Fixtures.numericRows(name) }
}
