import Foundation
import Policies
import Simulation
import Stochastics
import Testing

/// Sets a price on given days (nil: keep) and orders fixed quantities on given days; remembers what it saw.
final class ScriptedPolicy: Policy, @unchecked Sendable {
    let prices: [Int: Double]
    let orders: [Int: Int]
    var seen: [Observation] = []
    init(prices: [Int: Double] = [:], orders: [Int: Int] = [:]) {
        self.prices = prices
        self.orders = orders
    }
    func decide(_ observation: Observation) -> Action {
        seen.append(observation)
        let day = Int(observation.day)
        return Action(orderUnits: orders[day].map { [$0] } ?? [], price: prices[day])
    }
}

/// Records the prices it was told and forecasts a flat 10 a day.
final class PriceRecordingForecaster: DemandForecastProvider, @unchecked Sendable {
    var calls: [(day: Int, prices: [Double], current: Double)] = []
    var refreshEveryDays: Int { 100 }
    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int) -> DemandForecast? {
        DemandForecast(issuedDay: issuedDay, meanUnitsPerDay: Array(repeating: 10, count: horizonDays),
                       sdUnitsPerDay: Array(repeating: 1, count: horizonDays))
    }
    func forecast(observedUnitsPerDay: [Double], pricesPerDay: [Double], currentPrice: Double, issuedDay: Int,
                  horizonDays: Int) -> DemandForecast? {
        calls.append((issuedDay, pricesPerDay, currentPrice))
        return forecast(observedUnitsPerDay: observedUnitsPerDay, issuedDay: issuedDay, horizonDays: horizonDays)
    }
}

