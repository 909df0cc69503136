import Foundation
import Stochastics

/// Activation of a hidden layer.
public enum Activation: String, Sendable, Codable, Equatable {
    /// `tanh(x)`, the usual choice for small policy and value networks.
    case tanh
    /// `max(x, 0)`.
    case relu
    /// `x` (used by the output layer).
    case identity
}

/// A fully connected feed-forward network with `Float` parameters, kept in one flat array so
/// that an optimiser (`AdamOptimizer`, the shared `Adam`) and a gradient buffer share its layout.
///
/// Layer `l` maps `sizes[l]` inputs to `sizes[l + 1]` outputs: `y = act(x W + b)`, with `W`
/// stored row-major as `sizes[l] × sizes[l + 1]` (row = input, column = output) followed by the
/// `sizes[l + 1]` biases. Hidden layers use `hiddenActivation`; the last layer is linear.
///
/// Batched passes run through an `MLPWorkspace`, which holds every layer's outputs for a batch,
/// so that `backward` can reuse them. The matrix products are the shared `DenseMatrix` kernels
/// (the LSTM forecaster uses the same ones), whose sums run in a fixed order, so results are the
/// same on every run.
public struct MultilayerPerceptron: Sendable, Equatable, Codable {
    /// Units per layer, inputs first: e.g. `[4, 64, 64, 16]`.
    public let sizes: [Int]
    /// Activation of every hidden layer.
    public let hiddenActivation: Activation
    /// All weights and biases, layer by layer (see the type's documentation).
    public var parameters: [Float]

