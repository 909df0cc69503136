import Foundation
import Stochastics

/// The Bayes-optimal markdown policy when the season's level factor is unknown, approximately: a
/// dynamic program over (epoch, stock, exposure) in which the level is learnt from the sales.
///
/// The approximations, in the order they matter:
/// - **Prior**: the lognormal level factor (mean 1) becomes a discrete prior on a few equally likely
///   levels (``LevelPrior/lognormal(coefficientOfVariation:nodes:)``).
/// - **Posterior**: from the sales to date S and the exposure E (Σ over the days so far of the mean at
///   level 1 and the price charged): `w_j ∝ π_j · L_j^(S/φ) · e^(−L_j·E/φ)`. For Poisson noise (φ = 1)
///   this is exact — (S, E) is sufficient, and in a one-buy lost-sales season censoring does not matter:
///   until the stock runs out sales are demand, and after it nothing more is sold or decided. For
///   negative binomial or gamma noise, φ is the noise's dispersion index at the season's average daily
///   mean (a quasi-likelihood: each unit counts as 1/φ of a Poisson observation). Given a level, the
///   program's demand is the exact noise law.
/// - **Epochs**: the price is chosen every `epochDays` days (weekly by default) and held in between, a
///   restriction of what the simulator allows (any level at any daily review); the epoch's demand is
///   the exact sum of its days' laws (for gamma noise, of the continuous draws), and holding is charged
///   as if the epoch's sales were spread evenly over its days.
/// - **Grids**: stock above `maxStockLots` units is counted in lots (each epoch's demand is split
///   between the two nearest lots, keeping its mean); exposure lies on a grid per epoch, the values
///   interpolated linearly in stock and exposure.
/// - **Buy**: the expected profit is maximised over the start stock by a golden-section search, which
///   assumes it is unimodal in the buy.
///
/// Its expected profit under the prior estimates the best a non-anticipative policy can earn; the
/// policy's simulated profit (``BayesMarkdownPolicy``) is what is compared with the others and with the
/// perfect-information bound.
public enum BayesMarkdownDP {
    /// Tail mass left out of each epoch's demand table.
    public static let tailTolerance = 1e-10
    /// Most price epochs a season may have (days / `epochDays`, rounded up): the program's tables, time
    /// and memory grow linearly with them; 600 weekly epochs are a season of 4,200 days.
    public static let maximumEpochs = 600

    /// Most demand-table entries the program may hold (epochs × prior levels × price levels × the widest
    /// epoch's support): about 400 MB.
    public static let maximumTableEntries = 50_000_000

    /// Refuses a season with more than ``maximumEpochs`` epochs and, given the prior, demand tables of
    /// more than ``maximumTableEntries`` entries (the widest epoch's support times the tables).
    /// - Throws: `MarkdownModelError` saying what is too big and what fits; `DistributionError` for an
    ///   epoch's demand too wide to tabulate at all.
    public static func checkSize(_ model: MarkdownSeasonModel, settings: BayesMarkdownSettings, prior: LevelPrior? = nil) throws {
        let epochs = (model.seasonDays + settings.epochDays - 1) / max(1, settings.epochDays)
        guard epochs <= maximumEpochs else {
            throw MarkdownModelError("the season of \(model.seasonDays) days has \(epochs) price reviews of \(settings.epochDays) days, "
                + "more than the program's limit of \(maximumEpochs) (at most \(maximumEpochs * settings.epochDays) days at this review period)")
        }
        guard let prior else { return }
        // The widest epoch: the highest daily mean at the lowest price and the highest level, over a whole epoch.
        let widest = (model.meanUnitsPerDay.max() ?? 0) * (prior.levels.max() ?? 1)
            * (model.priceLevels.indices.map(model.priceFactor).max() ?? 1) * Double(settings.epochDays)
        let support = try model.noise.sum(of: settings.epochDays).unitPMF(mean: widest, tailTolerance: tailTolerance).probabilities.count
        let entries = Double(epochs) * Double(prior.levels.count) * Double(model.priceLevels.count) * Double(support)
        guard entries <= Double(maximumTableEntries) else {
            throw MarkdownModelError("the program's demand tables would hold about \(String(format: "%.1e", entries)) entries (\(epochs) epochs × "
                + "\(prior.levels.count) prior levels × \(model.priceLevels.count) prices × up to \(support) units of weekly demand), more than "
                + "\(maximumTableEntries); a shorter season, fewer price levels or smaller demand fits")
        }
    }

