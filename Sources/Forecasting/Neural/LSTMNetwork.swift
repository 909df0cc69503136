import Foundation
import Stochastics

/// A stacked long short-term memory network (Hochreiter & Schmidhuber, "Long Short-Term Memory",
/// Neural Computation 9(8), 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000) that reads a
/// window of input vectors and predicts one number through a dense (linear) head.
///
/// Each layer updates, for input `x_t` and previous state `(h_{t−1}, c_{t−1})`,
///
///     [a_i a_f a_g a_o] = [x_t, h_{t−1}] · W + b
///     i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
///     c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
///
/// and the output is `ŷ = w · h_T + v · x_T + b_out`: the top layer's last hidden state plus a linear
/// path from the last step's input (the autoregressive "highway" of LSTNet, Lai et al. 2018), so that
/// effects that are linear in the inputs — a promotion lift, a price elasticity — need not be squeezed
/// through the gates' saturating nonlinearities. Windows start from zero states, so every window is an
/// independent sample; gradients come from backpropagation through time over the window.
///
/// Parameters live in one flat array: for each layer its weight matrix `W` (`(input + hidden) × 4·hidden`,
/// row-major, gate blocks i, f, g, o along the columns) and bias `b` (`4·hidden`), then the head `w`
/// (`hidden`), `v` (`inputSize`) and `b_out`. The loss is half the mean squared error over a batch.
public struct LSTMNetwork: Sendable, Equatable {
    /// Features per time step.
    public let inputSize: Int
    /// Units per layer.
    public let hiddenSize: Int
    /// Stacked layers (1 or 2).
    public let layerCount: Int
    /// All weights and biases in the layout described above.
    public var parameters: [Double]

    /// Creates a network with Glorot/Xavier-uniform weights (Glorot & Bengio 2010) per gate block,
    /// zero biases except the forget gate's, which start at 1 so that early training remembers rather than
    /// forgets (Jozefowicz, Zaremba & Sutskever 2015).
    /// - Parameters:
    ///   - inputSize: features per time step (≥ 1).
    ///   - hiddenSize: units per layer (≥ 1).
    ///   - layers: 1 or 2.
    ///   - stream: the source of the initial weights (the draws are consumed in parameter order).
    /// - Throws: ``ForecastError`` for sizes out of range.
    /// - Complexity: O(parameterCount).
    public init(inputSize: Int, hiddenSize: Int, layers: Int, stream: RandomStream) throws {
        guard inputSize >= 1 else { throw ForecastError("an LSTM needs at least one input feature, not \(inputSize)") }
        guard (1...512).contains(hiddenSize) else {
            throw ForecastError("the LSTM hidden size must be between 1 and 512, not \(hiddenSize)")
        }
        guard (1...2).contains(layers) else { throw ForecastError("the LSTM supports 1 or 2 layers, not \(layers)") }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layers
        let h = hiddenSize
        var p: [Double] = []
        p.reserveCapacity(Self.parameterCount(inputSize: inputSize, hiddenSize: h, layers: layers))
        for layer in 0..<layers {
            let k = (layer == 0 ? inputSize : h) + h
            // Each gate block is a k×h map, so its Glorot limit uses fan-in k and fan-out h.
            let limit = (6 / Double(k + h)).squareRoot()
            for _ in 0..<(k * 4 * h) { p.append((2 * stream.uniform() - 1) * limit) }
            for gate in 0..<4 { for _ in 0..<h { p.append(gate == 1 ? 1 : 0) } }
        }
        let headLimit = (6 / Double(h + inputSize + 1)).squareRoot()
        for _ in 0..<(h + inputSize) { p.append((2 * stream.uniform() - 1) * headLimit) }
        p.append(0)
        parameters = p
    }

