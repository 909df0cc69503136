import Foundation
import Policies
import Simulation

/// The inputs, outputs and identity of an agent trained on full simulations of a scenario's SKU
/// (`ScenarioEnvironment`): for SKUs whose demand follows a forecast, whose price is
/// chosen, or that are reviewed less often than daily — where the stationary `TrainingModel` does not apply.
public struct ScenarioTrainingModel: Sendable {
    /// SKU code.
    public var sku: String
    /// Index of the SKU.
    public var skuIndex: Int
    /// Input map.
    public var features: ObservationFeatures
    /// Output map.
    public var actions: CoverActions
    /// Profit is divided by this for rewards: the SKU's mean revenue per review period, currency.
    public var rewardScale: Double
    /// Canonical text of what the agent depends on (hashed into policy files).
    public var description: String

    /// Builds the model of the SKU at `skuIndex`.
    /// - Parameters:
    ///   - decisionEveryDays: days between the agent's decisions (nil: 7 when the SKU has price
    ///     levels — a weekly markdown cadence — else every review).
    ///   - levelScaledCover: whether the agent orders up to multiples of the forecast scaled by the
    ///     season's level so far (`CoverActions.scaleByLevelEstimate`).
    ///   - coverUntilNextDecision: whether the forecast `F` the agent orders multiples of (and its
    ///     protection-interval features) spans the lead time plus the days to its next decision, as the
    ///     forecast-driven rules' does (`L + reviewPeriodDays`), rather than the lead time plus the world's
    ///     review period: with a daily review and weekly decisions, `L + 1` days leave an order to cover
    ///     `L + 7` with a multiple far above the grid's fine steps (about 2.5 at lead time 4).
    public init(world: WorldConfiguration, skuIndex: Int, decisionEveryDays: Int? = nil, levelScaledCover: Bool = false,
                coverUntilNextDecision: Bool = false) {
        let product = world.products[skuIndex]
        let review: Int
        switch world.review {
        case .periodic(let every): review = every
        case .continuous: review = 1
        }
        let lead = Int(min(product.suppliers[0].leadTimeDays.mean, 3650).rounded(.up))
        let mean = max(product.customers.meanDemandPerDay, 1e-6)
        self.sku = product.sku
        self.skuIndex = skuIndex
        let levels = product.priceLevels.count >= 2 ? product.priceLevels.count : 1
        let every = max(decisionEveryDays ?? (levels > 1 ? max(7, review) : review), 1)
        let cover = coverUntilNextDecision ? max(review, every) : review
        self.features = ObservationFeatures(leadTimeDays: lead, reviewDays: cover, demandScale: mean, horizonDays: world.horizonDays)
        self.actions = CoverActions(coverMultiples: CoverActions.defaultMultiples, priceLevelCount: levels, decisionEveryDays: every,
                                    scaleByLevelEstimate: levelScaledCover)
        self.rewardScale = max(product.sellingPrice, 1e-6) * mean * Double(every)
        let prices = product.priceLevels.map { String($0) }.joined(separator: ",")
        self.description = "scenario-environment;sku=\(product.sku);leadTimeDays=\(lead);reviewDays=\(review);"
            + "horizonDays=\(world.horizonDays);warmupDays=\(world.warmupDays);priceLevels=[\(prices)];"
            + "meanUnitsPerDay=\(mean);sellingPrice=\(product.sellingPrice);holdingCostPerUnitDay=\(product.holdingCostPerUnitDay);"
            + "salvageValuePerUnit=\(product.salvageValuePerUnit);unitCost=\(product.suppliers[0].unitCost);"
            + "fixedCostPerOrder=\(product.suppliers[0].fixedCostPerOrder);decisionEveryDays=\(every)"
            // Only when set, so that the models (and policy files) from before the options keep their hash.
            + (levelScaledCover ? ";levelScaledCover=true" : "") + (coverUntilNextDecision ? ";coverDays=\(lead + cover)" : "")
    }

    /// The identity recorded in a policy file trained on this model.
    public func identity(scenario: String) -> TrainedPolicyFile.ModelIdentity {
        .init(sku: sku, leadTimePeriods: features.leadTimeDays, periodLengthDays: Double(features.reviewDays),
              description: description, scenario: scenario)
    }

    /// Checks an observation-reading policy file against this SKU: the number of price levels must
    /// match (an error otherwise); other differences are returned as a warning.
    public func check(_ file: TrainedPolicyFile, path: String) throws -> String? {
        guard file.features.kind == "observation", let cover = file.actions.cover else {
            throw TrainingModelError("\(path) reads the exact model's state; it was not trained on a scenario environment.")
        }
        guard cover.priceLevelCount == actions.priceLevelCount else {
            throw TrainingModelError("\(path) chooses among \(cover.priceLevelCount) price level(s), but SKU '\(sku)' has \(actions.priceLevelCount); retrain it with `restock train` on this scenario.")
        }
        if file.model.parameterHash != TrainedPolicyFile.hash(description) {
            return "\(path) was trained on SKU '\(file.model.sku)' of scenario '\(file.model.scenario)' with other settings than SKU '\(sku)' here (lead time, review, season or costs; the policy still acts)"
        }
        return nil
    }
}
