/// Automatic exponential smoothing: fits every admissible ETS form and keeps the one with the smallest
/// AICc (Hyndman, Koehler, Snyder & Grose 2002, §4; FPP3 §8.6, the procedure of R's `ets()`).
///
/// Candidates: error A or M, trend N, A or Ad, season N, A or M, except
/// - multiplicative trends (never considered, as in FPP3);
/// - ETS(A,·,M): additive errors with multiplicative seasonality are numerically unstable (FPP3 §8.4);
/// - multiplicative errors or seasonality unless every value is strictly positive (so intermittent
///   series with zeros only get additive forms);
/// - seasonal forms unless the season length is at least 2 and the series holds two full cycles plus
///   two observations (n ≥ 2m + 2): the seasonal states start from a decomposition of the first two
///   cycles and need data beyond it to be tested. A weekly series with m = 52 therefore needs 106
///   points; shorter ones fall back to non-seasonal forms, and the fitted model's notes say so;
/// - forms whose AICc is undefined (n ≤ k + 1 for k estimated parameters).
public struct AutoETS: Forecaster {
    /// Periods per cycle; nil uses the series' own `seasonLength`.
    public var seasonLength: Int?
    /// Search the initial seasonal states of cycles up to 12 (R's `ets` does); `false` keeps those of the
    /// classical decomposition, as for longer cycles: seasonal forms then search 3–5 coordinates instead of
    /// 14–16. On the 1,428 M3 monthly series that took 5.8 s instead of 36.5 s, at sMAPE 14.57 / MASE 0.872
    /// instead of 14.51 / 0.865 (`benchmarks/forecast-vs-statsforecast/run.py --models ets,ets-fast`).
    public var optimisesSeasonalStates: Bool

    /// Creates the selector.
    /// - Parameters:
    ///   - seasonLength: periods per cycle, or nil to take it from the series.
    ///   - optimisesSeasonalStates: search the initial seasonal states (default) or keep the decomposition's.
    public init(seasonLength: Int? = nil, optimisesSeasonalStates: Bool = true) {
        self.seasonLength = seasonLength
        self.optimisesSeasonalStates = optimisesSeasonalStates
    }

    /// `auto-ets`, or `ets-fast` when the seasonal states are not searched.
    public var name: String { optimisesSeasonalStates ? "auto-ets" : "ets-fast" }

    /// Shortest series AutoETS accepts: the length at which ETS(A,N,N)'s AICc is defined.
    public static let minimumLength = ETSSpec.simple.estimatedParameterCount(seasonLength: 1) + 3

    /// The candidate forms for a series, in a fixed order (selection ties keep the earlier, simpler one).
    /// - Parameters:
    ///   - series: the history.
    ///   - seasonLength: periods per cycle.
    /// - Returns: the forms AutoETS would fit, and a note when seasonality had to be dropped.
    /// - Complexity: O(n).
    public static func candidates(for series: [Double], seasonLength: Int) -> (specs: [ETSSpec], note: String?) {
        let n = series.count
        let positive = !series.isEmpty && series.allSatisfy { $0 > 0 }
        var note: String?
        var seasons: [ETSSpec.SeasonType] = [.none]
        if seasonLength >= 2 {
            if n >= 2 * seasonLength + 2 {
                seasons += positive ? [.additive, .multiplicative] : [.additive]
            } else {
                note = "Seasonality ignored: season length \(seasonLength) needs at least \(2 * seasonLength + 2) observations (two cycles plus two) for seasonal forms, the series has \(n)."
            }
        }
        let errors: [ETSSpec.ErrorType] = positive ? [.additive, .multiplicative] : [.additive]
        var specs: [ETSSpec] = []
        for season in seasons {
            for trend in ETSSpec.TrendType.allCases {
                for error in errors {
                    if error == .additive && season == .multiplicative { continue }
                    let spec = ETSSpec(error: error, trend: trend, season: season)
                    let k = spec.estimatedParameterCount(seasonLength: seasonLength) + 1
                    guard n >= spec.minimumLength(seasonLength: seasonLength), n - k - 1 >= 1 else { continue }
                    specs.append(spec)
                }
            }
        }
        return (specs, note)
    }

    /// Fits all candidates and returns the smallest-AICc one.
    /// - Parameter series: the history, oldest first.
    /// - Returns: a ``FittedETS`` whose notes list the fallback taken, if any, and the runner-up.
    /// - Throws: ``ForecastError`` for an empty or non-finite series or one shorter than
    ///   ``minimumLength``.
    /// - Complexity: up to 15 ETS fits, each O(E·(n + m)).
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitETS(series)
    }

    /// ``fit(_:)`` with the concrete result type.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the selected fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as ``fit(_:)``.
    public func fitETS(_ series: TimeSeries) throws -> FittedETS {
        let y = series.values
        try ETSForecaster.validate(y, what: "AutoETS")
        if y.count < Self.minimumLength {
            throw ForecastError("AutoETS needs at least \(Self.minimumLength) observations, but the series has \(y.count); use a naive forecast for shorter histories.")
        }
        let m = seasonLength ?? series.seasonLength
        let (specs, seasonNote) = Self.candidates(for: y, seasonLength: m)
        let notes = seasonNote.map { [$0] } ?? []
        if ETSForecaster.isConstant(y) {
            return ETSForecaster.constantFit(y, spec: .simple, seasonLength: 1, notes: notes)
        }
        var best: FittedETS?
        var runnerUp: FittedETS?
        // Additive-error fits, kept to warm-start their multiplicative-error twins (specs lists the
        // additive form of each trend/season pair first).
        var additiveFits: [ETSSpec: FittedETS] = [:]
        for spec in specs {
            let twin = ETSSpec(error: .additive, trend: spec.trend, season: spec.season)
            // A candidate without admissible parameters simply drops out of the comparison.
            let estimator = ETSEstimator(spec: spec, seasonLength: m, optimisesSeasonalStates: optimisesSeasonalStates)
            guard let fitted = try? estimator.fit(y, warmStart: additiveFits[twin])
            else { continue }
            if spec.error == .additive { additiveFits[spec] = fitted }
            // +∞ marks an undefined AICc; −∞ (a perfect fit, e.g. an exact line) legitimately wins.
            guard fitted.aicc < .infinity else { continue }
            if best.map({ fitted.aicc < $0.aicc }) ?? true {
                runnerUp = best
                best = fitted
            } else if runnerUp.map({ fitted.aicc < $0.aicc }) ?? true {
                runnerUp = fitted
            }
        }
        guard let chosen = best else {
            throw ForecastError("AutoETS could not fit any ETS form to this series of \(y.count) observations; check it for extreme values.")
        }
        var allNotes = notes
        if let second = runnerUp {
            allNotes.append("Selected \(chosen.spec) by AICc \(Self.format(chosen.aicc)) over \(specs.count) candidates; runner-up \(second.spec) at \(Self.format(second.aicc)).")
        }
        return chosen.with(notes: allNotes)
    }

    private static func format(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return "\(rounded)"
    }
}
