import Foundation
import Stochastics

/// Trains an ``LSTMNetwork`` on the one-step windows of one or many encoded series: minibatch Adam on
/// half the mean squared error, global gradient-norm clipping, early stopping on each series' held-out
/// tail, and a guard against divergence.
///
/// Randomness — initial weights, then the order of the minibatches of every epoch — comes from one
/// `RandomStream(seed:)`, so training is deterministic for a seed.
struct LSTMTrainer {
    /// One training example: the window of `lookback` steps that predicts `target` of `series`.
    struct Window: Sendable {
        var series: Int
        var target: Int
    }

    /// Hyperparameters (from the ``LSTMForecaster``).
    let options: LSTMForecaster
    /// Steps per window.
    let lookback: Int
    /// Feature columns.
    let layout: LSTMSeriesEncoding.Layout
    /// The series.
    let encodings: [LSTMSeriesEncoding]
    /// Each series' row of the network's embedding table (nil: its position in ``encodings``).
    var embeddingRows: [Int]? = nil

    /// All step inputs, series after series: row `s` of series `i` starts at `rowStart[i] + s·inputSize`
    /// and predicts period `s + 1`.
    private let rows: [Double]
    private let rowStart: [Int]

    /// Precomputes the step inputs of every series.
    /// - Complexity: O(total periods · inputSize).
    init(options: LSTMForecaster, lookback: Int, layout: LSTMSeriesEncoding.Layout, encodings: [LSTMSeriesEncoding]) {
        self.options = options
        self.lookback = lookback
        self.layout = layout
        self.encodings = encodings
        let d = layout.inputSize
        var starts: [Int] = []
        var total = 0
        for encoding in encodings {
            starts.append(total)
            total += max(0, encoding.count - 1) * d
        }
        var flat = [Double](repeating: 0, count: total)
        flat.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (i, encoding) in encodings.enumerated() {
                for s in 0..<max(0, encoding.count - 1) {
                    let seasonal = s + 1 >= encoding.seasonLength ? encoding.normalized[s + 1 - encoding.seasonLength] : 0
                    encoding.fill(base + starts[i] + s * d, period: s + 1, lagged: encoding.normalized[s], seasonal: seasonal,
                                  layout: layout, future: nil)
                }
            }
        }
        rows = flat
        rowStart = starts
    }

    /// The first period with a full window: `lookback` lags, and with a seasonal lag input, a season more.
    func firstTarget(_ encoding: LSTMSeriesEncoding) -> Int {
        lookback + (layout.seasonalLag ? encoding.seasonLength - 1 : 0)
    }

    /// Every one-step window of the series, split into training windows and the held-out tail.
    /// - Returns: windows in series-then-time order.
    func windows() -> (training: [Window], validation: [Window]) {
        var training: [Window] = [], validation: [Window] = []
        for (i, encoding) in encodings.enumerated() {
            let first = firstTarget(encoding)
            let count = encoding.count - first
            guard count > 1 else { continue }
            let held = min(count - 1, max(1, Int((Double(count) * options.validationShare).rounded())))
            for t in first..<encoding.count {
                if t >= encoding.count - held {
                    validation.append(Window(series: i, target: t))
                } else {
                    training.append(Window(series: i, target: t))
                }
            }
        }
        return (training, validation)
    }

    /// Copies windows `list[range]` into the workspace's inputs and targets.
    /// - Complexity: O(range.count · lookback · inputSize), no allocation.
    func load(_ list: [Window], _ range: Range<Int>, into workspace: inout LSTMWorkspace) {
        let o = workspace.offsets, d = layout.inputSize, b = range.count, steps = lookback
        rows.withUnsafeBufferPointer { rowBuffer in
            workspace.arena.withUnsafeMutableBufferPointer { arena in
                guard let source = rowBuffer.baseAddress, let a = arena.baseAddress else { return }
                for (r, index) in range.enumerated() {
                    let window = list[index]
                    let first = source + rowStart[window.series] + (window.target - steps) * d
                    for t in 0..<steps {
                        (a + o.input + (t * b + r) * d).update(from: first + t * d, count: d)
                    }
                    let level = layout.centre(a + o.input + r * d, stepStride: b * d, steps: steps)
                    let encoding = encodings[window.series]
                    a[o.level + r] = level
                    a[o.series + r] = Double(embeddingRows?[window.series] ?? window.series)
                    a[o.logMean + r] = encoding.logMean
                    a[o.logScale + r] = encoding.logScale
                    a[o.target + r] = options.likelihood == .squaredError ? encoding.normalized[window.target] - level
                        : encoding.units[window.target]
                }
            }
        }
    }

    /// Runs the forward pass over `list` in batches of the workspace's capacity; after each batch,
    /// `body(workspace, first, count)` reads its outputs (windows `first ..< first + count` of `list`).
    func forwardBatches(_ network: LSTMNetwork, _ list: [Window], workspace: inout LSTMWorkspace,
                        _ body: (inout LSTMWorkspace, Int, Int) -> Void) {
        var start = 0
        while start < list.count {
            let end = min(list.count, start + workspace.capacity)
            load(list, start..<end, into: &workspace)
            network.forward(&workspace, batch: end - start)
            body(&workspace, start, end - start)
            start = end
        }
    }

    /// Network outputs (normalised one-step predictions) for `list`, in batches.
    func predict(_ network: LSTMNetwork, _ list: [Window], workspace: inout LSTMWorkspace) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(list.count)
        forwardBatches(network, list, workspace: &workspace) { workspace, _, count in
            for r in 0..<count {
                out.append(workspace.arena[workspace.offsets.output + r] + workspace.arena[workspace.offsets.level + r])
            }
        }
        return out
    }

    /// The negative binomial of each window of `list` (a network trained with `.negativeBinomial`), in batches.
    func distributions(_ network: LSTMNetwork, _ list: [Window], workspace: inout LSTMWorkspace) -> [NegativeBinomialOutput] {
        var out: [NegativeBinomialOutput] = []
        out.reserveCapacity(list.count)
        forwardBatches(network, list, workspace: &workspace) { workspace, _, count in
            let o = workspace.offsets, a = workspace.arena
            for r in 0..<count {
                out.append(NegativeBinomialOutput(first: a[o.output + 2 * r], second: a[o.output + 2 * r + 1], logMean: a[o.logMean + r],
                                                  logScale: a[o.logScale + r], level: a[o.level + r]))
            }
        }
        return out
    }

    /// The held-out loss early stopping compares: the mean squared error on the normalised scale, or
    /// the mean negative log-likelihood of the counts; NaN when anything is not finite.
    func heldOutLoss(_ network: LSTMNetwork, _ list: [Window], workspace: inout LSTMWorkspace) -> Double {
        guard options.likelihood == .negativeBinomial else { return meanSquaredError(network, list, workspace: &workspace) }
        guard !list.isEmpty else { return .nan }
        var sum = 0.0
        forwardBatches(network, list, workspace: &workspace) { workspace, _, count in
            sum += network.outputLoss(&workspace, batch: count, likelihood: .negativeBinomial) * Double(count)
        }
        let loss = sum / Double(list.count)
        return loss.isFinite ? loss : .nan
    }

    /// Mean squared error of `network` on `list` (normalised scale); NaN when anything is not finite.
    func meanSquaredError(_ network: LSTMNetwork, _ list: [Window], workspace: inout LSTMWorkspace) -> Double {
        guard !list.isEmpty else { return .nan }
        let predictions = predict(network, list, workspace: &workspace)
        var sum = 0.0
        for (prediction, window) in zip(predictions, list) {
            let e = prediction - encodings[window.series].normalized[window.target]
            sum += e * e
        }
        let mse = sum / Double(list.count)
        return mse.isFinite ? mse : .nan
    }

    /// Sets the head to a ridge least-squares fit of the targets on the last step's inputs (lagged value,
    /// price, promotions, season terms) and zeroes its weights on the LSTM state.
    ///
    /// Training then starts from a sound linear model — an AR(1) regression with covariates — and early
    /// stopping, which compares against these initial weights, keeps the LSTM only where it improves on
    /// the held-out tail. Without it, the promotion weight (several units on the normalised scale) needs
    /// hundreds of Adam steps of size ≈ learning rate to grow, and on a short series the LSTM memorises
    /// the training windows long before that.
    func warmStartHead(_ network: inout LSTMNetwork, _ training: [Window]) {
        let d = layout.inputSize, size = d + 1
        var xtx = [Double](repeating: 0, count: size * size), xty = [Double](repeating: 0, count: size)
        var x = [Double](repeating: 1, count: size)
        var scratch = [Double](repeating: 0, count: lookback * d)
        for window in training {
            let start = rowStart[window.series] + (window.target - lookback) * d
            let level = scratch.withUnsafeMutableBufferPointer { buffer -> Double in
                guard let w = buffer.baseAddress else { return 0 }
                for j in 0..<(lookback * d) { w[j] = rows[start + j] }
                return layout.centre(w, stepStride: d, steps: lookback)
            }
            for j in 0..<d { x[j] = scratch[(lookback - 1) * d + j] }
            let y = encodings[window.series].normalized[window.target] - level
            for i in 0..<size {
                xty[i] += x[i] * y
                for j in 0..<size { xtx[i * size + j] += x[i] * x[j] }
            }
        }
        // A small ridge (relative to the number of windows) keeps constant or collinear columns solvable.
        guard let solution = solveSymmetric(xtx, xty, size: size, ridge: 1e-3 * Double(max(1, training.count))) else { return }
        let head = network.headOffset, h = network.hiddenSize
        for j in 0..<h { network.parameters[head + j] = 0 }
        for j in 0..<size { network.parameters[head + h + j] = solution[j] }
        if network.outputCount > 1 {
            // The dispersion output starts constant, at α = 0.1: between Poisson and strongly overdispersed.
            let row = network.headOffset + network.headRow
            for j in 0..<network.headRow { network.parameters[row + j] = 0 }
            network.parameters[row + network.headRow - 1] = NegativeBinomialOutput.output(forDispersion: 0.1)
        }
    }

    /// One Adam step of `network` with the gradient the last backward pass left in `workspace`.
    /// - Throws: when the gradient holds a NaN or overflows; the parameters are then unchanged.
    static func step(_ network: inout LSTMNetwork, with adam: inout Adam<Double>, gradientOf workspace: LSTMWorkspace) throws {
        let start = workspace.offsets.gradient, count = network.parameterCount
        try network.parameters.withUnsafeMutableBufferPointer { parameters in
            try workspace.arena.withUnsafeBufferPointer { arena in
                try adam.step(parameters: parameters, gradient: UnsafeBufferPointer(rebasing: arena[start..<(start + count)]))
            }
        }
    }

    /// Fine-tunes a trained network on the most recent windows of the series (a warm start): `epochs`
    /// passes over the last `recentWindows` windows of each series, in a seeded random order, with Adam
    /// from fresh moments at the options' learning rate and gradient clip. Nothing is held out. The cost
    /// depends on `recentWindows` and `epochs`, not on the series' length.
    /// - Returns: the tuned network, or `network` unchanged when a loss or a step is not finite.
    func fineTune(_ network: LSTMNetwork, recentWindows: Int, epochs: Int) -> LSTMNetwork {
        var windows: [Window] = []
        for (i, encoding) in encodings.enumerated() {
            let first = max(firstTarget(encoding), encoding.count - recentWindows)
            guard first < encoding.count else { continue }
            for t in first..<encoding.count { windows.append(Window(series: i, target: t)) }
        }
        guard !windows.isEmpty, epochs > 0 else { return network }
        var tuned = network
        let batch = max(1, min(options.batchSize, windows.count))
        var workspace = LSTMWorkspace(network: tuned, capacity: batch, steps: lookback)
        var adam = Adam<Double>(count: tuned.parameterCount, learningRate: options.learningRate,
                                maxGradientNorm: options.gradientClip, epsilonPlacement: .rawMoment)
        let stream = RandomStream(seed: SplitMix64.mix(options.seed ^ 0x5455_4E45, UInt64(windows.count)))  // "TUNE"
        for _ in 0..<epochs {
            for i in stride(from: windows.count - 1, to: 0, by: -1) { windows.swapAt(i, stream.uniformInt(below: i + 1)) }
            var start = 0
            while start < windows.count {
                let end = min(windows.count, start + batch)
                load(windows, start..<end, into: &workspace)
                tuned.forward(&workspace, batch: end - start)
                guard tuned.backward(&workspace, batch: end - start, likelihood: options.likelihood).isFinite else { return network }
                do {
                    try Self.step(&tuned, with: &adam, gradientOf: workspace)
                } catch {
                    return network
                }
                start = end
            }
        }
        return tuned.parameters.allSatisfy(\.isFinite) ? tuned : network
    }

    /// Trains a network.
    /// - Returns: the kept network (best held-out loss) and a report.
    /// - Throws: ``ForecastError`` when there are no windows, or when no weights ever gave a finite loss.
    /// - Complexity: O(epochs · windows · lookback · layers · hidden · (inputSize + hidden)).
    func train() throws -> (network: LSTMNetwork, report: LSTMTrainingReport) {
        let (training, validation) = windows()
        guard !training.isEmpty, !validation.isEmpty else {
            throw ForecastError("the LSTM has no training windows: each series needs more than \(lookback + 1) periods for a lookback of \(lookback)")
        }
        let stream = RandomStream(seed: options.seed)
        var network = try LSTMNetwork(inputSize: layout.inputSize, hiddenSize: options.hiddenUnits, layers: options.layers, stream: stream,
                                      outputs: options.likelihood.outputs, embeddings: layout.embeddingSize > 0 ? encodings.count : 0,
                                      embeddingSize: layout.embeddingSize, encoder: options.encoder)
        warmStartHead(&network, training)
        let batch = max(1, min(options.batchSize, training.count))
        var workspace = LSTMWorkspace(network: network, capacity: batch, steps: lookback)
        // The gradient's global norm is clipped to `gradientClip` inside the step.
        var adam = Adam<Double>(count: network.parameterCount, learningRate: options.learningRate,
                                maxGradientNorm: options.gradientClip, epsilonPlacement: .rawMoment)

        // The initial weights are the first "good" weights: finite for any valid input, so a later
        // divergence always has something to fall back to.
        var best = network.parameters
        var bestLoss = heldOutLoss(network, validation, workspace: &workspace)
        guard bestLoss.isFinite else {
            throw ForecastError("the LSTM's initial weights give a non-finite loss; no usable weights")
        }
        var bestEpoch = 0
        var sinceBest = 0
        var order = Array(training.indices)
        // An epoch is every training window, or the first `windowsPerEpoch` of each epoch's shuffle.
        let perEpoch = min(training.count, options.windowsPerEpoch ?? training.count)
        var ordered = Array(training.prefix(perEpoch))
        var epochsRun = 0
        var lastTrainingLoss = Double.nan
        var reason = LSTMTrainingReport.StopReason.epochLimit
        epochs: for epoch in 1...options.epochs {
            epochsRun = epoch
            // Fisher–Yates with the training stream: a fixed minibatch order for a given seed.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, stream.uniformInt(below: i + 1))
            }
            for (slot, index) in order.prefix(perEpoch).enumerated() { ordered[slot] = training[index] }
            var epochLoss = 0.0
            var start = 0
            while start < ordered.count {
                let end = min(ordered.count, start + batch)
                let b = end - start
                load(ordered, start..<end, into: &workspace)
                network.forward(&workspace, batch: b)
                let loss = network.backward(&workspace, batch: b, likelihood: options.likelihood)
                guard loss.isFinite else { reason = .diverged; break epochs }
                do {
                    // Throws, changing nothing, when the gradient holds a NaN or overflows.
                    try Self.step(&network, with: &adam, gradientOf: workspace)
                } catch {
                    reason = .diverged; break epochs
                }
                epochLoss += (options.likelihood == .squaredError ? 2 : 1) * loss * Double(b)
                start = end
            }
            let heldOut = heldOutLoss(network, validation, workspace: &workspace)
            guard heldOut.isFinite else { reason = .diverged; break epochs }
            lastTrainingLoss = epochLoss / Double(ordered.count)
            // A relative tolerance keeps round-off-sized "improvements" from resetting the patience.
            if heldOut < bestLoss * (1 - 1e-6) {
                bestLoss = heldOut
                // Copied element-wise into the existing buffer: assigning the array would share storage
                // and make the next Adam step copy the whole parameter vector.
                best.withUnsafeMutableBufferPointer { target in
                    network.parameters.withUnsafeBufferPointer { source in
                        for j in 0..<source.count { target[j] = source[j] }
                    }
                }
                bestEpoch = epoch
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= options.patience { reason = .earlyStopping; break epochs }
            }
        }
        network.parameters = best
        let report = LSTMTrainingReport(epochs: epochsRun, bestEpoch: bestEpoch, validationLoss: bestLoss, trainingLoss: lastTrainingLoss,
                                        trainingWindows: training.count, validationWindows: validation.count, stopReason: reason)
        return (network, report)
    }
}
