import Policies
import Simulation
import Stochastics
import Testing

/// ``DemandTape``: one replication's policy-independent demand drawn once and replayed by every policy.
/// Its promise is that nothing changes: the same ledgers and trace as drawing in each run.
@Suite("Demand tapes")
struct DemandTapeTests {
    /// Three SKUs: Poisson with a mean above GSL's switch to its gamma–binomial sampler, a truncated normal law
    /// (rounded), and customer arrivals (never taped); continuous review, so runs stop mid-day.
    static func world() -> WorldConfiguration {
        func product(_ sku: String, _ customers: CustomerModel) -> ProductConfiguration {
            ProductConfiguration(sku: sku, sellingPrice: 10, holdingCostPerUnitDay: 0.05, shortage: .lostSales(penaltyPerUnit: 2),
                                 initialOnHandUnits: 20, customers: customers,
                                 suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .uniform(low: 1, high: 6), unitCost: 4)])
        }
        return WorldConfiguration(products: [product("P", .perDay(demandUnits: .poisson(mean: 14))),
                                             product("N", .perDay(demandUnits: .truncatedNormal(mean: 6, sd: 3))),
                                             product("A", .poissonArrivals(customersPerDay: 3, unitsPerCustomer: .constant(1)))],
                                  review: .continuous, costAccounting: .endOfPeriod, horizonDays: 60, warmupDays: 5)
    }

    @Test("runs with the replication's tape give the same ledgers and trace as runs that draw their own demand")
    func sameResults() throws {
        let world = Self.world()
        let simulator = InventorySimulator(configuration: world)
        let policies: [() -> [any Policy]] = [
            { (0..<3).map { _ in SSPolicy(reorderPointUnits: 25, orderUpToUnits: 60) } },
            { (0..<3).map { _ in BaseStockPolicy(orderUpToUnits: 40) } },
        ]
        for replication in 0..<3 {
            let tape = DemandTape(configuration: world, replication: replication, seed: 17)
            #expect(!tape.isEmpty)
            for make in policies {
                let drawn = simulator.run(policies: make(), replication: replication, seed: 17, traced: true)
                let taped = simulator.run(policies: make(), replication: replication, seed: 17, traced: true, tape: tape)
                #expect(drawn.ledgers == taped.ledgers)
                #expect(drawn.trace == taped.trace)
                #expect(drawn.ledgers[0].demandUnits > 0 && drawn.ledgers[1].demandUnits > 0)
            }
        }
        // A tape of another replication or seed is not used: its demand would differ.
        let other = DemandTape(configuration: world, replication: 1, seed: 17)
        let make = { (0..<3).map { _ in BaseStockPolicy(orderUpToUnits: 40) as any Policy } }
        #expect(simulator.run(policies: make(), replication: 0, seed: 17, tape: other).ledgers
                == simulator.run(policies: make(), replication: 0, seed: 17).ledgers)
        #expect(simulator.run(policies: make(), replication: 0, seed: 17).ledgers
                != simulator.run(policies: make(), replication: 1, seed: 17).ledgers)
        // Nor is a tape of another world with as many SKUs and days (here a busier first SKU).
        var busier = world
        busier.products[0].customers = .perDay(demandUnits: .poisson(mean: 30))
        let own = InventorySimulator(configuration: busier)
        let foreign = DemandTape(configuration: world, replication: 0, seed: 17)
        #expect(own.run(policies: make(), replication: 0, seed: 17, tape: foreign).ledgers
                == own.run(policies: make(), replication: 0, seed: 17).ledgers)
        #expect(own.run(policies: make(), replication: 0, seed: 17).ledgers[0].demandUnits
                > simulator.run(policies: make(), replication: 0, seed: 17).ledgers[0].demandUnits)
    }
}
