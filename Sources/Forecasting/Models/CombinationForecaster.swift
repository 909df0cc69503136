/// A forecast combination: fits several models to the same series and forecasts the mean (or median)
/// of their point forecasts.
///
/// Equal-weight combinations of exponential smoothing, Theta and ARIMA are hard to beat: they won the
/// M3 and M4 competitions against their own members (Makridakis & Hibon 2000; Makridakis, Spiliotis &
/// Assimakopoulos 2020, *IJF* 36(1):54–74; Petropoulos & Svetunkov 2020, "A simple combination of
/// univariate models", *IJF* 36(1):110–115). The errors of different model families partly cancel, and
/// a combination never bets everything on one family's misfit.
///
/// ```swift
/// let combo = CombinationForecaster.standard()          // mean of AutoETS, AutoTheta, AutoARIMA
/// let forecast = try combo.fit(series).forecast(horizon: 18)
/// ```
///
/// **Members that fail** on a series (too short, degenerate) are left out and the rest combined; the
/// fitted name lists those that took part. Fitting throws only when every member throws.
///
/// **Predictive standard deviation** (a documented rule, since members' errors are correlated and
/// their joint distribution is not modelled): at step h, the mean of the members' standard deviations
/// at h, scaled by r = RMSE(combination's one-step in-sample errors) / mean over members of
/// RMSE(member's one-step in-sample errors), all over the periods where every member has a residual.
/// The members give the growth with the horizon; the combination's own residuals say how much
/// narrower its errors are. r ≤ 1 for the mean rule (Minkowski's inequality); r = 1 when no period has
/// every residual, or the members' errors are all zero.
///
/// Deterministic: members are fitted one after another in list order.
/// - Complexity: the sum of the members' fits, plus O(members × n) to combine.
public struct CombinationForecaster: Forecaster {
    /// How the members' point forecasts are combined.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// The arithmetic mean.
        case mean
        /// The median (the mean of the middle two for an even number of members).
        case median
    }

    /// The catalog name (`combo`, `combo-median`).
    public let name: String
    /// The models combined, in fitting order.
    public let members: [any Forecaster]
    /// The combining rule.
    public let rule: Rule

    /// Creates a combination.
    /// - Parameters:
    ///   - name: the name for reports and `model:` keys.
    ///   - members: the models to combine (at least one).
    ///   - rule: mean or median.
    public init(name: String, members: [any Forecaster], rule: Rule = .mean) {
        self.name = name
        self.members = members
        self.rule = rule
    }

    /// The combination of AutoETS, AutoTheta and AutoARIMA named `combo` (mean) or `combo-median`.
    /// - Parameters:
    ///   - rule: mean or median.
    ///   - arima: the AutoARIMA member (default ``AutoARIMA/combinationMember``: the search ranks by CSS).
    /// - Returns: the combination.
    public static func standard(rule: Rule = .mean, arima: AutoARIMA = .combinationMember) -> CombinationForecaster {
        CombinationForecaster(name: rule == .mean ? "combo" : "combo-median",
                              members: [AutoETS(), AutoThetaForecaster(), arima], rule: rule)
    }

    /// `combo-fast`: the mean of Theta and AutoETS with the seasonal states of the classical decomposition
    /// (`ets-fast`), no ARIMA. Chosen among the means of two or three of Theta, AutoTheta and `ets-fast` as the
    /// best on all three collections of `benchmarks/forecast-vs-statsforecast` (sMAPE / MASE: M3 monthly 13.70 /
    /// 0.841, Tourism 18.94 / 1.526, M1 15.64 / 1.068; `combo` 13.77 / 0.827, 18.97 / 1.505, 15.48 / 1.049), in
    /// about a twentieth of `combo`'s time (5.6 s against 135 s on M3's 1,428 series).
    public static let fast = CombinationForecaster(
        name: "combo-fast", members: [ThetaForecaster(), AutoETS(optimisesSeasonalStates: false)], rule: .mean)

    /// Fits every member and combines them.
    /// - Parameter series: the history, oldest first.
    /// - Returns: a ``Fitted`` combination of the members that could be fitted.
    /// - Throws: ``ForecastError`` when there are no members or every member throws (listing each reason).
    /// - Complexity: the members' fits.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try combine(members.map { member in Result { try member.fit(series) } })
    }

    /// Combines members already fitted to one series, exactly as ``fit(_:)`` would (``ModelSelector``
    /// uses it to backtest a combination from its members' fits without fitting them twice).
    /// - Parameter fits: one outcome per member, in member order.
    /// - Returns: the combination of the successful fits.
    /// - Throws: ``ForecastError`` when there are no members or every fit failed.
    /// - Complexity: O(members × n).
    public func combine(_ fits: [Result<any FittedForecaster, any Error>]) throws -> Fitted {
        var fitted: [any FittedForecaster] = [], forms: [any Forecaster] = [], reasons: [String] = []
        for (member, outcome) in zip(members, fits) {
            switch outcome {
            case .success(let model):
                fitted.append(model)
                forms.append(model.sameFormForecaster ?? member)
            case .failure(let error):
                reasons.append("\(member.name): \((error as? ForecastError)?.message ?? String(describing: error))")
            }
        }
        guard !fitted.isEmpty else {
            throw ForecastError(members.isEmpty
                ? "The combination '\(name)' has no members to combine."
                : "No member of the combination '\(name)' could be fitted (\(reasons.joined(separator: "; "))).")
        }
        return Fitted(name: name, rule: rule, members: fitted, sameForm: forms)
    }

    /// A combination fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `combo(ETS(M,A,M) + theta-… + ARIMA(…))`: the combination's name and its members' fitted names.
        public let name: String
        /// The combining rule.
        public let rule: Rule
        /// The fitted members, in member order.
        public let members: [any FittedForecaster]
        /// The combining rule applied to the members' residuals at each period (the combination's own
        /// one-step errors, since actual − combined fit = combined (actual − fit)); NaN where any member has none.
        public let residuals: [Double]
        /// r: the ratio that scales the members' mean standard deviation (see ``CombinationForecaster``).
        public let spreadRatio: Double
        private let sameForm: [any Forecaster]
        private let comboName: String

        init(name: String, rule: Rule, members: [any FittedForecaster], sameForm: [any Forecaster]) {
            self.comboName = name
            self.name = "\(name)(\(members.map(\.name).joined(separator: " + ")))"
            self.rule = rule
            self.members = members
            self.sameForm = sameForm
            let n = members.map(\.residuals.count).min() ?? 0
            // Residual arrays are aligned on the series' end, in case a member reports fewer periods.
            let aligned = members.map { Array($0.residuals.suffix(n)) }
            var combined = [Double](repeating: .nan, count: n)
            var comboSquares = 0.0, memberSquares = [Double](repeating: 0, count: members.count), common = 0
            for t in 0..<n {
                let values = aligned.map { $0[t] }
                guard values.allSatisfy(\.isFinite) else { continue }
                let value = CombinationForecaster.combine(values, rule: rule)
                combined[t] = value
                comboSquares += value * value
                for i in values.indices { memberSquares[i] += values[i] * values[i] }
                common += 1
            }
            let memberRMSE = memberSquares.map { ($0 / Double(Swift.max(common, 1))).squareRoot() }
            let meanMemberRMSE = memberRMSE.reduce(0, +) / Double(Swift.max(members.count, 1))
            let comboRMSE = (comboSquares / Double(Swift.max(common, 1))).squareRoot()
            self.spreadRatio = common > 0 && meanMemberRMSE > 0 ? comboRMSE / meanMemberRMSE : 1
            self.residuals = combined
        }

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead.
        /// - Returns: the combined means, with standard deviation r × the members' mean standard deviation.
        /// - Complexity: the members' forecasts plus O(members × horizon).
        public func forecast(horizon: Int) -> Forecast {
            let forecasts = members.map { $0.forecast(horizon: horizon) }
            let h = forecasts.map(\.mean.count).min() ?? 0
            var mean: [Double] = [], sd: [Double] = []
            mean.reserveCapacity(h)
            sd.reserveCapacity(h)
            for step in 0..<h {
                mean.append(CombinationForecaster.combine(forecasts.map { $0.mean[step] }, rule: rule))
                let spread = forecasts.reduce(0) { $0 + $1.standardDeviation[step] } / Double(forecasts.count)
                sd.append(spreadRatio * spread)
            }
            return Forecast(mean: mean, standardDeviation: sd)
        }

        /// The same combination of the members' chosen forms (each member's own
        /// ``FittedForecaster/sameFormForecaster``, or the member itself when it has none).
        public var sameFormForecaster: (any Forecaster)? {
            CombinationForecaster(name: comboName, members: sameForm, rule: rule)
        }
    }

    /// The mean or median of `values` (not empty), summed in order so the result is the same on any machine.
    static func combine(_ values: [Double], rule: Rule) -> Double {
        switch rule {
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}