    /// Solves the program and chooses the buy.
    /// - Parameters:
    ///   - model: the season (`priceMoves` decides which moves the policy may make).
    ///   - prior: the prior on the level factor.
    ///   - settings: resolution.
    ///   - startStockUnits: a fixed stock after the buy (nil: the best one).
    /// - Returns: the plan.
    /// - Throws: `MarkdownModelError` for an invalid model or settings, `DistributionError` for demand too wide to tabulate.
    /// - Complexity: about 10–20 backward passes of O(epochs × grid × levels × prior levels × lots × demand lots).
    public static func solve(_ model: MarkdownSeasonModel, prior: LevelPrior, settings: BayesMarkdownSettings = BayesMarkdownSettings(),
                             startStockUnits: Int? = nil) throws -> BayesMarkdownPlan {
        try model.validate()
        try settings.validate()
        try checkSize(model, settings: settings, prior: prior)
        let tables = try EpochTables(model: model, prior: prior, settings: settings)
        let x0 = model.initialOnHandUnits
        if let fixed = startStockUnits {
            guard fixed >= x0, fixed <= MarkdownSeasonDP.maximumStockUnits else {
                throw MarkdownModelError("the start stock \(fixed) must lie between the initial stock (\(x0)) and \(MarkdownSeasonDP.maximumStockUnits) units")
            }
            return try tables.plan(startStock: fixed)
        }
        let top = prior.levels.max() ?? 1
        var high = max(x0 + 1, MarkdownSeasonDP.initialStockGuess(model, level: top))
        var low = x0
        // Profits of the buys tried; only the best plan so far is kept (each holds tables of every epoch).
        var cache: [Int: Double] = [:]
        var best: BayesMarkdownPlan?
        func profit(_ stock: Int) throws -> Double {
            if let known = cache[stock] { return known }
            let plan = try tables.plan(startStock: stock)
            cache[stock] = plan.expectedProfit
            if let incumbent = best, incumbent.expectedProfit > plan.expectedProfit
                || (incumbent.expectedProfit == plan.expectedProfit && incumbent.startStockUnits < stock) {
                return plan.expectedProfit
            }
            best = plan
            return plan.expectedProfit
        }
        // Golden section on whole units, to a bracket of 1% of the stock (or 2 units).
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = high - Int((Double(high - low) * ratio).rounded())
        var b = low + Int((Double(high - low) * ratio).rounded())
        var fa = try profit(a), fb = try profit(b)
        while high - low > max(2, high / 100) {
            if fa >= fb {
                high = b
                b = a
                fb = fa
                a = high - Int((Double(high - low) * ratio).rounded())
                fa = try profit(a)
            } else {
                low = a
                a = b
                fa = fb
                b = low + Int((Double(high - low) * ratio).rounded())
                fb = try profit(b)
            }
        }
        for stock in [low, high] { _ = try profit(stock) }
        guard let best else { throw MarkdownModelError("the search for the buy evaluated nothing") }
        return best
    }
}

/// What the passes for different buys share: epochs, exposure steps, the dispersion index, and each
/// epoch's demand in units per (prior level, price level).
struct EpochTables {
    let model: MarkdownSeasonModel
    let prior: LevelPrior
    let settings: BayesMarkdownSettings
    let epochStarts: [Int]
    let exposureSteps: [[Double]]
    let grids: [[Double]]
    let dispersionIndex: Double
    /// unitPMFs[e][j][k]: epoch e's demand in units.
    let unitPMFs: [[[DiscretePMF]]]

