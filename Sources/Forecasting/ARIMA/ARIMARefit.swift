extension FittedARIMA {
    /// The same ARIMA order (and Fourier terms, constant or drift), refitted without the stepwise search.
    public var sameFormForecaster: (any Forecaster)? {
        ARIMAForecaster(order: order, includeConstant: coefficients.intercept != nil || coefficients.drift != nil,
                        fourierPairs: fourierPairs)
    }
}
