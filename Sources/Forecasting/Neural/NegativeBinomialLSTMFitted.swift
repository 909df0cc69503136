import Foundation
import Stochastics

/// One series' view of an ``LSTMForecaster`` trained with the negative binomial likelihood (DeepAR;
/// global views share the weights): its forecasts are sample paths.
///
/// **Sampling (ancestral, as DeepAR's).** For each of ``samplePaths`` paths, step h reads the window of
/// the last `lookback` periods — history, then the path's own earlier draws — with the planned prices and
/// promotions, and the network gives NB(m_h, α_h); the path draws its count from it, and that count is
/// the next step's lag. The forecast's mean is the average of the m_h over the paths and its variance the
/// law of total variance (mean of m + α·m², plus the spread of m across paths): both exact for the paths
/// drawn, with less Monte Carlo noise than the counts' own mean and variance. Its quantiles, intervals and
/// CRPS are those of the drawn counts (``Forecast/samples``).
///
/// Paths are drawn from `RandomStream` seeded by (``seed``, the series' embedding row): the same inputs
/// give the same forecast on any thread. A step's mean is capped at ten times the largest period of the
/// history, so that a path that runs away (a promotion after a collapse, a price far outside the
/// history's) stays finite and bounded.
public struct NegativeBinomialLSTMFitted: CausalFittedForecaster {
    /// Model name with its shape, e.g. `deepar(1x24,lookback 26,embedding 8,global)`.
    public let name: String
    /// The trained network (shared by all views of a global fit).
    public let network: LSTMNetwork
    /// Steps per window.
    public let lookback: Int
    /// How training went (the same for all views of a global fit).
    public let trainingReport: LSTMTrainingReport
    /// In-sample one-step errors in units (actual − NB mean); NaN for periods without a full window.
    public let residuals: [Double]
    /// Paths each forecast draws.
    public let samplePaths: Int
    /// Seed of the paths (mixed with the series' row).
    public let seed: UInt64
    /// The series' row of the embedding table (0 without one).
    public let series: Int
    /// The options the network was trained with (learning rate, batch, clip and seed for fine-tuning).
    public let options: LSTMForecaster
    let layout: LSTMSeriesEncoding.Layout
    let encoding: LSTMSeriesEncoding

    init(name: String, network: LSTMNetwork, layout: LSTMSeriesEncoding.Layout, lookback: Int, encoding: LSTMSeriesEncoding,
         series: Int, fittedMeans: [Double], report: LSTMTrainingReport, options: LSTMForecaster) throws {
        let residuals = zip(encoding.units, fittedMeans).map { y, m in m.isFinite ? y - m : .nan }
        guard residuals.contains(where: \.isFinite) else { throw ForecastError("the network produced no finite in-sample predictions") }
        self.init(name: name, network: network, layout: layout, lookback: lookback, encoding: encoding, series: series,
                  residuals: residuals, report: report, options: options, samplePaths: options.samplePaths)
    }

    private init(name: String, network: LSTMNetwork, layout: LSTMSeriesEncoding.Layout, lookback: Int, encoding: LSTMSeriesEncoding,
                 series: Int, residuals: [Double], report: LSTMTrainingReport, options: LSTMForecaster, samplePaths: Int) {
        self.name = name
        self.network = network
        self.layout = layout
        self.lookback = lookback
        self.encoding = encoding
        self.series = series
        self.residuals = residuals
        self.trainingReport = report
        self.samplePaths = samplePaths
        self.seed = options.seed
        self.options = options
    }

