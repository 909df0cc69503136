import Foundation

/// One series' view of a trained ``LSTMForecaster`` network (global views share the weights): forecasts
/// recursively from the end of that series with planned prices and promotions.
public struct LSTMFittedForecaster: CausalFittedForecaster {
    /// Model name with its shape, e.g. `lstm(1x24,lookback 26,global)`.
    public let name: String
    /// The trained network (shared by all views of a global fit).
    public let network: LSTMNetwork
    /// Steps per window.
    public let lookback: Int
    /// How training went (the same for all views of a global fit).
    public let trainingReport: LSTMTrainingReport
    /// In-sample one-step errors in units (actual − fitted lognormal mean); NaN for the first `lookback`
    /// periods, which have no full window.
    public let residuals: [Double]
    /// Root mean square of the finite ``residuals``: the one-step predictive standard deviation.
    public let residualStandardDeviation: Double
    /// Mean squared one-step residual on the normalised scale (for the lognormal mean correction).
    let normalizedResidualVariance: Double
    let layout: LSTMSeriesEncoding.Layout
    let encoding: LSTMSeriesEncoding

    /// Builds the view from the in-sample one-step predictions `normalizedFit` (NaN where none).
    init(name: String, network: LSTMNetwork, layout: LSTMSeriesEncoding.Layout, lookback: Int, encoding: LSTMSeriesEncoding,
         normalizedFit: [Double], report: LSTMTrainingReport) throws {
        var squares = 0.0, count = 0
        for (z, fit) in zip(encoding.normalized, normalizedFit) where fit.isFinite {
            squares += (z - fit) * (z - fit); count += 1
        }
        guard count > 0, squares.isFinite else {
            throw ForecastError("the LSTM produced no finite in-sample predictions")
        }
        let variance = squares / Double(count)
        var residuals: [Double] = []
        residuals.reserveCapacity(encoding.count)
        var unitSquares = 0.0
        for (y, fit) in zip(encoding.units, normalizedFit) {
            guard fit.isFinite else { residuals.append(.nan); continue }
            let e = y - encoding.units(fromNormalized: fit, residualVariance: variance)
            residuals.append(e)
            unitSquares += e * e
        }
        self.name = name
        self.network = network
        self.layout = layout
        self.lookback = lookback
        self.encoding = encoding
        self.trainingReport = report
        self.residuals = residuals
        self.normalizedResidualVariance = variance
        self.residualStandardDeviation = (unitSquares / Double(count)).squareRoot()
    }

    /// Forecast with the last price carried forward and no promotion.
    /// - Parameter horizon: steps ahead.
    /// - Returns: mean path and standard deviations.
    public func forecast(horizon: Int) -> Forecast {
        forecast(horizon: horizon, future: .carriedForward(encoding.history, horizon: max(0, horizon)))
    }

    /// Recursive forecast for planned prices and promotions: step h feeds the predictions of steps
    /// 1…h−1 back as lagged values. Missing planned entries repeat the last planned (or historical) price
    /// and mean no promotion; impossible planned prices (≤ 0, NaN) count as the median price.
    ///
    /// Predictions are kept between zero and ten times the largest historical value on the log scale, so
    /// that a recursion that runs away cannot produce infinities. The standard deviation of step h is
    /// ``residualStandardDeviation`` · √h (see ``LSTMForecaster`` for why this is only an approximation).
    /// - Parameters:
    ///   - horizon: steps ahead (non-positive: an empty forecast).
    ///   - future: planned covariates of the next `horizon` periods.
    /// - Returns: mean path and standard deviations.
    /// - Complexity: O(horizon · lookback · layers · hidden · (features + hidden)).
    public func forecast(horizon: Int, future: Covariates) -> Forecast {
        guard horizon > 0 else { return Forecast(mean: [], standardDeviation: []) }
        let n = encoding.count, steps = lookback, d = layout.inputSize
        let maxLog = encoding.units.reduce(0) { max($0, log1p($1)) } + log(10.0)
        let upper = (maxLog - encoding.logMean) / encoding.logScale
        let lower = -encoding.logMean / encoding.logScale
        var predicted: [Double] = []
        predicted.reserveCapacity(horizon)
        var mean: [Double] = [], sd: [Double] = []
        var workspace = LSTMWorkspace(network: network, capacity: 1, steps: steps)
        let input = workspace.offsets.input, output = workspace.offsets.output
        for h in 0..<horizon {
            let target = n + h
            let level = workspace.arena.withUnsafeMutableBufferPointer { arena -> Double in
                guard let a = arena.baseAddress else { return 0 }
                for k in 0..<steps {
                    let period = target - steps + 1 + k
                    let lag = period - 1
                    let lagged = lag < n ? encoding.normalized[lag] : predicted[lag - n]
                    let back = period - encoding.seasonLength
                    let seasonal = back < 0 ? 0 : back < n ? encoding.normalized[back] : predicted[back - n]
                    encoding.fill(a + input + k * d, period: period, lagged: lagged, seasonal: seasonal, layout: layout, future: future)
                }
                return layout.centre(a + input, stepStride: d, steps: steps)
            }
            network.forward(&workspace, batch: 1)
            var z = workspace.arena[output] + level
            if !z.isFinite { z = encoding.normalized[n - 1] }
            z = min(max(z, lower), upper)
            predicted.append(z)
            mean.append(encoding.units(fromNormalized: z, residualVariance: normalizedResidualVariance))
            sd.append(residualStandardDeviation * Double(h + 1).squareRoot())
        }
        return Forecast(mean: mean, standardDeviation: sd)
    }
}
