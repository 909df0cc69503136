import Foundation
import Stochastics

/// What reads a window of step inputs before a ``LSTMNetwork``'s head.
public enum SequenceEncoder: String, Sendable, Equatable, CaseIterable {
    /// Stacked LSTM layers; the head reads the top layer's last hidden state.
    case lstm
    /// A stack of causal dilated convolutions, as in WaveNet (van den Oord et al. 2016) and the temporal
    /// convolutional networks of Bai, Kolter & Koltun ("An Empirical Evaluation of Generic Convolutional
    /// and Recurrent Networks for Sequence Modeling", 2018). Layer `l` (0-based) has kernel 2 and dilation
    /// `2^l`: its output at step t is
    ///
    ///     y_t = tanh(W · [x_{t−2^l}, x_t] + b)            (layer 0: inputs → hidden units)
    ///     y_t = x_t + tanh(W · [x_{t−2^l}, x_t] + b)      (layers above: a residual connection)
    ///
    /// with `x_{t−d} = 0` before the window's first step (causal zero padding). `L` layers see the last
    /// `2^L` steps: 5 layers cover a 26-period window. The head reads the top layer's output at the last
    /// step. Every step of a layer is computed from the layer below in one pass, with no recurrence, so
    /// the cost is `L · steps` small matrix products of width `2 · input × hidden`.
    case dilatedConvolution

    /// Layers the encoder supports.
    public var layerRange: ClosedRange<Int> { self == .lstm ? 1...2 : 1...8 }

    /// How errors name it.
    var title: String { self == .lstm ? "LSTM" : "dilated convolution" }

    /// Weights and biases of one layer with `input` inputs per step and `hidden` units.
    func layerParameters(input: Int, hidden h: Int) -> Int {
        switch self {
        case .lstm: (input + h + 1) * 4 * h
        case .dilatedConvolution: (2 * input + 1) * h
        }
    }

    /// Dilation of layer `layer` (convolutions): 1, 2, 4, …
    static func dilation(_ layer: Int) -> Int { 1 << layer }

    /// Per convolutional layer, the steps of a `steps`-long window whose output the last step's top output
    /// depends on, ascending: the top layer's last step, and below each layer the steps it reads (t and
    /// t − dilation). Five layers over 26 steps need 27 of the 130 layer-steps.
    static func neededSteps(layers: Int, steps: Int) -> [[Int]] {
        var needed = Array(repeating: [Int](), count: layers)
        var current: Set<Int> = [steps - 1]
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            needed[layer] = current.sorted()
            if layer > 0 {
                let d = dilation(layer)
                current = current.union(current.map { $0 - d }.filter { $0 >= 0 })
            }
        }
        return needed
    }
}

