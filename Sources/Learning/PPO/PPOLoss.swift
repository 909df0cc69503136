// The loss and gradients of PPO on one minibatch, split into chunks that run on separate threads
// (the trainer sums them in order, so results do not depend on the number of cores).

import Foundation

/// Read-only inputs shared by the chunks of one minibatch.
struct ChunkContext: @unchecked Sendable {
    let policy: MultilayerPerceptron
    let value: MultilayerPerceptron
    let features: [Float]
    let featureCount: Int
    let actionCount: Int
    let actions: [Int32]
    let oldLogProbabilities: [Float]
    let advantages: [Float]
    let returns: [Float]
    let advantageMean: Float
    let advantageScale: Float
    let clip: Float
    let entropyCoefficient: Float
    let minibatchSize: Int
}

/// One chunk of a minibatch: its own buffers and gradient accumulators, so chunks can run on
/// different threads; the trainer sums the chunks in order.
final class MinibatchChunk: @unchecked Sendable {
    let policyWorkspace: MLPWorkspace
    let valueWorkspace: MLPWorkspace
    var input: [Float]
    var policyOutputGradient: [Float]
    var valueOutputGradient: [Float]
    var policyGradient: [Float]
    var valueGradient: [Float]
    var policyLoss = 0.0, valueLoss = 0.0, entropy = 0.0, kl = 0.0, clipped = 0.0

    init(policySizes: [Int], valueSizes: [Int], capacity: Int, policyParameters: Int, valueParameters: Int) {
        policyWorkspace = MLPWorkspace(sizes: policySizes, capacity: capacity)
        valueWorkspace = MLPWorkspace(sizes: valueSizes, capacity: capacity)
        input = [Float](repeating: 0, count: capacity * policySizes[0])
        policyOutputGradient = [Float](repeating: 0, count: capacity * policySizes[policySizes.count - 1])
        valueOutputGradient = [Float](repeating: 0, count: capacity)
        policyGradient = [Float](repeating: 0, count: policyParameters)
        valueGradient = [Float](repeating: 0, count: valueParameters)
    }

    func run(indices: ArraySlice<Int>, context c: ChunkContext) {
        policyLoss = 0; valueLoss = 0; entropy = 0; kl = 0; clipped = 0
        for j in policyGradient.indices { policyGradient[j] = 0 }
        for j in valueGradient.indices { valueGradient[j] = 0 }
        let rows = indices.count
        guard rows > 0 else { return }
        let f = c.featureCount
        let a = c.actionCount
        c.features.withUnsafeBufferPointer { source in
            input.withUnsafeMutableBufferPointer { target in
                for (r, k) in indices.enumerated() {
                    (target.baseAddress! + r * f).update(from: source.baseAddress! + k * f, count: f)
                }
            }
        }
        input.withUnsafeBufferPointer { x in
            c.policy.forward(x.baseAddress!, batch: rows, workspace: policyWorkspace)
            c.value.forward(x.baseAddress!, batch: rows, workspace: valueWorkspace)
        }
        let inverseM = 1 / Float(c.minibatchSize)
        var logp = [Double](repeating: 0, count: a)
        policyWorkspace.withOutput { logits in
            policyOutputGradient.withUnsafeMutableBufferPointer { grad in
                for (r, k) in indices.enumerated() {
                    let z = logits.baseAddress! + r * a
                    let g = grad.baseAddress! + r * a
                    var top = z[0]
                    for j in 1..<a where z[j] > top { top = z[j] }
                    var total = 0.0
                    for j in 0..<a { total += exp(Double(z[j] - top)) }
                    let lse = Double(top) + log(total)
                    var h = 0.0
                    for j in 0..<a {
                        logp[j] = Double(z[j]) - lse
                        h -= exp(logp[j]) * logp[j]
                    }
                    let action = Int(c.actions[k])
                    let logRatio = logp[action] - Double(c.oldLogProbabilities[k])
                    let ratio = exp(logRatio)
                    let advantage = Double((c.advantages[k] - c.advantageMean) * c.advantageScale)
                    let clippedRatio = min(max(ratio, 1 - Double(c.clip)), 1 + Double(c.clip))
                    let surrogate = ratio * advantage
                    let clippedSurrogate = clippedRatio * advantage
                    policyLoss -= min(surrogate, clippedSurrogate)
                    entropy += h
                    kl += (ratio - 1) - logRatio
                    if abs(ratio - 1) > Double(c.clip) { clipped += 1 }
                    let coefficient = surrogate <= clippedSurrogate ? -advantage * ratio : 0
                    let beta = Double(c.entropyCoefficient)
                    for j in 0..<a {
                        let p = exp(logp[j])
                        var d = -coefficient * p + beta * p * (logp[j] + h)
                        if j == action { d += coefficient }
                        g[j] = Float(d) * inverseM
                    }
                }
            }
        }
        valueWorkspace.withOutput { v in
            for (r, k) in indices.enumerated() {
                let error = v[r] - c.returns[k]
                valueLoss += 0.5 * Double(error) * Double(error)
                valueOutputGradient[r] = error * inverseM
            }
        }
        policyOutputGradient.withUnsafeBufferPointer { og in
            policyGradient.withUnsafeMutableBufferPointer { gp in
                c.policy.backward(outputGradient: og.baseAddress!, workspace: policyWorkspace, gradient: gp.baseAddress!)
            }
        }
        valueOutputGradient.withUnsafeBufferPointer { og in
            valueGradient.withUnsafeMutableBufferPointer { gv in
                c.value.backward(outputGradient: og.baseAddress!, workspace: valueWorkspace, gradient: gv.baseAddress!)
            }
        }
    }
}
