import Forecasting
import Foundation
@testable import Scenario
import Simulation
import Stochastics
import Testing

/// A scenario whose products take demand from the global DeepAR network (`model: global-deepar`), trained
/// for a few epochs on a small generated weekly history (three SKUs, 70 weeks: a level that wanders as a
/// random walk, promotions and a price).
@Suite("Scenarios with global-network demand")
struct GlobalNetworkScenarioTests {
    /// Writes the history and a two-product scenario into a fresh folder; returns the scenario's path.
    /// - Parameters:
    ///   - unpriced: a SKU whose price cells are left empty (the others keep theirs).
    ///   - mugPrice: MUG's selling price.
    ///   - cupModel: CUP's global network.
    static func scenario(demand extra: String = "", mugModel: String = "global-deepar", unpriced: String? = nil,
                         mugPrice: Double = 10, cupModel: String = "global-deepar") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restock-deepar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stream = RandomStream(seed: 31)
        var csv = "date,sku,units,price,promo\n"
        let start = try #require(CalendarDay(year: 2024, month: 1, day: 1))
        for (sku, level) in [("MUG", 40.0), ("PAN", 12.0), ("CUP", 90.0)] {
            var walk = 0.0
            for week in 0..<70 {
                let promo = week % 9 == 4
                let price = promo ? 8.0 : 10.0
                walk += 0.1 * StandardNormal.quantile(stream.uniformPositive())
                let units = stream.poisson(mean: level * exp(walk) * (promo ? 1.8 : 1))
                csv += "\(start.adding(days: 7 * week)),\(sku),\(units),\(sku == unpriced ? "" : "\(price)"),\(promo ? 1 : 0)\n"
            }
        }
        try csv.write(to: folder.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        let yaml = """
        name: deepar
        seed: 11
        horizonDays: 56
        replications: 2
        review: {type: periodic, everyDays: 1}
        products:
          - sku: MUG
            sellingPrice: \(mugPrice)
            holdingCostPerUnitDay: 0.01
            shortage: {type: lostSales, penaltyPerUnit: 2}
            initialOnHandUnits: 100
            demand: {type: forecast, history: history.csv, model: \(mugModel), trainingEpochs: 3\(extra)}
            suppliers:
              - {name: regular, leadTimeDays: 7, unitCost: 4}
          - sku: CUP
            sellingPrice: 10
            holdingCostPerUnitDay: 0.01
            shortage: {type: lostSales, penaltyPerUnit: 2}
            initialOnHandUnits: 100
            demand: {type: forecast, history: history.csv, model: \(cupModel), trainingEpochs: 3, promotions: [{startDay: 14, days: 7}]}
            suppliers:
              - {name: regular, leadTimeDays: 7, unitCost: 4}
        policies:
          - name: forecast
            type: forecastOrderUpTo
            reviewPeriodDays: 7
        """
        let path = folder.appendingPathComponent("deepar.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("each replication's demand is its own sample path of the network, whose average is the forecast's mean",
          arguments: ["global-deepar", "global-deepar-conv"])
    func samplePaths(model: String) throws {
        let scenario = try ScenarioLoader.load(path: Self.scenario(mugModel: model, cupModel: model))
        for index in 0..<2 {
            guard case .dailyMeans(let demand) = scenario.world.products[index].customers else {
                Issue.record("expected forecast demand")
                return
            }
            let variation = try #require(demand.variation)
            let sampler = try #require(variation.pathSampler as? ForecastDemandBuilder.NetworkPathSampler)
            #expect(sampler.view.network.encoder == (model == "global-deepar" ? .lstm : .dilatedConvolution))
            // Replications differ; the same replication replays exactly.
            let first = demand.forReplication(0, purpose: .report).meanUnitsPerDay
            #expect(first.count == 56)
            #expect(first != demand.forReplication(1, purpose: .report).meanUnitsPerDay)
            #expect(first == demand.forReplication(0, purpose: .report).meanUnitsPerDay)
            // A path is constant within each week (a period's rate spread evenly over its 7 days).
            for week in 0..<8 { #expect(Set(first[(7 * week)..<(7 * week + 7)]).count == 1) }
            // Averaged over 300 paths, each week's units/day match the network's forecast mean (the base path)
            // within 12%: the sampler and the forecast draw from the same distributions.
            var sums = Array(repeating: 0.0, count: 56)
            let replications = 300
            for replication in 0..<replications {
                for (day, value) in demand.forReplication(replication, purpose: .evaluate).meanUnitsPerDay.enumerated() { sums[day] += value }
            }
            for week in 0..<8 {
                let sampled = sums[7 * week] / Double(replications)
                let mean = demand.meanUnitsPerDay[7 * week]
                #expect(abs(sampled - mean) < 0.12 * mean, "product \(index) week \(week): paths average \(sampled), forecast \(mean) units/day")
            }
        }
        // CUP's planned promotion (days 14–20, week 3) lifts that week's forecast: the network learned the lift.
        guard case .dailyMeans(let cup) = scenario.world.products[1].customers else { return }
        #expect(cup.meanUnitsPerDay[14] > 1.2 * cup.meanUnitsPerDay[7])
        #expect(cup.promotionLift == 1, "the lift is in the paths already")
    }

    @Test("the policies' forecaster reads the demand observed so far with the trained network, without training again")
    func policyForecasts() throws {
        let scenario = try ScenarioLoader.load(path: Self.scenario())
        let provider = try #require(scenario.forecasters[0])
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else { return }
        // The level the history ended at, in units per day (the first forecast week).
        let level = demand.meanUnitsPerDay[0]
        let quiet = provider.forecast(observedUnitsPerDay: Array(repeating: 0.6 * level, count: 28), issuedDay: 28, horizonDays: 14)
        let busy = provider.forecast(observedUnitsPerDay: Array(repeating: 1.6 * level, count: 28), issuedDay: 28, horizonDays: 14)
        let low = try #require(quiet), high = try #require(busy)
        #expect(low.meanUnitsPerDay.count == 14 && high.meanUnitsPerDay.count == 14)
        // In a history whose level wanders, four weeks selling 60% more than expected (instead of 40% less)
        // must raise the next weeks' forecast.
        // (Only 4 of the 26 weeks the network reads are new, so the response is partial.)
        #expect(high.meanUnitsPerDay.reduce(0, +) > 1.15 * low.meanUnitsPerDay.reduce(0, +),
                "after high sales \(high.meanUnitsPerDay.reduce(0, +)), after low \(low.meanUnitsPerDay.reduce(0, +)) units")
        #expect(high.sdUnitsPerDay.allSatisfy { $0 > 0 && $0.isFinite })
    }

    /// Eight weeks selling 60% above the level the history ended at: fine-tuning on them (a warm start from
    /// the trained weights, 8 epochs) must raise the forecast above what conditioning alone gives, and the
    /// same observations must give the same forecast twice.
    @Test("refreshes fine-tune the network on the observed demand, pulling its forecast toward it")
    func fineTuning() throws {
        func forecast(epochs: Int) throws -> Double {
            let scenario = try ScenarioLoader.load(path: Self.scenario(demand: ", refreshEpochs: \(epochs)"))
            let provider = try #require(scenario.forecasters[0])
            guard case .dailyMeans(let demand) = scenario.world.products[0].customers else { return .nan }
            let observed = Array(repeating: 1.6 * demand.meanUnitsPerDay[0], count: 56)
            let first = try #require(provider.forecast(observedUnitsPerDay: observed, issuedDay: 56, horizonDays: 14))
            let again = try #require(provider.forecast(observedUnitsPerDay: observed, issuedDay: 56, horizonDays: 14))
            #expect(first.meanUnitsPerDay == again.meanUnitsPerDay)
            return first.meanUnitsPerDay.reduce(0, +)
        }
        let conditioned = try forecast(epochs: 0), tuned = try forecast(epochs: 8)
        #expect(tuned > 1.05 * conditioned, "fine-tuned \(tuned) units, conditioned only \(conditioned)")
    }

    /// MUG's history has no prices while the other SKUs have theirs: the network is trained with a price
    /// of 1 for MUG, and must read MUG's plan the same way whatever MUG's selling price (an earlier build
    /// planned the selling price, a price input log(price / 1) the network never saw).
    @Test("a SKU without price history is forecast the same whatever its selling price")
    func unpricedSKU() throws {
        /// The demand's mean path, and the policies' forecast after four weeks sold at the selling price.
        func meanDemand(price: Double) throws -> (demand: [Double], policy: [Double]) {
            let scenario = try ScenarioLoader.load(path: Self.scenario(unpriced: "MUG", mugPrice: price))
            guard case .dailyMeans(let demand) = scenario.world.products[0].customers else { return ([], []) }
            let provider = try #require(scenario.forecasters[0])
            let observed = Array(demand.meanUnitsPerDay.prefix(28))
            let forecast = try #require(provider.forecast(observedUnitsPerDay: observed, pricesPerDay: Array(repeating: price, count: 28),
                                                          currentPrice: price, issuedDay: 28, horizonDays: 14))
            return (demand.meanUnitsPerDay, forecast.meanUnitsPerDay)
        }
        let (cheap, cheapPolicy) = try meanDemand(price: 1), (dear, dearPolicy) = try meanDemand(price: 40)
        #expect(cheap.count == 56)
        #expect(cheap == dear)
        // The policies' forecaster reads the run's prices on the same scale (the selling price is 1 to it).
        #expect(cheapPolicy.count == 14 && cheapPolicy == dearPolicy)
        // And the forecast is on the history's scale (MUG sells about 40 units a week, ±walk): 1.5–20 units/day.
        for path in [dear, dearPolicy] {
            let average = path.reduce(0, +) / Double(max(1, path.count))
            #expect(average > 1.5 && average < 20, "\(average) units/day")
        }
    }

    @Test("promotionLift, noise, a misplaced trainingEpochs and an out-of-range refreshEpochs are located errors")
    func refusals() throws {
        let lift = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: Self.scenario(demand: ", promotionLift: 1.5")) }
        #expect(lift?.keyPath == "products[0].demand.promotionLift")
        let epochs = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: Self.scenario(mugModel: "naive")) }
        #expect(epochs?.keyPath == "products[0].demand.trainingEpochs")
        #expect(epochs?.problem.contains("global-deepar") == true)
        let noise = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: Self.scenario(demand: ", noise: poisson")) }
        #expect(noise?.keyPath == "products[0].demand.noise")
        let refresh = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: Self.scenario(demand: ", refreshEpochs: 99")) }
        #expect(refresh?.keyPath == "products[0].demand.refreshEpochs")
        #expect(refresh?.allowed.contains("0…50") == true)
    }
}