extension LSTMNetwork {
    /// Forward pass of the ``SequenceEncoder/dilatedConvolution`` encoder over `batch` windows in
    /// `workspace`'s input region; keeps every layer's two-tap inputs and activations for the backward
    /// pass, and writes the head's outputs.
    /// - Complexity: O(batch · steps · layers · hidden · (inputSize + hidden)); no allocation.
    func convolutionForward(_ workspace: inout LSTMWorkspace, batch b: Int) {
        let o = workspace.offsets, steps = workspace.steps, h = hiddenSize, layers = layerCount
        let starts = (0..<layers).map(weightOffset), needed = workspace.convolutionSteps
        parameters.withUnsafeBufferPointer { pBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return }
                fillEmbeddings(p, a, o, batch: b, steps: steps)
                for layer in 0..<layers {
                    let din = layerInputSize(layer), k = 2 * din, d = SequenceEncoder.dilation(layer)
                    let w = p + starts[layer], bias = w + k * h
                    let source = layer == 0 ? a + o.input : a + o.hidden[layer - 1]
                    let activation = a + o.gates[layer], out = a + o.hidden[layer]
                    // Only the steps the last output depends on; their inputs below were computed first.
                    for t in needed[layer] {
                        let z = a + o.concatenated[layer] + t * b * k
                        let now = source + t * b * din
                        for r in 0..<b {
                            let zRow = z + r * k
                            if t >= d {
                                let before = source + (t - d) * b * din + r * din
                                for j in 0..<din { zRow[j] = before[j] }
                            } else {
                                for j in 0..<din { zRow[j] = 0 }
                            }
                            for j in 0..<din { zRow[din + j] = now[r * din + j] }
                        }
                        let act = activation + t * b * h, y = out + t * b * h
                        DenseMatrix.affine(z, w, bias: bias, into: act, rows: b, columns: h, inner: k)
                        for r in 0..<b {
                            for j in 0..<h {
                                let v = tanh(act[r * h + j])
                                act[r * h + j] = v
                                y[r * h + j] = layer == 0 ? v : v + now[r * h + j]
                            }
                        }
                    }
                }
                headForward(p, a, o, batch: b, steps: steps, top: a + o.hidden[layers - 1] + (steps - 1) * b * h)
            }
        }
    }

    /// Backward pass of the ``SequenceEncoder/dilatedConvolution`` encoder after
    /// ``outputLoss(_:batch:likelihood:)``: the gradient of the loss into the workspace's gradient region.
    /// - Complexity: about twice the forward pass; no allocation.
    func convolutionBackpropagate(_ workspace: inout LSTMWorkspace, batch b: Int) {
        let o = workspace.offsets, steps = workspace.steps, h = hiddenSize, layers = layerCount
        let count = parameterCount, e = embeddingSize, embeddingColumn = inputSize - embeddingSize
        let starts = (0..<layers).map(weightOffset), needed = workspace.convolutionSteps
        parameters.withUnsafeBufferPointer { pBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return }
                let grad = a + o.gradient
                for j in 0..<count { grad[j] = 0 }
                // dY: ∂loss/∂(this layer's outputs), steps × b × hidden; dX: the same for its inputs.
                let dY = a + o.hiddenGradient, dX = a + o.cellGradient
                let dPre = a + o.gateGradient, dZ = a + o.concatenatedGradient
                for j in 0..<(steps * b * h) { dY[j] = 0 }
                headBackward(p, a, o, batch: b, steps: steps, top: a + o.hidden[layers - 1] + (steps - 1) * b * h, gradient: grad,
                             dTop: dY + (steps - 1) * b * h)
                for layer in stride(from: layers - 1, through: 0, by: -1) {
                    let din = layerInputSize(layer), k = 2 * din, d = SequenceEncoder.dilation(layer)
                    let w = p + starts[layer], gW = grad + starts[layer], gB = gW + k * h
                    let activation = a + o.gates[layer]
                    // The inputs' gradient matters below the first layer, and at the first for the embedding.
                    let needInput = layer > 0 || e > 0
                    if needInput { for j in 0..<(steps * b * din) { dX[j] = 0 } }
                    // The last step first: its gradient is complete before it reaches earlier steps.
                    for t in needed[layer].reversed() {
                        let dYt = dY + t * b * h, act = activation + t * b * h
                        for j in 0..<(b * h) {
                            let v = act[j]
                            dPre[j] = dYt[j] * (1 - v * v)
                        }
                        let z = a + o.concatenated[layer] + t * b * k
                        DenseMatrix.accumulateTransposedLeft(z, dPre, into: gW, rows: k, columns: h, inner: b)
                        DenseMatrix.accumulateColumnSums(dPre, into: gB, rows: b, columns: h)
                        guard needInput else { continue }
                        DenseMatrix.multiplyTransposedRight(dPre, w, into: dZ, rows: b, columns: k, inner: h)
                        let dNow = dX + t * b * din
                        for r in 0..<b {
                            for j in 0..<din { dNow[r * din + j] += dZ[r * k + din + j] }
                        }
                        if t >= d {
                            let dBefore = dX + (t - d) * b * din
                            for r in 0..<b {
                                for j in 0..<din { dBefore[r * din + j] += dZ[r * k + j] }
                            }
                        }
                        if layer > 0 {
                            // The residual connection passes the output's gradient straight to the input.
                            for j in 0..<(b * h) { dNow[j] += dYt[j] }
                        }
                    }
                    if layer > 0 {
                        for j in 0..<(steps * b * h) { dY[j] = dX[j] }
                    } else if e > 0 {
                        for t in 0..<steps {
                            for r in 0..<b {
                                let target = grad + embeddingOffset + Int(a[o.series + r]) * e
                                let source = dX + (t * b + r) * din + embeddingColumn
                                for j in 0..<e { target[j] += source[j] }
                            }
                        }
                    }
                }
            }
        }
    }
}
