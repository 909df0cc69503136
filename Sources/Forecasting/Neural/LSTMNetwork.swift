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
///
/// With ``SequenceEncoder/dilatedConvolution`` the recurrent layers are replaced by a stack of causal
/// dilated convolutions (see ``SequenceEncoder``); the head, the embedding and the losses are the same.
public struct LSTMNetwork: Sendable, Equatable {
    /// What reads the window before the head.
    public let encoder: SequenceEncoder
    /// Features per time step.
    public let inputSize: Int
    /// Units per layer.
    public let hiddenSize: Int
    /// Stacked layers (1 or 2 recurrent; 1 to 8 convolutional).
    public let layerCount: Int
    /// Outputs of the head per window: 1 (a point prediction) or 2 (the two parameters of a
    /// likelihood, e.g. the negative binomial's log mean and dispersion).
    public let outputCount: Int
    /// Rows of the series embedding table (one per series of a global fit; 0 for none).
    public let embeddingCount: Int
    /// Width of each embedding row; the last `embeddingSize` of the `inputSize` features of every step are
    /// the window's series' embedding, written by the forward pass from ``parameters``.
    public let embeddingSize: Int
    /// All weights and biases in the layout described above.
    public var parameters: [Double]

    /// Creates a network with Glorot/Xavier-uniform weights (Glorot & Bengio 2010) per gate block,
    /// zero biases except the forget gate's, which start at 1 so that early training remembers rather than
    /// forgets (Jozefowicz, Zaremba & Sutskever 2015).
    /// - Parameters:
    ///   - inputSize: features per time step (≥ 1).
    ///   - hiddenSize: units per layer (≥ 1).
    ///   - layers: 1 or 2 (recurrent); 1 to 8 (convolutional: dilations 1, 2, 4, …).
    ///   - stream: the source of the initial weights (the draws are consumed in parameter order).
    ///   - outputs: head outputs per window (1 or 2); the second output's weights start at zero and its bias at 0.
    ///   - embeddings: rows of the series embedding table (0: none).
    ///   - embeddingSize: width of a row; the last `embeddingSize` input features carry it. Rows start
    ///     uniform in ±0.1, drawn after every other weight.
    ///   - encoder: recurrent (LSTM) or dilated causal convolutions.
    /// - Throws: ``ForecastError`` for sizes out of range.
    /// - Complexity: O(parameterCount).
    public init(inputSize: Int, hiddenSize: Int, layers: Int, stream: RandomStream, outputs: Int = 1,
                embeddings: Int = 0, embeddingSize: Int = 0, encoder: SequenceEncoder = .lstm) throws {
        guard inputSize >= 1 else { throw ForecastError("an LSTM needs at least one input feature, not \(inputSize)") }
        guard (1...2).contains(outputs) else { throw ForecastError("the LSTM head has 1 or 2 outputs, not \(outputs)") }
        guard embeddings >= 0, embeddingSize >= 0, (embeddings == 0) == (embeddingSize == 0), embeddingSize < inputSize else {
            throw ForecastError("an LSTM embedding needs rows and a width below the \(inputSize) input features, not \(embeddings) × \(embeddingSize)")
        }
        guard (1...512).contains(hiddenSize) else {
            throw ForecastError("the LSTM hidden size must be between 1 and 512, not \(hiddenSize)")
        }
        guard encoder.layerRange.contains(layers) else {
            throw ForecastError("the \(encoder.title) encoder supports \(encoder.layerRange.lowerBound) to \(encoder.layerRange.upperBound) layers, not \(layers)")
        }
        self.encoder = encoder
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layers
        self.outputCount = outputs
        self.embeddingCount = embeddings
        self.embeddingSize = embeddingSize
        let h = hiddenSize
        var p: [Double] = []
        p.reserveCapacity(Self.parameterCount(inputSize: inputSize, hiddenSize: h, layers: layers, outputs: outputs,
                                              embeddings: embeddings * embeddingSize, encoder: encoder))
        for layer in 0..<layers {
            switch encoder {
            case .lstm:
                let k = (layer == 0 ? inputSize : h) + h
                // Each gate block is a k×h map, so its Glorot limit uses fan-in k and fan-out h.
                let limit = (6 / Double(k + h)).squareRoot()
                for _ in 0..<(k * 4 * h) { p.append((2 * stream.uniform() - 1) * limit) }
                for gate in 0..<4 { for _ in 0..<h { p.append(gate == 1 ? 1 : 0) } }
            case .dilatedConvolution:
                // Two taps of the layer's input map to h units: fan-in 2·input, fan-out h.
                let k = 2 * (layer == 0 ? inputSize : h)
                let limit = (6 / Double(k + h)).squareRoot()
                for _ in 0..<(k * h) { p.append((2 * stream.uniform() - 1) * limit) }
                for _ in 0..<h { p.append(0) }
            }
        }
        let headLimit = (6 / Double(h + inputSize + 1)).squareRoot()
        for _ in 0..<(h + inputSize) { p.append((2 * stream.uniform() - 1) * headLimit) }
        p.append(0)
        for _ in 1..<outputs { p += Array(repeating: 0, count: h + inputSize + 1) }
        for _ in 0..<(embeddings * embeddingSize) { p.append((2 * stream.uniform() - 1) * 0.1) }
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
    public var parameterCount: Int {
        Self.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, outputs: outputCount,
                            embeddings: embeddingCount * embeddingSize, encoder: encoder)
    }