    /// Convenience: weights from `RandomStream(seed: seed)`.
    /// - Parameters:
    ///   - inputSize: features per time step.
    ///   - hiddenSize: units per layer.
    ///   - layers: 1 or 2.
    ///   - seed: seed of the stream.
    /// - Throws: ``ForecastError`` for sizes out of range.
    public init(inputSize: Int, hiddenSize: Int, layers: Int, seed: UInt64) throws {
        try self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, stream: RandomStream(seed: seed))
    }

    /// Number of weights and biases.
    public var parameterCount: Int { Self.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount) }

    static func parameterCount(inputSize: Int, hiddenSize h: Int, layers: Int) -> Int {
        var total = 0
        for layer in 0..<layers { total += ((layer == 0 ? inputSize : h) + h + 1) * 4 * h }
        return total + h + inputSize + 1
    }

    /// Width of layer `layer`'s input (the features for layer 0, the hidden state below otherwise).
    func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : hiddenSize }

    /// Start of layer `layer`'s weight matrix in ``parameters``; its bias follows the matrix.
    func weightOffset(_ layer: Int) -> Int {
        var offset = 0
        for l in 0..<layer { offset += (layerInputSize(l) + hiddenSize + 1) * 4 * hiddenSize }
        return offset
    }

    /// Start of the head's weights (`hidden` for the state, `inputSize` for the last input, then the bias).
    var headOffset: Int { weightOffset(layerCount) }

    // MARK: - Public batch interface (used by tests and tools; training uses the workspace directly)

    /// Predicts one value per window.
    /// - Parameters:
    ///   - windows: `count × steps × inputSize` values, window-major.
    ///   - count: number of windows.
    ///   - steps: time steps per window.
    /// - Returns: `count` outputs.
    /// - Throws: ``ForecastError`` when the sizes (or the length of ``parameters``) do not match.
    /// - Complexity: O(count · steps · layers · hidden · (inputSize + hidden)).
    public func predict(windows: [Double], count: Int, steps: Int) throws -> [Double] {
        var workspace = try load(windows: windows, targets: nil, count: count, steps: steps)
        forward(&workspace, batch: count)
        return Array(workspace.arena[workspace.offsets.output..<(workspace.offsets.output + count)])
    }

    /// The loss `½ · mean (ŷ − y)²` and its gradient with respect to ``parameters``, by backpropagation
    /// through time.
    /// - Parameters:
    ///   - windows: `count × steps × inputSize` values, window-major.
    ///   - targets: `count` targets.
    ///   - count: number of windows.
    ///   - steps: time steps per window.
    /// - Returns: the loss and a gradient laid out like ``parameters``.
    /// - Throws: ``ForecastError`` when the sizes (or the length of ``parameters``) do not match.
    /// - Complexity: about three times ``predict(windows:count:steps:)``.
    public func lossAndGradient(windows: [Double], targets: [Double], count: Int, steps: Int) throws -> (loss: Double, gradient: [Double]) {
        var workspace = try load(windows: windows, targets: targets, count: count, steps: steps)
        forward(&workspace, batch: count)
        let loss = backward(&workspace, batch: count)
        return (loss, workspace.gradient)
    }

    /// Copies window-major inputs into a fresh workspace's time-major layout.
    private func load(windows: [Double], targets: [Double]?, count: Int, steps: Int) throws -> LSTMWorkspace {
        // `parameters` is public and mutable; the passes index it by the layout, so its length is checked here.
        guard parameters.count == parameterCount else {
            throw ForecastError("the network has \(parameters.count) parameters but its shape needs \(parameterCount)")
        }
        guard count >= 1, steps >= 1, windows.count == count * steps * inputSize else {
            throw ForecastError("expected \(count) windows of \(steps) steps × \(inputSize) features (\(count * steps * inputSize) values), got \(windows.count)")
        }
        if let targets, targets.count != count {
            throw ForecastError("expected \(count) targets, got \(targets.count)")
        }
        var workspace = LSTMWorkspace(network: self, capacity: count, steps: steps)
        let o = workspace.offsets, d = inputSize
        for w in 0..<count {
            for t in 0..<steps {
                for j in 0..<d { workspace.arena[o.input + (t * count + w) * d + j] = windows[(w * steps + t) * d + j] }
            }
            workspace.arena[o.target + w] = targets?[w] ?? 0
        }
        return workspace
    }

    // MARK: - Passes

    /// Forward pass over `batch` windows already in `workspace`'s input region; leaves every activation
    /// the backward pass needs, and the outputs in the output region.
    /// - Complexity: O(batch · steps · layers · hidden · (inputSize + hidden)); no allocation.
    func forward(_ workspace: inout LSTMWorkspace, batch b: Int) {
        let o = workspace.offsets, steps = workspace.steps
        let h = hiddenSize, g4 = 4 * hiddenSize, layers = layerCount
        let head = headOffset
        var weightStarts = (0, 0)
        weightStarts.0 = weightOffset(0)
        weightStarts.1 = layers > 1 ? weightOffset(1) : 0
        parameters.withUnsafeBufferPointer { pBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return }
                for layer in 0..<layers {
                    let din = layer == 0 ? inputSize : h
                    let k = din + h
                    let w = p + (layer == 0 ? weightStarts.0 : weightStarts.1)
                    let bias = w + k * g4
                    let hid = a + o.hidden[layer], cell = a + o.cell[layer]
                    let tanhC = a + o.cellTanh[layer]
                    for j in 0..<(b * h) { hid[j] = 0; cell[j] = 0 }
                    for t in 0..<steps {
                        let z = a + o.concatenated[layer] + t * b * k
                        let source = layer == 0 ? a + o.input + t * b * din : a + o.hidden[layer - 1] + (t + 1) * b * h
                        let hPrev = hid + t * b * h
                        let gates = a + o.gates[layer] + t * b * g4
                        for r in 0..<b {
                            let zRow = z + r * k
                            for j in 0..<din { zRow[j] = source[r * din + j] }
                            for j in 0..<h { zRow[din + j] = hPrev[r * h + j] }
                        }
                        DenseMatrix.affine(z, w, bias: bias, into: gates, rows: b, columns: g4, inner: k)
                        let cPrev = cell + t * b * h, cNext = cell + (t + 1) * b * h
                        let hNext = hid + (t + 1) * b * h, tc = tanhC + t * b * h
                        for r in 0..<b {
                            let gRow = gates + r * g4
                            for j in 0..<h {
                                let i = 1 / (1 + exp(-gRow[j]))
                                let f = 1 / (1 + exp(-gRow[h + j]))
                                let gg = tanh(gRow[2 * h + j])
                                let og = 1 / (1 + exp(-gRow[3 * h + j]))
                                gRow[j] = i; gRow[h + j] = f; gRow[2 * h + j] = gg; gRow[3 * h + j] = og
                                let c = f * cPrev[r * h + j] + i * gg
                                cNext[r * h + j] = c
                                let th = tanh(c)
                                tc[r * h + j] = th
                                hNext[r * h + j] = og * th
                            }
                        }
                    }
                }
                let top = a + o.hidden[layers - 1] + steps * b * h
                let last = a + o.input + (steps - 1) * b * inputSize
                let wOut = p + head, vOut = wOut + h
                for r in 0..<b {
                    var s = vOut[inputSize]
                    for j in 0..<h { s += wOut[j] * top[r * h + j] }
                    for j in 0..<inputSize { s += vOut[j] * last[r * inputSize + j] }
                    a[o.output + r] = s
                }
            }
        }
    }

    /// Backward pass (backpropagation through time) after ``forward(_:batch:)``: writes the
    /// gradient of `½ · mean (ŷ − y)²` into the workspace's gradient region.
    /// - Returns: the loss.
    /// - Complexity: about twice the forward pass; no allocation.
    @discardableResult
    func backward(_ workspace: inout LSTMWorkspace, batch b: Int) -> Double {
        let o = workspace.offsets, steps = workspace.steps
        let h = hiddenSize, g4 = 4 * hiddenSize, layers = layerCount
        let head = headOffset, count = parameterCount
        var weightStarts = (0, 0)
        weightStarts.0 = weightOffset(0)
        weightStarts.1 = layers > 1 ? weightOffset(1) : 0
        return parameters.withUnsafeBufferPointer { pBuffer -> Double in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer -> Double in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return .nan }
                let grad = a + o.gradient
                for j in 0..<count { grad[j] = 0 }
                let dA = a + o.gateGradient, dZ = a + o.concatenatedGradient
                let dh = a + o.hiddenGradient, dc = a + o.cellGradient, dOut = a + o.outputGradient
                var loss = 0.0
                for r in 0..<b {
                    let e = a[o.output + r] - a[o.target + r]
                    loss += e * e
                    dOut[r] = e / Double(b)
                }
                loss *= 0.5 / Double(b)
                // Head: ŷ = w · h_T + b_out.
                let top = a + o.hidden[layers - 1] + steps * b * h
                let last = a + o.input + (steps - 1) * b * inputSize
                let wOut = p + head, gOut = grad + head, gIn = gOut + h
                for r in 0..<b {
                    for j in 0..<h { gOut[j] += dOut[r] * top[r * h + j] }
                    for j in 0..<inputSize { gIn[j] += dOut[r] * last[r * inputSize + j] }
                    gIn[inputSize] += dOut[r]
                }
                for layer in stride(from: layers - 1, through: 0, by: -1) {
                    let din = layer == 0 ? inputSize : h
                    let k = din + h
                    let start = layer == 0 ? weightStarts.0 : weightStarts.1
                    let w = p + start, gW = grad + start, gB = grad + start + k * g4
                    let cell = a + o.cell[layer], tanhC = a + o.cellTanh[layer]
                    for j in 0..<(b * h) { dh[j] = 0; dc[j] = 0 }
                    if layer == layers - 1 {
                        for r in 0..<b { for j in 0..<h { dh[r * h + j] = dOut[r] * wOut[j] } }
                    }
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        if layer + 1 < layers {
                            let above = a + o.fromAbove[layer] + t * b * h
                            for j in 0..<(b * h) { dh[j] += above[j] }
                        }
                        let gates = a + o.gates[layer] + t * b * g4
                        let cPrev = cell + t * b * h, tc = tanhC + t * b * h
                        for r in 0..<b {
                            let gRow = gates + r * g4, dRow = dA + r * g4
                            for j in 0..<h {
                                let i = gRow[j], f = gRow[h + j], gg = gRow[2 * h + j], og = gRow[3 * h + j]
                                let th = tc[r * h + j]
                                let dhv = dh[r * h + j]
                                let dcv = dc[r * h + j] + dhv * og * (1 - th * th)
                                dRow[j] = dcv * gg * i * (1 - i)
                                dRow[h + j] = dcv * cPrev[r * h + j] * f * (1 - f)
                                dRow[2 * h + j] = dcv * i * (1 - gg * gg)
                                dRow[3 * h + j] = dhv * th * og * (1 - og)
                                dc[r * h + j] = dcv * f
                            }
                        }
                        let z = a + o.concatenated[layer] + t * b * k
                        DenseMatrix.accumulateTransposedLeft(z, dA, into: gW, rows: k, columns: g4, inner: b)
                        DenseMatrix.accumulateColumnSums(dA, into: gB, rows: b, columns: g4)
                        // The first step's input gradient only matters when a layer below needs it.
                        guard t > 0 || layer > 0 else { continue }
                        DenseMatrix.multiplyTransposedRight(dA, w, into: dZ, rows: b, columns: k, inner: g4)
                        for r in 0..<b { for j in 0..<h { dh[r * h + j] = dZ[r * k + din + j] } }
                        if layer > 0 {
                            let below = a + o.fromAbove[layer - 1] + t * b * h
                            for r in 0..<b { for j in 0..<h { below[r * h + j] = dZ[r * k + j] } }
                        }
                    }
                }
                return loss
            }
        }
    }
}
