import Foundation
import Stochastics

/// One selling season of a fashion item bought once, as the markdown dynamic programs see it.
///
/// Day t (0 ≤ t < `seasonDays`) runs in the simulator's order: the review sets the day's price (one of
/// `priceLevels`); on day 0 the buy arrives before any demand (lead time 0); the day's demand is one
/// draw of `noise` with mean `levelFactor × meanUnitsPerDay[t] × (price / referencePrice)^priceElasticity`,
/// rounded to whole units; sales are min(demand, stock), the rest is lost (each lost unit costs
/// `lostSalePenaltyPerUnit`); the stock left at the end of the day pays `holdingCostPerUnitDay`; after
/// the last day the stock left is sold for `salvageValuePerUnit`.
public struct MarkdownSeasonModel: Sendable, Equatable {
    /// Which price moves a policy may make at a review.
    public enum PriceMoves: String, Sendable, Equatable {
        /// Any level on any day, up or down (what the simulator allows).
        case anyLevel
        /// Only down (or stay): a markdown cannot be taken back.
        case markdownsOnly
    }

    /// Mean units demanded on each day of the season at the reference price and level factor 1.
    public var meanUnitsPerDay: [Double]
    /// Price elasticity of the mean (0: price does not move demand).
    public var priceElasticity: Double
    /// The price at which `meanUnitsPerDay` holds, currency per unit.
    public var referencePrice: Double
    /// The selling prices a policy may charge, currency per unit.
    public var priceLevels: [Double]
    /// Index in `priceLevels` of the price the season starts at (matters only for `markdownsOnly`).
    public var startingPriceIndex: Int
    /// Which moves between levels are allowed.
    public var priceMoves: PriceMoves
    /// Noise of a day's demand around its mean.
    public var noise: NoiseLaw
    /// Purchase cost of the buy, currency per unit.
    public var unitCostPerUnit: Double
    /// Fixed cost of placing the buy, currency.
    public var fixedCostPerOrder: Double
    /// Value of a unit left after the last day, currency per unit.
    public var salvageValuePerUnit: Double
    /// Holding cost of a unit left at the end of a day, currency per unit and day.
    public var holdingCostPerUnitDay: Double
    /// Penalty of a unit of demand not served, currency per unit.
    public var lostSalePenaltyPerUnit: Double
    /// Units on hand before the buy.
    public var initialOnHandUnits: Int

    /// Creates a season.
    public init(meanUnitsPerDay: [Double], priceElasticity: Double, referencePrice: Double, priceLevels: [Double],
                startingPriceIndex: Int = 0, priceMoves: PriceMoves = .anyLevel, noise: NoiseLaw, unitCostPerUnit: Double,
                fixedCostPerOrder: Double = 0, salvageValuePerUnit: Double, holdingCostPerUnitDay: Double,
                lostSalePenaltyPerUnit: Double = 0, initialOnHandUnits: Int = 0) {
        self.meanUnitsPerDay = meanUnitsPerDay
        self.priceElasticity = priceElasticity
        self.referencePrice = referencePrice
        self.priceLevels = priceLevels
        self.startingPriceIndex = startingPriceIndex
        self.priceMoves = priceMoves
        self.noise = noise
        self.unitCostPerUnit = unitCostPerUnit
        self.fixedCostPerOrder = fixedCostPerOrder
        self.salvageValuePerUnit = salvageValuePerUnit
        self.holdingCostPerUnitDay = holdingCostPerUnitDay
        self.lostSalePenaltyPerUnit = lostSalePenaltyPerUnit
        self.initialOnHandUnits = initialOnHandUnits
    }

    /// Days in the season.
    public var seasonDays: Int { meanUnitsPerDay.count }

    /// The demand multiplier of price level `index`: `(price / referencePrice)^priceElasticity`.
    /// - Parameter index: index in `priceLevels`.
    /// - Returns: the multiplier (1 with zero elasticity).
    public func priceFactor(_ index: Int) -> Double {
        priceElasticity == 0 ? 1 : pow(priceLevels[index] / referencePrice, priceElasticity)
    }

    /// Mean units on `day` at price level `index` and level factor `level`.
    public func meanUnits(day: Int, priceIndex index: Int, level: Double) -> Double {
        level * meanUnitsPerDay[day] * priceFactor(index)
    }

    /// The price levels reachable at a review from level `index`.
    /// - Parameter index: the current level.
    /// - Returns: indices into `priceLevels`.
    public func allowedPriceIndices(from index: Int) -> [Int] {
        switch priceMoves {
        case .anyLevel: return Array(priceLevels.indices)
        case .markdownsOnly: return priceLevels.indices.filter { priceLevels[$0] <= priceLevels[index] }
        }
    }

    /// Checks the inputs a dynamic program relies on.
    /// - Throws: `MarkdownModelError` naming the first bad value.
    public func validate() throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw MarkdownModelError(message()) }
        }
        try require(!meanUnitsPerDay.isEmpty, "the season has no days")
        try require(meanUnitsPerDay.allSatisfy { $0.isFinite && $0 >= 0 }, "every mean of units per day must be finite and >= 0")
        try require(!priceLevels.isEmpty, "there must be at least one price level")
        try require(priceLevels.allSatisfy { $0.isFinite && $0 > 0 }, "every price level must be a finite number > 0")
        try require(priceLevels.indices.contains(startingPriceIndex), "the starting price index \(startingPriceIndex) is not a price level")
        try require(priceElasticity.isFinite, "the price elasticity must be finite")
        try require(referencePrice.isFinite && referencePrice > 0, "the reference price must be a finite number > 0")
        for (name, value) in [("unit cost", unitCostPerUnit), ("fixed cost per order", fixedCostPerOrder),
                              ("salvage value", salvageValuePerUnit), ("holding cost", holdingCostPerUnitDay),
                              ("lost-sale penalty", lostSalePenaltyPerUnit)] {
            try require(value.isFinite && value >= 0, "the \(name) must be a finite number >= 0, got \(value)")
        }
        try require(initialOnHandUnits >= 0, "the initial stock must be >= 0 units")
        // A unit bought must cost more than it can bring back unsold, or the best buy is unbounded.
        try require(unitCostPerUnit + holdingCostPerUnitDay * Double(seasonDays) > salvageValuePerUnit,
                    "the salvage value (\(salvageValuePerUnit)) is at least the unit cost plus a season's holding: the best buy would be unbounded")
        switch noise {
        case .poisson: break
        case .negativeBinomial(let k): try require(k.isFinite && k > 0, "the negative binomial dispersion must be > 0")
        case .gamma(let cv): try require(cv.isFinite && cv > 0, "the gamma coefficient of variation must be > 0")
        }
    }
}

/// A markdown season model or its solution cannot be used: the message says why.
public struct MarkdownModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
