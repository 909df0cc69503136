import Policies
import Stochastics
import Testing

/// A short season: `days` days of `perDay` mean units at the reference price 10, Poisson noise.
func shortSeason(days: Int = 3, perDay: Double = 1.5, levels: [Double] = [10, 6], elasticity: Double = -1.5,
                 moves: MarkdownSeasonModel.PriceMoves = .anyLevel, cost: Double = 4, salvage: Double = 1,
                 holding: Double = 0.05, noise: NoiseLaw = .poisson) -> MarkdownSeasonModel {
    MarkdownSeasonModel(meanUnitsPerDay: Array(repeating: perDay, count: days), priceElasticity: elasticity, referencePrice: 10,
                        priceLevels: levels, priceMoves: moves, noise: noise, unitCostPerUnit: cost,
                        salvageValuePerUnit: salvage, holdingCostPerUnitDay: holding)
}

@Suite("Markdown season dynamic program")
struct MarkdownSeasonDPTests {
    @Test("one price, no salvage or holding: the newsvendor on the season's total demand (critical ratio (p − c)/p)")
    func newsvendor() throws {
        // Poisson days add up to a Poisson season: total mean 14 × 2.5 = 35.
        let model = shortSeason(days: 14, perDay: 2.5, levels: [10], elasticity: 0, cost: 3, salvage: 0, holding: 0)
        let solution = try MarkdownSeasonDP.solve(model, levelFactor: 1)
        let total = try DiscretePMF.poisson(mean: 35)
        let ratio = (10.0 - 3) / 10
        var q = 0
        while total.cdf(q) < ratio { q += 1 }
        let profit = 10 * (total.mean - total.expectedShortage(stockLevel: q)) - 3 * Double(q)
        #expect(solution.buyUnits == q)
        #expect(abs(solution.expectedProfit - profit) < 1e-7, "\(solution.expectedProfit) vs \(profit)")
    }

    @Test("zero elasticity: markdowns never help (the same value as full price alone)")
    func zeroElasticity() throws {
        let all = shortSeason(days: 10, perDay: 3, levels: [10, 8, 6, 4], elasticity: 0, noise: .negativeBinomial(dispersion: 2))
        var one = all
        one.priceLevels = [10]
        let a = try MarkdownSeasonDP.solve(all, levelFactor: 1.2), b = try MarkdownSeasonDP.solve(one, levelFactor: 1.2)
        #expect(abs(a.expectedProfit - b.expectedProfit) < 1e-9)
        #expect(a.buyUnits == b.buyUnits)
    }

    @Test("the value rises with the level factor; markdowns add value when demand responds to price")
    func monotoneInLevel() throws {
        let model = shortSeason(days: 10, perDay: 3, levels: [10, 8, 6], noise: .negativeBinomial(dispersion: 3))
        let values = try [0.5, 0.8, 1, 1.3, 2].map { try MarkdownSeasonDP.solve(model, levelFactor: $0).expectedProfit }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values)")
        var fixed = model
        fixed.priceLevels = [10]
        let fullPriceOnly = try MarkdownSeasonDP.solve(fixed, levelFactor: 1).expectedProfit
        #expect(fullPriceOnly < values[2])
        // Markdowns only: fewer moves than any level, never more value.
        var down = model
        down.priceMoves = .markdownsOnly
        let markdowns = try MarkdownSeasonDP.solve(down, levelFactor: 1).expectedProfit
        #expect(markdowns <= values[2] + 1e-9)
        #expect(markdowns >= fullPriceOnly - 1e-9)
    }

    @Test("a tiny season: the program's value equals the best of all plans, enumerated")
    func bruteForce() throws {
        for moves in [MarkdownSeasonModel.PriceMoves.anyLevel, .markdownsOnly] {
            let model = shortSeason(days: 3, perDay: 1.2, levels: [10, 6], elasticity: -1.5, moves: moves, cost: 4, salvage: 1, holding: 0.3)
            let solution = try MarkdownSeasonDP.solve(model, levelFactor: 1.1, stockLimitUnits: 5)
            let brute = try BruteForceSeason(model: model, level: 1.1)
            var best = -Double.infinity, bestBuy = -1
            for buy in 0...5 {
                let value = brute.bestPlanValue(stock: buy) - 4 * Double(buy)
                if value > best + 1e-12 { best = value; bestBuy = buy }
            }
            #expect(abs(solution.expectedProfit - best) < 1e-9, "\(moves): \(solution.expectedProfit) vs \(best)")
            #expect(solution.buyUnits == bestBuy)
        }
    }

    @Test("the proven stock limit contains the best buy, and bad input throws")
    func limitsAndErrors() throws {
        let model = shortSeason(days: 20, perDay: 4, levels: [10, 7, 5], noise: .negativeBinomial(dispersion: 2))
        let solution = try MarkdownSeasonDP.solve(model, levelFactor: 1)
        let wide = try MarkdownSeasonDP.solve(model, levelFactor: 1, stockLimitUnits: solution.stockLimitUnits * 3)
        #expect(wide.buyUnits == solution.buyUnits)
        #expect(abs(wide.expectedProfit - solution.expectedProfit) < 1e-9)
        #expect(throws: MarkdownModelError.self) { try MarkdownSeasonDP.solve(model, levelFactor: 0) }
        var free = model
        free.salvageValuePerUnit = 5
        free.holdingCostPerUnitDay = 0
        #expect(throws: MarkdownModelError.self) { try MarkdownSeasonDP.solve(free, levelFactor: 1) }
        var empty = model
        empty.priceLevels = []
        #expect(throws: MarkdownModelError.self) { try MarkdownSeasonDP.solve(empty, levelFactor: 1) }
    }

    @Test("the work count is Σ over stocks of 1 + min(stock, support), counted term by term")
    func operationCount() {
        for (limit, support) in [(0, 5), (3, 10), (10, 3), (50, 50), (7, 1)] {
            let counted = (0...limit).reduce(0) { $0 + 1 + min($1, support) }
            #expect(MarkdownSeasonDP.passOperations(stockLimit: limit, support: support) == Double(counted), "\(limit), \(support)")
        }
    }

    @Test("a season too big to tabulate in seconds is refused before the backward pass, saying why")
    func tooMuchWork() throws {
        // 3,000 days of 60 units: stocks to ~180,000 units, ~50 units of support per day: about 3e13 operations.
        let model = shortSeason(days: 3000, perDay: 60, levels: [10, 6])
        do {
            _ = try MarkdownSeasonDP.solve(model, levelFactor: 1)
            Issue.record("expected the program to be refused")
        } catch let error as MarkdownModelError {
            #expect("\(error)".contains("operations per solve, more than the limit of 4e+09"), "\(error)")
        }
        // A season well within the limit solves.
        #expect(try MarkdownSeasonDP.solve(shortSeason(days: 30, perDay: 2), levelFactor: 1).expectedProfit > 0)
    }
}

