import Experiment
import Reporting
import Foundation
import Policies
import Scenario
import Simulation
import Stochastics
import Testing

@Suite("Perfect-information bound")
struct PerfectInformationBoundTests {
    @Test("each replication's bound is the known-level program at that replication's level; a stationary scenario has none")
    func perReplication() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["horizonDays=28", "replications=3"])
        let result = ExperimentRunner.run(scenario)
        let bound = try #require(result.perfectInformationBound)
        let values = try #require(bound.profitBySKU[0])
        #expect(values.count == 3 && bound.totalProfit == values && bound.notes.isEmpty)
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast demand")
            return
        }
        let model = try MarkdownSeasonModel(world: scenario.world, skuIndex: 0)
        for r in 0..<3 {
            // The level as the simulator applies it: the replication's mean path over the forecast's.
            let level = demand.forReplication(r).meanUnitsPerDay[5] / demand.meanUnitsPerDay[5]
            #expect(abs(values[r] - (try MarkdownSeasonDP.solve(model, levelFactor: level)).expectedProfit) < 1e-6 * abs(values[r]))
        }
        #expect(Set(values).count == 3, "the levels differ, so do the bounds")
        let plain = ExperimentRunner.run(try shortScenario("quickstart"))
        #expect(plain.perfectInformationBound == nil)
        #expect(!ReportWriter.summary(plain).text.contains("bound"))
    }

    @Test("level known after the buy: one buy for all levels, the newsvendor on the mixture of the levels' demand")
    func afterBuyIsTheMixtureNewsvendor() throws {
        // One price, no holding: V_r(x) = p·E[min(D_r, x)] + s·E[(x − D_r)⁺] with D_r Poisson(level_r × 30).
        // The common buy maximises the mean over r: the smallest x with the mixture's cdf ≥ (p − c)/(p − s).
        let p = 10.0, c = 4.0, s = 1.0
        let model = MarkdownSeasonModel(meanUnitsPerDay: Array(repeating: 3, count: 10), priceElasticity: 0, referencePrice: p,
                                        priceLevels: [p], noise: .poisson, unitCostPerUnit: c, salvageValuePerUnit: s,
                                        holdingCostPerUnitDay: 0)
        let levels = [0.6, 1.0, 1.7]
        let limit = 120
        let values = try levels.map { try MarkdownSeasonDP.startValues(model, level: $0, limit: limit) }
        let profits = PerfectInformationBound.bestCommonBuy(model, values: values)
        let seasons = try levels.map { try DiscretePMF.poisson(mean: $0 * 30) }
        var q = 0
        while seasons.reduce(0, { $0 + $1.cdf(q) }) / 3 < (p - c) / (p - s) { q += 1 }
        for (r, season) in seasons.enumerated() {
            let sold = season.mean - season.expectedShortage(stockLevel: q)
            let expected = p * sold + s * (Double(q) - sold) - c * Double(q)
            #expect(abs(profits[r] - expected) < 1e-7, "replication \(r): \(profits[r]) vs \(expected)")
            // Each level's own best buy earns at least as much.
            #expect(profits[r] <= (try MarkdownSeasonDP.solve(model, levelFactor: levels[r])).expectedProfit + 1e-9)
        }
        // Where the levels' own best buys differ, the common buy loses something on average.
        let known = try levels.map { try MarkdownSeasonDP.solve(model, levelFactor: $0).expectedProfit }
        #expect(profits.reduce(0, +) < known.reduce(0, +) - 1e-6)
        // One level: the same as knowing it in advance.
        let single = PerfectInformationBound.bestCommonBuy(model, values: [values[1]])
        #expect(abs(single[0] - known[1]) < 1e-7)
    }

    @Test("restock run reports both markdown bounds, the level known after the buy below the level known in advance")
    func bothBoundsInRuns() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["horizonDays=28", "replications=4"])
        let result = ExperimentRunner.run(scenario)
        #expect(result.bounds.map(\.name) == [PerfectInformationBound.rowName, PerfectInformationBound.afterBuyRowName])
        let known = try #require(result.bounds[0].profitBySKU[0]), afterBuy = try #require(result.bounds[1].profitBySKU[0])
        for r in 0..<4 { #expect(afterBuy[r] <= known[r] + 1e-6) }
        let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
        #expect(mean(afterBuy) < mean(known))
        let summary = ReportWriter.summary(result).text
        #expect(summary.contains("\(PerfectInformationBound.afterBuyRowName),DRESS-SUMMER,profit,"))
        #expect(summary.contains("profit_gap_to_level_after_buy_bound"))
    }

    @Test("bounds that would take far longer than the run are left out with a note saying why")
    func boundBudgets() throws {
        let markdown = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["replications=1000000"])
        let bounds = PerfectInformationBound.markdown(markdown)
        #expect(bounds.count == 2 && bounds.allSatisfy { $0.totalProfit == nil })
        #expect(bounds[0].notes.first?.contains("1000000 replications of the season's program") == true, "\(bounds[0].notes)")
        let lostSales = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path,
                                                overrides: ["replications=100000", "warmupDays=0"])
        let clairvoyant = try #require(PerfectInformationBound.clairvoyant(lostSales))
        #expect(clairvoyant.name == PerfectInformationBound.pathRowName && clairvoyant.totalProfit == nil)
        #expect(clairvoyant.notes.first?.contains("more than the limit of 4e+11") == true, "\(clairvoyant.notes)")
    }
}
