import Foundation
import Policies
import Simulation
import Stochastics

/// The single-SKU model an agent trains on, derived from a scenario's SKU, and its identity
/// (the canonical description whose hash a trained policy file records).
///
/// The model is the SKU's `SingleSKUModel` (daily review, the first supplier's constant whole-day
/// lead time `L` of 0 to `SingleSKUModel.maxLeadTimeDays` days, the stationary demand per day as an
/// exact pmf, holding `h` per unit per day on hand at the end of the day, a fixed cost `K` per order)
/// and the environment is its cost-equivalent `StationaryConfiguration(model:)`: under lost sales,
/// profit per day = `(r − c) × sales − costs`, and in the long run units ordered equal units sold,
/// so maximising profit is minimising holding, ordering and `(p + r − c)` per unit lost: the
/// environment's penalty is that effective one. Under backorders every demand is eventually sold, so
/// the revenue does not depend on the policy and the environment charges `b` per unit backordered per day.
public struct TrainingModel: Sendable {
    /// SKU code.
    public var sku: String
    /// Index of the SKU in the scenario.
    public var skuIndex: Int
    /// Supplier index the orders go to.
    public var supplier: Int
    /// The SKU's single-SKU model (with the order limit in force).
    public var model: SingleSKUModel
    /// The environment configuration.
    public var configuration: StationaryConfiguration
    /// Canonical text of the parameters (hashed into policy files).
    public var description: String
    /// Long-run profit per day = this − cost per day in the environment: `(r − c) × mean demand`
    /// (under lost sales the environment's penalty is the effective one; see the type).
    public var profitOffsetPerDay: Double { model.profitOffsetPerDay }

    /// Builds the model of the SKU at `skuIndex` of a world.
    /// - Parameters:
    ///   - world: the world.
    ///   - skuIndex: index of the SKU.
    ///   - maxOrderUnits: Largest order in units, or nil for the model's default
    ///     (`SingleSKUModel.orderLimitUnits`: the 99.99% quantile of a day's demand, plus the EOQ
    ///     batch when ordering costs `K`).
    ///   - episodeLength: Training episode length in days.
    /// - Throws: `TrainingModelError` saying why the SKU does not fit the model (the
    ///   `SingleSKUModelError` message).
    public init(world: WorldConfiguration, skuIndex index: Int, maxOrderUnits: Int? = nil, episodeLength: Int = 1000) throws {
        var model: SingleSKUModel
        do {
            model = try SingleSKUModel(world: world, skuIndex: index)
        } catch let error as SingleSKUModelError {
            throw TrainingModelError(error.message)
        }
        if let maxOrderUnits { model.orderLimitUnits = maxOrderUnits }
        let product = world.products[index]
        let shortageText: String
        switch model.shortage {
        case .lostSales(let penalty):
            shortageText = "lostSales:penalty=\(penalty),price=\(model.sellingPrice),unitCost=\(model.unitCost)"
        case .backorders(let rate):
            shortageText = "backorders:costPerUnitDay=\(rate)"
        }
        self.sku = product.sku
        self.skuIndex = index
        self.supplier = 0
        self.model = model
        self.configuration = StationaryConfiguration(model: model, episodeLength: episodeLength,
                                                     rewardNormalization: .meanShortageCost)
        let pmfText = model.dailyDemand.probabilities.map { String(format: "%.9g", $0) }.joined(separator: ",")
        self.description = "sku=\(product.sku);periodDays=1;leadTimePeriods=\(model.leadTimeDays);maxOrderUnits=\(model.orderLimitUnits);"
            + "holdingCostPerUnitDay=\(model.holdingCostPerUnitDay);\(shortageText);fixedCostPerOrder=\(model.fixedCostPerOrder);"
            + "demandPMF=\(pmfText)"
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
        guard !file.isDualSourcing else {
            throw TrainingModelError("\(path) orders from two suppliers (a dual-sourcing agent), but SKU '\(sku)' is modelled with one supplier here; use it on a SKU with a regular and an expedited supplier, or train a single-supplier agent with `restock train` on this scenario.")
        }
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
