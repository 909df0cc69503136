import Foundation

/// Exact Gaussian likelihood of a zero-mean stationary ARMA series through the Kalman filter on
/// Harvey's state-space form (Harvey 1989, §3.4; the form R's `arima` uses, Durbin & Koopman 2012
/// §3.4):
///
///     x_t = Z α_t,  Z = (1, 0, …, 0)
///     α_{t+1} = T α_t + R ε_{t+1},  T = [φ | I shifted],  R = (1, θ₁, …, θ_{r−1})ᵀ
///
/// with r = max(p, q + 1), started from the stationary mean 0 and covariance. The innovation
/// variance σ² is concentrated out, so the filter runs with σ² = 1 and reports Σ v²/F and Σ log F.
///
/// Because the observation has no noise, the updated state's first element is the observation
/// itself and the covariance update collapses to `P⁺[i][k] = P[i+1][k+1] − P[0][i+1]P[0][k+1]/F
/// + RᵢRₖ`: O(r²) per step with a small constant. Once the filter reaches its steady state
/// (P = RRᵀ, F = 1 — reached after p steps for a pure AR and geometrically fast for an invertible
/// MA) it switches to O(r) steps.
struct ARIMAKalmanFilter: Sendable {
    /// What one pass of the filter returns.
    struct Output: Sendable {
        /// Σ v_t² / F_t: the sum of squared standardised innovations (σ² = 1 scale).
        var sumSquares: Double
        /// Σ log F_t.
        var sumLogVariance: Double
        /// Number of observations filtered.
        var count: Int
        /// Raw one-step innovations v_t (empty unless details were asked for).
        var innovations: [Double]
        /// Standardised innovations v_t / √F_t (empty unless details were asked for).
        var standardized: [Double]
        /// The predicted state a_{n+1|n} after the last observation.
        var state: [Double]
    }

    /// Expanded AR coefficients (seasonal product included).
    var ar: [Double]
    /// Expanded MA coefficients.
    var ma: [Double]

    /// State dimension r = max(p, q + 1).
    var stateDimension: Int { max(ar.count, ma.count + 1) }

    /// The stationary covariance of the state (σ² = 1), from the process autocovariances: the
    /// first row is Cov(x_t, α_t[k]) in closed form and the rest follows from stationarity,
    /// `P = T P Tᵀ + R Rᵀ`, read one anti-diagonal at a time.
    /// - Returns: row-major r × r covariance, or `nil` when the AR part is not stationary.
    /// - Complexity: O(p³ + r²).
    func stationaryCovariance() -> [Double]? {
        let r = stateDimension
        let phi = padded(ar, to: r + 1)
        let rr = [1.0] + padded(ma, to: r)
        let psi = ARIMAPolynomial.psiWeights(ar: ar, ma: ma, count: r + 1)
        guard let gamma = ARIMAPolynomial.autocovariances(ar: ar, ma: ma, maxLag: r, psi: psi) else { return nil }
        var p = [Double](repeating: 0, count: r * r)
        for k in 0..<r {
            var sum = 0.0
            for j in k..<r { sum += phi[j] * gamma[j - k + 1] + rr[j] * psi[j - k] }
            p[k] = sum
        }
        func row0(_ k: Int) -> Double { k < r ? p[k] : 0 }
        if r > 1 {
            for i in stride(from: r - 1, through: 1, by: -1) {
                for k in i..<r {
                    let below = (i + 1 < r && k + 1 < r) ? p[(i + 1) * r + k + 1] : 0
                    let value = phi[i] * phi[k] * gamma[0] + phi[i] * row0(k + 1) + phi[k] * row0(i + 1)
                        + below + rr[i] * rr[k]
                    p[i * r + k] = value
                    p[k * r + i] = value
                }
            }
        }
        for k in 1..<max(1, r) { p[k * r] = p[k] }
        guard p.allSatisfy(\.isFinite) else { return nil }
        return p
    }

    /// Runs the filter over `z`.
    /// - Parameters:
    ///   - z: the stationary series (differenced, regression effects removed).
    ///   - details: whether to keep the innovations (for residuals).
    /// - Returns: the likelihood pieces and final state, or `nil` when the model is not stationary
    ///   or the filter breaks down numerically.
    /// - Complexity: O(n·r²) until the steady state, O(n·r) after it.
    func run(_ z: [Double], details: Bool) -> Output? {
        let r = stateDimension
        guard var covariance = stationaryCovariance() else { return nil }
        // φ padded to r + 1 and R to r + 1 so that "lag r" reads as zero without branches.
        let phi = padded(ar, to: r + 1)
        let rr = [1.0] + padded(ma, to: r)
        var next = [Double](repeating: 0, count: r * r)
        var state = [Double](repeating: 0, count: r + 1)
        var innovations: [Double] = []
        var standardized: [Double] = []
        if details {
            innovations.reserveCapacity(z.count)
            standardized.reserveCapacity(z.count)
        }
        var sumSquares = 0.0
        var sumLog = 0.0
        var steady = false
        let steadyTolerance = 1e-10
        let ok: Bool = z.withUnsafeBufferPointer { zz in
            phi.withUnsafeBufferPointer { ph in
                rr.withUnsafeBufferPointer { rp in
                    state.withUnsafeMutableBufferPointer { a in
                        covariance.withUnsafeMutableBufferPointer { pp in
                            next.withUnsafeMutableBufferPointer { np in
                                guard var current = pp.baseAddress, var spare = np.baseAddress else { return false }
                                for t in 0..<zz.count {
                                    let observation = zz[t]
                                    let gain = steady ? 1.0 : current[0]
                                    guard gain.isFinite, gain > 0 else { return false }
                                    let v = observation - a[0]
                                    sumSquares += v * v / gain
                                    if !steady { sumLog += log(gain) }
                                    if details {
                                        innovations.append(v)
                                        standardized.append(v / gain.squareRoot())
                                    }
                                    if steady {
                                        for i in 0..<r { a[i] = ph[i] * observation + a[i + 1] + rp[i + 1] * v }
                                        continue
                                    }
                                    let scaled = v / gain
                                    for i in 0..<r {
                                        let cross = i + 1 < r ? current[i + 1] : 0
                                        a[i] = ph[i] * observation + a[i + 1] + cross * scaled
                                    }
                                    // P⁺[i][k] = P[i+1][k+1] − P[0][i+1]·P[0][k+1]/F + RᵢRₖ
                                    var excess = 0.0
                                    for i in 0..<r {
                                        let ci = i + 1 < r ? current[i + 1] : 0
                                        let factor = ci / gain
                                        for k in i..<r {
                                            let ck = k + 1 < r ? current[k + 1] : 0
                                            let shifted = (i + 1 < r && k + 1 < r) ? current[(i + 1) * r + k + 1] : 0
                                            let value = shifted - factor * ck + rp[i] * rp[k]
                                            spare[i * r + k] = value
                                            spare[k * r + i] = value
                                        }
                                        excess += spare[i * r + i] - rp[i] * rp[i]
                                    }
                                    swap(&current, &spare)
                                    if excess < steadyTolerance { steady = true }
                                }
                                return true
                            }
                        }
                    }
                }
            }
        }
        guard ok, sumSquares.isFinite, sumLog.isFinite else { return nil }
        return Output(sumSquares: sumSquares, sumLogVariance: sumLog, count: z.count, innovations: innovations,
                      standardized: standardized, state: Array(state.prefix(r)))
    }

    /// `values` followed by zeros up to `count`.
    private func padded(_ values: [Double], to count: Int) -> [Double] {
        values.count >= count ? values : values + [Double](repeating: 0, count: count - values.count)
    }
}
