import Stochastics

/// The solved Bayes markdown program (``BayesMarkdownDP``): the buy, and the value of each (epoch, stock,
/// exposure) state, from which ``BayesMarkdownPolicy`` picks each epoch's price by a one-step lookahead
/// at its actual state.
public struct BayesMarkdownPlan: Sendable {
    /// The season.
    public let model: MarkdownSeasonModel
    /// The prior on the level factor.
    public let prior: LevelPrior
    /// The program's resolution.
    public let settings: BayesMarkdownSettings
    /// Dispersion index φ of the quasi-likelihood (1 for Poisson noise).
    public let dispersionIndex: Double
    /// The stock after the buy (initial stock + buy), units.
    public let startStockUnits: Int
    /// Expected profit under the prior of the buy and the program's pricing, currency (the program's
    /// own estimate; the simulated profit of the policy is the one to compare).
    public let expectedProfit: Double
    /// Units per stock state (1 when the start stock is at most `maxStockLots`).
    public let lotUnits: Double
    /// First day of each epoch, and the day after the season.
    let epochStarts: [Int]
    /// exposureSteps[e][k]: Σ over epoch e's days of the mean at level 1 and price level k.
    let exposureSteps: [[Double]]
    /// grids[e]: exposure grid at the start of epoch e (one entry when there is no spread).
    let grids: [[Double]]
    /// values[e][g][i]: expected profit from epoch e on, at exposure grids[e][g] and stock i lots.
    let values: [[[Double]]]
    /// lotPMFs[e][j][k]: epoch e's demand in lots at prior level j and price level k.
    let lotPMFs: [[[DiscretePMF]]]

    init(model: MarkdownSeasonModel, prior: LevelPrior, settings: BayesMarkdownSettings, dispersionIndex: Double,
         startStockUnits: Int, expectedProfit: Double, lotUnits: Double, epochStarts: [Int], exposureSteps: [[Double]],
         grids: [[Double]], values: [[[Double]]], lotPMFs: [[[DiscretePMF]]]) {
        self.model = model
        self.prior = prior
        self.settings = settings
        self.dispersionIndex = dispersionIndex
        self.startStockUnits = startStockUnits
        self.expectedProfit = expectedProfit
        self.lotUnits = lotUnits
        self.epochStarts = epochStarts
        self.exposureSteps = exposureSteps
        self.grids = grids
        self.values = values
        self.lotPMFs = lotPMFs
    }

    /// Units to buy on top of the initial stock.
    public var buyUnits: Int { startStockUnits - model.initialOnHandUnits }

    /// Number of price epochs.
    public var epochCount: Int { epochStarts.count - 1 }

    /// The epoch day `day` falls in (the last one past the season).
    public func epoch(ofDay day: Int) -> Int {
        min(max(0, day / settings.epochDays), epochCount - 1)
    }

    /// Expected profit from the start of epoch `epoch` + 1 on, interpolated linearly in stock and exposure.
    func continuationValue(epoch: Int, lots: Double, exposure: Double) -> Double {
        let table = values[epoch]
        let grid = grids[epoch]
        let top = Double(table[0].count - 1)
        let x = min(max(lots, 0), top)
        func atStock(_ row: [Double]) -> Double {
            let i = Int(x.rounded(.down))
            guard i < row.count - 1 else { return row[row.count - 1] }
            let f = x - Double(i)
            return row[i] + f * (row[i + 1] - row[i])
        }
        guard grid.count > 1 else { return atStock(table[0]) }
        let (g, f) = Self.bracket(exposure, in: grid)
        let low = atStock(table[g])
        return f == 0 ? low : low + f * (atStock(table[g + 1]) - low)
    }

    /// The grid cell of `value`: index g and fraction f with value ≈ grid[g] + f·(grid[g+1] − grid[g]) (clamped).
    static func bracket(_ value: Double, in grid: [Double]) -> (Int, Double) {
        guard grid.count > 1 else { return (0, 0) }
        if value <= grid[0] { return (0, 0) }
        if value >= grid[grid.count - 1] { return (grid.count - 2, 1) }
        let step = (grid[grid.count - 1] - grid[0]) / Double(grid.count - 1)
        let g = min(grid.count - 2, Int((value - grid[0]) / step))
        return (g, min(1, max(0, (value - grid[g]) / step)))
    }

    /// Expected profit of each price level for the rest of the season, at the start of `epoch`, with
    /// `stockUnits` on hand, `salesUnits` sold and `exposureUnits` of exposure so far (the program's
    /// one-step lookahead, at the actual state rather than a grid point).
    /// - Returns: one value per price level (`-infinity` for a level not allowed from `priceIndex`).
    public func priceValues(epoch: Int, stockUnits: Double, salesUnits: Double, exposureUnits: Double, priceIndex: Int) -> [Double] {
        let weights = prior.posterior(salesUnits: salesUnits, exposureUnits: exposureUnits, dispersionIndex: dispersionIndex)
        let lots = min(max(stockUnits / lotUnits, 0), Double(values[0][0].count - 1))
        let allowed = Set(model.allowedPriceIndices(from: priceIndex))
        let days = Double(epochStarts[epoch + 1] - epochStarts[epoch])
        return model.priceLevels.indices.map { k -> Double in
            guard allowed.contains(k) else { return -.infinity }
            let nextExposure = exposureUnits + exposureSteps[epoch][k]
            var total = 0.0
            for (j, weight) in weights.enumerated() where weight > 1e-14 {
                let pmf = lotPMFs[epoch][j][k]
                var sold = 0.0, continuation = 0.0, massBelow = 0.0
                for (d, p) in pmf.probabilities.enumerated() where Double(d) < lots && p > 0 {
                    sold += p * Double(d)
                    massBelow += p
                    continuation += p * continuationValue(epoch: epoch + 1, lots: lots - Double(d), exposure: nextExposure)
                }
                let tail = max(0, 1 - massBelow)
                sold += tail * lots
                continuation += tail * continuationValue(epoch: epoch + 1, lots: 0, exposure: nextExposure)
                let soldUnits = sold * lotUnits
                let lostUnits = pmf.mean * lotUnits - soldUnits
                let holding = model.holdingCostPerUnitDay * (days * stockUnits - (days + 1) / 2 * soldUnits)
                total += weight * (model.priceLevels[k] * soldUnits - model.lostSalePenaltyPerUnit * lostUnits - holding + continuation)
            }
            return total
        }
    }
}
