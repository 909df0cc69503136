/// The smoothing and damping parameters of a fitted ETS model, in the innovations state-space
/// (error-correction) form of Hyndman et al. (2002) and FPP3 §8.5: the level moves by α·ε, the trend
/// by β·ε and the seasonal state by γ·ε (each scaled as the model's form requires).
///
/// Fitted values lie inside the usual bounds 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98
/// (FPP3 §8.6), kept 1e-4 away from the open ends.
public struct ETSParameters: Sendable, Equatable {
    /// Level smoothing α.
    public var alpha: Double
    /// Trend smoothing β (state-space form, so β < α); nil without a trend.
    public var beta: Double?
    /// Seasonal smoothing γ; nil without seasonality.
    public var gamma: Double?
    /// Damping φ; nil unless the trend is damped.
    public var phi: Double?

    /// Creates a parameter set.
    /// - Parameters:
    ///   - alpha: level smoothing.
    ///   - beta: trend smoothing, or nil.
    ///   - gamma: seasonal smoothing, or nil.
    ///   - phi: damping, or nil.
    public init(alpha: Double, beta: Double? = nil, gamma: Double? = nil, phi: Double? = nil) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
    }
}
