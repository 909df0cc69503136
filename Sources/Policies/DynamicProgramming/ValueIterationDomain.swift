import Foundation

/// What relative value iteration needs to know of a finite model, whatever the model: how long its
/// value arrays are, which indices are states, where values are normalised to 0, and whether some
/// demand law lacks the mass at 0 that usually makes the chains aperiodic. `InventoryMDP` and
/// `DualSourcingModel` (and the compact chains of fixed policies on it) each describe themselves by
/// one, so both run the one iteration loop of `RelativeValueIteration`.
struct ValueIterationDomain {
    /// Length of the value arrays.
    let count: Int
    /// The indices that are states, increasing; the others are never read.
    let validStates: [Int32]
    /// The index whose relative value is kept at 0.
    let referenceState: Int
    /// True when some demand law has `P(D = 0) = 0` (the damped iteration is then used from the start).
    let someDemandWithoutZero: Bool

    /// The smallest and largest change of the value function over the valid states: the span bounds
    /// of value iteration (Puterman 1994, §6.6 and §8.5) come from these two numbers.
    /// - Parameters:
    ///   - v: values before an iteration.
    ///   - next: values after it.
    /// - Returns: (min, max) of next − v over valid states.
    /// - Complexity: O(valid states).
    func changeRange(from v: [Double], to next: [Double]) -> (lower: Double, upper: Double) {
        var lo = Double.infinity
        var hi = -Double.infinity
        for s in validStates {
            let delta = next[Int(s)] - v[Int(s)]
            lo = min(lo, delta)
            hi = max(hi, delta)
        }
        return (lo, hi)
    }
}
