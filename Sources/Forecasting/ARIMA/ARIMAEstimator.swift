import Foundation

/// Estimates one ARIMA model (fixed orders and regressors) the way R's `arima(method = "CSS-ML")`
/// does (Hyndman & Khandakar 2008, §3; *FPP3* §9.6):
///
/// 1. difference the series and the regressors, `w = (1 − B)ᵈ(1 − Bᵐ)ᴰ y`, and start the
///    regression coefficients at their OLS values on the differenced scale;
/// 2. minimise the conditional sum of squares (CSS), which is cheap and gets close;
/// 3. from there, maximise the exact Gaussian likelihood of `w − X̃β` through the Kalman filter
///    (``ARIMAKalmanFilter``).
///
/// Differencing first and filtering the stationary remainder gives the same likelihood as R's
/// diffuse-prior filter on the undifferenced series (Durbin & Koopman 2012, §5.7), with less work.
///
/// AR and MA polynomials are optimised through the partial-autocorrelation map
/// (``ARIMAPolynomial/stationaryCoefficients(fromUnconstrained:)``), so every candidate is
/// stationary and invertible — the MA restriction loses nothing because the likelihood of an MA
/// and of its root-flipped twin are equal — and the optimiser runs unconstrained.
struct ARIMAEstimator: Sendable {
    /// Orders to fit.
    var order: ARIMAOrder
    /// Deterministic regressors.
    var regression: ARIMARegression
    /// The optimiser for both stages.
    var optimizer = ARIMAOptimizer()

    /// The differenced data and design, shared by the CSS and ML stages.
    struct Prepared: Sendable {
        var series: [Double]
        var differenced: [Double]
        var columns: [[Double]]
        var differencedColumns: [[Double]]
        var initialBeta: [Double]
        var betaScale: [Double]
    }

    /// Result of a CSS-only fit (used by the stepwise search's approximation).
    struct CSSFit: Sendable {
        /// Σe²/ν, the CSS innovation variance.
        var sigma2: Double
        /// Differenced observations n − d − mD.
        var usedCount: Int
        /// Estimated coefficients (σ² not included).
        var coefficientCount: Int
        /// Whether some AR or MA root lies within 1.01 of the unit circle.
        var rootsInsideMargin: Bool
    }

    /// Number of estimated coefficients (σ² excluded).
    var coefficientCount: Int { order.armaCoefficientCount + regression.width }

    /// Differenced observations needed: enough for every coefficient plus a variance, and for the
    /// CSS recursion to have something left after its conditioning lags.
    var minimumUsedCount: Int { max(coefficientCount + 2, order.p + order.period * order.P + 2) }

    /// Differences the data and starts the regression at OLS.
    /// - Throws: ``ForecastError`` when the series is too short or the regressors are collinear.
    func prepare(_ y: [Double], minimumUsed: Int? = nil) throws -> Prepared {
        let w = ARIMADifferencing.difference(y, order: order)
        guard w.count >= (minimumUsed ?? minimumUsedCount), !w.isEmpty else {
            throw ForecastError("\(order) with \(coefficientCount) coefficients needs at least "
                + "\(minimumUsedCount + order.differencingLoss) observations, but the series has \(y.count)")
        }
        let columns = regression.columns(offset: 0, count: y.count)
        let differencedColumns = columns.map { ARIMADifferencing.difference($0, order: order) }
        var beta: [Double] = []
        var scale: [Double] = []
        if !columns.isEmpty && minimumUsed == nil {
            guard let ols = ARIMALinearAlgebra.leastSquares(columns: differencedColumns, y: w) else {
                throw ForecastError("the regressors of \(order) are collinear after differencing; drop the constant or the Fourier terms")
            }
            beta = ols.coefficients
            // R's arima optimises xreg coefficients in units of 10 OLS standard errors.
            scale = zip(ols.standardErrors, ols.coefficients).map { se, b in
                se > 0 && se.isFinite ? 10 * se : max(1e-8, 1e-3 * abs(b))
            }
        }
        return Prepared(series: y, differenced: w, columns: columns, differencedColumns: differencedColumns,
                        initialBeta: beta, betaScale: scale)
    }

    /// The model's pieces at a parameter vector `[u_ar, u_ma, u_sar, u_sma, b]`.
    struct Decoded {
        var ar: [Double]
        var ma: [Double]
        var seasonalAR: [Double]
        var seasonalMA: [Double]
        var beta: [Double]
        var expandedAR: [Double]
        var expandedMA: [Double]
    }