    init(model: MarkdownSeasonModel, prior: LevelPrior, settings: BayesMarkdownSettings) throws {
        self.model = model
        self.prior = prior
        self.settings = settings
        let days = model.seasonDays
        let epochStarts = Array(stride(from: 0, to: days, by: settings.epochDays)) + [days]
        self.epochStarts = epochStarts
        let levels = model.priceLevels.indices
        let factors = levels.map(model.priceFactor)
        exposureSteps = (0..<(epochStarts.count - 1)).map { e in
            let base = model.meanUnitsPerDay[epochStarts[e]..<epochStarts[e + 1]].reduce(0, +)
            return factors.map { base * $0 }
        }
        let low = factors.min() ?? 1, high = factors.max() ?? 1
        var grids: [[Double]] = []
        var before = 0.0
        for e in 0..<epochStarts.count {
            let lo = before * low, hi = before * high
            let points = hi - lo > 1e-9 * max(1, hi) ? settings.exposureGridPoints : 1
            grids.append(points == 1 ? [lo] : (0..<points).map { lo + (hi - lo) * Double($0) / Double(points - 1) })
            if e < epochStarts.count - 1 { before += model.meanUnitsPerDay[epochStarts[e]..<epochStarts[e + 1]].reduce(0, +) }
        }
        self.grids = grids
        let average = model.meanUnitsPerDay.reduce(0, +) / Double(max(1, days))
        dispersionIndex = average > 0 ? max(1, model.noise.dispersionIndex(mean: average * prior.mean)) : 1
        var pmfs: [[[DiscretePMF]]] = []
        for e in 0..<(epochStarts.count - 1) {
            pmfs.append(try prior.levels.map { level in
                try levels.map { k in try Self.epochPMF(model, days: epochStarts[e]..<epochStarts[e + 1], priceIndex: k, level: level) }
            })
        }
        unitPMFs = pmfs
    }

    /// The demand of `days` at price level k and level factor `level`: days with equal means summed in
    /// closed form (``NoiseLaw/sum(of:)``), runs of different means convolved.
    static func epochPMF(_ model: MarkdownSeasonModel, days: Range<Int>, priceIndex k: Int, level: Double) throws -> DiscretePMF {
        var result = DiscretePMF(unnormalized: [1])
        var day = days.lowerBound
        while day < days.upperBound {
            var end = day + 1
            while end < days.upperBound, model.meanUnitsPerDay[end] == model.meanUnitsPerDay[day] { end += 1 }
            let count = end - day
            let mean = model.meanUnits(day: day, priceIndex: k, level: level) * Double(count)
            let part = try model.noise.sum(of: count).unitPMF(mean: mean, tailTolerance: BayesMarkdownDP.tailTolerance)
            result = result.probabilities.count == 1 ? part : result.convolved(with: part)
            day = end
        }
        return result
    }

    /// A unit pmf in lots of `lot` units: the mass of d units split between the lots either side of d/lot.
    static func inLots(_ pmf: DiscretePMF, lot: Double) -> DiscretePMF {
        guard lot > 1 else { return pmf }
        var out = [Double](repeating: 0, count: Int((Double(pmf.maxValue) / lot).rounded(.up)) + 2)
        for (d, p) in pmf.probabilities.enumerated() where p > 0 {
            let position = Double(d) / lot
            let i = Int(position.rounded(.down))
            let f = position - Double(i)
            out[i] += p * (1 - f)
            out[i + 1] += p * f
        }
        return DiscretePMF(unnormalized: out)
    }

