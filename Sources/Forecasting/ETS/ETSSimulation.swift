import Foundation
import Stochastics

extension FittedETS {
    /// A future sample path drawn from the model's own stochastic form: each period's innovation
    /// (Gaussian with the fitted variance; relative for multiplicative errors) moves the level, trend and
    /// seasonal states through the same recursion that fitted them (Hyndman et al. 2008, §6.1). Unlike a
    /// mean path with noise around it, a shock persists: a bad week lowers the level for the weeks after.
    /// - Parameters:
    ///   - horizon: periods to simulate.
    ///   - stream: the random stream (standard normals by inversion, one uniform per period).
    /// - Returns: simulated values per period (may be negative for additive-error models; callers that
    ///   need units cut at zero).
    /// - Complexity: O(horizon · season length) (the seasonal ring is rotated each period).
    public func simulatePath(horizon: Int, using stream: RandomStream) -> [Double] {
        guard horizon > 0 else { return [] }
        let filter = ETSFilter(spec: spec, seasonLength: seasonLength)
        let coefficients = ETSFilter.Coefficients(alpha: parameters.alpha, beta: parameters.beta ?? 0,
                                                  gamma: parameters.gamma ?? 0, phi: parameters.phi ?? 1)
        let sd = innovationVariance > 0 && innovationVariance.isFinite ? innovationVariance.squareRoot() : 0
        var level = finalState.level
        var trend = finalState.trend ?? 0
        var seasonal = finalState.seasonal.isEmpty ? [0.0] : finalState.seasonal
        var path: [Double] = []
        path.reserveCapacity(horizon)
        var mean = 0.0
        var observation = 0.0
        for _ in 0..<horizon {
            // The one-step mean from a scratch copy of the state, then the real update with the drawn value.
            var scratchLevel = level, scratchTrend = trend, scratchSeasonal = seasonal
            let zero = [0.0]
            _ = zero.withUnsafeBufferPointer { y in
                scratchSeasonal.withUnsafeMutableBufferPointer { s in
                    filter.run(y, parameters: coefficients, level: &scratchLevel, trend: &scratchTrend, seasonal: s, fitted: &mean)
                }
            }
            let z = StandardNormal.quantile(stream.uniformPositive()) * sd
            observation = spec.error == .multiplicative ? mean * (1 + z) : mean + z
            guard observation.isFinite else { break }
            let value = [observation]
            let pass = value.withUnsafeBufferPointer { y in
                seasonal.withUnsafeMutableBufferPointer { s in
                    filter.run(y, parameters: coefficients, level: &level, trend: &trend, seasonal: s, fitted: nil)
                }
            }
            path.append(observation)
            guard pass.completedSteps == 1 else { break }
            // The slot just used belongs to the next cycle now; the ring starts at the next period.
            if seasonal.count > 1 { seasonal.append(seasonal.removeFirst()) }
        }
        // A multiplicative form driven to a non-positive state stops; the rest of the path holds its last value.
        while path.count < horizon { path.append(path.last ?? mean) }
        return path
    }
}

extension FittedETS {
    /// The same ETS form, refitted without the AutoETS search.
    public var sameFormForecaster: (any Forecaster)? {
        ETSForecaster(spec: spec, seasonLength: seasonLength, optimisesSeasonalStates: optimisesSeasonalStates)
    }
}
