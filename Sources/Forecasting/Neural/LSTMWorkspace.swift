/// Every buffer one forward and backward pass of an ``LSTMNetwork`` needs, for up to `capacity` windows of
/// `steps` time steps, carved out of a single flat array so that training allocates nothing per
/// minibatch and the passes need one `withUnsafeMutableBufferPointer` each.
///
/// Regions are sized for `capacity` windows; a smaller batch `b` uses the start of each region with row
/// stride `b`, so consecutive rows of one time step stay contiguous for the matrix products. The regions
/// are named for the recurrent encoder; the convolutional one uses them as its `init` describes.
struct LSTMWorkspace {
    /// Start of each region in ``arena``.
    struct Offsets: Sendable {
        /// Inputs, `steps × batch × inputSize` (time-major so one step's rows are one matrix).
        var input = 0
        /// Targets, `batch`.
        var target = 0
        /// Network outputs, `batch × outputCount`.
        var output = 0
        /// Level of each window (mean normalised lagged value), subtracted from its inputs and target, `batch`.
        var level = 0
        /// Each window's series (its embedding row), as a whole number, `batch`.
        var series = 0
        /// Each window's series scale μ and s (for likelihoods on the count scale), `batch` each.
        var logMean = 0
        var logScale = 0
        /// Per layer: `[x_t, h_{t−1}]` side by side, `steps × batch × (layerInput + hidden)`.
        var concatenated: [Int] = []
        /// Per layer: gate activations i, f, g, o, `steps × batch × 4·hidden`.
        var gates: [Int] = []
        /// Per layer: cell states c_0 … c_T, `(steps + 1) × batch × hidden` (c_0 = 0).
        var cell: [Int] = []
        /// Per layer: tanh(c_t), `steps × batch × hidden`.
        var cellTanh: [Int] = []
        /// Per layer: hidden states h_0 … h_T, `(steps + 1) × batch × hidden` (h_0 = 0).
        var hidden: [Int] = []
        /// Per layer below the top: ∂loss/∂h_t arriving from the layer above, `steps × batch × hidden`.
        var fromAbove: [Int] = []
        /// Backward scratch: gate pre-activation gradients `batch × 4·hidden`.
        var gateGradient = 0
        /// Backward scratch: gradient of the concatenated input `batch × (inputSize + hidden)` (widest layer).
        var concatenatedGradient = 0
        /// Backward scratch: ∂loss/∂h and ∂loss/∂c carried to the previous step, `batch × hidden` each.
        var hiddenGradient = 0
        var cellGradient = 0
        /// ∂loss/∂output, `batch × outputCount`.
        var outputGradient = 0
        /// Gradient of the loss, laid out like the network's parameters.
        var gradient = 0
        /// Total length of the arena.
        var total = 0
    }

    /// Windows the buffers hold at most.
    let capacity: Int
    /// Time steps per window.
    let steps: Int
    /// Region starts.
    let offsets: Offsets
    /// Convolutional encoder: per layer, the steps (ascending) the last step's output depends on — the only
    /// ones the passes compute (``SequenceEncoder/dilatedConvolution``); empty for the recurrent encoder.
    let convolutionSteps: [[Int]]
    /// The buffers.
    var arena: [Double]

    /// Allocates buffers for `network`.
    /// - Parameters:
    ///   - network: the network whose shapes to use.
    ///   - capacity: largest batch (≥ 1).
    ///   - steps: window length (≥ 1).
    /// - Complexity: O(capacity · steps · layers · hidden · (inputSize + hidden)) memory.
    init(network: LSTMNetwork, capacity: Int, steps: Int) {
        let b = max(1, capacity), t = max(1, steps)
        let h = network.hiddenSize, d = network.inputSize
        var o = Offsets()
        var next = 0
        func take(_ n: Int) -> Int { defer { next += n }; return next }
        o.input = take(t * b * d)
        o.target = take(b)
        o.output = take(b * network.outputCount)
        o.level = take(b)
        o.series = take(b)
        o.logMean = take(b)
        o.logScale = take(b)
        switch network.encoder {
        case .lstm:
            for layer in 0..<network.layerCount {
                let k = network.layerInputSize(layer) + h
                o.concatenated.append(take(t * b * k))
                o.gates.append(take(t * b * 4 * h))
                o.cell.append(take((t + 1) * b * h))
                o.cellTanh.append(take(t * b * h))
                o.hidden.append(take((t + 1) * b * h))
                o.fromAbove.append(take(layer + 1 < network.layerCount ? t * b * h : 0))
            }
            o.gateGradient = take(b * 4 * h)
            o.concatenatedGradient = take(b * (max(d, h) + h))
            o.hiddenGradient = take(b * h)
            o.cellGradient = take(b * h)
        case .dilatedConvolution:
            // Per layer: the two taps side by side (`steps × batch × 2·input`), the tanh activations and the
            // outputs (`steps × batch × hidden` each). Backward: ∂/∂outputs of the layer (`hiddenGradient`,
            // steps × batch × hidden), ∂/∂its inputs (`cellGradient`, steps × batch × widest input), and
            // one step's ∂/∂pre-activations and ∂/∂taps.
            for layer in 0..<network.layerCount {
                o.concatenated.append(take(t * b * 2 * network.layerInputSize(layer)))
                o.gates.append(take(t * b * h))
                o.cell.append(0)
                o.cellTanh.append(0)
                o.hidden.append(take(t * b * h))
                o.fromAbove.append(0)
            }
            o.gateGradient = take(b * h)
            o.concatenatedGradient = take(b * 2 * max(d, h))
            o.hiddenGradient = take(t * b * h)
            o.cellGradient = take(t * b * max(d, h))
        }
        o.outputGradient = take(b * network.outputCount)
        o.gradient = take(network.parameterCount)
        o.total = next
        self.capacity = b
        self.steps = t
        offsets = o
        convolutionSteps = network.encoder == .dilatedConvolution
            ? SequenceEncoder.neededSteps(layers: network.layerCount, steps: t) : []
        arena = Array(repeating: 0, count: next)
    }

    /// A copy of the gradient region.
    var gradient: [Double] { Array(arena[offsets.gradient..<offsets.total]) }
}