    /// The backward pass for one start stock.
    func plan(startStock: Int) throws -> BayesMarkdownPlan {
        let lotsCount = min(settings.maxStockLots, startStock)
        let lot = startStock > 0 ? Double(startStock) / Double(lotsCount) : 1
        let epochs = epochStarts.count - 1
        let levelCount = model.priceLevels.count
        let lotPMFs = unitPMFs.map { $0.map { $0.map { Self.inLots($0, lot: lot) } } }
        let stockUnits = (0...lotsCount).map { Double($0) * lot }
        var values = Array(repeating: [[Double]](), count: epochs + 1)
        values[epochs] = [stockUnits.map { $0 * model.salvageValuePerUnit }]
        // The terminal table is the same at every exposure: one grid point.
        var terminalGrids = grids
        terminalGrids[epochs] = [0]
        let partial = BayesMarkdownPlan(model: model, prior: prior, settings: settings, dispersionIndex: dispersionIndex,
                                        startStockUnits: startStock, expectedProfit: 0, lotUnits: lot, epochStarts: epochStarts,
                                        exposureSteps: exposureSteps, grids: terminalGrids, values: values, lotPMFs: lotPMFs)
        var plan = partial
        for e in stride(from: epochs - 1, through: 0, by: -1) {
            let days = Double(epochStarts[e + 1] - epochStarts[e])
            var table: [[Double]] = []
            for exposure in grids[e] {
                let weights = stockUnits.map { x in
                    prior.posterior(salesUnits: Double(startStock) - x, exposureUnits: exposure, dispersionIndex: dispersionIndex)
                }
                var best = [Double](repeating: -.infinity, count: lotsCount + 1)
                var byLevel: [[Double]] = []
                for k in 0..<levelCount {
                    let next = exposure + exposureSteps[e][k]
                    let column = (0...lotsCount).map { plan.continuationValue(epoch: e + 1, lots: Double($0), exposure: next) }
                    var q = [Double](repeating: 0, count: lotsCount + 1)
                    for j in prior.levels.indices {
                        let pmf = lotPMFs[e][j][k]
                        accumulate(pmf, column: column, price: model.priceLevels[k], days: days, lot: lot,
                                   stockUnits: stockUnits, weights: weights, level: j, into: &q)
                    }
                    byLevel.append(q)
                }
                if model.priceMoves == .anyLevel {
                    for q in byLevel { for i in q.indices where q[i] > best[i] { best[i] = q[i] } }
                    table.append(best)
                } else {
                    throw MarkdownModelError("the Bayes program lets the price move to any level at each epoch (priceMoves: anyLevel)")
                }
            }
            plan = BayesMarkdownPlan(model: model, prior: prior, settings: settings, dispersionIndex: dispersionIndex,
                                     startStockUnits: startStock, expectedProfit: 0, lotUnits: lot, epochStarts: epochStarts,
                                     exposureSteps: exposureSteps, grids: plan.gridsReplacing(e, with: grids[e]),
                                     values: plan.valuesReplacing(e, with: table), lotPMFs: lotPMFs)
        }
        let x0 = model.initialOnHandUnits
        let start = plan.values[0][0][lotsCount]
        let profit = start - model.unitCostPerUnit * Double(startStock - x0) - (startStock > x0 ? model.fixedCostPerOrder : 0)
        return BayesMarkdownPlan(model: model, prior: prior, settings: settings, dispersionIndex: dispersionIndex,
                                 startStockUnits: startStock, expectedProfit: profit, lotUnits: lot, epochStarts: epochStarts,
                                 exposureSteps: exposureSteps, grids: plan.grids, values: plan.values, lotPMFs: lotPMFs)
    }

    /// Adds `weights[i][level] × (reward + continuation)` of one prior level to q[i] for every stock i (lots).
    func accumulate(_ pmf: DiscretePMF, column: [Double], price: Double, days: Double, lot: Double, stockUnits: [Double],
                    weights: [[Double]], level j: Int, into q: inout [Double]) {
        let meanLots = pmf.mean
        let penalty = model.lostSalePenaltyPerUnit, holding = model.holdingCostPerUnitDay
        pmf.probabilities.withUnsafeBufferPointer { p in
            column.withUnsafeBufferPointer { v in
                for i in 0..<column.count {
                    let w = weights[i][j]
                    guard w > 1e-14 else { continue }
                    let short = pmf.expectedShortage(stockLevel: i)
                    let soldUnits = (meanLots - short) * lot
                    let terms = min(i, p.count)
                    var s0 = 0.0, s1 = 0.0
                    var d = 0
                    while d + 2 <= terms {
                        s0 += p[d] * v[i - d]
                        s1 += p[d + 1] * v[i - d - 1]
                        d += 2
                    }
                    if d < terms { s0 += p[d] * v[i - d] }
                    let continuation = s0 + s1 + pmf.survival(atLeast: i) * v[0]
                    let reward = price * soldUnits - penalty * short * lot - holding * (days * stockUnits[i] - (days + 1) / 2 * soldUnits)
                    q[i] += w * (reward + continuation)
                }
            }
        }
    }
}

extension BayesMarkdownPlan {
    func valuesReplacing(_ epoch: Int, with table: [[Double]]) -> [[[Double]]] {
        var copy = values
        copy[epoch] = table
        return copy
    }

    func gridsReplacing(_ epoch: Int, with grid: [Double]) -> [[Double]] {
        var copy = grids
        copy[epoch] = grid
        return copy
    }
}
