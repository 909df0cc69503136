/// The form of an exponential-smoothing state-space model: error, trend and seasonal components, in the
/// taxonomy of Hyndman, Koehler, Snyder & Grose (2002) and Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice* (3rd ed., §8.4).
///
/// Multiplicative trends are deliberately absent: they forecast poorly and are excluded from the
/// automatic selection in FPP3 §8.6 as well.
public struct ETSSpec: Sendable, Hashable, CustomStringConvertible {
    /// How the innovation enters the observation.
    public enum ErrorType: String, Sendable, Hashable, CaseIterable {
        /// `y = μ + ε`: constant-variance innovations, in the series' units.
        case additive = "A"
        /// `y = μ(1 + ε)`: innovations proportional to the level; needs strictly positive data.
        case multiplicative = "M"
    }

    /// The trend component.
    public enum TrendType: String, Sendable, Hashable, CaseIterable {
        /// No trend: a local level only.
        case none = "N"
        /// A local linear trend (Holt).
        case additive = "A"
        /// A trend damped by φ per period (Gardner & McKenzie), flattening long-horizon forecasts.
        case additiveDamped = "Ad"
    }

    /// The seasonal component.
    public enum SeasonType: String, Sendable, Hashable, CaseIterable {
        /// No seasonality.
        case none = "N"
        /// Seasonal effects added to the level, in the series' units.
        case additive = "A"
        /// Seasonal factors multiplying the level; needs strictly positive data.
        case multiplicative = "M"
    }

    /// The error component.
    public var error: ErrorType
    /// The trend component.
    public var trend: TrendType
    /// The seasonal component.
    public var season: SeasonType

    /// Creates a model form.
    /// - Parameters:
    ///   - error: additive or multiplicative innovations.
    ///   - trend: none, additive or additive damped.
    ///   - season: none, additive or multiplicative.
    public init(error: ErrorType, trend: TrendType, season: SeasonType) {
        self.error = error
        self.trend = trend
        self.season = season
    }

    /// Parses the `ETS(A,Ad,M)` notation (also without the `ETS` wrapper, as `A,Ad,M`).
    /// - Parameter notation: the text; letters are case-sensitive as in the literature (`Ad`).
    /// - Returns: the spec, or nil if the text is not of that form.
    /// - Complexity: O(length of `notation`).
    public init?(parsing notation: String) {
        var body = Substring(notation.filter { !$0.isWhitespace })
        if body.hasPrefix("ETS(") && body.hasSuffix(")") {
            body = body.dropFirst(4).dropLast()
        }
        let parts = body.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
              let error = ErrorType(rawValue: parts[0]),
              let trend = TrendType(rawValue: parts[1]),
              let season = SeasonType(rawValue: parts[2]) else { return nil }
        self.init(error: error, trend: trend, season: season)
    }

    /// The conventional name, e.g. `ETS(A,Ad,M)`.
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }

    /// Whether the model has a trend state.
    public var hasTrend: Bool { trend != .none }
    /// Whether the model has seasonal states.
    public var isSeasonal: Bool { season != .none }
    /// Whether a multiplicative component makes the model meaningless for zero or negative values.
    public var requiresPositiveData: Bool { error == .multiplicative || season == .multiplicative }

    /// Number of smoothing and damping parameters (α, plus β, γ and φ where present).
    public var smoothingParameterCount: Int {
        1 + (hasTrend ? 1 : 0) + (isSeasonal ? 1 : 0) + (trend == .additiveDamped ? 1 : 0)
    }

    /// Free parameters estimated from the data, excluding the innovation variance: the smoothing
    /// parameters, the initial level, the initial trend and `m − 1` initial seasonal states (the m-th
    /// is fixed by normalisation), as counted by Hyndman et al. (2002) for the information criteria.
    /// - Parameter seasonLength: periods per cycle (ignored for non-seasonal forms).
    /// - Returns: the count.
    /// - Complexity: O(1).
    public func estimatedParameterCount(seasonLength: Int) -> Int {
        smoothingParameterCount + 1 + (hasTrend ? 1 : 0) + (isSeasonal ? max(0, seasonLength - 1) : 0)
    }

    /// Shortest series this form can be fitted to: two observations more than the estimated
    /// parameters (so the innovation variance keeps at least two degrees of freedom) and, for seasonal
    /// forms, two full cycles (for the classical-decomposition start of the seasonal states).
    /// - Parameter seasonLength: periods per cycle.
    /// - Returns: the minimum number of observations.
    /// - Complexity: O(1).
    public func minimumLength(seasonLength: Int) -> Int {
        let byParameters = estimatedParameterCount(seasonLength: seasonLength) + 2
        return isSeasonal ? max(byParameters, 2 * seasonLength) : byParameters
    }

    /// ETS(A,N,N): simple exponential smoothing.
    public static let simple = ETSSpec(error: .additive, trend: .none, season: .none)
}
