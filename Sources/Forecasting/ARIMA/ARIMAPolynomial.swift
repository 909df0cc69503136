import Foundation

/// Lag-polynomial arithmetic for ARIMA models: products, the partial-autocorrelation
/// reparametrisation, root checks, psi-weights and autocovariances.
///
/// Conventions (as in R's `arima` and Hyndman & Khandakar 2008): the AR polynomial is
/// `φ(B) = 1 − φ₁B − … − φ_pB^p` and is stored as `[φ₁, …, φ_p]`; the MA polynomial is
/// `θ(B) = 1 + θ₁B + … + θ_qB^q` and is stored as `[θ₁, …, θ_q]`.
enum ARIMAPolynomial {
    /// Largest partial autocorrelation allowed by the reparametrisation; keeps the stationary
    /// covariance finite when the optimiser runs towards the unit circle.
    static let maximumPartialAutocorrelation = 1 - 1e-9

    /// Maps unconstrained reals to the coefficients of a stationary AR polynomial: `tanh` gives
    /// partial autocorrelations in (−1, 1), and the Durbin–Levinson recursion turns those into AR
    /// coefficients (Jones 1980; R's `partrans`). Any input gives a stationary polynomial, which is
    /// why the optimiser can run unconstrained.
    /// - Parameter raw: unconstrained values, one per lag.
    /// - Returns: AR coefficients `[φ₁, …, φ_p]`.
    /// - Complexity: O(p²).
    static func stationaryCoefficients(fromUnconstrained raw: ArraySlice<Double>) -> [Double] {
        let limit = maximumPartialAutocorrelation
        let pacf = raw.map { min(limit, max(-limit, tanh($0))) }
        return coefficients(fromPartialAutocorrelations: pacf)
    }

    /// Durbin–Levinson: partial autocorrelations to AR coefficients.
    /// - Parameter pacf: partial autocorrelations, each in (−1, 1).
    /// - Returns: the AR coefficients of the same order.
    /// - Complexity: O(p²).
    static func coefficients(fromPartialAutocorrelations pacf: [Double]) -> [Double] {
        var phi = [Double](repeating: 0, count: pacf.count)
        var previous = phi
        for k in 0..<pacf.count {
            // Copied element by element: `previous = phi` would allocate a new buffer at every step.
            for j in 0..<k { previous[j] = phi[j] }
            phi[k] = pacf[k]
            for j in 0..<k { phi[j] = previous[j] - pacf[k] * previous[k - 1 - j] }
        }
        return phi
    }

    /// Inverse Durbin–Levinson ("step-down", Schur–Cohn): AR coefficients to partial
    /// autocorrelations.
    /// - Parameter phi: AR coefficients.
    /// - Returns: the partial autocorrelations, or `nil` when the polynomial is not stationary
    ///   (some root on or inside the unit circle).
    /// - Complexity: O(p²).
    static func partialAutocorrelations(fromCoefficients phi: [Double]) -> [Double]? {
        var a = phi
        var pacf = [Double](repeating: 0, count: phi.count)
        var k = a.count
        while k > 0 {
            let r = a[k - 1]
            guard r.isFinite, abs(r) < 1 else { return nil }
            pacf[k - 1] = r
            let scale = 1 - r * r
            var next = [Double](repeating: 0, count: k - 1)
            for j in 0..<(k - 1) { next[j] = (a[j] + r * a[k - 2 - j]) / scale }
            a = next
            k -= 1
        }
        return pacf
    }

    /// The unconstrained values that ``stationaryCoefficients(fromUnconstrained:)`` maps to `phi`
    /// (used to start one optimisation from another's answer).
    /// - Parameter phi: AR coefficients.
    /// - Returns: unconstrained values, or zeros when `phi` is not stationary.
    /// - Complexity: O(p²).
    static func unconstrained(fromCoefficients phi: [Double]) -> [Double] {
        guard let pacf = partialAutocorrelations(fromCoefficients: phi) else {
            return [Double](repeating: 0, count: phi.count)
        }
        // Clamp so the optimiser does not start on the flat tail of tanh.
        return pacf.map { atanh(min(0.99, max(-0.99, $0))) }
    }

