// The Bayes program reads its epoch tables with a tail of 1e-10 and the known-level one with 1e-12: values agree to about 1e-8.
import Foundation
import Policies
import Stochastics
import Testing

@Suite("Bayes markdown program")
struct BayesMarkdownTests {
    /// Daily epochs and unit lots: the program then has no grid in stock.
    static let exact = BayesMarkdownSettings(epochDays: 1, maxStockLots: 100_000, exposureGridPoints: 5, priorLevels: 1)

    @Test("a prior without variance: the known-level program's value and buy")
    func zeroVariance() throws {
        let model = shortSeason(days: 6, perDay: 2, levels: [10, 7, 5], noise: .negativeBinomial(dispersion: 3))
        let known = try MarkdownSeasonDP.solve(model, levelFactor: 1)
        let prior = try LevelPrior.lognormal(coefficientOfVariation: 0)
        for stock in [0, 3, known.buyUnits, known.buyUnits + 4] {
            let plan = try BayesMarkdownDP.solve(model, prior: prior, settings: Self.exact, startStockUnits: stock)
            let expected = known.startingStockValues[stock] - model.unitCostPerUnit * Double(stock)
            #expect(abs(plan.expectedProfit - expected) < 1e-6, "stock \(stock): \(plan.expectedProfit) vs \(expected)")
        }
        let best = try BayesMarkdownDP.solve(model, prior: prior, settings: Self.exact)
        #expect(best.buyUnits == known.buyUnits)
        #expect(abs(best.expectedProfit - known.expectedProfit) < 1e-6)
    }

    @Test("one price, Poisson noise: the value of a buy is the prior mixture of the known-level values")
    func mixtureOfLevels() throws {
        let model = shortSeason(days: 6, perDay: 3, levels: [10], elasticity: 0)
        var noHolding = model
        noHolding.holdingCostPerUnitDay = 0
        let prior = try LevelPrior.lognormal(coefficientOfVariation: 0.4, nodes: 5)
        // Daily epochs charge holding exactly; longer epochs spread it, so they are compared without holding.
        for (season, epochDays) in [(model, 1), (noHolding, 3)] {
            let settings = BayesMarkdownSettings(epochDays: epochDays, maxStockLots: 100_000, exposureGridPoints: 4, priorLevels: 5)
            for stock in [4, 12, 20] {
                let plan = try BayesMarkdownDP.solve(season, prior: prior, settings: settings, startStockUnits: stock)
                var mixture = 0.0
                for (level, weight) in zip(prior.levels, prior.weights) {
                    mixture += weight * (try MarkdownSeasonDP.startValues(season, level: level, limit: stock))[stock]
                }
                let value = plan.expectedProfit + season.unitCostPerUnit * Double(stock)
                #expect(abs(value - mixture) < 1e-6, "epochs of \(epochDays) days, stock \(stock): \(value) vs \(mixture)")
            }
        }
    }

