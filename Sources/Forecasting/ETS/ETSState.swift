/// The state vector of an ETS model at one time: level, trend and the seasonal states of one cycle
/// (Hyndman et al. 2002; FPP3 §8.5), in the series' units (multiplicative seasonal states are
/// dimensionless factors around 1).
public struct ETSState: Sendable, Equatable {
    /// The level ℓ.
    public var level: Double
    /// The trend b per period; nil for models without a trend.
    public var trend: Double?
    /// The seasonal states, next period first: `seasonal[k]` is the effect (additive) or factor
    /// (multiplicative) for the k-th period after this state's time. Empty for non-seasonal models.
    public var seasonal: [Double]

    /// Creates a state.
    /// - Parameters:
    ///   - level: the level.
    ///   - trend: the trend per period, or nil.
    ///   - seasonal: seasonal states, next period first.
    public init(level: Double, trend: Double? = nil, seasonal: [Double] = []) {
        self.level = level
        self.trend = trend
        self.seasonal = seasonal
    }
}
