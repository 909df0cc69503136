import Foundation
import Policies
import Simulation
import Stochastics

/// The policy families that come from outside the scenario layer: a scenario names a policy file
/// (`type: trained`, `file: PATH`) and a loader handed in by an upper layer turns it into a ``Policy``.
///
/// Scenario knows nothing of neural networks: `Experiment` supplies the loader of `restock train`'s
/// files (`PolicyRegistry.standard` there). A library user loads their own files the same way.
///
/// ```swift
/// let registry = PolicyRegistry(fileLoader: MyPolicyFileLoader())
/// let scenario = try ScenarioLoader.load(path: "scenarios/lost-sales-agent.yaml", registry: registry)
/// ```
public struct PolicyRegistry: Sendable {
    /// Loads the files of `type: trained` policies (nil: such policies are refused with a message).
    public var fileLoader: (any PolicyFileLoader)?

    /// Creates a registry.
    /// - Parameter fileLoader: the loader of policy files, or nil for none.
    public init(fileLoader: (any PolicyFileLoader)? = nil) {
        self.fileLoader = fileLoader
    }
}

/// Turns a policy file into a policy for one SKU of a world.
public protocol PolicyFileLoader: Sendable {
    /// Loads the file at `url` for the SKU at `skuIndex`.
    /// - Parameters:
    ///   - url: the file (resolved against the scenario's folder).
    ///   - name: the file as the scenario names it, for messages.
    ///   - world: the scenario's world, to check that the file fits the SKU.
    ///   - skuIndex: index of the SKU in `world.products`.
    ///   - supplier: the supplier index the policy orders from.
    /// - Returns: the policy and what the file says about it.
    /// - Throws: ``PolicyFileError`` saying what is wrong with the file and what would fit.
    func load(_ url: URL, named name: String, world: WorldConfiguration, skuIndex: Int, supplier: Int) throws -> LoadedPolicy
}

/// One SKU's policy loaded from a file.
public struct LoadedPolicy: Sendable {
    /// The policy; it must be stateless (each replication gets the same instance).
    public var policy: any Policy & Sendable
    /// Whether it reads demand forecasts (the world then runs the SKU's forecaster).
    public var readsForecasts: Bool
    /// The learning curve stored in the file (empty when it has none).
    public var learningCurve: [LearningCurvePoint]
    /// A note for the run's output (e.g. a file trained on other parameters), or nil.
    public var warning: String?

    /// Creates a loaded policy.
    public init(policy: any Policy & Sendable, readsForecasts: Bool, learningCurve: [LearningCurvePoint] = [], warning: String? = nil) {
        self.policy = policy
        self.readsForecasts = readsForecasts
        self.learningCurve = learningCurve
        self.warning = warning
    }
}

/// A policy file that cannot be used for a SKU.
public struct PolicyFileError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public var problem: String
    /// What would be accepted.
    public var allowed: String

    /// Creates an error.
    public init(_ problem: String, allowed: String) {
        self.problem = problem
        self.allowed = allowed
    }

    public var description: String { problem }
}