    @Test("with Poisson noise the posterior from (sales, exposure) is the exact one from the daily likelihoods")
    func posteriorIsExactForPoisson() throws {
        let prior = try LevelPrior.lognormal(coefficientOfVariation: 0.5, nodes: 7)
        let means = [2.0, 3.5, 1.0, 4.0], sales = [3, 2, 0, 6]
        var logs = prior.levels.indices.map { log(prior.weights[$0]) }
        for (m, d) in zip(means, sales) {
            for j in logs.indices {
                let law = try DiscretePMF.poisson(mean: m * prior.levels[j], tailTolerance: 1e-15)
                logs[j] += log(law.probability(d))
            }
        }
        let top = logs.max()!
        let exact = logs.map { exp($0 - top) }
        let total = exact.reduce(0, +)
        let posterior = prior.posterior(salesUnits: Double(sales.reduce(0, +)), exposureUnits: means.reduce(0, +), dispersionIndex: 1)
        for j in exact.indices { #expect(abs(posterior[j] - exact[j] / total) < 1e-9) }
        #expect(abs(prior.mean - 1) < 1e-12)
    }

    @Test("the policy buys the plan's stock on day 0, then follows the plan's lookahead; bad settings throw")
    func policy() throws {
        let model = shortSeason(days: 14, perDay: 3, levels: [10, 7, 5], noise: .poisson)
        let prior = try LevelPrior.lognormal(coefficientOfVariation: 0.3, nodes: 5)
        let plan = try BayesMarkdownDP.solve(model, prior: prior, settings: BayesMarkdownSettings(epochDays: 7, priorLevels: 5))
        let policy = BayesMarkdownPolicy(plan: plan)
        let first = policy.decide(Observation(sku: 0, day: 0, onHandUnits: 0, backorderedUnits: 0, pipeline: [], price: 10,
                                              priceLevels: [10, 7, 5], seasonEndDay: 14, lastOrderDays: [0]))
        #expect(first.orderUnits == [plan.startStockUnits])
        // The same instance running a second season starts afresh: it buys again on its day 0.
        let later = Observation(sku: 0, day: 9, onHandUnits: 5, backorderedUnits: 0, pipeline: [], price: 10,
                                priceLevels: [10, 7, 5], seasonEndDay: 14, lastOrderDays: [0])
        #expect(policy.decide(later).orderUnits.isEmpty)
        let again = policy.decide(Observation(sku: 0, day: 0, onHandUnits: 0, backorderedUnits: 0, pipeline: [], price: 10,
                                              priceLevels: [10, 7, 5], seasonEndDay: 14, lastOrderDays: [0]))
        #expect(again.orderUnits == [plan.startStockUnits])
        // Most of the stock sold in the first week: a high level, and full price is the best for the rest.
        let busy = plan.priceValues(epoch: 1, stockUnits: Double(plan.startStockUnits) / 3, salesUnits: Double(plan.startStockUnits) * 2 / 3,
                                    exposureUnits: 21, priceIndex: 0)
        #expect(busy.firstIndex(of: busy.max()!) == 0, "with most of the stock sold early, full price: \(busy)")
        #expect(throws: MarkdownModelError.self) {
            try BayesMarkdownDP.solve(model, prior: prior, settings: BayesMarkdownSettings(epochDays: 0))
        }
        #expect(throws: MarkdownModelError.self) { try LevelPrior.lognormal(coefficientOfVariation: -1) }
    }

    @Test("at most 600 price epochs: 4,200 days pass the size check at weekly prices, 4,201 do not")
    func epochLimit() throws {
        let weekly = BayesMarkdownSettings(epochDays: 7)
        try BayesMarkdownDP.checkSize(shortSeason(days: 4200, perDay: 1), settings: weekly)
        do {
            try BayesMarkdownDP.checkSize(shortSeason(days: 4201, perDay: 1), settings: weekly)
            Issue.record("expected 601 epochs to be refused")
        } catch let error as MarkdownModelError {
            #expect("\(error)".contains("601 price reviews of 7 days, more than the program's limit of 600"), "\(error)")
        }
        #expect(throws: MarkdownModelError.self) {
            try BayesMarkdownDP.solve(shortSeason(days: 601, perDay: 1), prior: LevelPrior.lognormal(coefficientOfVariation: 0.3, nodes: 3),
                                      settings: BayesMarkdownSettings(epochDays: 1, priorLevels: 3))
        }
    }
}

@Suite("Bayes markdown program size")
struct BayesMarkdownSizeTests {
    @Test("demand tables too big for memory are refused before they are built")
    func tableEntries() throws {
        let prior = try LevelPrior.lognormal(coefficientOfVariation: 0.3, nodes: 7)
        // 600 weekly epochs, 10 prices, the widest week (top level, lowest price) up to ~700 units: 600 × 7 × 10 × 700 ≈ 3e7 entries pass;
        // 100 prices make ten times as many.
        let tenPrices = shortSeason(days: 4200, perDay: 20, levels: (0..<10).map { 10 - 0.5 * Double($0) })
        try BayesMarkdownDP.checkSize(tenPrices, settings: BayesMarkdownSettings(epochDays: 7), prior: prior)
        let manyPrices = shortSeason(days: 4200, perDay: 20, levels: (0..<100).map { 10 - 0.05 * Double($0) })
        do {
            try BayesMarkdownDP.checkSize(manyPrices, settings: BayesMarkdownSettings(epochDays: 7), prior: prior)
            Issue.record("expected the table limit")
        } catch let error as MarkdownModelError {
            #expect(error.message.contains("100 prices") && error.message.contains("more than 50000000"), "\(error)")
        }
    }
}
