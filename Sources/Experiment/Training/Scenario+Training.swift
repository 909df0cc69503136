import Learning
import Policies
import Scenario
import Simulation

extension TrainingModel {
    /// The index of SKU `sku` in a scenario (nil: the only SKU).
    /// - Throws: `TrainingModelError` naming the SKUs when there is no such SKU or several to choose from.
    public static func skuIndex(in scenario: Scenario, sku: String?) throws -> Int {
        let world = scenario.world
        if let sku {
            guard let found = world.products.firstIndex(where: { $0.sku == sku }) else {
                throw TrainingModelError("scenario '\(scenario.name)' has no SKU '\(sku)' (it has \(world.products.map(\.sku).joined(separator: ", "))).")
            }
            return found
        }
        guard world.products.count == 1 else {
            throw TrainingModelError("scenario '\(scenario.name)' has \(world.products.count) SKUs; choose one with --sku (\(world.products.map(\.sku).joined(separator: ", "))).")
        }
        return 0
    }

    /// The model of one SKU of a scenario.
    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - sku: SKU code, or nil for the only SKU.
    ///   - maxOrderUnits: Largest order in units, or nil for the default.
    ///   - episodeLength: Training episode length in days.
    /// - Throws: `TrainingModelError` saying why the SKU does not fit the model.
    public init(scenario: Scenario, sku: String?, maxOrderUnits: Int? = nil, episodeLength: Int = 1000) throws {
        try self.init(world: scenario.world, skuIndex: Self.skuIndex(in: scenario, sku: sku), maxOrderUnits: maxOrderUnits,
                      episodeLength: episodeLength)
    }
}

extension ScenarioEnvironment {
    /// Full simulations of a scenario's SKU, the other SKUs driven by one of its policies.
    /// - Parameters:
    ///   - scenario: the scenario (world, seed, generator, forecasters).
    ///   - skuIndex: the SKU the agent decides for.
    ///   - others: the scenario policy that drives the other SKUs.
    ///   - features: input map.
    ///   - actions: output map.
    ///   - supplier: supplier of the agent's orders.
    ///   - rewardScale: profit is divided by this, currency per decision period.
    ///   - count: copies stepped together.
    public init(scenario: Scenario, skuIndex: Int, others: PolicyDefinition, features: ObservationFeatures,
                actions: CoverActions, supplier: Int, rewardScale: Double, count: Int) {
        let world = scenario.world
        self.init(world: world, skuIndex: skuIndex, seed: scenario.seed, generator: scenario.generator,
                  forecasters: scenario.forecasters, otherPolicies: { others.makePolicies(for: world) },
                  features: features, actions: actions, supplier: supplier, rewardScale: rewardScale, count: count)
    }
}
