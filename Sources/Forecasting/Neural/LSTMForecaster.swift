import Foundation

/// A long short-term memory network (Hochreiter & Schmidhuber, "Long Short-Term Memory", 1997) that
/// forecasts demand from its own recent history, the price, promotion flags and the position in the
/// season, so it can learn promotion lifts and price effects as well as level, trend and season.
///
/// **Scale.** Units become `z = (log(1 + y) − μ) / s` per series (μ, s: mean and standard deviation of
/// `log(1 + y)`), so effects are multiplicative and one network serves SKUs of any size. Each training
/// window is then made relative to itself, as DeepAR does (Salinas et al. 2020): the window's mean lagged
/// `z` (its *level*) is subtracted from its sales inputs and from its target, and the window's mean log
/// price from its price input. Without this the network reverts to the series' long-run mean and misses
/// growth; with it, trend persists through the recursion.
///
/// **Inputs per step** (the step that predicts period t): `z_{t−1}`; with ``seasonalLag``, `z_{t−m}`; the
/// log price `log(p_t / median price)` (window-centred); each promotion column at t; and
/// `sin, cos(2πkt/m)` for k ≤ min(3, ⌊m/2⌋) — for daily data (m = 7) these three pairs span every
/// day-of-week pattern (a day-of-week encoding), for weekly data (m = 52) they place the week in the year.
///
/// **Network and training.** 1–2 LSTM layers; the dense head reads the top layer's last hidden state
/// *and* the last step's inputs (a linear "highway", as in LSTNet, Lai et al. 2018). Before training the
/// head is set to a ridge least-squares fit of the targets on those inputs and its weights on the state
/// to zero, so epoch 0 is an AR(1) regression with covariates; see ``LSTMNetwork``. Training is
/// backpropagation through time over windows of ``lookback`` steps with Adam (Kingma & Ba, "Adam: A
/// Method for Stochastic Optimization", 2015) on minibatches in a seeded random order, the gradient's
/// global norm clipped to ``gradientClip``. The most recent ``validationShare`` of each series' windows
/// are held out, and the weights with the lowest held-out error are kept — possibly the warm start, when
/// the LSTM never beats it (``LSTMTrainingReport/bestEpoch`` = 0 says so). Training stops after
/// ``patience`` epochs without improvement, or ``epochs``. If a loss or gradient becomes NaN or infinite,
/// training stops and keeps the best weights validated before that (``LSTMTrainingReport/StopReason/diverged``).
///
/// **Forecasting.** Recursive: each step's prediction is fed back as the next step's lagged value, with
/// the planned prices and promotions of the future periods as inputs. The point forecast is the lognormal
/// mean `exp(μ + s·ẑ + s²·v/2) − 1` (v: in-sample residual variance on the normalised scale), as in
/// ``RegressionForecaster``.
///
/// **Predictive standard deviation (an approximation).** `σ_h = σ₁ · √h`, with σ₁ the root mean square of
/// the in-sample one-step residuals in units. This is exact only for a random walk; it ignores how errors
/// propagate through the recursion, that promotion periods are noisier than others, and that in-sample
/// residuals understate out-of-sample error — treat the intervals as rough.
///
/// **Global models.** ``fitGlobal(series:covariates:)`` with ``global`` set trains one network on all
/// SKUs (each on its own scale) and returns one fitted view per SKU sharing the weights.
///
/// Deterministic for a ``seed``. Training costs O(epochs · windows · lookback · layers · hidden ·
/// (features + hidden)).
public struct LSTMForecaster: CausalForecaster {
    /// Stacked layers: 1 or 2 LSTM layers, or 1 to 8 dilated convolutions (see ``encoder``).
    public var layers: Int
    /// Units per layer.
    public var hiddenUnits: Int
    /// Steps per training window; `nil`: ``defaultLookback(seasonLength:)`` of the longest season.
    public var lookback: Int?
    /// Cap on training epochs (passes over the training windows).
    public var epochs: Int
    /// Adam step size.
    public var learningRate: Double
    /// Seed of the stream for the initial weights and the minibatch order.
    public var seed: UInt64
    /// In ``fitGlobal(series:covariates:)``: one network for all series (`true`) or one per series.
    public var global: Bool
    /// Windows per minibatch.
    public var batchSize: Int
    /// Epochs without a better held-out loss before training stops.
    public var patience: Int
    /// Largest global gradient norm; larger gradients are scaled down to it (guards against the exploding
    /// gradients of recurrent networks).
    public var gradientClip: Double
    /// Share of each series' windows (its most recent ones) held out for early stopping, in (0, 0.5].
    public var validationShare: Double
    /// Whether each step also reads the value one season before its target period (a seasonal lag, as in
    /// DeepAR). It costs a season of training windows per series. `nil`: only in global fits of several
    /// seasonal series, each long enough to keep ``minimumWindows`` windows — shared weights cannot learn
    /// each SKU's own seasonal shape from the calendar terms, while one series' own network can, and on
    /// the shipped weekly data a single SKU did worse with the lag (fewer windows) and the global model
    /// better.
    public var seasonalLag: Bool?
    /// The training loss: squared error on the normalised scale (a point forecast with a rough normal
    /// band), or a negative binomial likelihood of the counts (DeepAR: the fitted views are
    /// ``NegativeBinomialLSTMFitted``, which forecast by sampling paths).
    public var likelihood: LSTMLikelihood
    /// Width of a learned per-series embedding read at every step (0: none). Global fits only: with one
    /// series it would be a constant input.
    public var embeddingSize: Int
    /// Training windows per epoch (a fresh random subset each epoch); `nil`: all of them. Caps the cost of
    /// an epoch on many series, as DeepAR's fixed number of batches per epoch does.
    public var windowsPerEpoch: Int?
    /// Sample paths a ``NegativeBinomialLSTMFitted`` forecast draws.
    public var samplePaths: Int
    /// What reads each window: LSTM layers, or causal dilated convolutions (``SequenceEncoder``).
    public var encoder: SequenceEncoder