@Suite("Prices, salvage and the selling season")
struct PricingWorldTests {
    static func world(demand: CustomerModel = .perDay(demandUnits: .constant(3)), initial: Int = 50, salvage: Double = 4,
                      levels: [Double] = [], lastOrderDay: Int? = nil, leadTimeDays: Double = 5, warmupDays: Int = 0) -> WorldConfiguration {
        let product = ProductConfiguration(
            sku: "T", sellingPrice: levels.first ?? 10, holdingCostPerUnitDay: 0.5, shortage: .lostSales(penaltyPerUnit: 0),
            initialOnHandUnits: initial, customers: demand,
            suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(leadTimeDays), unitCost: 6, fixedCostPerOrder: 7,
                                              lastOrderDay: lastOrderDay)],
            priceLevels: levels, salvageValuePerUnit: salvage)
        return WorldConfiguration(products: [product], horizonDays: 10, warmupDays: warmupDays)
    }

    @Test("stock left at the end is sold at the salvage value and counted in profit; the pipeline is not charged")
    func salvageByHand() {
        // 50 units, 3 sold a day at 10 for 10 days: 20 left, salvaged at 4 = 80. End-of-day stock 47, 44, …, 20
        // (sum 335) at 0.5 = 167.5 holding. An order of 9 on day 8 with lead time 5 is due after the horizon:
        // its fixed cost (7) is charged when placed, its units (9 × 6) never, and they are not salvaged.
        let policy = ScriptedPolicy(orders: [8: 9])
        let result = InventorySimulator(configuration: Self.world()).run(policies: [policy], replication: 0, seed: 1, traced: true)
        let ledger = result.total
        #expect(ledger.revenue == 300)
        #expect(ledger.salvagedUnits == 20)
        #expect(ledger.salvageRevenue == 80)
        #expect(ledger.holdingCost == 167.5)
        #expect(ledger.orderingCost == 7)
        #expect(ledger.purchaseCost == 0)
        #expect(ledger.profit == 300 + 80 - 167.5 - 7)
        #expect(ledger.value(of: .salvageRevenue, measuredDays: 10) == 80)
        #expect(ledger.value(of: .salvagedUnits, measuredDays: 10) == 20)
        // In the trace, on the last day only.
        #expect(result.trace.map(\.salvageRevenue) == Array(repeating: 0, count: 9) + [80])
        #expect(result.trace.allSatisfy { $0.price == 10 })
    }

    @Test("salvage is booked on the last day even after a warm-up, and is zero without stock")
    func salvageEdges() {
        let warm = InventorySimulator(configuration: Self.world(warmupDays: 6)).run(policies: [ScriptedPolicy()], replication: 0, seed: 1)
        #expect(warm.total.salvageRevenue == 80 && warm.total.revenue == 4 * 3 * 10)
        let sold = InventorySimulator(configuration: Self.world(initial: 30)).run(policies: [ScriptedPolicy()], replication: 0, seed: 1)
        #expect(sold.total.salvagedUnits == 0 && sold.total.salvageRevenue == 0 && sold.total.revenue == 300)
    }

    @Test("the observation carries the price levels, the season's end and the last order days")
    func observation() throws {
        let policy = ScriptedPolicy()
        let world = Self.world(demand: .dailyMeans(DailyMeanDemand(meanUnitsPerDay: [3], noise: .poisson)),
                               levels: [59, 47, 39, 29], lastOrderDay: 4)
        _ = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 1)
        let first = try #require(policy.seen.first)
        #expect(first.priceLevels == [59, 47, 39, 29])
        #expect(first.price == 59)
        #expect(first.seasonEndDay == 10)
        #expect(first.lastOrderDays == [4])
        #expect(first.lastOrderDay(supplier: 0) == 4 && first.lastOrderDay(supplier: 1) == nil)
    }

    @Test("a price off the levels is moved to the nearest level")
    func snapping() {
        let policy = ScriptedPolicy(prices: [2: 45, 5: 34, 7: -3])
        let world = Self.world(demand: .dailyMeans(DailyMeanDemand(meanUnitsPerDay: [3], noise: .poisson)), levels: [59, 47, 39, 29])
        let trace = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 1, traced: true).trace
        // 45 → 47 on day 2; 34 lies halfway between 39 and 29 → 39 on day 5; a negative price is ignored.
        #expect(trace.map(\.price) == [59, 59, 47, 47, 47, 39, 39, 39, 39, 39])
    }

    @Test("a supplier takes no orders after its last order day")
    func lastOrderDay() {
        // Asks for 5 units every day; the supplier accepts them on days 0…3 only.
        let policy = ScriptedPolicy(orders: Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, 5) }))
        let result = InventorySimulator(configuration: Self.world(lastOrderDay: 3, leadTimeDays: 1))
            .run(policies: [policy], replication: 0, seed: 1, traced: true)
        #expect(result.total.ordersPlaced == 4)
        #expect(result.total.orderedUnits == 20)
        #expect(result.trace.map(\.orderedUnits) == [5, 5, 5, 5, 0, 0, 0, 0, 0, 0])
        #expect(result.total.purchaseCost == 20 * 6)
    }

    @Test("the forecaster is told the prices charged and asked again after a price change")
    func priceAwareForecasts() throws {
        let forecaster = PriceRecordingForecaster()
        let policy = ScriptedPolicy(prices: [2: 39])
        let world = Self.world(demand: .dailyMeans(DailyMeanDemand(meanUnitsPerDay: [3], noise: .poisson)), levels: [59, 47, 39, 29])
        _ = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 1, forecasters: [forecaster])
        // Day 0 (first forecast) and day 3 (the first review after the cut on day 2); refreshes are 100 days apart.
        #expect(forecaster.calls.map(\.day) == [0, 3])
        let after = try #require(forecaster.calls.last)
        #expect(after.prices == [59, 59, 39])
        #expect(after.current == 39)
    }

    @Test("a seasonal SKU is forecast to the end of the horizon; others over lead time + refresh + 4 weeks")
    func forecastReach() throws {
        func reach(levels: [Double], lastOrderDay: Int?) throws -> Int {
            var world = Self.world(demand: .dailyMeans(DailyMeanDemand(meanUnitsPerDay: [3], noise: .poisson)), levels: levels,
                                   lastOrderDay: lastOrderDay)
            world.horizonDays = 300
            let policy = ScriptedPolicy()
            _ = InventorySimulator(configuration: world).run(policies: [policy], replication: 0, seed: 1, forecasters: [PriceRecordingForecaster()])
            return try #require(policy.seen.first?.forecast).meanUnitsPerDay.count
        }
        #expect(try reach(levels: [], lastOrderDay: nil) == 5 + 100 + 28)
        #expect(try reach(levels: [10, 8], lastOrderDay: nil) == 300)
        #expect(try reach(levels: [], lastOrderDay: 30) == 300)
    }

    @Test("after a single price change, mean demand is mean × (p / reference)^elasticity")
    func elasticityAfterChange() {
        // 20 a day at the reference price 50, elasticity −1.5; the price drops to 40 on day 100. Days 100…199
        // (the measured window) should average 20 × 0.8^−1.5 = 27.951 units a day.
        let demand = DailyMeanDemand(meanUnitsPerDay: [20], noise: .poisson, priceElasticity: -1.5, referencePrice: 50)
        let product = ProductConfiguration(sku: "E", sellingPrice: 50, holdingCostPerUnitDay: 0, shortage: .lostSales(penaltyPerUnit: 0),
                                           initialOnHandUnits: 1_000_000, customers: .dailyMeans(demand),
                                           suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(0), unitCost: 0)],
                                           priceLevels: [50, 40])
        let world = WorldConfiguration(products: [product], horizonDays: 200, warmupDays: 100)
        let simulator = InventorySimulator(configuration: world)
        let perDay = (0..<12).map { r in
            simulator.run(policies: [ScriptedPolicy(prices: [100: 40])], replication: r, seed: 9).total.demandUnits / 100
        }
        let summary = SampleSummary(perDay)
        let expected = 20 * pow(0.8, -1.5)
        // 99% interval: t(0.995, 11) = 3.106; Poisson sd per replication √2795/100 ≈ 0.53.
        let halfWidth = 3.106 * summary.standardDeviation / Double(perDay.count).squareRoot()
        #expect(abs(summary.mean - expected) < halfWidth, "mean \(summary.mean) vs \(expected) ± \(halfWidth)")
        #expect(abs(summary.mean - 20) > 10 * halfWidth)
    }
}
