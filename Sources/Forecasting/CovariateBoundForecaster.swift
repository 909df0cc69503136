/// A causal model with one series' covariates bound to it, so that it can be fitted, backtested and
/// selected like any other ``Forecaster``: fitting on the first n periods uses their covariates, and
/// forecasting uses the covariates of the periods that follow (in a backtest those are known — the
/// prices and promotions that were actually run); past the known periods the last price holds and
/// there is no promotion.
public struct CovariateBoundForecaster: Forecaster {
    /// The causal model.
    public let base: any CausalForecaster
    /// Covariates of the whole series (and possibly planned future periods).
    public let covariates: Covariates

    /// Binds covariates to a causal model.
    public init(_ base: any CausalForecaster, covariates: Covariates) {
        self.base = base
        self.covariates = covariates
    }

    /// The causal model's name.
    public var name: String { base.name }

    /// Fits on the series with the covariates of its periods.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        let n = series.count
        if let count = covariates.count, count < n {
            throw ForecastError("the covariates cover \(count) periods but the series has \(n)")
        }
        let past = Covariates(prices: covariates.prices.map { Array($0.prefix(n)) },
                              promotions: covariates.promotions.map { Array($0.prefix(n)) })
        let future = Covariates(prices: covariates.prices.map { Array($0.dropFirst(n)) },
                                promotions: covariates.promotions.map { Array($0.dropFirst(n)) })
        return BoundFitted(inner: try base.fit(series, covariates: past), past: past, future: future)
    }

    struct BoundFitted: FittedForecaster {
        let inner: any CausalFittedForecaster
        let past: Covariates
        let future: Covariates
        var name: String { inner.name }
        var residuals: [Double] { inner.residuals }
        var priceElasticity: Double? { inner.priceElasticity }
        var promotionLift: Double? { inner.promotionLift }
        var sameFormForecaster: (any Forecaster)? { nil }

        func forecast(horizon: Int) -> Forecast {
            let plan = Covariates.carriedForward(past, horizon: horizon)
            // Known future values first, then the carried-forward plan.
            let prices = plan.prices.map { carried in
                (0..<horizon).map { h in future.prices.flatMap { h < $0.count ? $0[h] : nil } ?? carried[h] }
            }
            let promotions = plan.promotions.indices.map { c in
                (0..<horizon).map { h in c < future.promotions.count && h < future.promotions[c].count ? future.promotions[c][h] : 0 }
            }
            return inner.forecast(horizon: horizon, future: Covariates(prices: prices, promotions: promotions))
        }
    }
}
