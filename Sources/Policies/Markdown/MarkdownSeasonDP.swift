import Foundation
import Stochastics

/// The best plan for a ``MarkdownSeasonModel`` when the season's level factor is known in advance: a
/// finite-horizon dynamic program over (day, stock, price level) with exact daily demand pmfs, and the
/// buy that maximises `−unitCost·Q − fixedCost·[Q > 0] + V₀(initial stock + Q)`.
///
/// With the level known, the optimal plan still reacts to each day's demand (it is a policy, not a
/// fixed price path); what it knows that a real policy does not is the level. Its expected profit is
/// therefore an upper bound on what any policy that does not see the level can earn in expectation at
/// that level, averaged over levels (the perfect-information bound): each replication's bound is this
/// value at the replication's level factor.
///
/// The recursion, day t = T−1 … 0, stock x, price level k (reached from the previous day's level by an
/// allowed move):
///
///     W_t(x, k) = p_k·E[min(D, x)] − π·E[(D − x)⁺] − h·E[(x − D)⁺] + E[V_{t+1}(x − min(D, x), k)]
///     V_t(x, k) = max over k' allowed from k of W_t(x, k'),   V_T(x, ·) = salvage · x
///
/// Stock states run from 0 to a limit that provably contains the best buy: a Lagrangian bound on a
/// fluid relaxation (expected sales at each day and price at most their mean, total at most the stock)
/// shows that no larger stock can beat the best one found (see ``provenStockLimitUnits(_:levelFactor:bestProfit:)``).
public enum MarkdownSeasonDP {
    /// Probability mass left out of the upper tail of each daily pmf.
    public static let tailTolerance = 1e-12
    /// Largest stock (units) the program will tabulate.
    public static let maximumStockUnits = 2_000_000

    /// Solves the season at a known level.
    /// - Parameters:
    ///   - model: the season.
    ///   - levelFactor: the level factor (> 0) that multiplies every day's mean.
    ///   - stockLimitUnits: the largest stock to consider; `nil` chooses one that provably contains the best buy.
    /// - Returns: the expected profit of the optimal plan, its buy and the values of the starting stocks.
    /// - Throws: `MarkdownModelError` for an invalid model or level, `DistributionError` for a demand law
    ///   too wide to tabulate.
    /// - Complexity: O(days × levels × stock limit × demand support) per solve (at most two solves).
    public static func solve(_ model: MarkdownSeasonModel, levelFactor: Double,
                             stockLimitUnits: Int? = nil) throws -> MarkdownSeasonSolution {
        try model.validate()
        guard levelFactor.isFinite, levelFactor > 0 else {
            throw MarkdownModelError("the level factor must be a finite number > 0, got \(levelFactor)")
        }
        if let limit = stockLimitUnits {
            guard limit >= model.initialOnHandUnits, limit <= maximumStockUnits else {
                throw MarkdownModelError("the stock limit \(limit) must lie between the initial stock (\(model.initialOnHandUnits)) and \(maximumStockUnits) units")
            }
            return try solution(model, level: levelFactor, limit: limit)
        }
        var limit = initialStockGuess(model, level: levelFactor)
        var best = try solution(model, level: levelFactor, limit: limit)
        let proven = provenStockLimitUnits(model, levelFactor: levelFactor, bestProfit: best.expectedProfit)
        if proven > Double(limit) {
            guard proven <= Double(maximumStockUnits) else {
                throw MarkdownModelError("the best buy may exceed \(maximumStockUnits) units, too many to tabulate")
            }
            limit = Int(proven.rounded(.up))
            best = try solution(model, level: levelFactor, limit: limit)
        }
        return best
    }

