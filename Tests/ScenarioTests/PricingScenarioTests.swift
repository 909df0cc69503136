import Forecasting
import Foundation
import Policies
import Scenario
import Simulation
import Testing

let pricingScenarioPath = scenarioFolder.appendingPathComponent("pricing-markdown.yaml").path

/// The pricing scenario with one piece of text replaced, loaded under its own path (so that its history resolves).
func pricingError(_ original: String, _ replacement: String) throws -> ScenarioError {
    let text = try String(contentsOfFile: pricingScenarioPath, encoding: .utf8)
    #expect(text.contains(original), "the scenario no longer contains '\(original)'")
    do {
        _ = try ScenarioLoader.parse(yaml: text.replacingOccurrences(of: original, with: replacement), file: pricingScenarioPath)
    } catch let error as ScenarioError {
        return error
    }
    throw ScenarioError(file: pricingScenarioPath, problem: "no error for '\(replacement)'")
}

@Suite("The pricing scenario")
struct PricingScenarioTests {
    @Test("it loads: price levels, salvage value, a last order day, and a price elasticity estimated from the history")
    func loads() throws {
        let scenario = try ScenarioLoader.load(path: pricingScenarioPath)
        let product = scenario.world.products[0]
        #expect(product.priceLevels == [59, 47, 39, 29])
        #expect(product.sellingPrice == 59)
        #expect(product.salvageValuePerUnit == 10)
        #expect(product.suppliers[0].lastOrderDay == 0)
        guard case .dailyMeans(let demand) = product.customers else {
            Issue.record("expected forecast demand")
            return
        }
        // The history was generated with elasticity −1.5; three seasons of markdowns pin it down only roughly.
        #expect(demand.priceElasticity > -2.2 && demand.priceElasticity < -1.1, "estimated \(demand.priceElasticity)")
        #expect(demand.meanUnitsPerDay.count == 126)
        // One level factor per replication, around 1 with the CV asked for.
        let variation = try #require(demand.variation)
        let levels = (0..<400).map { variation.levelFactor(replication: $0, purpose: .report) }
        let mean = levels.reduce(0, +) / Double(levels.count)
        let sd = (levels.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(levels.count - 1)).squareRoot()
        #expect(abs(mean - 1) < 0.05 && abs(sd - 0.3) < 0.05, "levels: mean \(mean), sd \(sd)")
        #expect(demand.forReplication(2).meanUnitsPerDay[10] == demand.meanUnitsPerDay[10] * levels[2])
        // Every policy reads forecasts; the markdown policies set prices; the buy is the seasonal newsvendor ratio.
        #expect(scenario.policies.map(\.kind) == [.forecastOrderUpTo, .markdownRule, .markdownRule, .markdownRule, .markdownSchedule, .bayesMarkdown])
        // The Bayes policy prices weekly with the scenario's prior on the level, and reads no forecast.
        let bayes = try #require(scenario.policies[5].bayesMarkdownPlans)
        #expect(bayes.settings.epochDays == 7 && !scenario.policies[5].usesForecasts)
        #expect(bayes.priors[0].levels.count == 7 && abs(bayes.priors[0].mean - 1) < 1e-12)
        #expect(bayes.models[0].priceLevels == [59, 47, 39, 29] && bayes.models[0].priceMoves == .anyLevel)
        #expect(abs(scenario.policies[0].serviceLevels[0] - 37.0 / 49.0) < 1e-12)
        #expect(scenario.policies[1].markdown.seasonCoverRatio == 1.25 && scenario.policies[1].markdown.priceReviewDays == 7)
        #expect(scenario.policies[3].markdown.maxWeeksOfCover == 8)
        #expect(scenario.policies[4].markdown.markdownDays == [70, 91, 112])
    }