    /// The same trained network reading another history of this series (e.g. the history followed by the
    /// demand a simulation observed): no training, the series' original scale, and no in-sample residuals
    /// (all NaN). A forecast then conditions on the latest periods the network reads.
    /// - Parameters:
    ///   - series: the new history (at least the periods one window reads).
    ///   - covariates: its prices and promotions (their planned continuation may follow).
    ///   - samplePaths: paths each forecast draws.
    /// - Returns: the view.
    /// - Throws: ``ForecastError`` when the history is shorter than a window, has another season length, or the data do not fit.
    public func conditioned(on series: TimeSeries, covariates: Covariates, samplePaths: Int) throws -> NegativeBinomialLSTMFitted {
        guard series.seasonLength == encoding.seasonLength else {
            throw ForecastError("the network was trained with a season of \(encoding.seasonLength) periods and cannot read a history with a season of \(series.seasonLength)")
        }
        let needed = lookback + (layout.seasonalLag ? encoding.seasonLength : 0)
        guard series.count >= needed else {
            throw ForecastError("the network reads \(needed) periods, and the history has \(series.count)")
        }
        let history = Covariates(prices: covariates.prices.map { Array($0.prefix(series.count)) },
                                 promotions: covariates.promotions.map { Array($0.prefix(series.count)) })
        return NegativeBinomialLSTMFitted(name: name, network: network, layout: layout, lookback: lookback,
                                          encoding: try encoding.rescaled(series, covariates: history), series: self.series,
                                          residuals: Array(repeating: .nan, count: series.count), report: trainingReport,
                                          options: options, samplePaths: samplePaths)
    }

    /// This view with its network fine-tuned on the last `recentWindows` windows of its own history (a
    /// warm start from the trained weights; see ``LSTMTrainer``'s `fineTune`): how a simulation refits the
    /// network on the demand it observed. Only this view's copy of the weights changes.
    /// - Parameters:
    ///   - recentWindows: windows at the end of the history to train on.
    ///   - epochs: passes over them (0: unchanged).
    /// - Returns: the tuned view.
    public func fineTuned(recentWindows: Int, epochs: Int) -> NegativeBinomialLSTMFitted {
        guard epochs > 0, recentWindows > 0 else { return self }
        var trainer = LSTMTrainer(options: options, lookback: lookback, layout: layout, encodings: [encoding])
        trainer.embeddingRows = [series]
        let tuned = trainer.fineTune(network, recentWindows: recentWindows, epochs: epochs)
        return NegativeBinomialLSTMFitted(name: name, network: tuned, layout: layout, lookback: lookback, encoding: encoding, series: series,
                                          residuals: residuals, report: trainingReport, options: options, samplePaths: samplePaths)
    }

    /// The price elasticity the network implies at the end of the history: the change in the next period's
    /// log mean per change in log price, by central difference at ±5% of the last price (no promotion).
    /// Nil when the history has no prices or they never moved more than 1%: the network cannot have
    /// learned a price response then.
    public var priceElasticity: Double? {
        guard layout.price, let prices = encoding.history.prices, let low = prices.min(), let high = prices.max(), high > low * 1.01,
              let last = prices.last else { return nil }
        func logMean(_ price: Double) -> Double {
            let future = Covariates(prices: [price], promotions: encoding.history.promotions.map { _ in [0] })
            let stream = RandomStream(seed: 1)
            return log(samplePaths(horizon: 1, future: future, count: 1, stream: stream)[0].distributions[0].mean)
        }
        let elasticity = (logMean(last * 1.05) - logMean(last * 0.95)) / (log(1.05) - log(0.95))
        return elasticity.isFinite ? elasticity : nil
    }

    /// A digest of the weights, the series' row and scale: two views with the same digest draw the same paths.
    public var digest: UInt64 {
        var state = SplitMix64.mix(UInt64(series) ^ seed)
        for value in network.parameters { state = SplitMix64.mix(state ^ value.bitPattern) }
        state = SplitMix64.mix(state ^ encoding.logMean.bitPattern)
        state = SplitMix64.mix(state ^ encoding.logScale.bitPattern)
        for value in encoding.units { state = SplitMix64.mix(state ^ value.bitPattern) }
        return state
    }