    /// Whether every root of `1 − Σ φⱼ zʲ` has modulus greater than `margin`.
    ///
    /// Substituting `z = margin·u` turns this into stationarity of the coefficients `φⱼ·marginʲ`,
    /// which the step-down recursion decides without finding roots.
    /// - Parameters:
    ///   - phi: AR-convention coefficients (for an MA polynomial pass `−θ`).
    ///   - margin: the smallest acceptable root modulus (1.01 in Hyndman & Khandakar's search).
    /// - Returns: `true` when all roots lie outside the circle of radius `margin`.
    /// - Complexity: O(p²).
    static func rootsOutside(_ phi: [Double], margin: Double) -> Bool {
        var scale = 1.0
        var scaled = [Double](repeating: 0, count: phi.count)
        for j in phi.indices {
            scale *= margin
            scaled[j] = phi[j] * scale
        }
        return partialAutocorrelations(fromCoefficients: scaled) != nil
    }

    /// Product of two polynomials given with an implicit leading 1 and the *same* sign convention
    /// (`1 + Σ aⱼBʲ` times `1 + Σ bⱼBʲ`).
    /// - Parameters:
    ///   - a: coefficients of the first, lags 1…
    ///   - b: coefficients of the second, lags 1…
    /// - Returns: coefficients of the product, lags 1…(|a| + |b|).
    /// - Complexity: O(|a|·|b|).
    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        let full = [1.0] + a
        let other = [1.0] + b
        var product = [Double](repeating: 0, count: full.count + other.count - 1)
        for i in full.indices where full[i] != 0 {
            for j in other.indices { product[i + j] += full[i] * other[j] }
        }
        return Array(product.dropFirst())
    }

    /// Expands a non-seasonal AR polynomial times a seasonal one, `φ(B)Φ(Bᵐ)`.
    /// - Parameters:
    ///   - ar: `[φ₁, …, φ_p]`.
    ///   - seasonal: `[Φ₁, …, Φ_P]`.
    ///   - period: m.
    /// - Returns: the AR coefficients of the product, lags 1…p + mP.
    /// - Complexity: O((p + mP)·P).
    static func expandAR(_ ar: [Double], seasonal: [Double], period: Int) -> [Double] {
        if seasonal.isEmpty { return ar }
        // In "1 + Σ" form the AR coefficients are −φ; multiply there and flip back.
        let spread = spreadSeasonal(seasonal.map { -$0 }, period: period)
        return multiply(ar.map { -$0 }, spread).map { -$0 }
    }

    /// Expands a non-seasonal MA polynomial times a seasonal one, `θ(B)Θ(Bᵐ)`.
    /// - Parameters:
    ///   - ma: `[θ₁, …, θ_q]`.
    ///   - seasonal: `[Θ₁, …, Θ_Q]`.
    ///   - period: m.
    /// - Returns: the MA coefficients of the product, lags 1…q + mQ.
    /// - Complexity: O((q + mQ)·Q).
    static func expandMA(_ ma: [Double], seasonal: [Double], period: Int) -> [Double] {
        seasonal.isEmpty ? ma : multiply(ma, spreadSeasonal(seasonal, period: period))
    }

    /// `[c₁, …, c_P]` at lags m, 2m, …, Pm.
    private static func spreadSeasonal(_ coefficients: [Double], period: Int) -> [Double] {
        guard !coefficients.isEmpty else { return [] }
        var spread = [Double](repeating: 0, count: coefficients.count * period)
        for (j, c) in coefficients.enumerated() { spread[(j + 1) * period - 1] = c }
        return spread
    }

    /// The differencing operator `(1 − B)^d (1 − Bᵐ)^D` in "1 + Σ cⱼBʲ" form.
    /// - Parameters:
    ///   - d: non-seasonal differences.
    ///   - seasonalD: seasonal differences.
    ///   - period: m.
    /// - Returns: `[c₁, …, c_{d+mD}]`.
    /// - Complexity: O((d + mD)²).
    static func differencingOperator(d: Int, seasonalD: Int, period: Int) -> [Double] {
        var result: [Double] = []
        for _ in 0..<d { result = multiply(result, [-1]) }
        if seasonalD > 0 && period >= 1 {
            var seasonal = [Double](repeating: 0, count: period)
            seasonal[period - 1] = -1
            for _ in 0..<seasonalD { result = multiply(result, seasonal) }
        }
        return result
    }

    /// Psi-weights `ψ₀ = 1, ψ₁, …` of `θ(B)/φ(B)`: the moving-average representation whose squares
    /// add up to the h-step forecast variance (Box, Jenkins & Reinsel, *Time Series Analysis*, §5.2).
    /// - Parameters:
    ///   - ar: AR-convention coefficients (may include unit roots from differencing).
    ///   - ma: MA coefficients.
    ///   - count: how many weights.
    /// - Returns: `count` weights.
    /// - Complexity: O(count·p).
    static func psiWeights(ar: [Double], ma: [Double], count: Int) -> [Double] {
        guard count > 0 else { return [] }
        var psi = [Double](repeating: 0, count: count)
        psi[0] = 1
        if count > 1 {
            for j in 1..<count {
                var value = j <= ma.count ? ma[j - 1] : 0
                let upper = min(j, ar.count)
                if upper >= 1 {
                    for i in 1...upper { value += ar[i - 1] * psi[j - i] }
                }
                psi[j] = value
            }
        }
        return psi
    }

    /// Autocovariances γ(0…maxLag) of a stationary ARMA process with unit innovation variance,
    /// from the linear equations γ(k) − Σφⱼγ(k−j) = Σ_{j≥k} θⱼψ_{j−k}
    /// (Brockwell & Davis, *Introduction to Time Series and Forecasting*, §3.2.2, method 3).
    /// - Parameters:
    ///   - ar: AR coefficients (stationary).
    ///   - ma: MA coefficients.
    ///   - maxLag: the largest lag wanted.
    ///   - psi: psi-weights of the same model, at least up to lag max(q, maxLag).
    /// - Returns: the autocovariances, or `nil` when the equations are singular (non-stationary AR).
    /// - Complexity: O(p³ + maxLag·p).
    static func autocovariances(ar: [Double], ma: [Double], maxLag: Int, psi: [Double]) -> [Double]? {
        let p = ar.count
        let q = ma.count
        // c_k = Σ_{j=k}^{q} θ_j ψ_{j−k}, with θ₀ = 1.
        func c(_ k: Int) -> Double {
            guard k <= q else { return 0 }
            var sum = 0.0
            for j in k...q {
                let theta = j == 0 ? 1 : ma[j - 1]
                sum += theta * psi[j - k]
            }
            return sum
        }
        var gamma = [Double](repeating: 0, count: max(maxLag, p) + 1)
        if p == 0 {
            for k in 0...maxLag { gamma[k] = c(k) }
            return Array(gamma.prefix(maxLag + 1))
        }
        let size = p + 1
        var matrix = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        for k in 0..<size {
            matrix[k * size + k] += 1
            for j in 1...p { matrix[k * size + abs(k - j)] -= ar[j - 1] }
            rhs[k] = c(k)
        }
        guard let solved = ARIMALinearAlgebra.solve(matrix, rhs, size: size) else { return nil }
        for k in 0..<size { gamma[k] = solved[k] }
        if gamma.count > size {
            for k in size..<gamma.count {
                var value = c(k)
                for j in 1...p { value += ar[j - 1] * gamma[k - j] }
                gamma[k] = value
            }
        }
        guard gamma[0].isFinite, gamma[0] > 0 else { return nil }
        return Array(gamma.prefix(maxLag + 1))
    }
}
