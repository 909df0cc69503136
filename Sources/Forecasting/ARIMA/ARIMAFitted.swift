import Foundation

/// An ARIMA model fitted to one series by ``ARIMAForecaster`` or ``AutoARIMA``.
///
/// Forecasts are exact for the fitted model: the mean path runs the Kalman filter's final state
/// forward and undoes the differencing; the standard deviations are σ·√(Σ_{j<h} ψⱼ²) from the
/// psi-weights of the full (differenced) model, Box, Jenkins & Reinsel, *Time Series Analysis*,
/// §5.2 and *FPP3* §9.8. Parameter uncertainty is not included, as in R's `forecast`.
///
/// Degenerate fits (the series is exactly a constant, a line or a seasonal pattern after
/// differencing) have σ² = 0, a log-likelihood of +∞ and information criteria of −∞; their
/// forecasts carry the pattern on with zero standard deviation.
public struct FittedARIMA: FittedForecaster {
    /// The model orders.
    public let order: ARIMAOrder
    /// The estimated coefficients.
    public let coefficients: ARIMACoefficients
    /// Innovation variance σ², bias-adjusted as in R's `forecast::Arima`: Σ e²/(n − d − mD − k) for
    /// k estimated coefficients. This is the σ² behind the forecast standard deviations.
    public let sigma2: Double
    /// Maximised exact Gaussian log-likelihood of the differenced series.
    public let logLikelihood: Double
    /// Akaike information criterion −2·logL + 2(k + 1).
    public let aic: Double
    /// Small-sample corrected AIC, AIC + 2(k + 1)(k + 2)/(n* − k − 2) with n* = n − d − mD
    /// (Hyndman & Khandakar 2008, eq. 3); +∞ when n* is too small for the correction.
    public let aicc: Double
    /// Bayesian information criterion.
    public let bic: Double
    /// One-step-ahead in-sample forecast errors y_t − ŷ_{t|t−1}; `nan` for the first d + mD periods,
    /// which differencing consumes.
    public let residuals: [Double]
    /// Length of the fitted series.
    public let observationCount: Int

    /// The maximum-likelihood innovation variance Σv²/F / n* (the search's CSS offset needs it).
    let sigma2ML: Double
    // Forecasting state.
    let regression: ARIMARegression
    let beta: [Double]
    let expandedAR: [Double]
    let expandedMA: [Double]
    let differencing: [Double]
    let state: [Double]
    let errorTail: [Double]
    /// Whether some AR or MA root lies within 1.01 of the unit circle (the search rejects these).
    let rootsInsideMargin: Bool
    /// Extra text for the name (e.g. how a long season was handled).
    var label: String?

    init(order: ARIMAOrder, regression: ARIMARegression, coefficients: ARIMACoefficients, beta: [Double],
         sigma2: Double, sigma2ML: Double, logLikelihood: Double, aic: Double, aicc: Double, bic: Double, residuals: [Double],
         observationCount: Int, expandedAR: [Double], expandedMA: [Double], differencing: [Double],
         state: [Double], errorTail: [Double], rootsInsideMargin: Bool, label: String?) {
        self.order = order
        self.regression = regression
        self.coefficients = coefficients
        self.beta = beta
        self.sigma2 = sigma2
        self.sigma2ML = sigma2ML
        self.logLikelihood = logLikelihood
        self.aic = aic
        self.aicc = aicc
        self.bic = bic
        self.residuals = residuals
        self.observationCount = observationCount
        self.expandedAR = expandedAR
        self.expandedMA = expandedMA
        self.differencing = differencing
        self.state = state
        self.errorTail = errorTail
        self.rootsInsideMargin = rootsInsideMargin
        self.label = label
    }

    /// R's model string, e.g. `ARIMA(1,1,0)(0,1,0)[12]`, `ARIMA(1,0,0) with non-zero mean`,
    /// `ARIMA(0,1,1) with drift`, plus `+ Fourier(K=3)[52]` for harmonic regressors and, from
    /// ``AutoARIMA``, a bracketed note on how a long season was handled.
    public var name: String {
        var text = order.description
        if regression.intercept {
            text += " with non-zero mean"
        } else if regression.drift {
            text += " with drift"
        } else if order.totalDifferences == 0 {
            text += " with zero mean"
        }
        if regression.hasFourier { text += " + Fourier(K=\(regression.fourierPairs))[\(regression.fourierPeriod)]" }
        if let label { text += " [\(label)]" }
        return text
    }

    /// Number of Fourier pairs among the regressors (0 without them).
    public var fourierPairs: Int { regression.hasFourier ? regression.fourierPairs : 0 }

    /// Psi-weights ψ₀ = 1, ψ₁, … of the full model θ(B)Θ(Bᵐ) / [φ(B)Φ(Bᵐ)(1 − B)ᵈ(1 − Bᵐ)ᴰ].
    /// - Parameter count: how many weights.
    /// - Returns: `count` weights.
    /// - Complexity: O(count·(p + mP + d + mD)).
    public func psiWeights(count: Int) -> [Double] {
        // In "1 + Σ" form the AR polynomial is −φ; multiply by the differencing operator there.
        let integrated = ARIMAPolynomial.multiply(expandedAR.map { -$0 }, differencing).map { -$0 }
        return ARIMAPolynomial.psiWeights(ar: integrated, ma: expandedMA, count: count)
    }

    /// Forecasts `horizon` steps past the end of the series.
    /// - Parameter horizon: steps ahead (values below 1 give an empty forecast).
    /// - Returns: the mean path and σ·√(Σ_{j<h} ψⱼ²) per step.
    /// - Complexity: O(horizon·(r + d + mD + regressors)).
    public func forecast(horizon: Int) -> Forecast {
        guard horizon > 0 else { return Forecast(mean: [], standardDeviation: []) }
        // Mean of the stationary part: propagate the predicted state without noise.
        let r = state.count
        var a = state + [0]
        let phi = expandedAR.count >= r ? expandedAR : expandedAR + [Double](repeating: 0, count: r - expandedAR.count)
        var stationary: [Double] = []
        stationary.reserveCapacity(horizon)
        for _ in 0..<horizon {
            let current = a[0]
            stationary.append(current)
            for i in 0..<r { a[i] = (i < phi.count ? phi[i] : 0) * current + a[i + 1] }
        }
        // Undo the differencing: η_t = w_t − Σ cⱼ η_{t−j}.
        var history = errorTail
        var errors: [Double] = []
        errors.reserveCapacity(horizon)
        for h in 0..<horizon {
            var value = stationary[h]
            for (j, c) in differencing.enumerated() where c != 0 { value -= c * history[history.count - 1 - j] }
            history.append(value)
            errors.append(value)
        }
        // Add the regression part at the future times.
        let columns = regression.columns(offset: observationCount, count: horizon)
        var mean = errors
        for (j, column) in columns.enumerated() {
            for h in 0..<horizon { mean[h] += beta[j] * column[h] }
        }
        // Guard: a finite fit gives finite forecasts, but never hand NaN to inventory code.
        var lastFinite = 0.0
        for h in 0..<horizon {
            if mean[h].isFinite { lastFinite = mean[h] } else { mean[h] = lastFinite }
        }
        let psi = psiWeights(count: horizon)
        var cumulative = 0.0
        var deviations: [Double] = []
        deviations.reserveCapacity(horizon)
        for h in 0..<horizon {
            cumulative += psi[h] * psi[h]
            let value = (max(0, sigma2) * cumulative).squareRoot()
            deviations.append(value.isFinite ? value : deviations.last ?? 0)
        }
        return Forecast(mean: mean, standardDeviation: deviations)
    }
}
