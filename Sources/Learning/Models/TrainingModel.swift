import Foundation
import Policies
import Simulation
import Stochastics

/// The single-SKU model an agent trains on, derived from a scenario's SKU, and its identity
/// (the canonical description whose hash a trained policy file records).
///
/// The SKU is reviewed daily (one period = one day); orders go to one supplier with a constant
/// whole-day lead time `L` of 0 to 8 days; demand per day is the SKU's stationary law as an exact
/// pmf; holding `h` per unit per day on hand at the end of the day; a fixed cost `K` per order.
/// Under lost sales, profit per day = `(r − c) × sales − costs`, and in the long run units
/// ordered equal units sold, so maximising profit is minimising holding, ordering and
/// `(p + r − c)` per unit lost: the environment's penalty is that effective one. Under
/// backorders every demand is eventually sold, so the revenue does not depend on the policy and
/// the environment charges `b` per unit backordered per day.
public struct TrainingModel: Sendable {
    /// SKU code.
    public var sku: String
    /// Index of the SKU in the scenario.
    public var skuIndex: Int
    /// Supplier index the orders go to.
    public var supplier: Int
    /// The environment configuration.
    public var configuration: StationaryConfiguration
    /// Canonical text of the parameters (hashed into policy files).
    public var description: String
    /// Long-run profit per day = `(r − c) × mean demand − cost per day` under backorders; under
    /// lost sales, `(r − c) × mean demand − cost per day` with the effective penalty (see the type).
    public var profitOffsetPerDay: Double

    /// Builds the model of the SKU at `skuIndex` of a world .
    /// - Parameters:
    ///   - world: the world.
    ///   - skuIndex: index of the SKU.
    ///   - maxOrderUnits: Largest order in units, or nil for the default (the 99.99% quantile of
    ///     a day's demand, plus a batch of `√(2 K μ / h)` units when ordering costs `K`).
    ///   - episodeLength: Training episode length in days.
    /// - Throws: `TrainingModelError` saying why the SKU does not fit the model.
    public init(world: WorldConfiguration, skuIndex index: Int, maxOrderUnits: Int? = nil, episodeLength: Int = 1000) throws {
        let product = world.products[index]
        guard case .periodic(1) = world.review else {
            throw TrainingModelError("the training model reviews every day; this scenario does not (set review: {type: periodic, everyDays: 1}).")
        }
        let supplier = product.suppliers[0]
        guard case .constant(let leadDays) = supplier.leadTimeDays, leadDays == leadDays.rounded(),
              (0...Double(StationaryConfiguration.maxLeadTimePeriods)).contains(leadDays) else {
            throw TrainingModelError("SKU '\(product.sku)': the training model needs a constant whole-day lead time of 0 to \(StationaryConfiguration.maxLeadTimePeriods) days from the first supplier '\(supplier.name)'.")
        }
        let lead = Int(leadDays)
        let daily: DiscretePMF
        do {
            daily = try DemandPMF.over(days: 1, product.customers)
        } catch {
            throw TrainingModelError("SKU '\(product.sku)': \(error)")
        }
        let margin = product.sellingPrice - supplier.unitCost
        let rule: ShortageRule
        let shortageText: String
        switch product.shortage {
        case .lostSales(let penalty):
            rule = .lostSales(penaltyPerUnit: max(penalty + margin, 0))
            shortageText = "lostSales:penalty=\(penalty),price=\(product.sellingPrice),unitCost=\(supplier.unitCost)"
        case .backorders(let rate):
            rule = .backorders(costPerUnitDay: rate)
            shortageText = "backorders:costPerUnitDay=\(rate)"
        }
        var limit = maxOrderUnits ?? {
            var top = 0
            while daily.cdf(top) < 0.9999 && top < daily.maxValue { top += 1 }
            let batch = supplier.fixedCostPerOrder > 0 && product.holdingCostPerUnitDay > 0
                ? (2 * supplier.fixedCostPerOrder * daily.mean / product.holdingCostPerUnitDay).squareRoot() : 0
            return max(1, top + Int(batch.rounded(.up)))
        }()
        limit = min(max(limit, 1), 100_000)
        self.sku = product.sku
        self.skuIndex = index
        self.supplier = 0
        self.configuration = StationaryConfiguration(
            demand: .pmf(daily), leadTimePeriods: lead, holdingCost: product.holdingCostPerUnitDay, shortage: rule,
            maxOrderUnits: limit, episodeLength: episodeLength, rewardNormalization: .meanShortageCost,
            initialOnHandUnits: 0, fixedOrderCost: supplier.fixedCostPerOrder)
        let pmfText = daily.probabilities.map { String(format: "%.9g", $0) }.joined(separator: ",")
        self.description = "sku=\(product.sku);periodDays=1;leadTimePeriods=\(lead);maxOrderUnits=\(limit);"
            + "holdingCostPerUnitDay=\(product.holdingCostPerUnitDay);\(shortageText);fixedCostPerOrder=\(supplier.fixedCostPerOrder);"
            + "demandPMF=\(pmfText)"
        self.profitOffsetPerDay = margin * daily.mean
    }

    /// The identity recorded in a policy file trained on this model.
    public func identity(scenario: String) -> TrainedPolicyFile.ModelIdentity {
        .init(sku: sku, leadTimePeriods: configuration.leadTimePeriods, periodLengthDays: 1, description: description,
              scenario: scenario)
    }

    /// Checks that a policy file fits this model: same lead time and action mapping (an error
    /// otherwise); a different parameter hash is reported in the returned note.
    /// - Returns: nil when the file was trained on exactly these parameters, else a warning.
    /// - Throws: `TrainingModelError` for a shape mismatch.
    public func check(_ file: TrainedPolicyFile, path: String) throws -> String? {
        guard file.model.leadTimePeriods == configuration.leadTimePeriods else {
            throw TrainingModelError("\(path) was trained for a lead time of \(file.model.leadTimePeriods) days, but SKU '\(sku)' has \(configuration.leadTimePeriods) days; retrain it with `restock train` on this scenario.")
        }
        guard file.model.periodLengthDays == 1 else {
            throw TrainingModelError("\(path) was trained with periods of \(file.model.periodLengthDays) days; this scenario reviews daily.")
        }
        guard file.features.kind == "modelState" else {
            throw TrainingModelError("\(path) reads the simulator's observation (trained on a scenario environment), but SKU '\(sku)' is checked against the stationary training model.")
        }
        guard (file.actions.prices ?? []).isEmpty else {
            throw TrainingModelError("\(path) sets prices, but SKU '\(sku)' has a fixed price here.")
        }
        if file.model.parameterHash != TrainedPolicyFile.hash(description) {
            return "\(path) was trained on SKU '\(file.model.sku)' of scenario '\(file.model.scenario)' with other parameters than SKU '\(sku)' here (the policy still acts, but it is not the one these parameters would train)"
        }
        return nil
    }
}

/// A SKU that does not fit the training model, or a policy file that does not fit the SKU.
public struct TrainingModelError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what is allowed.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