    /// Maps the optimiser's unconstrained vector to coefficients; a vector of only the ARMA part leaves β at OLS.
    func decode(_ u: [Double], prepared: Prepared) -> Decoded {
        let p = order.p, q = order.q, bigP = order.P, bigQ = order.Q
        var index = 0
        func take(_ count: Int) -> ArraySlice<Double> {
            defer { index += count }
            return u[index..<(index + count)]
        }
        let ar = ARIMAPolynomial.stationaryCoefficients(fromUnconstrained: take(p))
        // An invertible MA θ(B) = 1 + Σθⱼ Bʲ is a stationary "AR" polynomial in −θ.
        let ma = ARIMAPolynomial.stationaryCoefficients(fromUnconstrained: take(q)).map { -$0 }
        let sar = ARIMAPolynomial.stationaryCoefficients(fromUnconstrained: take(bigP))
        let sma = ARIMAPolynomial.stationaryCoefficients(fromUnconstrained: take(bigQ)).map { -$0 }
        // A vector of ARMA coefficients only (the CSS stage) leaves β at OLS.
        var beta = prepared.initialBeta
        if u.count > index {
            let raw = take(prepared.initialBeta.count)
            for (j, value) in raw.enumerated() { beta[j] += prepared.betaScale[j] * value }
        }
        return Decoded(ar: ar, ma: ma, seasonalAR: sar, seasonalMA: sma, beta: beta,
                       expandedAR: ARIMAPolynomial.expandAR(ar, seasonal: sar, period: order.period),
                       expandedMA: ARIMAPolynomial.expandMA(ma, seasonal: sma, period: order.period))
    }

    /// Conditional sum of squares: residuals set to zero before the first p + mP observations
    /// (R's `ARIMA_CSS`).
    /// - Returns: (Σe², number of terms).
    /// - Complexity: O(n·(p + q + m(P + Q))).
    static func conditionalSumOfSquares(_ z: [Double], ar: [Double], ma: [Double]) -> (Double, Int) {
        let n = z.count
        let conditioning = ar.count
        guard n > conditioning else { return (.nan, 0) }
        var residuals = [Double](repeating: 0, count: n)
        var sum = 0.0
        z.withUnsafeBufferPointer { zz in
            ar.withUnsafeBufferPointer { phi in
                ma.withUnsafeBufferPointer { theta in
                    residuals.withUnsafeMutableBufferPointer { e in
                        for t in conditioning..<n {
                            var value = zz[t]
                            for j in 0..<phi.count { value -= phi[j] * zz[t - j - 1] }
                            let reach = min(t - conditioning, theta.count)
                            for j in 0..<reach { value -= theta[j] * e[t - j - 1] }
                            e[t] = value
                            sum += value * value
                        }
                    }
                }
            }
        }
        return (sum, n - conditioning)
    }

    /// `w − X̃β`.
    private func stationaryPart(_ prepared: Prepared, beta: [Double]) -> [Double] {
        beta.isEmpty ? prepared.differenced
            : ARIMARegression.remove(beta, columns: prepared.differencedColumns, from: prepared.differenced)
    }

    /// The CSS objective ½·log(Σe²/ν).
    private func cssObjective(_ u: [Double], _ prepared: Prepared) -> Double {
        let model = decode(u, prepared: prepared)
        let (sum, count) = Self.conditionalSumOfSquares(stationaryPart(prepared, beta: model.beta),
                                                         ar: model.expandedAR, ma: model.expandedMA)
        guard count > 0, sum.isFinite else { return .infinity }
        // Floor the variance so a perfect fit gives a large negative number instead of −∞.
        return 0.5 * log(max(sum / Double(count), 1e-300))
    }

    /// The concentrated exact negative log-likelihood per observation, up to constants:
    /// ½·log(Σv²/F / n) + ½·Σlog F / n (R's `armafn`).
    private func likelihoodObjective(_ u: [Double], _ prepared: Prepared) -> Double {
        let model = decode(u, prepared: prepared)
        let filter = ARIMAKalmanFilter(ar: model.expandedAR, ma: model.expandedMA)
        guard let output = filter.run(stationaryPart(prepared, beta: model.beta), details: false) else { return .infinity }
        let n = Double(output.count)
        return 0.5 * log(max(output.sumSquares / n, 1e-300)) + 0.5 * output.sumLogVariance / n
    }

    /// Number of unconstrained parameters.
    private func parameterCount(_ prepared: Prepared) -> Int { order.armaCoefficientCount + prepared.initialBeta.count }