    /// A stock above which no buy can earn more than `bestProfit`: the smallest over λ of the x at which
    /// the Lagrangian fluid bound `A(λ) + (λ + s − hT − c)·x + c·x₀` falls to `bestProfit`, where
    /// `A(λ) = Σ_t max_k m_tk·((p_k + π − s + h·(T − t) − λ)⁺ − π)`.
    /// - Parameters:
    ///   - model: the season (validated).
    ///   - levelFactor: the level factor.
    ///   - bestProfit: the expected profit of a buy already found.
    /// - Returns: the stock limit in units (≥ the initial stock).
    /// - Complexity: O(grid × days × levels) with a grid of 400 multipliers.
    public static func provenStockLimitUnits(_ model: MarkdownSeasonModel, levelFactor: Double, bestProfit: Double) -> Double {
        let days = model.seasonDays
        let c = model.unitCostPerUnit, s = model.salvageValuePerUnit, h = model.holdingCostPerUnitDay
        let penalty = model.lostSalePenaltyPerUnit
        let slope = c + h * Double(days) - s
        let factors = model.priceLevels.indices.map(model.priceFactor)
        var best = Double.infinity
        for step in 0..<400 {
            let lambda = slope * Double(step) / 400
            var a = 0.0
            for t in 0..<days {
                let base = levelFactor * model.meanUnitsPerDay[t]
                var dayBest = -Double.infinity
                for k in model.priceLevels.indices {
                    let weight = model.priceLevels[k] + penalty - s + h * Double(days - t) - lambda
                    dayBest = max(dayBest, base * factors[k] * (max(0, weight) - penalty))
                }
                a += dayBest
            }
            best = min(best, (a + c * Double(model.initialOnHandUnits) - bestProfit) / (slope - lambda))
        }
        return max(Double(model.initialOnHandUnits), best)
    }

    /// A first stock limit: the mean season demand at the price with the best margin on mean demand plus
    /// six standard deviations.
    public static func initialStockGuess(_ model: MarkdownSeasonModel, level: Double) -> Int {
        let margins = model.priceLevels.indices.map { k in
            model.meanUnitsPerDay.reduce(0) { $0 + $1 } * model.priceFactor(k) * (model.priceLevels[k] - model.unitCostPerUnit)
        }
        let k = margins.indices.max { margins[$0] < margins[$1] } ?? 0
        var mean = 0.0, variance = 0.0
        for t in 0..<model.seasonDays {
            let m = model.meanUnits(day: t, priceIndex: k, level: level)
            mean += m
            let sd = model.noise.standardDeviation(mean: m)
            variance += sd * sd
        }
        let guess = Double(model.initialOnHandUnits) + mean + 6 * variance.squareRoot() + 10
        return Int(min(guess, Double(maximumStockUnits)).rounded(.up))
    }

    /// One backward pass on stocks 0…`limit`, then the best buy.
    static func solution(_ model: MarkdownSeasonModel, level: Double, limit: Int) throws -> MarkdownSeasonSolution {
        let values = try startValues(model, level: level, limit: limit)
        let x0 = model.initialOnHandUnits
        var bestStock = x0, bestProfit = values[x0]
        for x in (x0 + 1)...max(x0 + 1, limit) where x <= limit {
            let profit = values[x] - model.unitCostPerUnit * Double(x - x0) - model.fixedCostPerOrder
            if profit > bestProfit {
                bestProfit = profit
                bestStock = x
            }
        }
        return MarkdownSeasonSolution(levelFactor: level, expectedProfit: bestProfit, buyUnits: bestStock - x0,
                                      stockLimitUnits: limit, startingStockValues: values)
    }

    /// `V₀(x, starting level)` for x = 0…`limit`: the expected profit from day 0 on (without the buy's cost).
    /// - Parameters:
    ///   - model: the season (validated).
    ///   - level: the level factor.
    ///   - limit: the largest stock.
    /// - Returns: `limit + 1` values.
    /// - Throws: `DistributionError` for a demand law too wide to tabulate.
    public static func startValues(_ model: MarkdownSeasonModel, level: Double, limit: Int) throws -> [Double] {
        let levels = model.priceLevels.count
        let anyLevel = model.priceMoves == .anyLevel
        let count = limit + 1
        let terminal = (0..<count).map { Double($0) * model.salvageValuePerUnit }
        // With any move allowed, tomorrow's value does not depend on today's level: one table serves all.
        var next = Array(repeating: terminal, count: anyLevel ? 1 : levels)
        var pmfs = DailyPMFCache(noise: model.noise, tailTolerance: tailTolerance)
        // The work is counted before any is done (days with equal means share one table).
        var operations = 0.0
        for t in 0..<model.seasonDays where operations <= maximumOperations {
            for k in 0..<levels {
                let pmf = try pmfs.pmf(mean: model.meanUnits(day: t, priceIndex: k, level: level))
                operations += passOperations(stockLimit: limit, support: pmf.probabilities.count)
            }
        }
        guard operations <= maximumOperations else {
            throw MarkdownModelError("the program over \(model.seasonDays) days, \(levels) price levels and stocks up to \(limit) units "
                + "needs at least \(String(format: "%.1e", operations)) operations per solve, more than the limit of "
                + "\(String(format: "%.0e", maximumOperations)) (a few seconds); a shorter season or smaller daily demand fits")
        }
        var stage = Array(repeating: [Double](repeating: 0, count: count), count: levels)
        for t in stride(from: model.seasonDays - 1, through: 0, by: -1) {
            for k in 0..<levels {
                let pmf = try pmfs.pmf(mean: model.meanUnits(day: t, priceIndex: k, level: level))
                expectedDayValues(pmf, price: model.priceLevels[k], penalty: model.lostSalePenaltyPerUnit,
                                  holding: model.holdingCostPerUnitDay, next: next[anyLevel ? 0 : k], into: &stage[k])
            }
            if anyLevel {
                var best = stage[0]
                for k in 1..<max(1, levels) {
                    for x in 0..<count where stage[k][x] > best[x] { best[x] = stage[k][x] }
                }
                next[0] = best
            } else {
                for k in 0..<levels {
                    let allowed = model.allowedPriceIndices(from: k)
                    var best = stage[allowed[0]]
                    for k2 in allowed.dropFirst() {
                        for x in 0..<count where stage[k2][x] > best[x] { best[x] = stage[k2][x] }
                    }
                    next[k] = best
                }
            }
        }
        return next[anyLevel ? 0 : model.startingPriceIndex]
    }

