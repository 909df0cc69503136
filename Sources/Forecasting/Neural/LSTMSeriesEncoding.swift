import Foundation

/// How one series is presented to an ``LSTMNetwork``: its normalised values and the inputs of each step.
///
/// **Scale.** Units are mapped to `z = (log(1 + y) − μ) / s`, with μ and s the mean and standard deviation
/// of `log(1 + y)` over the series (s = 1 when the series is constant). The log makes promotion and price
/// effects multiplicative — one weight serves a SKU selling 3 a week and one selling 300 — and tames
/// spikes; `log1p` keeps zero sales finite. Standardising per series lets one global network serve SKUs
/// of any size. Windows are further made relative to their own level (``Layout/centre(_:stepStride:steps:)``).
///
/// **Inputs.** The step that predicts period `t` reads `[z_{t−1}, (z_{t−m}), features(t)]`: the last
/// known value, optionally the value a season before the target, and what is known in advance about the
/// target period —
/// - `log(p_t / p̃)`, the price relative to the series' median price (when any series has prices);
/// - each promotion column's value in period `t`;
/// - Fourier terms `sin(2πkt/m), cos(2πkt/m)` for k = 1…K of the season position, K = min(3, ⌊m/2⌋) pairs.
///   For daily data (m = 7) three pairs span every day-of-week pattern (they are equivalent to a
///   day-of-week one-hot); for weekly data (m = 52) they place the week in the year smoothly.
struct LSTMSeriesEncoding: Sendable {
    /// The feature columns shared by every series of one network.
    struct Layout: Sendable, Equatable {
        /// Whether the value one season before the target period is an input (column 1).
        var seasonalLag: Bool
        /// Whether a log relative price column is present.
        var price: Bool
        /// Number of promotion columns.
        var promotions: Int
        /// Sine/cosine pairs of the season position.
        var fourierPairs: Int
        /// Whether every step also reads the window's level (the column before the embedding). Centring hides
        /// the level from the other inputs, so without it the output is tied to the level with weight 1 (a
        /// random walk on the window mean); with it the network can also learn how far demand returns to
        /// the series' mean (0 on the normalised scale). The probabilistic network reads it; the
        /// squared-error LSTM does not.
        var levelInput = false
        /// Width of the series embedding, the last columns (0: none). The encoding writes zeros there; the
        /// network's forward pass fills in the window's row of its table.
        var embeddingSize = 0

        /// Values per step: the lagged target, the features, the level and the embedding.
        var inputSize: Int { 1 + (seasonalLag ? 1 : 0) + (price ? 1 : 0) + promotions + 2 * fourierPairs + (levelInput ? 1 : 0) + embeddingSize }

        /// Column of the window level, when read.
        var levelColumn: Int? { levelInput ? inputSize - embeddingSize - 1 : nil }

        /// Columns that hold normalised sales (shifted by the window level): the lag, and the seasonal lag.
        var levelColumns: Int { seasonalLag ? 2 : 1 }
        /// Column of the log relative price, when present.
        var priceColumn: Int? { price ? levelColumns : nil }

        /// Makes a window relative to itself: subtracts the window's level (mean lagged value) from the
        /// sales columns and the window's mean log price from the price column.
        /// - Parameters:
        ///   - window: the first step's row; step k's row starts at `window + k · stepStride`.
        ///   - stepStride: distance between consecutive steps' rows.
        ///   - steps: steps in the window.
        /// - Returns: the level, to add back to the network's output.
        /// - Complexity: O(steps), no allocation.
        func centre(_ window: UnsafeMutablePointer<Double>, stepStride: Int, steps: Int) -> Double {
            var level = 0.0, price = 0.0
            let priceAt = priceColumn ?? 0
            for k in 0..<steps {
                level += window[k * stepStride]
                price += window[k * stepStride + priceAt]
            }
            level /= Double(steps)
            price /= Double(steps)
            for k in 0..<steps {
                let row = window + k * stepStride
                for j in 0..<levelColumns { row[j] -= level }
                if self.price { row[priceAt] -= price }
                if let levelColumn { row[levelColumn] = level }
            }
            return level
        }

        /// Fourier pairs used for a season of `m` periods.
        static func fourierPairs(seasonLength m: Int) -> Int { m <= 1 ? 0 : min(3, m / 2) }
    }

    /// Observations.
    let units: [Double]
    /// Normalised observations z.
    let normalized: [Double]
    /// μ: mean of log(1 + y).
    let logMean: Double
    /// s: standard deviation of log(1 + y) (1 for a constant series).
    let logScale: Double
    /// Median historical price (the reference of the price feature), when prices were given.
    let referencePrice: Double?
    /// Periods per season.
    let seasonLength: Int
    /// The history's covariates (validated: counts match, prices positive, promotions finite).
    let history: Covariates

    /// Number of periods.
    var count: Int { units.count }

