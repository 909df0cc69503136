import Foundation
import Testing
import Stochastics

/// The shared Adam: both ε placements, clipping, and the checkpoint (JSON) form.
@Suite("Adam")
struct AdamTests {
    @Test("both ε placements minimise a quadratic and agree to rounding")
    func placements() throws {
        let target: [Double] = [3, -2, 0.5]
        var results: [[Double]] = []
        for placement in [Adam<Double>.EpsilonPlacement.correctedMoment, .rawMoment] {
            var x: [Double] = [0, 0, 0]
            var adam = Adam<Double>(count: 3, learningRate: 0.05, epsilonPlacement: placement)
            for _ in 0..<2000 { try adam.step(parameters: &x, gradient: (0..<3).map { 2 * (x[$0] - target[$0]) }) }
            for i in 0..<3 { #expect(abs(x[i] - target[i]) < 1e-3) }
            #expect(adam.steps == 2000)
            results.append(x)
        }
        for i in 0..<3 { #expect(abs(results[0][i] - results[1][i]) < 1e-9) }
    }

    @Test("clipping scales the gradient, not the buffer; a NaN gradient changes nothing")
    func clipping() throws {
        // Norms and scales that are powers of two keep the comparison exact.
        var clipped = Adam<Float>(count: 2, learningRate: 0.1, maxGradientNorm: 2)
        var unclipped = Adam<Float>(count: 2, learningRate: 0.1)
        var x: [Float] = [0, 0], y: [Float] = [0, 0]
        let gradient: [Float] = [0, -8]
        #expect(try clipped.step(parameters: &x, gradient: gradient) == 8)
        #expect(gradient == [0, -8])
        try unclipped.step(parameters: &y, gradient: [0, -2])
        #expect(x == y, "clipping to norm 2 is the same step as the gradient scaled to norm 2")
        #expect(clipped.firstMoment == unclipped.firstMoment)
        let before = clipped
        #expect(throws: NonFiniteGradientError.self) { try clipped.step(parameters: &x, gradient: [.infinity, 0]) }
        #expect(clipped == before && x == y)
    }

    @Test("JSON keeps the checkpoint keys; ε placement is written only when not the default")
    func codable() throws {
        var adam = Adam<Float>(count: 2, learningRate: 0.01, maxGradientNorm: 0.5)
        var x: [Float] = [1, 2]
        try adam.step(parameters: &x, gradient: [0.1, -0.2])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: try encoder.encode(adam), encoding: .utf8))
        #expect(json.hasPrefix(#"{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"firstMoment":["#))
        #expect(json.contains(#""learningRate":0.01,"maxGradientNorm":0.5,"secondMoment":["#) && json.hasSuffix(#""steps":1}"#))
        #expect(try JSONDecoder().decode(Adam<Float>.self, from: Data(json.utf8)) == adam)

        // A checkpoint written before the placement existed, without clipping.
        let old = #"{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"firstMoment":[0.5],"learningRate":0.001,"secondMoment":[0.25],"steps":3}"#
        let decoded = try JSONDecoder().decode(Adam<Float>.self, from: Data(old.utf8))
        #expect(decoded.epsilonPlacement == .correctedMoment && decoded.maxGradientNorm == nil && decoded.steps == 3)

        let raw = Adam<Double>(count: 1, learningRate: 0.1, epsilonPlacement: .rawMoment)
        let rawJSON = try encoder.encode(raw)
        #expect(String(decoding: rawJSON, as: UTF8.self).contains(#""epsilonPlacement":"rawMoment""#))
        #expect(try JSONDecoder().decode(Adam<Double>.self, from: rawJSON) == raw)

        let mismatched = #"{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"firstMoment":[0.5],"learningRate":0.001,"secondMoment":[],"steps":3}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Adam<Float>.self, from: Data(mismatched.utf8)) }
    }
}