/// Every deterministic plan of a tiny season, enumerated: a plan picks a price for every (day, stock
/// at the start of the day) and, for markdowns only, every earlier price. Each plan is evaluated over
/// every demand path; the best plan's value is returned.
struct BruteForceSeason {
    let model: MarkdownSeasonModel
    let level: Double
    /// pmfs[t][k]: the day's demand at level k.
    let pmfs: [[DiscretePMF]]

    init(model: MarkdownSeasonModel, level: Double) throws {
        self.model = model
        self.level = level
        pmfs = try (0..<model.seasonDays).map { t in
            try model.priceLevels.indices.map { k in try DiscretePMF.poisson(mean: model.meanUnits(day: t, priceIndex: k, level: level)) }
        }
    }

    /// The best expected profit (buy not counted) over all plans, starting with `stock` units.
    func bestPlanValue(stock: Int) -> Double {
        let levels = model.priceLevels.count
        let anyLevel = model.priceMoves == .anyLevel
        // With any move allowed the previous price does not constrain the choice: one entry per (day, stock).
        func key(_ t: Int, _ x: Int, _ k: Int) -> Int { (t * (stock + 1) + x) * levels + (anyLevel ? 0 : k) }
        var plan = [Int](repeating: -1, count: model.seasonDays * (stock + 1) * levels)
        var choices: [(key: Int, options: [Int])] = []
        for t in 0..<model.seasonDays {
            for x in 0...stock where t > 0 || x == stock {
                for k in 0..<levels where (t > 0 || k == model.startingPriceIndex) && (!anyLevel || k == 0) {
                    let options = model.allowedPriceIndices(from: anyLevel ? model.startingPriceIndex : k)
                    if options.count == 1 { plan[key(t, x, k)] = options[0] } else { choices.append((key(t, x, k), options)) }
                }
            }
        }
        func run(_ t: Int, _ x: Int, _ k: Int) -> Double {
            if t == model.seasonDays { return model.salvageValuePerUnit * Double(x) }
            let choice = plan[key(t, x, k)]
            let pmf = pmfs[t][choice]
            var total = 0.0
            for sold in 0...x {
                // Demand below the stock sells exactly; all demand from the stock up sells the stock.
                let probability = sold < x ? pmf.probability(sold) : pmf.survival(atLeast: x)
                let reward = model.priceLevels[choice] * Double(sold) - model.holdingCostPerUnitDay * Double(x - sold)
                total += probability * (reward + run(t + 1, x - sold, choice))
            }
            return total
        }
        var best = -Double.infinity
        func enumerate(_ position: Int) {
            if position == choices.count {
                best = max(best, run(0, stock, model.startingPriceIndex))
                return
            }
            for option in choices[position].options {
                plan[choices[position].key] = option
                enumerate(position + 1)
            }
        }
        enumerate(0)
        return best
    }
}