    /// Forecast with the last price carried forward and no promotion.
    public func forecast(horizon: Int) -> Forecast {
        forecast(horizon: horizon, future: .carriedForward(encoding.history, horizon: max(0, horizon)))
    }

    /// The predictive distribution of the next `horizon` periods under planned prices and promotions,
    /// from ``samplePaths`` sample paths.
    /// - Parameters:
    ///   - horizon: steps ahead (non-positive: an empty forecast).
    ///   - future: planned covariates (missing entries repeat the last price and mean no promotion).
    /// - Returns: mean, standard deviation and the sorted sampled counts of each step.
    /// - Complexity: O(samplePaths · horizon · lookback · hidden · (features + hidden)).
    public func forecast(horizon: Int, future: Covariates) -> Forecast {
        forecast(horizon: horizon, future: future, paths: samplePaths)
    }

    /// ``forecast(horizon:future:)`` from `paths` sample paths instead of ``samplePaths``.
    /// - Parameters:
    ///   - horizon: steps ahead (non-positive: an empty forecast).
    ///   - future: planned covariates.
    ///   - paths: paths to draw (at least 1).
    /// - Returns: mean, standard deviation and the sorted sampled counts of each step.
    public func forecast(horizon: Int, future: Covariates, paths: Int) -> Forecast {
        guard horizon > 0 else { return Forecast(mean: [], standardDeviation: []) }
        let stream = RandomStream(seed: SplitMix64.mix(seed ^ 0x4445_4550_4152, UInt64(series)))  // "DEEPAR"
        let draws = samplePaths(horizon: horizon, future: future, count: max(1, paths), stream: stream)
        var mean: [Double] = [], sd: [Double] = [], samples: [[Double]] = []
        let n = Double(draws.count)
        for h in 0..<horizon {
            var sumMean = 0.0, sumSquares = 0.0, sumVariance = 0.0
            var counts: [Double] = []
            counts.reserveCapacity(draws.count)
            for path in draws {
                let m = path.distributions[h].mean, alpha = path.distributions[h].dispersion
                sumMean += m
                sumSquares += m * m
                sumVariance += m + alpha * m * m
                counts.append(path.counts[h])
            }
            let average = sumMean / n
            mean.append(average)
            sd.append((sumVariance / n + max(0, sumSquares / n - average * average)).squareRoot())
            samples.append(counts.sorted())
        }
        return Forecast(mean: mean, standardDeviation: sd, samples: samples)
    }

    /// One sample path: the distribution each step was drawn from, the gamma-mixed Poisson rates and the counts.
    public struct SamplePath: Sendable {
        /// NB(m_h, α_h) of each step, given the path's earlier counts.
        public var distributions: [NegativeBinomialOutput]
        /// The rate λ_h = m_h · G_h of each step (the count's mean given the gamma mixing).
        public var rates: [Double]
        /// The count drawn from Poisson(λ_h), fed back as the next step's lag.
        public var counts: [Double]
    }

