import Foundation

/// The Adam optimiser (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015):
/// per-parameter steps scaled by bias-corrected running averages of the gradient and its square.
///
/// Adam suits LSTM training because the gradient scales of gate, recurrent and head weights differ by
/// orders of magnitude, and a single global step size would be wrong for most of them.
struct NeuralAdam: Sendable {
    /// Step size α.
    var learningRate: Double
    /// Decay of the first-moment average (β₁).
    var beta1 = 0.9
    /// Decay of the second-moment average (β₂).
    var beta2 = 0.999
    /// Added to √v̂ so that parameters with vanishing gradients do not take huge steps.
    var epsilon = 1e-8
    /// Running average of the gradient.
    private var firstMoment: [Double]
    /// Running average of the squared gradient.
    private var secondMoment: [Double]
    /// Steps taken (for the bias correction).
    private(set) var steps = 0

    /// Creates an optimiser for `count` parameters.
    /// - Parameters:
    ///   - count: number of parameters.
    ///   - learningRate: α.
    init(count: Int, learningRate: Double) {
        self.learningRate = learningRate
        firstMoment = Array(repeating: 0, count: count)
        secondMoment = Array(repeating: 0, count: count)
    }

    /// Takes one step: `θ ← θ − α · m̂ / (√v̂ + ε)`.
    /// - Parameters:
    ///   - parameters: the parameters, updated in place.
    ///   - gradient: the gradient of the loss at `parameters` (same count).
    /// - Complexity: O(count), no allocation.
    mutating func step(_ parameters: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>) {
        steps += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        // Folding both bias corrections into the step size saves two divisions per parameter.
        let correction1 = 1 - pow(b1, Double(steps))
        let correction2 = 1 - pow(b2, Double(steps))
        let stepSize = learningRate * correction2.squareRoot() / correction1
        let epsHat = eps * correction2.squareRoot()
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for j in 0..<m.count {
                    let g = gradient[j]
                    m[j] = b1 * m[j] + (1 - b1) * g
                    v[j] = b2 * v[j] + (1 - b2) * g * g
                    parameters[j] -= stepSize * m[j] / (v[j].squareRoot() + epsHat)
                }
            }
        }
    }
}
