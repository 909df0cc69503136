import Foundation
import Learning
import Policies
import Scenario
import Simulation

/// Loads the policy files `restock train` writes (`type: trained` in a scenario) and checks each against
/// the SKU it is used for: the stationary `TrainingModel` for files that read the exact model's state,
/// the `ScenarioTrainingModel` for files trained on full simulations, the `DualSourcingTrainingModel` for
/// dual-sourcing agents (which order from the SKU's two suppliers, whatever the policy's `supplier`).
public struct TrainedPolicyLoader: PolicyFileLoader {
    /// Creates a loader.
    public init() {}

    public func load(_ url: URL, named name: String, world: WorldConfiguration, skuIndex: Int, supplier: Int) throws -> LoadedPolicy {
        do {
            let saved = try TrainedPolicyFile.load(url)
            if saved.isDualSourcing {
                let product = world.products[skuIndex]
                let dual: DualSourcingTrainingModel
                do {
                    dual = try DualSourcingTrainingModel(world: world, skuIndex: skuIndex)
                } catch let error as TrainingModelError {
                    throw TrainingModelError("\(name) orders from two suppliers (a dual-sourcing agent), but SKU '\(product.sku)' does not fit the dual-sourcing model (\(product.suppliers.count) supplier\(product.suppliers.count == 1 ? "" : "s")): \(error.message)")
                }
                let warning = try dual.check(saved, path: name)
                return LoadedPolicy(policy: try saved.policy(supplier: dual.regularSupplier, expeditedSupplier: dual.expeditedSupplier),
                                    readsForecasts: false, learningCurve: saved.training.curve ?? [], warning: warning)
            }
            let readsObservation = saved.features.kind == "observation"
            let warning = readsObservation
                ? try ScenarioTrainingModel(world: world, skuIndex: skuIndex).check(saved, path: name)
                : try TrainingModel(world: world, skuIndex: skuIndex).check(saved, path: name)
            return LoadedPolicy(policy: try saved.policy(supplier: supplier), readsForecasts: readsObservation,
                                learningCurve: saved.training.curve ?? [], warning: warning)
        } catch let failure as TrainedPolicyFileError {
            throw PolicyFileError(failure.problem.isEmpty ? "the policy file '\(name)' cannot be used" : "the policy file '\(name)' \(failure.problem)",
                                  allowed: "a file written by `restock train` for this SKU")
        } catch let failure as TrainingModelError {
            throw PolicyFileError(failure.message, allowed: "a policy file trained on this SKU's lead time, suppliers and actions")
        }
    }
}

extension PolicyRegistry {
    /// Restock's own policy families, with the loader of `restock train`'s policy files.
    public static var standard: PolicyRegistry { PolicyRegistry(fileLoader: TrainedPolicyLoader()) }
}
