/// The estimated coefficients of a fitted ARIMA model, in R's sign convention:
///
///     φ(B) Φ(Bᵐ) (1 − B)ᵈ (1 − Bᵐ)ᴰ (y_t − μ − δ·t − Σ βⱼ x_{j,t}) = θ(B) Θ(Bᵐ) ε_t
///     φ(B) = 1 − φ₁B − …,   θ(B) = 1 + θ₁B + …
///
/// so an MA(1) with `ma = [0.4]` is `y_t = ε_t + 0.4 ε_{t−1}` (Box–Jenkins write the MA with a minus
/// sign; R, Hyndman & Khandakar 2008 and FPP3 §9.5 use the plus sign, as here).
public struct ARIMACoefficients: Sendable, Equatable {
    /// Non-seasonal AR coefficients φ₁…φ_p.
    public var ar: [Double]
    /// Non-seasonal MA coefficients θ₁…θ_q.
    public var ma: [Double]
    /// Seasonal AR coefficients Φ₁…Φ_P.
    public var seasonalAR: [Double]
    /// Seasonal MA coefficients Θ₁…Θ_Q.
    public var seasonalMA: [Double]
    /// The mean μ (only for models with d + D = 0 and a constant).
    public var intercept: Double?
    /// The drift δ per period (only for models with d + D = 1 and a constant).
    public var drift: Double?
    /// Coefficients of the Fourier regressors, sin then cos for k = 1, 2, … (empty without them).
    public var fourier: [Double]

    /// Creates a coefficient set.
    /// - Parameters:
    ///   - ar: φ₁…φ_p.
    ///   - ma: θ₁…θ_q.
    ///   - seasonalAR: Φ₁…Φ_P.
    ///   - seasonalMA: Θ₁…Θ_Q.
    ///   - intercept: μ, if any.
    ///   - drift: δ, if any.
    ///   - fourier: Fourier coefficients.
    /// - Complexity: O(1).
    public init(ar: [Double] = [], ma: [Double] = [], seasonalAR: [Double] = [], seasonalMA: [Double] = [],
                intercept: Double? = nil, drift: Double? = nil, fourier: [Double] = []) {
        self.ar = ar
        self.ma = ma
        self.seasonalAR = seasonalAR
        self.seasonalMA = seasonalMA
        self.intercept = intercept
        self.drift = drift
        self.fourier = fourier
    }

    /// Number of estimated coefficients (σ² not included).
    public var count: Int {
        ar.count + ma.count + seasonalAR.count + seasonalMA.count + (intercept == nil ? 0 : 1)
            + (drift == nil ? 0 : 1) + fourier.count
    }
}