    /// Creates the forecaster.
    /// - Parameters:
    ///   - layers: 1 or 2 stacked layers.
    ///   - hiddenUnits: units per layer.
    ///   - lookback: steps per window (`nil`: ``defaultLookback(seasonLength:)``).
    ///   - epochs: cap on epochs.
    ///   - learningRate: Adam step size (1e-3 … 1e-2 is the useful range).
    ///   - seed: seed of the initial weights and minibatch order.
    ///   - global: share one network across the series of ``fitGlobal(series:covariates:)``.
    ///   - batchSize: windows per minibatch.
    ///   - patience: early-stopping patience in epochs.
    ///   - gradientClip: gradient-norm limit.
    ///   - validationShare: held-out share of each series' windows.
    ///   - seasonalLag: read the value one season back (`nil`: automatic, see ``seasonalLag``).
    ///   - likelihood: the training loss.
    ///   - embeddingSize: width of the per-series embedding of a global fit (0: none).
    ///   - windowsPerEpoch: training windows per epoch (`nil`: all).
    ///   - samplePaths: paths a probabilistic forecast draws.
    ///   - encoder: LSTM layers or dilated convolutions.
    public init(layers: Int = 1, hiddenUnits: Int = 16, lookback: Int? = nil, epochs: Int = 200, learningRate: Double = 5e-3,
                seed: UInt64 = 1, global: Bool = true, batchSize: Int = 32, patience: Int = 20, gradientClip: Double = 5,
                validationShare: Double = 0.15, seasonalLag: Bool? = nil, likelihood: LSTMLikelihood = .squaredError,
                embeddingSize: Int = 0, windowsPerEpoch: Int? = nil, samplePaths: Int = 100, encoder: SequenceEncoder = .lstm) {
        self.layers = layers
        self.hiddenUnits = hiddenUnits
        self.lookback = lookback
        self.epochs = epochs
        self.learningRate = learningRate
        self.seed = seed
        self.global = global
        self.batchSize = batchSize
        self.patience = patience
        self.gradientClip = gradientClip
        self.validationShare = validationShare
        self.seasonalLag = seasonalLag
        self.likelihood = likelihood
        self.embeddingSize = embeddingSize
        self.windowsPerEpoch = windowsPerEpoch
        self.samplePaths = samplePaths
        self.encoder = encoder
    }

    /// The global DeepAR-style network of `model: global-deepar`: one LSTM layer of 24 units over scaled
    /// lags, price, promotions and season terms, an 8-wide SKU embedding, a negative binomial likelihood,
    /// at most 200 epochs of 2,048 windows (early-stopped, patience 10).
    public static var deepAR: LSTMForecaster {
        LSTMForecaster(hiddenUnits: 24, epochs: 200, patience: 10, likelihood: .negativeBinomial, embeddingSize: 8, windowsPerEpoch: 2048)
    }

    /// `model: global-deepar-conv`: ``deepAR`` with its LSTM replaced by five causal dilated convolutions
    /// of 24 units (dilations 1 to 16: the last 32 periods), everything else the same.
    public static var deepARConvolution: LSTMForecaster {
        var options = deepAR
        options.encoder = .dilatedConvolution
        options.layers = 5
        return options
    }

    /// `lstm`, or `deepar` with the negative binomial likelihood; `-conv` with the convolutional encoder.
    public var name: String { (likelihood == .negativeBinomial ? "deepar" : "lstm") + (encoder == .dilatedConvolution ? "-conv" : "") }

    /// Training windows (periods beyond the lookback) each series needs at least.
    public static let minimumWindows = 8

