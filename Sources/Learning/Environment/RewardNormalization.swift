/// How the period cost is turned into a reward: `reward = −cost / scale`.
public enum RewardNormalization: Sendable, Equatable {
    /// `reward = −cost` (currency per period).
    case none
    /// `reward = −cost / scale`; `scale` is a positive finite number in currency per period.
    case divide(by: Double)
    /// `reward = −cost / (unitCost × mean demand)`, the cost of losing (or backordering) one
    /// period's mean demand; makes rewards O(1) across instances.
    case meanShortageCost

    /// The divisor applied to the cost.
    /// - Parameters:
    ///   - unitShortageCost: `p` or `b`, currency per unit.
    ///   - meanDemand: Mean demand, units per period.
    /// - Returns: A positive finite scale.
    /// - Throws: `EnvironmentError` if the resulting scale is not positive and finite.
    func scale(unitShortageCost: Double, meanDemand: Double) throws -> Double {
        let value: Double
        switch self {
        case .none: value = 1
        case .divide(let scale): value = scale
        case .meanShortageCost: value = unitShortageCost * meanDemand
        }
        guard value.isFinite, value > 0 else {
            throw EnvironmentError(
                "reward normalisation: the scale must be positive and finite (currency per period), got \(value).")
        }
        return value
    }
}