    /// Fits by CSS only (the stepwise search's approximation, Hyndman & Khandakar 2008, §3.3), with the
    /// regression coefficients held at their OLS estimate on the differenced data: only the ARMA
    /// coefficients are searched, so a model with Fourier terms costs about as much as one without
    /// (with K = 3 pairs and a drift, 4 free coefficients instead of 11, and the regression removed once
    /// instead of at every evaluation). The winner's exact ML fit estimates everything jointly.
    /// - Returns: the CSS variance, or `nil` when the optimisation fails.
    /// - Complexity: O(iterations · (p + q + P + Q) · n·(p + q + m(P + Q))).
    func fitCSS(_ y: [Double]) throws -> CSSFit? {
        let prepared = try prepare(y)
        let z = stationaryPart(prepared, beta: prepared.initialBeta)
        let arma = order.armaCoefficientCount
        func objective(_ u: [Double]) -> Double {
            let model = decode(u, prepared: prepared)
            let (sum, count) = Self.conditionalSumOfSquares(z, ar: model.expandedAR, ma: model.expandedMA)
            guard count > 0, sum.isFinite else { return .infinity }
            return 0.5 * log(max(sum / Double(count), 1e-300))
        }
        guard let result = optimizer.minimize(from: [Double](repeating: 0, count: arma), objective) else { return nil }
        let model = decode(result.point, prepared: prepared)
        let (sum, count) = Self.conditionalSumOfSquares(z, ar: model.expandedAR, ma: model.expandedMA)
        guard count > 0, sum.isFinite else { return nil }
        return CSSFit(sigma2: sum / Double(count), usedCount: prepared.differenced.count, coefficientCount: coefficientCount,
                      rootsInsideMargin: Self.rootsInsideMargin(model, period: order.period))
    }

    /// Fits by CSS then exact maximum likelihood.
    /// - Parameter y: the series (finite values).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when the series is too short, the regressors are collinear or the
    ///   likelihood cannot be evaluated.
    /// - Complexity: dominated by the ML stage, O(iterations · k · n·r²) with r = max(p + mP, q + mQ + 1).
    func fit(_ y: [Double]) throws -> FittedARIMA {
        let prepared = try prepare(y)
        let k = parameterCount(prepared)
        let zeros = [Double](repeating: 0, count: k)
        // An exact fit (constant after differencing and regression) has no likelihood maximum:
        // report it with σ² = 0 instead of chasing −∞.
        if Self.isExact(stationaryPart(prepared, beta: prepared.initialBeta), scale: prepared.differenced) {
            let model = decode(zeros, prepared: prepared)
            return try assemble(prepared, model: model, exact: true)
        }
        // White noise around a regression: the ML β is the OLS β on the differenced data, where prepare put it.
        if order.armaCoefficientCount == 0 {
            return try assemble(prepared, model: decode(zeros, prepared: prepared), exact: false)
        }
        var start = zeros
        if let css = optimizer.minimize(from: zeros, { cssObjective($0, prepared) }), css.point.allSatisfy(\.isFinite) {
            // Keep the ARMA part off the flat tails of tanh so the ML stage can still move.
            let arma = order.armaCoefficientCount
            start = css.point.enumerated().map { $0.offset < arma ? min(3, max(-3, $0.element)) : $0.element }
        }
        if !likelihoodObjective(start, prepared).isFinite { start = zeros }
        guard let ml = optimizer.minimize(from: start, { likelihoodObjective($0, prepared) }) else {
            throw ForecastError("the likelihood of \(order) could not be evaluated on this series")
        }
        return try assemble(prepared, model: decode(ml.point, prepared: prepared), exact: false)
    }

    /// Fits with the regression coefficients fixed and no ARMA terms (for the exact-fit special
    /// cases of the automatic search, e.g. a straight line: ARIMA(0,1,0) with the drift fixed at
    /// the mean difference).
    /// - Complexity: O(n).
    func fitFixed(_ y: [Double], beta: [Double]) throws -> FittedARIMA {
        // Nothing is estimated, so one differenced observation is enough.
        let prepared = try prepare(y, minimumUsed: 1)
        let model = Decoded(ar: [], ma: [], seasonalAR: [], seasonalMA: [], beta: beta, expandedAR: [], expandedMA: [])
        let z = stationaryPart(prepared, beta: beta)
        return try assemble(prepared, model: model, exact: Self.isExact(z, scale: prepared.differenced), estimatedCount: 0)
    }

