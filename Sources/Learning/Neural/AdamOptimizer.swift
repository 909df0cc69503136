/// Adam (Kingma & Ba, 2015) over a flat `Float` parameter vector, with optional clipping of the
/// gradient's global L2 norm before each step.
public struct AdamOptimizer: Sendable, Equatable, Codable {
    /// Step size (learning rate).
    public var learningRate: Float
    /// Decay of the first-moment average.
    public var beta1: Float
    /// Decay of the second-moment average.
    public var beta2: Float
    /// Added to the root of the second moment.
    public var epsilon: Float
    /// Largest global gradient norm; larger gradients are scaled down to it. `nil`: no clipping.
    public var maxGradientNorm: Float?
    /// First-moment estimates.
    public private(set) var firstMoment: [Float]
    /// Second-moment estimates.
    public private(set) var secondMoment: [Float]
    /// Steps taken.
    public private(set) var steps: Int

    /// Creates an optimiser for `count` parameters.
    public init(count: Int, learningRate: Float = 3e-4, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, maxGradientNorm: Float? = 0.5) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maxGradientNorm = maxGradientNorm
        firstMoment = [Float](repeating: 0, count: count)
        secondMoment = [Float](repeating: 0, count: count)
        steps = 0
    }

    /// The L2 norm of a gradient, summed in fixed order in `Double`.
    public static func norm(_ gradient: [Float]) -> Double {
        var sum = 0.0
        for g in gradient { sum += Double(g) * Double(g) }
        return sum.squareRoot()
    }

    /// Applies one step: clips `gradient` to `maxGradientNorm`, updates the moments and moves
    /// `parameters` against the gradient.
    /// - Parameters:
    ///   - parameters: Updated in place.
    ///   - gradient: ∂loss/∂parameters (same count).
    /// - Returns: The gradient's norm before clipping.
    /// - Throws: `NeuralNetworkError` when the gradient contains NaN or infinity (nothing is changed).
    @discardableResult
    public mutating func step(parameters: inout [Float], gradient: [Float]) throws -> Double {
        precondition(parameters.count == gradient.count && gradient.count == firstMoment.count, "size mismatch")
        let norm = Self.norm(gradient)
        guard norm.isFinite else {
            throw NeuralNetworkError("the gradient contains NaN or infinite values (norm \(norm)).")
        }
        var scale: Float = 1
        if let limit = maxGradientNorm, norm > Double(limit) { scale = Float(Double(limit) / norm) }
        steps += 1
        let b1 = beta1, b2 = beta2
        let correction1 = 1 - Float(pow(Double(b1), Double(steps)))
        let correction2 = 1 - Float(pow(Double(b2), Double(steps)))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let eps = epsilon
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n {
                            let gi = g[i] * scale
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            theta[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + eps)
                        }
                    }
                }
            }
        }
        return norm
    }
}

import Foundation
