import Foundation
import Policies
import Simulation

/// The dual-sourcing model an agent trains on, derived from a scenario's two-supplier SKU
/// (`DualSourcingModel.of(world:skuIndex:)`: daily review, constant whole-day lead times, the regular
/// supplier the slower one), and its identity (the canonical description whose hash a trained policy
/// file records). The agent orders from both suppliers (`DualSourcingActions`), and its greedy policy is
/// graded exactly against the DP optimum.
public struct DualSourcingTrainingModel: Sendable {
    /// SKU code.
    public var sku: String
    /// Index of the SKU in the scenario.
    public var skuIndex: Int
    /// Supplier index of the regular (slower) supplier.
    public var regularSupplier: Int
    /// Supplier index of the expedited (faster) supplier.
    public var expeditedSupplier: Int
    /// The model (costs per day, purchases included).
    public var model: DualSourcingModel
    /// Canonical text of the parameters (hashed into policy files).
    public var description: String

    /// Builds the model of the SKU at `skuIndex` of a world.
    /// - Parameters:
    ///   - world: The world.
    ///   - skuIndex: Index of the SKU.
    /// - Throws: `TrainingModelError` saying why the SKU does not fit the dual-sourcing model.
    public init(world: WorldConfiguration, skuIndex index: Int) throws {
        let found: (model: DualSourcingModel, regularSupplier: Int, expeditedSupplier: Int)
        do {
            found = try DualSourcingModel.of(world: world, skuIndex: index)
        } catch let error as SingleSKUModelError {
            throw TrainingModelError(error.message)
        } catch let error as OptimizerError {
            throw TrainingModelError("SKU '\(world.products[index].sku)' does not fit the dual-sourcing model: \(error.message)")
        }
        let m = found.model
        sku = world.products[index].sku
        skuIndex = index
        regularSupplier = found.regularSupplier
        expeditedSupplier = found.expeditedSupplier
        model = m
        let pmfText = m.demand.probabilities.map { String(format: "%.9g", $0) }.joined(separator: ",")
        description = "sku=\(sku);periodDays=1;dualSourcing;regularLeadTimePeriods=\(m.regularLeadTimePeriods);"
            + "expeditedLeadTimePeriods=\(m.expeditedLeadTimePeriods);regularUnitCost=\(m.regularUnitCost);"
            + "expeditedUnitCost=\(m.expeditedUnitCost);maxRegularOrderUnits=\(m.maxRegularOrderUnits);"
            + "maxExpeditedOrderUnits=\(m.maxExpeditedOrderUnits);positionCap=\(m.stateSpace.positionCap);"
            + "holdingCostPerUnitDay=\(m.holdingCostPerUnitPeriod);shortage=\(m.shortage.isLostSales ? "lostSales" : "backorders"):\(m.shortage.unitCost);"
            + "demandPMF=\(pmfText)"
    }

    /// The identity recorded in a policy file trained on this model (`leadTimePeriods` is the regular lead time).
    /// - Parameter scenario: The scenario's name.
    /// - Returns: The identity.
    public func identity(scenario: String) -> TrainedPolicyFile.ModelIdentity {
        .init(sku: sku, leadTimePeriods: model.regularLeadTimePeriods, periodLengthDays: 1, description: description,
              scenario: scenario)
    }

    /// Checks that a policy file fits this SKU: a dual-sourcing file for the same regular lead time (an
    /// error otherwise); a different parameter hash is reported in the returned note.
    /// - Parameters:
    ///   - file: The policy file.
    ///   - path: Its name, for the messages.
    /// - Returns: nil when the file was trained on exactly these parameters, else a warning.
    /// - Throws: `TrainingModelError` for a single-supplier file or a shape mismatch.
    public func check(_ file: TrainedPolicyFile, path: String) throws -> String? {
        guard file.isDualSourcing else {
            throw TrainingModelError("\(path) orders from one supplier, but SKU '\(sku)' has two (a regular and an expedited one); train a dual-sourcing agent with `restock train` on this scenario.")
        }
        guard file.model.leadTimePeriods == model.regularLeadTimePeriods else {
            throw TrainingModelError("\(path) was trained for a regular lead time of \(file.model.leadTimePeriods) days, but SKU '\(sku)' has \(model.regularLeadTimePeriods) days; retrain it with `restock train` on this scenario.")
        }
        guard file.model.periodLengthDays == 1 else {
            throw TrainingModelError("\(path) was trained with periods of \(file.model.periodLengthDays) days; this scenario reviews daily.")
        }
        if file.model.parameterHash != TrainedPolicyFile.hash(description) {
            return "\(path) was trained on SKU '\(file.model.sku)' of scenario '\(file.model.scenario)' with other parameters than SKU '\(sku)' here (the policy still acts, but it is not the one these parameters would train)"
        }
        return nil
    }
}
