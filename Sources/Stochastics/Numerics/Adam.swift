import Foundation

/// The Adam optimiser (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) over a
/// flat parameter vector: per-parameter steps scaled by bias-corrected running averages of the
/// gradient and its square, with optional clipping of the gradient's global L2 norm before each step.
///
/// One implementation serves both networks: PPO's policy and value MLPs use `Adam<Float>` (as
/// `AdamOptimizer`, stored in training checkpoints), the LSTM forecaster `Adam<Double>`. The entry
/// points are `@inlinable`, so each caller gets code specialised for its scalar.
///
/// ```swift
/// var adam = Adam<Double>(count: 3, learningRate: 0.05, maxGradientNorm: 1)
/// try adam.step(parameters: &x, gradient: g)
/// ```
///
/// - Complexity: O(count) time per step, O(count) memory for the two moment vectors.
public struct Adam<Scalar: BinaryFloatingPoint> {
    /// Where ε enters the denominator. The two placements are the same update in exact arithmetic
    /// and differ only in rounding, so each caller keeps the one its results were produced with.
    public enum EpsilonPlacement: String, Sendable, Codable {
        /// `θ ← θ − (α / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`: ε is added to the root of the
        /// bias-corrected second moment, as in the paper's Algorithm 1 (PPO's choice).
        case correctedMoment
        /// `θ ← θ − α_t · m / (√v + ε̂)` with `α_t = α √(1 − β₂ᵗ) / (1 − β₁ᵗ)` and `ε̂ = ε √(1 − β₂ᵗ)`:
        /// the paper's cheaper ordering at the end of its Section 2 (the LSTM's choice).
        case rawMoment
    }

    /// Step size α.
    public var learningRate: Scalar
    /// Decay of the first-moment average (β₁).
    public var beta1: Scalar
    /// Decay of the second-moment average (β₂).
    public var beta2: Scalar
    /// Keeps parameters with vanishing gradients from taking huge steps.
    public var epsilon: Scalar
    /// Largest global gradient norm; larger gradients are scaled down to it. `nil`: no clipping.
    public var maxGradientNorm: Scalar?
    /// Where ε enters the denominator (see ``EpsilonPlacement``).
    public var epsilonPlacement: EpsilonPlacement
    /// Storage of ``firstMoment`` (the inlinable step writes it, so it cannot be `private(set)`).
    @usableFromInline var m: [Scalar]
    /// Storage of ``secondMoment``.
    @usableFromInline var v: [Scalar]
    /// Storage of ``steps``.
    @usableFromInline var stepCount: Int

    /// Running average of the gradient, one entry per parameter.
    public var firstMoment: [Scalar] { m }
    /// Running average of the squared gradient, one entry per parameter.
    public var secondMoment: [Scalar] { v }
    /// Steps taken (for the bias correction).
    public var steps: Int { stepCount }

    /// Creates an optimiser for `count` parameters with zero moments.
    /// - Parameters:
    ///   - count: Number of parameters.
    ///   - learningRate: α.
    ///   - beta1: β₁.
    ///   - beta2: β₂.
    ///   - epsilon: ε.
    ///   - maxGradientNorm: Clipping threshold for the gradient's L2 norm; `nil` for none.
    ///   - epsilonPlacement: Where ε enters the denominator.
    /// - Complexity: O(count).
    public init(count: Int, learningRate: Scalar, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                maxGradientNorm: Scalar? = nil, epsilonPlacement: EpsilonPlacement = .correctedMoment) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maxGradientNorm = maxGradientNorm
        self.epsilonPlacement = epsilonPlacement
        m = [Scalar](repeating: 0, count: count)
        v = [Scalar](repeating: 0, count: count)
        stepCount = 0
    }

    /// The L2 norm of a gradient, summed in index order in `Double`.
    /// - Parameter gradient: The gradient.
    /// - Returns: `√Σ gᵢ²`; NaN or infinity when an entry is, or when the sum overflows.
    /// - Complexity: O(gradient.count).
    @inlinable
    public static func norm(_ gradient: UnsafeBufferPointer<Scalar>) -> Double {
        var sum = 0.0
        for g in gradient { sum += Double(g) * Double(g) }
        return sum.squareRoot()
    }

    /// Applies one step: clips the gradient to ``maxGradientNorm``, updates the moments and moves
    /// `parameters` against the gradient. The gradient buffer itself is not changed.
    /// - Parameters:
    ///   - parameters: Updated in place.
    ///   - gradient: ∂loss/∂parameters (same count).
    /// - Returns: The gradient's norm before clipping.
    /// - Throws: ``NonFiniteGradientError`` when the gradient contains NaN or infinity (nothing is changed).
    /// - Complexity: O(count), no allocation.
    @inlinable @discardableResult
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) throws -> Double {
        precondition(parameters.count == gradient.count && gradient.count == m.count, "size mismatch")
        let norm = Self.norm(gradient)
        guard norm.isFinite else { throw NonFiniteGradientError(norm: norm) }
        var scale: Scalar = 1
        if let limit = maxGradientNorm, norm > Double(limit) { scale = Scalar(Double(limit) / norm) }
        stepCount += 1
        let b1 = beta1, b2 = beta2
        let correction1 = 1 - Scalar(pow(Double(b1), Double(stepCount)))
        let correction2 = 1 - Scalar(pow(Double(b2), Double(stepCount)))
        let rootCorrection2 = correction2.squareRoot()
        // θ −= stepSize · m / (√v / divisor + eps); dividing by 1 is exact, so both placements share the loop.
        let stepSize: Scalar, divisor: Scalar, eps: Scalar
        switch epsilonPlacement {
        case .correctedMoment: (stepSize, divisor, eps) = (learningRate / correction1, rootCorrection2, epsilon)
        case .rawMoment: (stepSize, divisor, eps) = (learningRate * rootCorrection2 / correction1, 1, epsilon * rootCorrection2)
        }
        let n = parameters.count
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                for i in 0..<n {
                    let g = gradient[i] * scale
                    m[i] = b1 * m[i] + (1 - b1) * g
                    v[i] = b2 * v[i] + (1 - b2) * g * g
                    parameters[i] -= stepSize * m[i] / (v[i].squareRoot() / divisor + eps)
                }
            }
        }
        return norm
    }

    /// ``step(parameters:gradient:)`` on arrays.
    /// - Parameters:
    ///   - parameters: Updated in place.
    ///   - gradient: ∂loss/∂parameters (same count).
    /// - Returns: The gradient's norm before clipping.
    /// - Throws: ``NonFiniteGradientError`` when the gradient contains NaN or infinity (nothing is changed).
    /// - Complexity: O(count), no allocation.
    @inlinable @discardableResult
    public mutating func step(parameters: inout [Scalar], gradient: [Scalar]) throws -> Double {
        try parameters.withUnsafeMutableBufferPointer { p in
            try gradient.withUnsafeBufferPointer { g in try step(parameters: p, gradient: g) }
        }
    }
}

extension Adam: Sendable where Scalar: Sendable {}
extension Adam: Equatable {}

/// An optimiser step was refused because the gradient holds NaN or infinite values.
public struct NonFiniteGradientError: Error, CustomStringConvertible, Sendable {
    /// The gradient's norm (NaN or infinite).
    public let norm: Double
    /// Creates the error.
    /// - Parameter norm: The gradient's norm.
    public init(norm: Double) { self.norm = norm }
    public var description: String { "the gradient contains NaN or infinite values (norm \(norm))." }
}