    /// Draws `count` sample paths of the next `horizon` periods (see the type's description).
    /// - Parameters:
    ///   - horizon: steps ahead (≥ 1).
    ///   - future: planned covariates.
    ///   - count: paths (≥ 1).
    ///   - stream: the source of every draw, consumed path by path within each step.
    /// - Returns: the paths.
    /// - Complexity: O(count · horizon · lookback · hidden · (features + hidden)).
    public func samplePaths(horizon: Int, future: Covariates, count: Int, stream: RandomStream) -> [SamplePath] {
        let n = encoding.count, steps = lookback, d = layout.inputSize
        let m = encoding.seasonLength
        var paths = Array(repeating: SamplePath(distributions: [], rates: [], counts: []), count: max(0, count))
        guard horizon > 0, count > 0 else { return paths }
        // A path that runs away (a promotion after a collapse, a price far outside the history) is held at ten
        // times the largest period of the history, as the squared-error LSTM's forecasts are.
        let cap = 10 * max(1, encoding.units.max() ?? 1)
        // Fed-back counts on the normalised scale, path-major.
        var fed = [Double](repeating: 0, count: count * horizon)
        let capacity = min(count, 256)
        var workspace = LSTMWorkspace(network: network, capacity: capacity, steps: steps)
        let o = workspace.offsets
        for h in 0..<horizon {
            let target = n + h
            var start = 0
            while start < count {
                let end = min(count, start + capacity), b = end - start
                workspace.arena.withUnsafeMutableBufferPointer { arena in
                    guard let a = arena.baseAddress else { return }
                    for r in 0..<b {
                        let path = start + r
                        func value(_ period: Int) -> Double { period < n ? encoding.normalized[period] : fed[path * horizon + period - n] }
                        for k in 0..<steps {
                            let period = target - steps + 1 + k
                            let back = period - m
                            encoding.fill(a + o.input + (k * b + r) * d, period: period, lagged: value(period - 1),
                                          seasonal: back < 0 ? 0 : value(back), layout: layout, future: future)
                        }
                        a[o.level + r] = layout.centre(a + o.input + r * d, stepStride: b * d, steps: steps)
                        a[o.series + r] = Double(series)
                        a[o.logMean + r] = encoding.logMean
                        a[o.logScale + r] = encoding.logScale
                    }
                }
                network.forward(&workspace, batch: b)
                for r in 0..<b {
                    let a = workspace.arena
                    let distribution = NegativeBinomialOutput(first: a[o.output + 2 * r], second: a[o.output + 2 * r + 1],
                                                              logMean: a[o.logMean + r], logScale: a[o.logScale + r], level: a[o.level + r])
                        .capped(atMean: cap)
                    let draw = distribution.sample(using: stream)
                    let path = start + r
                    paths[path].distributions.append(distribution)
                    paths[path].rates.append(draw.rate)
                    paths[path].counts.append(draw.count)
                    fed[path * horizon + h] = (log1p(draw.count) - encoding.logMean) / encoding.logScale
                }
                start = end
            }
        }
        return paths
    }
}

/// A trained DeepAR view as a ``CausalForecaster``: "fitting" it to a history conditions the trained
/// network on that history (``NegativeBinomialLSTMFitted/conditioned(on:covariates:samplePaths:)``) and,
/// with ``fineTuneEpochs``, fine-tunes a copy of the weights on the history's last ``recentWindows``
/// windows, warm-started from the trained ones, instead of training again. This is how a simulation's
/// policies forecast with the global network as demand is observed: a refresh costs the same at any point
/// of the run.
public struct TrainedNetworkForecaster: CausalForecaster {
    /// The trained view of the series.
    public let view: NegativeBinomialLSTMFitted
    /// Paths each forecast draws (the mean and variance are Rao–Blackwellised, so a few suffice).
    public let samplePaths: Int
    /// Epochs of fine-tuning on the new history's last ``recentWindows`` windows at each fit (0: condition only).
    public let fineTuneEpochs: Int
    /// Windows at the end of the new history that fine-tuning trains on.
    public let recentWindows: Int

    /// Creates the forecaster.
    public init(view: NegativeBinomialLSTMFitted, samplePaths: Int, fineTuneEpochs: Int = 0, recentWindows: Int = 13) {
        self.view = view
        self.samplePaths = samplePaths
        self.fineTuneEpochs = fineTuneEpochs
        self.recentWindows = recentWindows
    }

    /// The view's name.
    public var name: String { view.name }

    /// Conditions on a history without covariates (and fine-tunes on its end).
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fit(series, covariates: .none)
    }

    /// Conditions on a history with its covariates, then fine-tunes on its last windows.
    public func fit(_ series: TimeSeries, covariates: Covariates) throws -> any CausalFittedForecaster {
        try view.conditioned(on: series, covariates: covariates, samplePaths: samplePaths)
            .fineTuned(recentWindows: recentWindows, epochs: fineTuneEpochs)
    }
}
