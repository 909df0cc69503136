import Foundation
import Learning
import Stochastics
import Testing

/// A deterministic uniform source for weight initialisation.
private func uniforms(seed: UInt64) -> () -> Double {
    var state = seed
    return {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

@Suite("Neural network and Adam")
struct NeuralNetworkTests {
    /// Back-propagation against central finite differences of the loss `Σ w_k y_k` for every
    /// parameter of a small tanh network on a batch of 3 inputs.
    @Test("backward matches finite differences", arguments: [Activation.tanh, .relu])
    func gradientCheck(activation: Activation) throws {
        let sizes = [3, 5, 4, 2]
        var net = MultilayerPerceptron(sizes: sizes, hiddenActivation: activation, outputGain: 1, uniform: uniforms(seed: 3))
        // Move the biases off zero so that ReLU kinks are away from the inputs.
        for i in net.parameters.indices { net.parameters[i] += 0.05 * Float(i % 7) - 0.1 }
        let input: [Float] = [0.3, -0.7, 1.1, -0.2, 0.5, 0.9, 1.3, -1.0, 0.05]
        let outputWeights: [Float] = [0.7, -1.3, 0.4, 2.0, -0.6, 1.1]
        let workspace = MLPWorkspace(sizes: sizes, capacity: 3)
        func loss(_ network: MultilayerPerceptron) -> Double {
            input.withUnsafeBufferPointer { network.forward($0.baseAddress!, batch: 3, workspace: workspace) }
            return workspace.withOutput { out in (0..<6).reduce(0.0) { $0 + Double(out[$1]) * Double(outputWeights[$1]) } }
        }
        _ = loss(net)
        var gradient = [Float](repeating: 0, count: net.parameters.count)
        outputWeights.withUnsafeBufferPointer { w in
            gradient.withUnsafeMutableBufferPointer { g in
                net.backward(outputGradient: w.baseAddress!, workspace: workspace, gradient: g.baseAddress!)
            }
        }
        var worst = 0.0
        var checked = 0
        for k in net.parameters.indices {
            var plus = net
            var minus = net
            let h: Float = 1e-2
            plus.parameters[k] += h
            minus.parameters[k] -= h
            let (up, down, centre) = (loss(plus), loss(minus), loss(net))
            // ReLU networks are linear in one parameter while no unit switches; skip kinks.
            if activation == .relu, abs((up - centre) - (centre - down)) > 1e-4 { continue }
            let numeric = (up - down) / Double(2 * h)
            checked += 1
            worst = max(worst, abs(numeric - Double(gradient[k])) / max(1, abs(numeric)))
        }
        #expect(worst < 2e-3, "largest relative gradient error \(worst)")
        #expect(checked * 4 >= net.parameters.count * 3, "only \(checked) of \(net.parameters.count) parameters were away from kinks")
    }

    @Test("single-input evaluate equals the batched forward pass")
    func evaluateMatchesForward() {
        let net = MultilayerPerceptron(sizes: [2, 8, 3], uniform: uniforms(seed: 9))
        let workspace = MLPWorkspace(sizes: net.sizes, capacity: 2)
        let input: [Float] = [0.4, -1.2, 2.0, 0.1]
        input.withUnsafeBufferPointer { net.forward($0.baseAddress!, batch: 2, workspace: workspace) }
        let batched = workspace.withOutput { Array($0.prefix(6)) }
        #expect(net.evaluate([0.4, -1.2]) == Array(batched[0..<3]))
        #expect(net.evaluate([2.0, 0.1]) == Array(batched[3..<6]))
    }

    /// Adam on f(x) = Σ (x_i − c_i)² reaches the minimum; clipping caps the first step's size.
    @Test("Adam minimises a quadratic, clips large gradients and rejects NaN")
    func adam() throws {
        let target: [Float] = [3, -2, 0.5]
        var x: [Float] = [0, 0, 0]
        var adam = AdamOptimizer(count: 3, learningRate: 0.05, maxGradientNorm: 1)
        for _ in 0..<2000 {
            let g = (0..<3).map { 2 * (x[$0] - target[$0]) }
            try adam.step(parameters: &x, gradient: g)
        }
        for i in 0..<3 { #expect(abs(x[i] - target[i]) < 1e-2) }
        // With bias correction the first Adam step moves each coordinate by about the learning rate.
        var y: [Float] = [0]
        var fresh = AdamOptimizer(count: 1, learningRate: 0.1, maxGradientNorm: 1)
        let norm = try fresh.step(parameters: &y, gradient: [1000])
        #expect(norm == 1000)
        #expect(abs(y[0] + 0.1) < 1e-4)
        #expect(throws: NonFiniteGradientError.self) { try fresh.step(parameters: &y, gradient: [.nan]) }
        #expect(y[0] == y[0] && abs(y[0] + 0.1) < 1e-4, "a rejected step leaves the parameters alone")
    }

    @Test("saved parameters are checked")
    func savedParameters() {
        #expect(throws: NeuralNetworkError.self) {
            try MultilayerPerceptron(sizes: [2, 3], hiddenActivation: .tanh, parameters: [Float](repeating: 0, count: 8))
        }
        #expect(throws: NeuralNetworkError.self) {
            try MultilayerPerceptron(sizes: [2, 3], hiddenActivation: .tanh, parameters: [Float](repeating: .nan, count: 9))
        }
        #expect((try? MultilayerPerceptron(sizes: [2, 3], hiddenActivation: .tanh, parameters: [Float](repeating: 0, count: 9))) != nil)
    }
}
