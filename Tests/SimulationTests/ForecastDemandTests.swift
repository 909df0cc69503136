import Foundation
import Policies
import Simulation
import Stochastics
import Testing

/// Remembers what it was shown, and forecasts a known flat law.
final class RecordingForecaster: DemandForecastProvider, @unchecked Sendable {
    let lock = NSLock()
    var seen: [[Double]] = []
    let mean: Double, sd: Double
    init(mean: Double, sd: Double) { self.mean = mean; self.sd = sd }
    var refreshEveryDays: Int { 1 }
    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int) -> DemandForecast? {
        lock.lock(); seen.append(observedUnitsPerDay); lock.unlock()
        return DemandForecast(issuedDay: issuedDay, meanUnitsPerDay: Array(repeating: mean, count: horizonDays),
                              sdUnitsPerDay: Array(repeating: sd, count: horizonDays))
    }
}

@Suite("Demand that follows a forecast")
struct ForecastDemandTests {
    @Test("forecast order-up-to on the true Poisson law makes the base-stock decisions (same S, same costs)")
    func matchesBaseStock() {
        // Poisson 5/day, lead time 2, daily review: protection interval 3 days, demand Poisson(15).
        // Service level 0.9: the normal quantile 15 + 1.2816·√15 = 19.96 rounds up to 20, the exact Poisson quantile.
        let world = TestWorld.single(demand: .poisson(mean: 5), leadTimeDays: 2, holding: 1, shortage: .backorders(costPerUnitDay: 9),
                                     initial: 20, horizonDays: 400, warmupDays: 20)
        let simulator = InventorySimulator(configuration: world)
        let provider = RecordingForecaster(mean: 5, sd: 5.0.squareRoot())
        let forecastDriven = simulator.run(policies: [ForecastOrderUpToPolicy(serviceLevel: 0.9, leadTimeDays: 2)],
                                           replication: 3, seed: 12, forecasters: [provider])
        let baseStock = simulator.run(policies: [BaseStockPolicy(orderUpToUnits: 20)], replication: 3, seed: 12)
        #expect(forecastDriven.total == baseStock.total)
    }

    @Test("under lost sales the forecaster sees sales, not demand (censored)")
    func censoring() {
        let world = TestWorld.single(demand: .poisson(mean: 8), leadTimeDays: 3, holding: 0.1, shortage: .lostSales(penaltyPerUnit: 1),
                                     initial: 5, horizonDays: 120, warmupDays: 0)
        let provider = RecordingForecaster(mean: 1, sd: 1)   // a bad forecast: the shop runs short
        let result = InventorySimulator(configuration: world)
            .run(policies: [ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 3)], replication: 0, seed: 2,
                 forecasters: [provider])
        let last = provider.seen.last ?? []
        #expect(last.count == 119)   // days 0…118 closed before the review of day 119
        #expect(result.total.lostUnits > 0)
        // What the forecaster saw on the closed days is what was sold, which is less than the demand.
        let sold = last.reduce(0, +)
        #expect(sold < result.total.demandUnits)
        #expect(sold <= result.total.shippedUnits)
    }

    @Test("a daily mean path is followed, and price moves demand by the elasticity")
    func dailyMeans() {
        final class PricePolicy: Policy {
            let price: Double
            init(price: Double) { self.price = price }
            func decide(_ observation: Observation) -> Action { Action(orderUnits: [1000], price: price) }
        }
        let path = (0..<200).map { 20 + 10 * sin(Double($0) / 10) }
        let demand = DailyMeanDemand(meanUnitsPerDay: path, noise: .poisson, priceElasticity: -2, referencePrice: 10)
        let product = ProductConfiguration(sku: "F", sellingPrice: 10, holdingCostPerUnitDay: 0, shortage: .lostSales(penaltyPerUnit: 0),
                                           initialOnHandUnits: 10_000, customers: .dailyMeans(demand),
                                           suppliers: [SupplierConfiguration(name: "s", leadTimeDays: .constant(0), unitCost: 0)])
        let world = WorldConfiguration(products: [product], horizonDays: 200)
        let simulator = InventorySimulator(configuration: world)
        var atList: [Double] = [], atHalf: [Double] = []
        for r in 0..<8 {
            atList.append(simulator.run(policies: [PricePolicy(price: 10)], replication: r, seed: 1).total.demandUnits)
            atHalf.append(simulator.run(policies: [PricePolicy(price: 5)], replication: r, seed: 1).total.demandUnits)
        }
        let expected = path.reduce(0, +)
        // Poisson totals: sd ≈ √4000 ≈ 63 per replication, so the mean of 8 is within 4·63/√8 ≈ 90.
        #expect(abs(SampleSummary(atList).mean - expected) < 90)
        // Half the price at elasticity −2 sells 4× as much.
        let ratio = SampleSummary(atHalf).mean / SampleSummary(atList).mean
        #expect(ratio > 3.8 && ratio < 4.2)
    }

    @Test("promotion days multiply the mean by the lift, other days do not")
    func promotions() {
        let demand = DailyMeanDemand(meanUnitsPerDay: Array(repeating: 10, count: 30), noise: .poisson,
                                     promotionDays: [5...7, 20...20], promotionLift: 1.8)
        #expect(demand.mean(day: 4, price: 1) == 10)
        #expect(demand.mean(day: 5, price: 1) == 18)
        #expect(demand.mean(day: 7, price: 1) == 18)
        #expect(demand.mean(day: 8, price: 1) == 10)
        #expect(demand.mean(day: 20, price: 1) == 18)
    }
}