    /// Validates and encodes a series.
    /// - Parameters:
    ///   - series: units per period.
    ///   - covariates: prices and promotions for the same periods.
    /// - Throws: ``ForecastError`` for negative or non-finite sales, or covariates that do not fit.
    /// - Complexity: O(n log n) (the median price).
    /// The encoding of a longer (or shorter) history of the same series on this encoding's scale (μ, s)
    /// and reference price, so that a trained network reads it as it read the training data.
    /// - Parameters:
    ///   - series: units per period.
    ///   - covariates: prices and promotions for the same periods.
    /// - Throws: ``ForecastError`` for data that do not fit (as ``init(series:covariates:)``).
    func rescaled(_ series: TimeSeries, covariates: Covariates) throws -> LSTMSeriesEncoding {
        try LSTMSeriesEncoding(series: series, covariates: covariates, scale: (logMean, logScale, referencePrice))
    }

    init(series: TimeSeries, covariates: Covariates) throws {
        try self.init(series: series, covariates: covariates, scale: nil)
    }

    private init(series: TimeSeries, covariates: Covariates, scale fixed: (Double, Double, Double?)?) throws {
        let n = series.count
        if let bad = series.values.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw ForecastError("the LSTM needs finite, non-negative sales; period \(bad) has \(series.values[bad])")
        }
        if let prices = covariates.prices {
            guard prices.count == n else {
                throw ForecastError("the prices cover \(prices.count) periods but the series has \(n)")
            }
            if let bad = prices.firstIndex(where: { !$0.isFinite || $0 <= 0 }) {
                throw ForecastError("prices must be positive numbers; period \(bad) has \(prices[bad])")
            }
        }
        for (column, values) in covariates.promotions.enumerated() {
            guard values.count == n else {
                throw ForecastError("promotion column \(column) covers \(values.count) periods but the series has \(n)")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw ForecastError("promotion column \(column) has a non-finite value in period \(bad)")
            }
        }
        let logs = series.values.map { log1p($0) }
        var mean = logs.reduce(0, +) / Double(max(1, n))
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, n - 1))
        var scale = variance > 1e-12 ? variance.squareRoot() : 1
        if let fixed { (mean, scale) = (fixed.0, fixed.1) }
        units = series.values
        normalized = logs.map { ($0 - mean) / scale }
        logMean = mean
        logScale = scale
        referencePrice = fixed.map { $0.2 } ?? covariates.prices.map { $0.sorted()[$0.count / 2] }
        seasonLength = series.seasonLength
        history = covariates
    }

    /// Units for a normalised value, as the mean of a lognormal: `exp(μ + s·z + s²·v/2) − 1` where `v` is
    /// the residual variance on the z scale; never negative, and capped instead of overflowing.
    func units(fromNormalized z: Double, residualVariance v: Double) -> Double {
        let logValue = logMean + logScale * z + logScale * logScale * v / 2
        return max(0, expm1(min(logValue, 700)))
    }

    /// Writes the step input that predicts period `period` — `[z_{period−1}, features(period)]` — into `row`.
    /// - Parameters:
    ///   - row: `layout.inputSize` values.
    ///   - period: the target period (≥ 1); periods ≥ ``count`` are in the future.
    ///   - lagged: z of period `period − 1` (history or a fed-back prediction).
    ///   - layout: the network's feature columns.
    ///   - future: planned covariates for periods ``count``, ``count`` + 1, …; missing entries repeat the last
    ///     planned price (or the last historical price) and mean no promotion.
    /// - Complexity: O(inputSize), no allocation.
    func fill(_ row: UnsafeMutablePointer<Double>, period: Int, lagged: Double, seasonal: Double, layout: Layout, future: Covariates?) {
        var j = 0
        row[j] = lagged; j += 1
        if layout.seasonalLag { row[j] = seasonal; j += 1 }
        let ahead = period - count
        if layout.price {
            var value = 0.0
            if let reference = referencePrice, let prices = history.prices {
                var price = prices[min(period, prices.count - 1)]
                if ahead >= 0, let planned = future?.prices, !planned.isEmpty {
                    price = planned[min(ahead, planned.count - 1)]
                }
                // A nonsensical planned price (≤ 0, NaN) counts as the reference price: forecasts cannot throw.
                if price.isFinite && price > 0 { value = log(price / reference) }
            }
            row[j] = value; j += 1
        }
        for column in 0..<layout.promotions {
            var value = 0.0
            if ahead < 0 {
                if column < history.promotions.count { value = history.promotions[column][period] }
            } else if let planned = future?.promotions, column < planned.count, ahead < planned[column].count {
                value = planned[column][ahead]
            }
            row[j] = value.isFinite ? value : 0; j += 1
        }
        let pairs = min(layout.fourierPairs, Layout.fourierPairs(seasonLength: seasonLength))
        for k in 0..<layout.fourierPairs {
            if k < pairs {
                let angle = 2 * Double.pi * Double(k + 1) * Double(period % seasonLength) / Double(seasonLength)
                row[j] = sin(angle); row[j + 1] = cos(angle)
            } else {
                row[j] = 0; row[j + 1] = 0
            }
            j += 2
        }
        for _ in 0..<((layout.levelInput ? 1 : 0) + layout.embeddingSize) { row[j] = 0; j += 1 }
    }
}
