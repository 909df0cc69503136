/// Decides as another policy and keeps every observation it was shown, in order: what a policy saw in a
/// run, to inspect it, to compare two runs, or to collect states for imitation learning.
///
/// ```swift
/// let observed = ObservingPolicy(SSPolicy(reorderPointUnits: 35, orderUpToUnits: 60))
/// _ = simulator.run(policies: [observed], replication: 0, seed: 42)
/// print(observed.observations.map(\.inventoryPositionUnits))
/// ```
///
/// A class: the simulator holds the policy while the caller reads what it recorded.
public final class ObservingPolicy: Policy {
    /// The policy that decides.
    public let policy: any Policy
    /// The observations shown so far, one per decision.
    public private(set) var observations: [Observation] = []

    /// Wraps a policy.
    /// - Parameter policy: the policy that decides.
    public init(_ policy: any Policy) {
        self.policy = policy
    }

    /// Records the observation, then decides as the wrapped policy.
    /// - Parameter observation: the SKU's state at this review epoch.
    /// - Returns: the wrapped policy's action.
    public func decide(_ observation: Observation) -> Action {
        observations.append(observation)
        return policy.decide(observation)
    }
}