    /// Largest number of multiply-adds one backward pass may take (``startValues(_:level:limit:)`` refuses
    /// more): the cost grows with days × stock limit × daily demand support, so with the square of the
    /// season's length when the buy covers the whole season; about two seconds in a release build.
    public static let maximumOperations = 4e9

    /// Multiply-adds of one day at one price over stocks 0…`stockLimit`: `Σ_x (1 + min(x, support))`.
    public static func passOperations(stockLimit: Int, support: Int) -> Double {
        let limit = Double(stockLimit), s = Double(min(support, stockLimit))
        return (limit + 1) + s * (s + 1) / 2 + (limit - s) * s
    }

    /// One day at one price, for every stock x: `p·E[min(D,x)] − π·E[(D−x)⁺] − h·E[(x−D)⁺] + E[V(x − min(D,x))]`.
    /// - Parameters:
    ///   - pmf: the day's demand.
    ///   - price: the day's price, currency per unit.
    ///   - penalty: lost-sale penalty per unit.
    ///   - holding: holding cost per unit left at the end of the day.
    ///   - next: tomorrow's values by stock.
    ///   - out: today's values by stock (same count as `next`).
    static func expectedDayValues(_ pmf: DiscretePMF, price: Double, penalty: Double, holding: Double,
                                  next: [Double], into out: inout [Double]) {
        let mean = pmf.mean
        pmf.probabilities.withUnsafeBufferPointer { p in
            next.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { w in
                    let support = p.count
                    for x in 0..<v.count {
                        let short = pmf.expectedShortage(stockLevel: x)
                        let left = pmf.expectedLeftover(stockLevel: x)
                        // Σ_{d < x} P(d)·V(x − d) + P(D ≥ x)·V(0), with four partial sums.
                        let terms = min(x, support)
                        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                        var d = 0
                        while d + 4 <= terms {
                            s0 += p[d] * v[x - d]
                            s1 += p[d + 1] * v[x - d - 1]
                            s2 += p[d + 2] * v[x - d - 2]
                            s3 += p[d + 3] * v[x - d - 3]
                            d += 4
                        }
                        while d < terms {
                            s0 += p[d] * v[x - d]
                            d += 1
                        }
                        let continuation = (s0 + s1) + (s2 + s3) + pmf.survival(atLeast: x) * v[0]
                        w[x] = price * (mean - short) - penalty * short - holding * left + continuation
                    }
                }
            }
        }
    }
}

/// Daily demand pmfs by mean: the days of a week share one mean, so each table is built once.
struct DailyPMFCache {
    let noise: NoiseLaw
    let tailTolerance: Double
    var tables: [Double: DiscretePMF] = [:]

    init(noise: NoiseLaw, tailTolerance: Double) {
        self.noise = noise
        self.tailTolerance = tailTolerance
    }

    mutating func pmf(mean: Double) throws -> DiscretePMF {
        if let known = tables[mean] { return known }
        let made = try noise.unitPMF(mean: mean, tailTolerance: tailTolerance)
        tables[mean] = made
        return made
    }
}
