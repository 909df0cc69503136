import Foundation
import Stochastics

/// What an ``LSTMNetwork`` is trained to minimise.
public enum LSTMLikelihood: String, Sendable, CaseIterable {
    /// Half the squared error of one output against a target on the network's (normalised) scale.
    case squaredError = "squared-error"
    /// The negative log-likelihood of a count under a negative binomial whose log mean and dispersion
    /// are the network's two outputs (see ``NegativeBinomialOutput``), as in DeepAR (Salinas, Flunkert,
    /// Gasthaus & Januschowski, "DeepAR: Probabilistic forecasting with autoregressive recurrent
    /// networks", International Journal of Forecasting 36(3), 2020).
    case negativeBinomial = "negative-binomial"

    /// Head outputs the loss reads.
    public var outputs: Int { self == .squaredError ? 1 : 2 }
}

/// Where one window sits: its series (the embedding row) and the series' log scale, and the window's
/// level (mean normalised lag), which the network's outputs are relative to.
public struct LSTMWindowScale: Sendable, Equatable {
    /// Row of the embedding table.
    public var series: Int
    /// μ: mean of log(1 + y) over the series.
    public var logMean: Double
    /// s: standard deviation of log(1 + y) over the series.
    public var logScale: Double
    /// The window's level on the normalised scale.
    public var level: Double

    /// Creates a scale.
    public init(series: Int, logMean: Double = 0, logScale: Double = 1, level: Double = 0) {
        self.series = series
        self.logMean = logMean
        self.logScale = logScale
        self.level = level
    }
}

/// The negative binomial a network's two outputs `(a, b)` stand for, for one window of a series with log
/// scale (μ, s) and window level ℓ:
///
///     mean  m = exp(μ + s · (ℓ + a))        (log link, on the series' own scale)
///     α       = softplus(b) + 10⁻⁴           (dispersion: Var = m + α · m²)
///
/// so the first output lives on the normalised log scale the lag inputs use (its warm start is the
/// squared-error network's), and the second makes any real number a valid dispersion; the floor keeps
/// the shape 1/α finite. Sampling draws a gamma-mixed Poisson: `λ = m · G` with `G ~ Gamma(1/α, α)`
/// (mean 1, variance α), then `Poisson(λ)`, which is exactly NB(m, α).
public struct NegativeBinomialOutput: Sendable, Equatable {
    /// Mean in units (m).
    public let mean: Double
    /// Dispersion α (> 0): the variance is `mean + α · mean²`.
    public let dispersion: Double
    /// σ(b) = dα/db, kept for the gradient.
    let dispersionSlope: Double
    /// s, kept for the gradient (∂ log m / ∂a).
    let logScale: Double

    /// Smallest dispersion: the shape 1/α stays below 10⁴.
    public static let minimumDispersion = 1e-4
    /// Bound on the log mean, so that exp never overflows.
    static let maximumLogMean = 30.0

    /// Maps the network's outputs to the distribution.
    /// - Parameters:
    ///   - first: output a (log mean, normalised and relative to the level).
    ///   - second: output b (dispersion, before softplus).
    ///   - logMean: μ of the series.
    ///   - logScale: s of the series.
    ///   - level: ℓ of the window.
    public init(first: Double, second: Double, logMean: Double, logScale: Double, level: Double) {
        let eta = logMean + logScale * (level + first)
        mean = exp(min(max(eta.isFinite ? eta : 0, -Self.maximumLogMean), Self.maximumLogMean))
        let softplus = second > 30 ? second : log1p(exp(second))
        dispersion = (softplus.isFinite ? softplus : 30) + Self.minimumDispersion
        dispersionSlope = 1 / (1 + exp(-second))
        self.logScale = logScale
    }

    private init(mean: Double, dispersion: Double, dispersionSlope: Double, logScale: Double) {
        self.mean = mean
        self.dispersion = dispersion
        self.dispersionSlope = dispersionSlope
        self.logScale = logScale
    }

    /// The same distribution with its mean at most `cap` (the dispersion kept).
    /// - Parameter cap: the largest mean allowed.
    /// - Returns: self, or a copy with mean `cap`.
    public func capped(atMean cap: Double) -> NegativeBinomialOutput {
        mean <= cap ? self : NegativeBinomialOutput(mean: cap, dispersion: dispersion, dispersionSlope: dispersionSlope, logScale: logScale)
    }

    /// The second output that gives dispersion `alpha` (the inverse of the softplus), for warm starts.
    /// - Parameter alpha: a dispersion above ``minimumDispersion``.
    /// - Returns: b with softplus(b) + 10⁻⁴ = alpha.
    public static func output(forDispersion alpha: Double) -> Double {
        let softplus = max(alpha - minimumDispersion, 1e-12)
        return softplus > 30 ? softplus : log(expm1(softplus))
    }

    /// The negative log-likelihood of `y` and its derivatives with respect to the two outputs:
    ///
    ///     −log P(y) = −[lnΓ(y + r) − lnΓ(r) − lnΓ(y + 1) − r·log(1 + α·m) + y·(log(α·m) − log(1 + α·m))],  r = 1/α
    ///     ∂/∂a = −s · (y − m) / (1 + α·m)
    ///     ∂/∂b = r² · σ(b) · [ψ(y + r) − ψ(r) − log(1 + α·m) + (m − y)/(r + m)]
    ///
    /// (ψ: the digamma function). `y` may be fractional (the gamma functions extend it).
    /// - Parameter y: the observed count (≥ 0).
    /// - Returns: the loss and its two partial derivatives.
    public func negativeLogLikelihood(_ y: Double) -> (loss: Double, first: Double, second: Double) {
        let alpha = dispersion, r = 1 / alpha, m = mean
        let logTerm = log1p(alpha * m)
        let logLikelihood = lgamma(y + r) - lgamma(r) - lgamma(y + 1) - r * logTerm + y * (log(alpha * m) - logTerm)
        let dFirst = -logScale * (y - m) / (1 + alpha * m)
        let dLogLikelihoodDR = Self.digamma(y + r) - Self.digamma(r) - logTerm + (m - y) / (r + m)
        let dSecond = r * r * dispersionSlope * dLogLikelihoodDR
        return (-logLikelihood, dFirst, dSecond)
    }

    /// One draw: returns the gamma-mixed Poisson rate λ and the count drawn from Poisson(λ).
    /// - Parameter stream: the source of the two draws.
    /// - Returns: the rate (mean units given the mixing) and the count.
    public func sample(using stream: RandomStream) -> (rate: Double, count: Double) {
        let shape = 1 / dispersion
        let mixing = Distribution.gamma(mean: 1, sd: dispersion.squareRoot()).sample(using: stream)
        let rate = mean * (mixing.isFinite && shape < 1e12 ? mixing : 1)
        return (rate, Double(stream.poisson(mean: rate)))
    }

    /// The digamma function ψ(x) = d lnΓ(x)/dx for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to
    /// x ≥ 6, then the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ) to x⁻¹⁰ (error below 10⁻¹¹ there).
    /// - Parameter x: a positive argument.
    /// - Returns: ψ(x).
    public static func digamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 6 { shift -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))))
        return shift + log(x) - 0.5 / x - series
    }
}