    /// Creates a network with orthogonal-free, deterministic scaled-uniform initialisation.
    ///
    /// Weights of a layer with `n` inputs are uniform on `±gain × sqrt(3 / n)` (variance
    /// `gain² / n`); biases start at 0. The output layer uses `outputGain` (small for a policy
    /// head, so the first policy is nearly uniform).
    /// - Parameters:
    ///   - sizes: At least two layer sizes, each `>= 1`.
    ///   - hiddenActivation: Activation of hidden layers.
    ///   - outputGain: Scale of the last layer's initial weights.
    ///   - uniform: Source of uniforms in `[0, 1)`, called once per weight in layout order.
    public init(sizes: [Int], hiddenActivation: Activation = .tanh, outputGain: Float = 1, uniform: () -> Double) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "an MLP needs at least two positive layer sizes")
        self.sizes = sizes
        self.hiddenActivation = hiddenActivation
        var parameters: [Float] = []
        parameters.reserveCapacity(Self.parameterCount(sizes))
        for l in 0..<(sizes.count - 1) {
            let n = sizes[l]
            let m = sizes[l + 1]
            let gain: Float = l == sizes.count - 2 ? outputGain : (hiddenActivation == .relu ? Float(2).squareRoot() : 1)
            let bound = gain * (3 / Float(n)).squareRoot()
            for _ in 0..<(n * m) { parameters.append(Float(2 * uniform() - 1) * bound) }
            parameters.append(contentsOf: repeatElement(0, count: m))
        }
        self.parameters = parameters
    }

    /// Creates a network from saved parameters.
    /// - Throws: `NeuralNetworkError` when the sizes are invalid or the parameter count does not match.
    public init(sizes: [Int], hiddenActivation: Activation, parameters: [Float]) throws {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
            throw NeuralNetworkError("layer sizes must be at least two values in 1...65536, got \(sizes).")
        }
        let expected = Self.parameterCount(sizes)
        guard parameters.count == expected else {
            throw NeuralNetworkError("layer sizes \(sizes) need \(expected) parameters, got \(parameters.count).")
        }
        guard parameters.allSatisfy(\.isFinite) else {
            throw NeuralNetworkError("the network's parameters contain NaN or infinite values.")
        }
        self.sizes = sizes
        self.hiddenActivation = hiddenActivation
        self.parameters = parameters
    }

    /// Number of weights and biases of a network with these layer sizes.
    public static func parameterCount(_ sizes: [Int]) -> Int {
        (0..<(sizes.count - 1)).reduce(0) { $0 + sizes[$1] * sizes[$1 + 1] + sizes[$1 + 1] }
    }

    /// Inputs per sample.
    public var inputCount: Int { sizes[0] }
    /// Outputs per sample.
    public var outputCount: Int { sizes[sizes.count - 1] }
    /// Number of weight layers.
    public var layerCount: Int { sizes.count - 1 }

    /// Offset of layer `l`'s weights in `parameters` (its biases follow the weights).
    func offset(ofLayer l: Int) -> Int {
        (0..<l).reduce(0) { $0 + sizes[$1] * sizes[$1 + 1] + sizes[$1 + 1] }
    }

    /// Runs a batch forward.
    /// - Parameters:
    ///   - input: `batch × inputCount` values, row-major.
    ///   - batch: Rows, `1 ... workspace.capacity`.
    ///   - workspace: Buffers sized for this network.
    /// - Returns: Nothing; the outputs (`batch × outputCount`) are in `workspace.output`.
    public func forward(_ input: UnsafePointer<Float>, batch: Int, workspace: MLPWorkspace) {
        precondition(batch <= workspace.capacity && workspace.sizes == sizes, "workspace does not fit this batch")
        workspace.batch = batch
        let n0 = sizes[0]
        workspace.activations[0].withUnsafeMutableBufferPointer { a0 in
            a0.baseAddress!.update(from: input, count: batch * n0)
        }
        parameters.withUnsafeBufferPointer { theta in
            var offset = 0
            for l in 0..<layerCount {
                let n = sizes[l]
                let m = sizes[l + 1]
                let w = theta.baseAddress! + offset
                let bias = w + n * m
                offset += n * m + m
                let act: Activation = l == layerCount - 1 ? .identity : hiddenActivation
                workspace.activations[l].withUnsafeBufferPointer { xs in
                    workspace.activations[l + 1].withUnsafeMutableBufferPointer { ys in
                        let x = xs.baseAddress!
                        let y = ys.baseAddress!
                        DenseMatrix.affine(x, w, bias: bias, into: y, rows: batch, columns: m, inner: n, skippingZeros: true)
                        switch act {
                        case .identity: break
                        case .tanh: for j in 0..<(batch * m) { y[j] = Foundation.tanh(y[j]) }
                        case .relu: for j in 0..<(batch * m) { y[j] = max(y[j], 0) }
                        }
                    }
                }
            }
        }
    }

    /// Back-propagates `outputGradient` (∂loss/∂output, `batch × outputCount`, as left by the last
    /// `forward` on this workspace) and adds ∂loss/∂parameters to `gradient`.
    /// - Parameters:
    ///   - outputGradient: Gradient with respect to the outputs of the last forward pass.
    ///   - workspace: The workspace of that forward pass.
    ///   - gradient: Accumulator with `parameters.count` entries; not zeroed here.
    public func backward(outputGradient: UnsafePointer<Float>, workspace: MLPWorkspace, gradient: UnsafeMutablePointer<Float>) {
        let batch = workspace.batch
        let last = layerCount - 1
        workspace.deltas[last].withUnsafeMutableBufferPointer { d in
            d.baseAddress!.update(from: outputGradient, count: batch * sizes[last + 1])
        }
        parameters.withUnsafeBufferPointer { theta in
            for l in stride(from: last, through: 0, by: -1) {
                let n = sizes[l]
                let m = sizes[l + 1]
                let offset = offset(ofLayer: l)
                let w = theta.baseAddress! + offset
                let gw = gradient + offset
                let gb = gw + n * m
                workspace.activations[l].withUnsafeBufferPointer { xs in
                    workspace.deltas[l].withUnsafeBufferPointer { ds in
                        let x = xs.baseAddress!
                        let delta = ds.baseAddress!
                        // Parameter gradients: gW += xᵀ δ; gb += Σ_b δ[b, :].
                        DenseMatrix.accumulateColumnSums(delta, into: gb, rows: batch, columns: m)
                        DenseMatrix.accumulateTransposedLeft(x, delta, into: gw, rows: n, columns: m, inner: batch, skippingZeros: true)
                        guard l > 0 else { return }
                        // Input gradient δ Wᵀ, then through the previous layer's activation (x is its output).
                        workspace.deltas[l - 1].withUnsafeMutableBufferPointer { ps in
                            let prev = ps.baseAddress!
                            DenseMatrix.multiplyTransposedRight(delta, w, into: prev, rows: batch, columns: n, inner: m)
                            switch hiddenActivation {
                            case .tanh: for j in 0..<(batch * n) { prev[j] *= 1 - x[j] * x[j] }
                            case .relu: for j in 0..<(batch * n) where !(x[j] > 0) { prev[j] = 0 }
                            case .identity: break
                            }
                        }
                    }
                }
            }
        }
    }

    /// Outputs for one input vector (allocates a one-row workspace; for policies at decision time).
    /// - Parameter input: `inputCount` values.
    /// - Returns: `outputCount` values, the same as a batched `forward` gives for this row.
    public func evaluate(_ input: [Float]) -> [Float] {
        precondition(input.count == inputCount, "input has \(input.count) values, the network takes \(inputCount)")
        let workspace = MLPWorkspace(sizes: sizes, capacity: 1)
        input.withUnsafeBufferPointer { forward($0.baseAddress!, batch: 1, workspace: workspace) }
        return workspace.withOutput { Array($0.prefix(outputCount)) }
    }
}

/// Per-batch buffers of one `MultilayerPerceptron`: each layer's outputs (after activation) and
/// the back-propagated gradients. Not thread-safe: one workspace per thread.
public final class MLPWorkspace {
    /// Layer sizes of the network it serves.
    public let sizes: [Int]
    /// Largest batch it holds.
    public let capacity: Int
    /// Rows of the latest forward pass.
    public internal(set) var batch: Int = 0
    /// `activations[0]` is the input, `activations[l + 1]` the output of layer `l`.
    var activations: [[Float]]
    /// `deltas[l]`: ∂loss/∂(pre-activation output of layer l), `batch × sizes[l + 1]`.
    var deltas: [[Float]]

    /// Allocates buffers for batches of up to `capacity` rows.
    public init(sizes: [Int], capacity: Int) {
        self.sizes = sizes
        self.capacity = capacity
        activations = sizes.map { [Float](repeating: 0, count: $0 * capacity) }
        deltas = sizes.dropFirst().map { [Float](repeating: 0, count: $0 * capacity) }
    }

    /// Read access to the outputs of the latest forward pass (`batch × outputCount`).
    public func withOutput<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try activations[activations.count - 1].withUnsafeBufferPointer(body)
    }
}

/// An invalid network description (e.g. in a saved policy file).
public struct NeuralNetworkError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