    @Test("the policies' forecast answers at the price charged: a markdown scales it by the estimated elasticity")
    func forecastAtPrice() throws {
        let scenario = try ScenarioLoader.load(path: pricingScenarioPath)
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast demand")
            return
        }
        let provider = try #require(scenario.forecasters[0])
        func total(at price: Double) throws -> Double {
            let forecast = try #require(provider.forecast(observedUnitsPerDay: [], pricesPerDay: [], currentPrice: price, issuedDay: 0,
                                                          horizonDays: 126))
            return forecast.total(fromDay: 0, days: 126).mean
        }
        let full = try total(at: 59), markdown = try total(at: 47)
        // The regression is log(1 + y): the ratio is (47/59)^e up to the "+ 1" on weekly sales of about a hundred.
        let ratio = markdown / full
        let expected = pow(47.0 / 59.0, demand.priceElasticity)
        #expect(abs(ratio / expected - 1) < 0.01, "ratio \(ratio), expected \(expected)")
        // At full price the forecast is the simulated mean path (which is the fit at the history's last price, 59).
        #expect(abs(full / demand.meanUnitsPerDay.reduce(0, +) - 1) < 0.01)
    }

    @Test("a short run: one buy, the markdown prices only go down and stay on the levels, salvage adds up")
    func runs() throws {
        let scenario = try ScenarioLoader.load(path: pricingScenarioPath, overrides: ["replications=3"])
        let simulator = InventorySimulator(configuration: scenario.world)
        var cuts = 0
        for replication in 0..<scenario.replications {
            var bought: Set<Double> = []
            for definition in scenario.policies {
                let result = simulator.run(policies: definition.makePolicies(for: scenario.world), replication: replication,
                                           seed: scenario.seed, traced: true, forecasters: scenario.forecasters)
                let ledger = result.total
                let prices = result.trace.map(\.price)
                #expect(prices.count == 126)
                #expect(prices.allSatisfy { [59, 47, 39, 29].contains($0) })
                // The rules only mark down; the Bayes policy may raise the price again, as the world allows.
                if definition.kind != .bayesMarkdown {
                    #expect(zip(prices, prices.dropFirst()).allSatisfy { $0 >= $1 }, "\(definition.name): prices rose")
                }
                if definition.kind == .forecastOrderUpTo { #expect(Set(prices) == [59]) }
                cuts += Set(prices).count - 1
                #expect(ledger.ordersPlaced == 1)
                if definition.kind != .bayesMarkdown { bought.insert(ledger.purchaseCost) }
                #expect(ledger.salvageRevenue == 10 * ledger.salvagedUnits)
                #expect(ledger.salvagedUnits == Double(result.trace.last?.onHandUnits ?? -1))
                #expect(abs(ledger.profit - (ledger.revenue + ledger.salvageRevenue - ledger.totalCost)) < 1e-9)
            }
            // Same forecast, same price on day 0: every forecast-driven policy makes the same buy (the Bayes policy its own).
            #expect(bought.count == 1)
        }
        #expect(cuts > 0)
    }

    @Test("bad pricing input names the file, line and key path, and what is allowed",
          arguments: [
            ("salvageValuePerUnit: 10", "salvageValuePerUnits: 10", "products[0].salvageValuePerUnits", "did you mean 'salvageValuePerUnit'"),
            ("salvageValuePerUnit: 10", "salvageValuePerUnit: -1", "products[0].salvageValuePerUnit", "negative"),
            ("salvageValuePerUnit: 10", "salvageValuePerUnit: 30", "products[0].salvageValuePerUnit", "above the unit cost"),
            ("priceLevels: [59, 47, 39, 29]", "priceLevels: [59, 47, 0, 29]", "products[0].priceLevels[2]", "not a positive number"),
            ("priceLevels: [59, 47, 39, 29]", "priceLevels: [59, 47, 47, 29]", "products[0].priceLevels[2]", "appears twice"),
            // Caught by the world's own checks (WorldConfiguration.validate), the safety net at the end of the build.
            ("priceLevels: [59, 47, 39, 29]", "priceLevels: [59, 39, 47, 29]", "products[0].priceLevels[2]", "not below the level before it"),
            ("priceLevels: [59, 47, 39, 29]", "priceLevels: [59, 47, 39, 29]\n    sellingPrice: 50", "products[0].sellingPrice",
             "not one of the price levels"),
            ("priceLevels: [59, 47, 39, 29]", "sellingPrice: 59", "policies[1].type", "no product has two or more price levels"),
            ("lastOrderDay: 0", "lastOrderDay: -1", "products[0].suppliers[0].lastOrderDay", "out of range"),
            ("levelCV: 0.3", "levelCV: -0.1", "products[0].demand.levelCV", "out of range"),
            ("seasonCoverRatio: 1.25", "seasonCoverRatio: 0", "policies[1].seasonCoverRatio", "out of range"),
            ("priceReviewDays: 7", "priceReviewDays: 0", "policies[1].priceReviewDays", "out of range"),
            ("maxWeeksOfCover: 8", "maxWeeksOfCover: -2", "policies[3].maxWeeksOfCover", "out of range"),
            ("everyDays: 1", "everyDays: 2", "policies[1].priceReviewDays", "not a multiple of the scenario's review period (2 days)"),
            ("review: {type: periodic, everyDays: 1}", "review: {type: continuous}", "policies[1].type", "markdownRule needs periodic review"),
            ("markdownDays: [70, 91, 112]", "markdownDays: [70, 60, 112]", "policies[4].markdownDays[1]", "not after day 0 and the markdown before it"),
            ("markdownDays: [70, 91, 112]", "markdownDays: [70, 91, 112, 120]", "policies[4].markdownDays", "at most 3 price levels below full price"),
            ("type: forecastOrderUpTo", "type: forecastOrderUpTo\n    seasonCoverRatio: 2", "policies[0].seasonCoverRatio", "only markdownRule"),
            ("type: markdownSchedule", "type: markdownRule", "policies[4].markdownDays", "only markdownSchedule"),
            ("horizonDays: 126 ", "horizonDays: 4207 ", "policies[5].type", "more than the program's limit of 600"),
          ])
    func badInput(_ original: String, _ replacement: String, _ keyPath: String, _ expected: String) throws {
        let error = try pricingError(original, replacement)
        #expect(error.file == pricingScenarioPath)
        #expect(error.keyPath == keyPath, "\(error)")
        #expect(error.description.contains(expected), "\(error)")
        #expect(!error.allowed.isEmpty, "\(error)")
        // The line named is the one holding the key (its last component, without an index).
        let lines = try String(contentsOfFile: pricingScenarioPath, encoding: .utf8).replacingOccurrences(of: original, with: replacement)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let key = String(keyPath.split(separator: ".").last?.split(separator: "[").first ?? "")
        let line = try #require(error.line)
        #expect(line >= 1 && line <= lines.count && lines[line - 1].contains("\(key):"), "line \(line) for \(keyPath)")
    }

    @Test("price levels need demand that responds to price")
    func levelsNeedPriceResponse() throws {
        let yaml = validScenario.replacingOccurrences(of: "sellingPrice: 10", with: "priceLevels: [10, 8]")
        let error = try #require(loadError(yaml))
        #expect(error.keyPath == "products[0].priceLevels")
        #expect(error.problem.contains("perDay demand does not"))
        #expect(error.line == 8)
    }
}
