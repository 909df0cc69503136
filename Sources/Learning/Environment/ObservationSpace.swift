/// A box observation space in the style of Gymnasium's `Box`: a flat vector of `Double`s with
/// per-component bounds.
///
/// Bounds may be infinite (e.g. on-hand stock under an agent that over-orders is unbounded).
public struct ObservationSpace: Sendable, Equatable {
    /// Shape of one observation; always one-dimensional here, `[count]`.
    public let shape: [Int]
    /// Inclusive lower bound of each component (same length as `names`).
    public let low: [Double]
    /// Inclusive upper bound of each component (same length as `names`).
    public let high: [Double]
    /// Name of each component, with its unit, e.g. `"onHand[units]"`.
    public let names: [String]

    /// Creates a space from per-component bounds and names.
    /// - Parameters:
    ///   - low: Lower bounds.
    ///   - high: Upper bounds, `high[i] >= low[i]`.
    ///   - names: Component names; same count as the bounds.
    /// - Throws: `EnvironmentError` if the lengths differ or a bound pair is inverted or NaN.
    public init(low: [Double], high: [Double], names: [String]) throws {
        guard low.count == high.count, low.count == names.count else {
            throw EnvironmentError(
                "observation space: low (\(low.count)), high (\(high.count)) and names (\(names.count)) must have the same length.")
        }
        for i in low.indices where !(low[i] <= high[i]) {
            throw EnvironmentError("observation space: component \(names[i]) has low \(low[i]) > high \(high[i]).")
        }
        self.shape = [low.count]
        self.low = low
        self.high = high
        self.names = names
    }

    /// A space of unbounded real components (e.g. normalised features).
    /// - Parameter names: Component names.
    public init(unboundedNames names: [String]) {
        shape = [names.count]
        low = Array(repeating: -.infinity, count: names.count)
        high = Array(repeating: .infinity, count: names.count)
        self.names = names
    }

    /// Number of components in one observation (`shape[0]`).
    public var count: Int { low.count }

    /// Whether `observation` has the right length and every component lies within its bounds.
    /// - Parameter observation: A flat observation vector.
    /// - Returns: `true` when it belongs to the space.
    public func contains(_ observation: [Double]) -> Bool {
        guard observation.count == count else { return false }
        for i in observation.indices where !(observation[i] >= low[i] && observation[i] <= high[i]) {
            return false
        }
        return true
    }
}