    /// Whether the residual series is zero up to rounding, relative to the data's own scale (so a
    /// series measured in 1e-12 units is not mistaken for an exact fit).
    static func isExact(_ residual: [Double], scale data: [Double]) -> Bool {
        let spread = residual.reduce(0) { max($0, abs($1)) }
        let magnitude = data.reduce(0) { max($0, abs($1)) }
        return spread <= 1e-10 * magnitude
    }

    /// Runs the filter once more at the estimate and packages everything the fitted model needs.
    private func assemble(_ prepared: Prepared, model: Decoded, exact: Bool, estimatedCount: Int? = nil) throws -> FittedARIMA {
        let z = stationaryPart(prepared, beta: model.beta)
        let filter = ARIMAKalmanFilter(ar: model.expandedAR, ma: model.expandedMA)
        guard let output = filter.run(z, details: true) else {
            throw ForecastError("the Kalman filter for \(order) broke down at the estimate")
        }
        let used = output.count
        let k = estimatedCount ?? coefficientCount
        let parameters = k + 1
        var logLikelihood = Double.infinity
        var sigma2 = 0.0
        var sigmaML = 0.0
        if !exact {
            sigmaML = output.sumSquares / Double(used)
            logLikelihood = -0.5 * (Double(used) * log(2 * Double.pi * max(sigmaML, 1e-300)) + output.sumLogVariance + Double(used))
            // The bias-adjusted variance of R's forecast::Arima, Σe²/(n* − k), used for intervals.
            sigma2 = used > k ? output.standardized.reduce(0) { $0 + $1 * $1 } / Double(used - k) : sigmaML
        }
        let aic = -2 * logLikelihood + 2 * Double(parameters)
        let bic = aic + Double(parameters) * (log(Double(used)) - 2)
        let aicc = used - parameters - 1 > 0
            ? aic + 2 * Double(parameters * (parameters + 1)) / Double(used - parameters - 1)
            : (exact ? -Double.infinity : Double.infinity)

        var residuals = [Double](repeating: .nan, count: order.differencingLoss)
        residuals += output.innovations
        let eta = ARIMARegression.remove(model.beta, columns: prepared.columns, from: prepared.series)
        let loss = order.differencingLoss
        let coefficients = coefficientSet(model)
        return FittedARIMA(
            order: order, regression: regression, coefficients: coefficients, beta: model.beta,
            sigma2: sigma2, sigma2ML: sigmaML, logLikelihood: logLikelihood, aic: aic, aicc: aicc, bic: bic,
            residuals: residuals, observationCount: prepared.series.count,
            expandedAR: model.expandedAR, expandedMA: model.expandedMA,
            differencing: ARIMAPolynomial.differencingOperator(d: order.d, seasonalD: order.D, period: order.period),
            state: output.state, errorTail: Array(eta.suffix(loss)),
            rootsInsideMargin: Self.rootsInsideMargin(model, period: order.period),
            label: nil)
    }

    /// Whether some root of φ, θ, Φ(Bᵐ) or Θ(Bᵐ) has modulus below 1.01: Hyndman & Khandakar's
    /// search rejects such near-non-stationary or near-non-invertible candidates (2008, §3.2).
    /// A seasonal root w of Φ gives |z| = |w|^(1/m), hence the margin 1.01ᵐ on Φ's own roots.
    static func rootsInsideMargin(_ model: Decoded, period: Int) -> Bool {
        let margin = 1.01
        let seasonalMargin = pow(margin, Double(period))
        return !(ARIMAPolynomial.rootsOutside(model.ar, margin: margin)
            && ARIMAPolynomial.rootsOutside(model.ma.map { -$0 }, margin: margin)
            && ARIMAPolynomial.rootsOutside(model.seasonalAR, margin: seasonalMargin)
            && ARIMAPolynomial.rootsOutside(model.seasonalMA.map { -$0 }, margin: seasonalMargin))
    }

    /// The public coefficient set, splitting β into intercept, drift and Fourier parts.
    private func coefficientSet(_ model: Decoded) -> ARIMACoefficients {
        var index = 0
        var intercept: Double?
        var drift: Double?
        if regression.intercept { intercept = model.beta[index]; index += 1 }
        if regression.drift { drift = model.beta[index]; index += 1 }
        return ARIMACoefficients(ar: model.ar, ma: model.ma, seasonalAR: model.seasonalAR, seasonalMA: model.seasonalMA,
                                 intercept: intercept, drift: drift, fourier: Array(model.beta[index...]))
    }
}
