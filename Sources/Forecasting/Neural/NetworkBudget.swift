/// How many epochs `auto`'s LSTM may train per fit within a budget of seconds, decided from the data's size
/// alone: never from the clock, so the same history and budget give the same epochs, the same models and
/// the same bytes on any machine and any number of threads.
///
/// An LSTM epoch over one series costs about windows × lookback × hidden × (inputs + hidden) multiply-adds
/// (``LSTMForecaster`` trains O(epochs · n · lookback · layers · hidden · (features + hidden))); `auto` fits
/// it once per backtest fold and once more on the whole history (each counted at the whole length). The budget buys
/// ``workPerSecond`` × seconds of that work, split evenly over the fits, and the epochs cap is what one fit
/// can have. Early stopping often ends a fit sooner, so the budget is an upper bound on the networks'
/// training time on the machine ``workPerSecond`` was measured on (one core), and smaller on a faster one.
public struct NetworkBudget: Sendable, Equatable {
    /// Seconds of one core's training the networks may take.
    public var seconds: Double

    /// Creates a budget.
    public init(seconds: Double) { self.seconds = seconds }

    /// Training work (multiply-adds of ``workPerEpoch(periods:seasonLength:covariateColumns:)``) one core of
    /// the 2-core development machine does per second in a release build: measured on the shipped weekly
    /// history on one core (`taskset -c 0 restock forecast scenarios/data/ecommerce_weekly.csv --model lstm --epochs N`:
    /// 4.1, 6.2 and 11.0 s for N = 5, 10 and 20, 0.41–0.48 s an epoch for 12 SKUs × 4 fits counted as 2.6e8 work units
    /// at full length). The budget is the planned training time at this rate, not a guarantee: fixed costs (encoding,
    /// prediction) come on top, and early stopping often ends fits sooner.
    public static let workPerSecond = 5.5e8

    /// Fewer epochs than this fit too little to be worth comparing: the LSTM is then left out of `auto`.
    public static let minimumEpochs = 10

    /// The most epochs a fit takes whatever the budget (``LSTMForecaster``'s default cap).
    public static let maximumEpochs = 200

    /// `auto`'s default budget in `restock forecast`, half for the LSTM and half for the global network when both
    /// are candidates: 12 weekly SKUs of 3 years get up to 63 LSTM epochs a fit (127 with the whole budget), about
    /// 75 of them the minimum of 10 (3 folds); more SKUs leave the LSTM out. The global network's epoch is capped
    /// at 2,048 windows, so it costs the same from about 16 such SKUs on (about 18 epochs per training).
    public static let defaultSeconds = 60.0

    /// The network `auto` compares (one LSTM per SKU, ``LSTMForecaster`` defaults).
    static let network = LSTMForecaster(global: false)

    /// The work of one epoch of ``network`` on a series of `periods` periods.
    /// - Parameters:
    ///   - periods: the series' length.
    ///   - seasonLength: its season (sets the lookback and the Fourier inputs).
    ///   - covariateColumns: price and promotion columns.
    /// - Returns: multiply-adds (0 for a series too short for the network).
    public static func workPerEpoch(periods: Int, seasonLength: Int, covariateColumns: Int) -> Double {
        let lookback = network.lookback ?? LSTMForecaster.defaultLookback(seasonLength: seasonLength)
        let windows = periods - lookback
        guard windows >= LSTMForecaster.minimumWindows else { return 0 }
        let inputs = 1 + covariateColumns + 2 * LSTMSeriesEncoding.Layout.fourierPairs(seasonLength: seasonLength)
        let hidden = network.hiddenUnits
        return Double(windows) * Double(lookback) * Double(network.layers * hidden) * Double(inputs + hidden) * 4
    }

    /// One fit the budget pays for: the periods it trains on, their season, their price and promotion columns.
    public struct Fit: Sendable, Equatable {
        public var periods: Int, seasonLength: Int, covariateColumns: Int
        public init(periods: Int, seasonLength: Int, covariateColumns: Int) {
            (self.periods, self.seasonLength, self.covariateColumns) = (periods, seasonLength, covariateColumns)
        }
        /// The work of one epoch of this fit.
        public var workPerEpoch: Double { NetworkBudget.workPerEpoch(periods: periods, seasonLength: seasonLength, covariateColumns: covariateColumns) }
    }

    /// The epochs per fit this budget allows for `fits`.
    /// - Returns: the cap, at most ``maximumEpochs``; nil when it is below ``minimumEpochs``, when the budget is 0,
    ///   or when no fit has work.
    public func epochs(fits: [Fit]) -> Int? {
        epochs(workPerEpoch: fits.reduce(0.0) { $0 + $1.workPerEpoch })
    }

    /// The epochs this budget buys at `work` multiply-adds per epoch (over every fit it pays for).
    /// - Returns: the cap, at most ``maximumEpochs``; nil below ``minimumEpochs``, for a budget of 0, or without work.
    func epochs(workPerEpoch work: Double) -> Int? {
        guard seconds > 0, seconds.isFinite, work > 0 else { return nil }
        let affordable = (seconds * Self.workPerSecond / work).rounded(.down)
        guard affordable >= Double(Self.minimumEpochs) else { return nil }
        return Int(min(affordable, Double(Self.maximumEpochs)))
    }

    /// The work of one epoch of a global network (one network for all of `series`): its training windows, at
    /// most the network's windows per epoch, × lookback × layers · hidden × (inputs + hidden) × 4, with the
    /// inputs of a global fit (lag, seasonal lag, the widest price and promotion columns, calendar terms,
    /// level, embedding).
    /// - Parameters:
    ///   - network: the global network's options.
    ///   - series: the series it trains on.
    /// - Returns: multiply-adds.
    public static func globalWorkPerEpoch(_ network: LSTMForecaster, series: [Fit]) -> Double {
        let season = series.map(\.seasonLength).max() ?? 1
        let lookback = network.lookback ?? LSTMForecaster.defaultLookback(seasonLength: season)
        let windows = series.reduce(0) { $0 + max(0, $1.periods - lookback) }
        let perEpoch = min(windows, network.windowsPerEpoch ?? windows)
        let inputs = 3 + (series.map(\.covariateColumns).max() ?? 0) + 2 * LSTMSeriesEncoding.Layout.fourierPairs(seasonLength: season)
            + network.embeddingSize
        let hidden = network.hiddenUnits
        return Double(perEpoch) * Double(lookback) * Double(network.layers * hidden) * Double(inputs + hidden) * 4
    }

    /// The epochs per training this budget allows a global network trained `trainings` times on `series`.
    /// - Returns: the cap, at most ``maximumEpochs``; nil below ``minimumEpochs``, for a budget of 0, or without work.
    public func globalEpochs(_ network: LSTMForecaster, series: [Fit], trainings: Int) -> Int? {
        epochs(workPerEpoch: Self.globalWorkPerEpoch(network, series: series) * Double(max(1, trainings)))
    }

    /// The seconds of one core that `epochs` per fit of `fits` would take at ``workPerSecond`` (the planned cost).
    public static func plannedSeconds(fits: [Fit], epochs: Int) -> Double {
        fits.reduce(0.0) { $0 + $1.workPerEpoch } * Double(epochs) / workPerSecond
    }
}