    /// The default lookback: two seasons capped at 26 periods — 14 for daily data with a weekly cycle, 24
    /// for monthly data, 26 for weekly data with a yearly cycle — and 12 without seasonality. (Half a year
    /// of weekly lags beat a full year on the shipped weekly data: 52 lags cost 26 of its 143 training
    /// windows per SKU and gave a worse holdout error.)
    /// - Parameter m: season length.
    /// - Returns: steps per window.
    public static func defaultLookback(seasonLength m: Int) -> Int { m <= 1 ? 12 : min(2 * m, 26) }

    /// The fewest periods a series needs for this network: the lookback (``defaultLookback(seasonLength:)``
    /// of the longest season when not set) plus ``minimumWindows``.
    /// - Parameter seasonLengths: the season lengths of the series to fit together.
    /// - Returns: periods.
    public func minimumPeriods(seasonLengths: [Int]) -> Int {
        (lookback ?? Self.defaultLookback(seasonLength: seasonLengths.max() ?? 1)) + Self.minimumWindows
    }

    /// Fits to a series without covariates (lagged values and season position only).
    /// - Parameter series: units per period.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` for invalid options or data, or a series too short for the lookback.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitShared([series], [.none])[0]
    }

    /// Fits to one series with its prices and promotions.
    /// - Parameters:
    ///   - series: units per period.
    ///   - covariates: prices and promotions of the same periods.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` for invalid options or data, or a series too short for the lookback.
    /// - Complexity: O(epochs · n · lookback · layers · hidden · (features + hidden)).
    public func fit(_ series: TimeSeries, covariates: Covariates) throws -> any CausalFittedForecaster {
        try fitShared([series], [covariates])[0]
    }

    /// Fits many series: with ``global`` one network trained on all of them (each normalised on its own
    /// scale), otherwise one network per series.
    ///
    /// The feature columns are the union over series: a price column when any series has prices (series
    /// without prices get 0, i.e. "at the reference price"), as many promotion columns as the widest
    /// series (missing columns are all 0), and Fourier pairs for the longest season.
    /// - Parameters:
    ///   - series: the histories.
    ///   - covariates: one per series, or empty for no covariates at all.
    ///   - names: what errors call each series (e.g. its SKU); "series 3" (0-based) when nil.
    /// - Returns: one fitted view per series, in order; global views share the weights.
    /// - Throws: ``ForecastError`` for invalid options or data, or a series too short for the lookback.
    public func fitGlobal(series: [TimeSeries], covariates: [Covariates], names: [String]? = nil) throws -> [any CausalFittedForecaster] {
        guard !series.isEmpty else { throw ForecastError("fitGlobal needs at least one series") }
        guard covariates.isEmpty || covariates.count == series.count else {
            throw ForecastError("fitGlobal got \(covariates.count) covariate sets for \(series.count) series; give one per series or none")
        }
        let plans = covariates.isEmpty ? Array(repeating: Covariates.none, count: series.count) : covariates
        let labels = names.flatMap { $0.count == series.count ? $0.map { "SKU '\($0)'" } : nil }
        if global { return try fitShared(series, plans, labels: labels) }
        return try series.indices.map { i in
            do { return try fitShared([series[i]], [plans[i]])[0] } catch let error as ForecastError where series.count > 1 {
                throw ForecastError("\(labels?[i] ?? "series \(i)"): \(error.message)")
            }
        }
    }

    /// Checks the options.
    func validate() throws {
        guard encoder.layerRange.contains(layers) else {
            throw ForecastError("the \(encoder.title) encoder supports \(encoder.layerRange.lowerBound) to \(encoder.layerRange.upperBound) layers, not \(layers)")
        }
        guard (1...512).contains(hiddenUnits) else { throw ForecastError("the LSTM hidden size must be between 1 and 512, not \(hiddenUnits)") }
        if let lookback, lookback < 1 { throw ForecastError("the LSTM lookback must be at least 1 period, not \(lookback)") }
        guard epochs >= 1 else { throw ForecastError("the LSTM needs at least one epoch, not \(epochs)") }
        guard learningRate.isFinite && learningRate > 0 else {
            throw ForecastError("the LSTM learning rate must be a positive number, not \(learningRate)")
        }
        guard batchSize >= 1 else { throw ForecastError("the LSTM batch size must be at least 1, not \(batchSize)") }
        guard patience >= 1 else { throw ForecastError("the LSTM early-stopping patience must be at least 1 epoch, not \(patience)") }
        guard gradientClip.isFinite && gradientClip > 0 else {
            throw ForecastError("the LSTM gradient clip must be a positive number, not \(gradientClip)")
        }
        guard validationShare > 0 && validationShare <= 0.5 else {
            throw ForecastError("the LSTM validation share must be in (0, 0.5], not \(validationShare)")
        }
        guard (0...64).contains(embeddingSize) else { throw ForecastError("the LSTM embedding width must be between 0 and 64, not \(embeddingSize)") }
        if let windowsPerEpoch, windowsPerEpoch < 1 {
            throw ForecastError("the LSTM needs at least one training window per epoch, not \(windowsPerEpoch)")
        }
        guard (1...100_000).contains(samplePaths) else { throw ForecastError("the sample paths must number 1 to 100,000, not \(samplePaths)") }
    }

    /// Trains one network on all of `series` and builds a fitted view per series.
    /// - Parameter labels: what errors call each series ("series 3" when nil).
    func fitShared(_ series: [TimeSeries], _ covariates: [Covariates], labels: [String]? = nil) throws -> [any CausalFittedForecaster] {
        try validate()
        func label(_ index: Int) -> String { labels?[index] ?? "series \(index)" }
        let encodings = try zip(series, covariates).enumerated().map { index, pair in
            do { return try LSTMSeriesEncoding(series: pair.0, covariates: pair.1) } catch let error as ForecastError {
                throw series.count > 1 ? ForecastError("\(label(index)): \(error.message)") : error
            }
        }
        let longestSeason = series.map(\.seasonLength).max() ?? 1
        let steps = lookback ?? Self.defaultLookback(seasonLength: longestSeason)
        for (index, encoding) in encodings.enumerated() where encoding.count < steps + Self.minimumWindows {
            let which = series.count > 1 ? "\(label(index)) has" : "the series has"
            throw ForecastError("\(which) \(encoding.count) periods, but an LSTM with a lookback of \(steps) needs at least \(steps + Self.minimumWindows); use a shorter lookback or a simpler model")
        }
        let seasonalFits = encodings.allSatisfy { $0.seasonLength > 1 && $0.count >= steps + $0.seasonLength - 1 + Self.minimumWindows }
        if seasonalLag == true, let index = encodings.firstIndex(where: { $0.seasonLength <= 1 || $0.count < steps + $0.seasonLength - 1 + Self.minimumWindows }) {
            let which = series.count > 1 ? label(index) : "the series"
            throw ForecastError("a seasonal lag needs a seasonal series with at least lookback + season − 1 + \(Self.minimumWindows) periods, and \(which) has season \(encodings[index].seasonLength) and \(encodings[index].count) periods")
        }
        let layout = LSTMSeriesEncoding.Layout(
            seasonalLag: seasonalLag ?? (encodings.count > 1 && seasonalFits),
            price: covariates.contains { $0.prices != nil },
            promotions: covariates.map(\.promotions.count).max() ?? 0,
            fourierPairs: series.map { LSTMSeriesEncoding.Layout.fourierPairs(seasonLength: $0.seasonLength) }.max() ?? 0,
            levelInput: likelihood == .negativeBinomial, embeddingSize: encodings.count > 1 ? embeddingSize : 0)
        let trainer = LSTMTrainer(options: self, lookback: steps, layout: layout, encodings: encodings)
        let (network, report) = try trainer.train()
        let all = trainer.windows()
        var workspace = LSTMWorkspace(network: network, capacity: max(1, min(256, all.training.count + all.validation.count)), steps: steps)
        let windows = all.training + all.validation
        if likelihood == .negativeBinomial {
            let distributions = trainer.distributions(network, windows, workspace: &workspace)
            var means = encodings.map { Array(repeating: Double.nan, count: $0.count) }
            for (window, distribution) in zip(windows, distributions) { means[window.series][window.target] = distribution.mean }
            let modelName = "\(name)(\(layers)x\(hiddenUnits),lookback \(steps)\(layout.embeddingSize > 0 ? ",embedding \(layout.embeddingSize)" : "")\(encodings.count > 1 ? ",global" : ""))"
            return try encodings.indices.map { i in
                try NegativeBinomialLSTMFitted(name: modelName, network: network, layout: layout, lookback: steps, encoding: encodings[i],
                                               series: layout.embeddingSize > 0 ? i : 0, fittedMeans: means[i], report: report,
                                               options: self)
            }
        }
        let predictions = trainer.predict(network, windows, workspace: &workspace)
        var fitted = Array(repeating: [Double](), count: encodings.count)
        for (i, encoding) in encodings.enumerated() { fitted[i] = Array(repeating: .nan, count: encoding.count) }
        for (window, prediction) in zip(windows, predictions) { fitted[window.series][window.target] = prediction }
        let modelName = "\(name)(\(layers)x\(hiddenUnits),lookback \(steps)\(encodings.count > 1 ? ",global" : ""))"
        return try encodings.indices.map { i in
            try LSTMFittedForecaster(name: modelName, network: network, layout: layout, lookback: steps, encoding: encodings[i],
                                     normalizedFit: fitted[i], report: report)
        }
    }
}