    static func parameterCount(inputSize: Int, hiddenSize h: Int, layers: Int, outputs: Int = 1, embeddings: Int = 0,
                               encoder: SequenceEncoder = .lstm) -> Int {
        var total = 0
        for layer in 0..<layers { total += encoder.layerParameters(input: layer == 0 ? inputSize : h, hidden: h) }
        return total + outputs * (h + inputSize + 1) + embeddings
    }

    /// Width of layer `layer`'s input (the features for layer 0, the hidden state below otherwise).
    func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : hiddenSize }

    /// Start of layer `layer`'s weight matrix in ``parameters``; its bias follows the matrix.
    func weightOffset(_ layer: Int) -> Int {
        var offset = 0
        for l in 0..<layer { offset += encoder.layerParameters(input: layerInputSize(l), hidden: hiddenSize) }
        return offset
    }

    /// Start of the head's weights: per output, `hidden` for the state, `inputSize` for the last input, then the bias.
    var headOffset: Int { weightOffset(layerCount) }

    /// Values per output row of the head.
    var headRow: Int { hiddenSize + inputSize + 1 }

    /// Start of the embedding table (`embeddingCount × embeddingSize`, row-major), after the head.
    var embeddingOffset: Int { headOffset + outputCount * headRow }

    // MARK: - Public batch interface (used by tests and tools; training uses the workspace directly)

    /// Predicts ``outputCount`` values per window.
    /// - Parameters:
    ///   - windows: `count × steps × inputSize` values, window-major.
    ///   - count: number of windows.
    ///   - steps: time steps per window.
    ///   - series: with an embedding, each window's row of the table (default: row 0).
    /// - Returns: `count × outputCount` outputs, window-major.
    /// - Throws: ``ForecastError`` when the sizes (or the length of ``parameters``) do not match.
    /// - Complexity: O(count · steps · layers · hidden · (inputSize + hidden)).
    public func predict(windows: [Double], count: Int, steps: Int, series: [Int]? = nil) throws -> [Double] {
        var workspace = try load(windows: windows, targets: nil, count: count, steps: steps,
                                 scales: series.map { $0.map { LSTMWindowScale(series: $0) } })
        forward(&workspace, batch: count)
        return Array(workspace.arena[workspace.offsets.output..<(workspace.offsets.output + count * outputCount)])
    }

    /// The loss and its gradient with respect to ``parameters``, by backpropagation through time: with
    /// `.squaredError`, `½ · mean (ŷ − y)²`; with `.negativeBinomial`, the mean negative log-likelihood
    /// (see ``LSTMLikelihood``), where `targets` are counts and `scales` place each window.
    /// - Parameters:
    ///   - windows: `count × steps × inputSize` values, window-major.
    ///   - targets: `count` targets.
    ///   - count: number of windows.
    ///   - steps: time steps per window.
    ///   - likelihood: the loss.
    ///   - scales: per window, its series (embedding row), log scale and level (default: row 0, μ 0, s 1, level 0).
    /// - Returns: the loss and a gradient laid out like ``parameters``.
    /// - Throws: ``ForecastError`` when the sizes (or the length of ``parameters``) do not match.
    /// - Complexity: about three times ``predict(windows:count:steps:series:)``.
    public func lossAndGradient(windows: [Double], targets: [Double], count: Int, steps: Int,
                                likelihood: LSTMLikelihood = .squaredError, scales: [LSTMWindowScale]? = nil) throws -> (loss: Double, gradient: [Double]) {
        guard likelihood.outputs == outputCount else {
            throw ForecastError("the \(likelihood) loss needs \(likelihood.outputs) outputs, and the network has \(outputCount)")
        }
        var workspace = try load(windows: windows, targets: targets, count: count, steps: steps, scales: scales)
        forward(&workspace, batch: count)
        let loss = backward(&workspace, batch: count, likelihood: likelihood)
        return (loss, workspace.gradient)
    }

    /// Copies window-major inputs into a fresh workspace's time-major layout.
    private func load(windows: [Double], targets: [Double]?, count: Int, steps: Int, scales: [LSTMWindowScale]?) throws -> LSTMWorkspace {
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
        if let scales {
            guard scales.count == count else { throw ForecastError("expected \(count) window scales, got \(scales.count)") }
            if let bad = scales.first(where: { $0.series < 0 || $0.series >= max(1, embeddingCount) }) {
                throw ForecastError("series \(bad.series) has no embedding row (the table has \(embeddingCount))")
            }
        }
        var workspace = LSTMWorkspace(network: self, capacity: count, steps: steps)
        let o = workspace.offsets, d = inputSize
        for w in 0..<count {
            for t in 0..<steps {
                for j in 0..<d { workspace.arena[o.input + (t * count + w) * d + j] = windows[(w * steps + t) * d + j] }
            }
            workspace.arena[o.target + w] = targets?[w] ?? 0
            let scale = scales?[w] ?? LSTMWindowScale(series: 0)
            workspace.arena[o.series + w] = Double(scale.series)
            workspace.arena[o.logMean + w] = scale.logMean
            workspace.arena[o.logScale + w] = scale.logScale
            workspace.arena[o.level + w] = scale.level
        }
        return workspace
    }

    // MARK: - Passes

    /// Forward pass over `batch` windows already in `workspace`'s input region; leaves every activation
    /// the backward pass needs, and the outputs in the output region.
    /// - Complexity: O(batch · steps · layers · hidden · (inputSize + hidden)); no allocation.
    func forward(_ workspace: inout LSTMWorkspace, batch b: Int) {
        if encoder == .dilatedConvolution { return convolutionForward(&workspace, batch: b) }
        let o = workspace.offsets, steps = workspace.steps
        let h = hiddenSize, g4 = 4 * hiddenSize, layers = layerCount
        var weightStarts = (0, 0)
        weightStarts.0 = weightOffset(0)
        weightStarts.1 = layers > 1 ? weightOffset(1) : 0
        parameters.withUnsafeBufferPointer { pBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return }
                fillEmbeddings(p, a, o, batch: b, steps: steps)
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
                headForward(p, a, o, batch: b, steps: steps, top: a + o.hidden[layers - 1] + steps * b * h)
            }
        }
    }

    /// Copies each window's embedding row into the last input columns of every step.
    /// - Complexity: O(batch · steps · embeddingSize).
    func fillEmbeddings(_ p: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ o: LSTMWorkspace.Offsets, batch b: Int, steps: Int) {
        guard embeddingSize > 0 else { return }
        // Every step of a window reads its series' embedding row, the last columns of the input.
        let e = embeddingSize, table = p + embeddingOffset, column = inputSize - e
        for r in 0..<b {
            let row = table + Int(a[o.series + r]) * e
            for t in 0..<steps {
                (a + o.input + (t * b + r) * inputSize + column).update(from: row, count: e)
            }
        }
    }

    /// The head: `ŷ_k = w_k · top + v_k · x_T + b_k` per window, into the output region.
    /// - Parameter top: the encoder's last state, `batch × hidden`.
    /// - Complexity: O(batch · outputs · (hidden + inputSize)).
    func headForward(_ p: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ o: LSTMWorkspace.Offsets, batch b: Int, steps: Int,
                     top: UnsafePointer<Double>) {
        let h = hiddenSize, head = headOffset, outputs = outputCount, row = headRow
        let last = a + o.input + (steps - 1) * b * inputSize
        for r in 0..<b {
            for k in 0..<outputs {
                let wOut = p + head + k * row, vOut = wOut + h
                var s = vOut[inputSize]
                for j in 0..<h { s += wOut[j] * top[r * h + j] }
                for j in 0..<inputSize { s += vOut[j] * last[r * inputSize + j] }
                a[o.output + r * outputs + k] = s
            }
        }
    }

    /// Backward through the head: accumulates the head's gradient (and, through its linear path, the last
    /// step's embedding columns') into `grad`, and writes ∂loss/∂top (`batch × hidden`) into `dTop`.
    /// - Complexity: O(batch · outputs · (hidden + inputSize)).
    func headBackward(_ p: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ o: LSTMWorkspace.Offsets, batch b: Int, steps: Int,
                      top: UnsafePointer<Double>, gradient grad: UnsafeMutablePointer<Double>, dTop: UnsafeMutablePointer<Double>) {
        let h = hiddenSize, head = headOffset, outputs = outputCount, row = headRow
        let dOut = a + o.outputGradient
        // Head: ŷ_k = w_k · top + v_k · x_T + b_k.
        let last = a + o.input + (steps - 1) * b * inputSize
        for r in 0..<b {
            for k in 0..<outputs {
                let g = dOut[r * outputs + k]
                let gOut = grad + head + k * row, gIn = gOut + h
                for j in 0..<h { gOut[j] += g * top[r * h + j] }
                for j in 0..<inputSize { gIn[j] += g * last[r * inputSize + j] }
                gIn[inputSize] += g
            }
        }
        let e = embeddingSize
        if e > 0 {
            // The head's linear path reads the last step's embedding columns.
            let embeddingColumn = inputSize - e
            for r in 0..<b {
                let target = grad + embeddingOffset + Int(a[o.series + r]) * e
                for k in 0..<outputs {
                    let v = p + head + k * row + h + embeddingColumn
                    for j in 0..<e { target[j] += dOut[r * outputs + k] * v[j] }
                }
            }
        }
        for r in 0..<b {
            for j in 0..<h {
                var sum = 0.0
                for q in 0..<outputs { sum += dOut[r * outputs + q] * p[head + q * row + j] }
                dTop[r * h + j] = sum
            }
        }
    }

    /// Backward pass (backpropagation through time) after ``forward(_:batch:)``: writes the gradient of
    /// the loss (``LSTMLikelihood``) into the workspace's gradient region.
    /// - Returns: the loss.
    /// - Complexity: about twice the forward pass; no allocation.
    @discardableResult
    func backward(_ workspace: inout LSTMWorkspace, batch b: Int, likelihood: LSTMLikelihood = .squaredError) -> Double {
        let loss = outputLoss(&workspace, batch: b, likelihood: likelihood)
        backpropagate(&workspace, batch: b)
        return loss
    }

    /// The loss of the outputs after ``forward(_:batch:)`` and its gradient with respect to them (into the
    /// output-gradient region, already divided by the batch).
    /// - Returns: the mean loss over the batch.
    /// - Complexity: O(batch); no allocation.
    func outputLoss(_ workspace: inout LSTMWorkspace, batch b: Int, likelihood: LSTMLikelihood) -> Double {
        let o = workspace.offsets, outputs = outputCount
        return workspace.arena.withUnsafeMutableBufferPointer { aBuffer -> Double in
            guard let a = aBuffer.baseAddress else { return .nan }
            let dOut = a + o.outputGradient
            var loss = 0.0
            switch likelihood {
            case .squaredError:
                for r in 0..<b {
                    let e = a[o.output + r * outputs] - a[o.target + r]
                    loss += 0.5 * e * e
                    dOut[r * outputs] = e / Double(b)
                    for k in 1..<max(1, outputs) { dOut[r * outputs + k] = 0 }
                }
            case .negativeBinomial:
                for r in 0..<b {
                    let term = NegativeBinomialOutput(first: a[o.output + r * outputs], second: a[o.output + r * outputs + 1],
                                                      logMean: a[o.logMean + r], logScale: a[o.logScale + r], level: a[o.level + r])
                    let (nll, dFirst, dSecond) = term.negativeLogLikelihood(a[o.target + r])
                    loss += nll
                    dOut[r * outputs] = dFirst / Double(b)
                    dOut[r * outputs + 1] = dSecond / Double(b)
                }
            }
            return loss / Double(b)
        }
    }

    /// Backpropagation through time of the output gradients left by ``outputLoss(_:batch:likelihood:)``.
    /// - Complexity: about twice the forward pass; no allocation.
    func backpropagate(_ workspace: inout LSTMWorkspace, batch b: Int) {
        if encoder == .dilatedConvolution { return convolutionBackpropagate(&workspace, batch: b) }
        let o = workspace.offsets, steps = workspace.steps
        let h = hiddenSize, g4 = 4 * hiddenSize, layers = layerCount
        let count = parameterCount
        let e = embeddingSize, embeddingColumn = inputSize - embeddingSize, embeddings = embeddingOffset
        var weightStarts = (0, 0)
        weightStarts.0 = weightOffset(0)
        weightStarts.1 = layers > 1 ? weightOffset(1) : 0
        parameters.withUnsafeBufferPointer { pBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { aBuffer in
                guard let p = pBuffer.baseAddress, let a = aBuffer.baseAddress else { return }
                let grad = a + o.gradient
                for j in 0..<count { grad[j] = 0 }
                let dA = a + o.gateGradient, dZ = a + o.concatenatedGradient
                let dh = a + o.hiddenGradient, dc = a + o.cellGradient
                let top = a + o.hidden[layers - 1] + steps * b * h
                // ∂loss/∂h_T of the top layer: written by the head into the scratch the top layer starts from.
                let dTop = a + o.gateGradient
                headBackward(p, a, o, batch: b, steps: steps, top: top, gradient: grad, dTop: dTop)
                for layer in stride(from: layers - 1, through: 0, by: -1) {
                    let din = layer == 0 ? inputSize : h
                    let k = din + h
                    let start = layer == 0 ? weightStarts.0 : weightStarts.1
                    let w = p + start, gW = grad + start, gB = grad + start + k * g4
                    let cell = a + o.cell[layer], tanhC = a + o.cellTanh[layer]
                    for j in 0..<(b * h) { dh[j] = layer == layers - 1 ? dTop[j] : 0; dc[j] = 0 }
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
                        // The first step's input gradient only matters when a layer below, or an embedding, needs it.
                        guard t > 0 || layer > 0 || e > 0 else { continue }
                        DenseMatrix.multiplyTransposedRight(dA, w, into: dZ, rows: b, columns: k, inner: g4)
                        if layer == 0 && e > 0 {
                            for r in 0..<b {
                                let target = grad + embeddings + Int(a[o.series + r]) * e
                                for j in 0..<e { target[j] += dZ[r * k + embeddingColumn + j] }
                            }
                        }
                        for r in 0..<b { for j in 0..<h { dh[r * h + j] = dZ[r * k + din + j] } }
                        if layer > 0 {
                            let below = a + o.fromAbove[layer - 1] + t * b * h
                            for r in 0..<b { for j in 0..<h { below[r * h + j] = dZ[r * k + j] } }
                        }
                    }
                }
            }
        }
    }
}
