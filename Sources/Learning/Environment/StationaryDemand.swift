import Policies
import Stochastics

/// The demand law of one period, in units: a Poisson mean or an explicit pmf.
public enum StationaryDemand: Sendable, Equatable {
    /// Poisson demand with this mean (units per period), truncated where its upper tail drops
    /// below 1e-12 (see `DiscretePMF.poisson(mean:tailTolerance:)`).
    case poisson(mean: Double)
    /// An explicit pmf on `0 ... pmf.maxValue` units.
    case pmf(DiscretePMF)

    /// The pmf this demand law denotes.
    /// - Returns: The (truncated) pmf.
    /// - Throws: `EnvironmentError` for a negative or non-finite Poisson mean.
    public func resolved() throws -> DiscretePMF {
        switch self {
        case .pmf(let pmf):
            return pmf
        case .poisson(let mean):
            do {
                return try DiscretePMF.poisson(mean: mean)
            } catch {
                throw EnvironmentError("demand: Poisson mean must be finite and >= 0 units per period, got \(mean).")
            }
        }
    }
}
