/// The result of solving a `DualSourcingModel`, or of evaluating a fixed policy on it.
///
/// The bounds are certified (up to rounding) span bounds of relative value iteration: the optimal
/// average cost per period (for an evaluation: the policy's, from its start state) lies in
/// `[lowerBound, upperBound]`, and the returned optimal policy's own average cost is at most `upperBound`.
public struct DualSourcingSolution: Sendable {
    /// The midpoint of the bounds: average cost per period, purchase costs included.
    /// - Complexity: O(1).
    public let value: Double
    /// Certified lower bound.
    /// - Complexity: O(1).
    public let lowerBound: Double
    /// Certified upper bound.
    /// - Complexity: O(1).
    public let upperBound: Double
    /// Iterations performed.
    /// - Complexity: O(1).
    public let iterations: Int
    /// The optimal (greedy) policy of the last iteration; nil for an evaluation.
    /// - Complexity: O(1).
    public let policy: DualSourcingPolicyTable?
    /// States reachable from the start state (`(0; 0, ..., 0)` for the optimum) under the policy.
    /// - Complexity: O(1).
    public let reachableStates: Int

    /// `upperBound - lowerBound`.
    /// - Complexity: O(1).
    public var gap: Double { upperBound - lowerBound }
}
