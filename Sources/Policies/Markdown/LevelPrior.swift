import Foundation
import Stochastics

/// What is known before the season about its level factor: a discrete prior on a few levels.
///
/// ``lognormal(coefficientOfVariation:nodes:)`` approximates the simulator's lognormal factor (mean 1)
/// by `nodes` equally likely levels at the mid-quantiles `(j + ½)/nodes`, rescaled so that their mean
/// is exactly 1; a CV of 0 gives the single level 1.
public struct LevelPrior: Sendable, Equatable {
    /// The possible level factors (> 0).
    public var levels: [Double]
    /// Their prior probabilities (summing to 1).
    public var weights: [Double]

    /// Creates a prior.
    /// - Throws: `MarkdownModelError` unless levels are positive, weights nonnegative and summing to 1.
    public init(levels: [Double], weights: [Double]) throws {
        guard !levels.isEmpty, levels.count == weights.count, levels.allSatisfy({ $0.isFinite && $0 > 0 }),
              weights.allSatisfy({ $0.isFinite && $0 >= 0 }), abs(weights.reduce(0, +) - 1) < 1e-9 else {
            throw MarkdownModelError("a level prior needs positive levels and as many nonnegative weights summing to 1")
        }
        self.levels = levels
        self.weights = weights
    }

    /// The lognormal level factor with mean 1 and the given coefficient of variation, on `nodes` levels.
    /// - Parameters:
    ///   - cv: coefficient of variation (0…2).
    ///   - nodes: number of levels (1…201).
    /// - Returns: the prior.
    /// - Throws: `MarkdownModelError` for a CV or a node count out of range.
    public static func lognormal(coefficientOfVariation cv: Double, nodes: Int = 9) throws -> LevelPrior {
        guard cv.isFinite, cv >= 0, cv <= 2 else { throw MarkdownModelError("the level CV must lie in 0…2, got \(cv)") }
        guard (1...201).contains(nodes) else { throw MarkdownModelError("the number of prior levels must lie in 1…201, got \(nodes)") }
        if cv == 0 || nodes == 1 { return try LevelPrior(levels: [1], weights: [1]) }
        let law = Distribution.lognormal(mean: 1, sd: cv)
        var levels = (0..<nodes).map { law.quantile((Double($0) + 0.5) / Double(nodes)) }
        let mean = levels.reduce(0, +) / Double(nodes)
        levels = levels.map { $0 / mean }
        return try LevelPrior(levels: levels, weights: Array(repeating: 1 / Double(nodes), count: nodes))
    }

    /// The posterior after `salesUnits` sold against `exposureUnits` (Σ over the days so far of the mean
    /// at level 1 and the price charged), with the Poisson likelihood `L^S·e^(−L·E)` tempered by the
    /// dispersion index φ: `w_j ∝ π_j · L_j^(S/φ) · e^(−L_j·E/φ)`.
    ///
    /// With Poisson noise (φ = 1) and no stock-out this is the exact posterior: (sales, exposure) is a
    /// sufficient statistic. With over-dispersed noise it is the quasi-likelihood approximation (each
    /// unit counts as 1/φ of a Poisson observation).
    /// - Parameters:
    ///   - salesUnits: units sold so far (= demand while stock lasts).
    ///   - exposureUnits: expected units so far at level 1.
    ///   - dispersionIndex: φ ≥ 1 for Poisson-like or over-dispersed noise.
    /// - Returns: posterior weights on ``levels``.
    public func posterior(salesUnits: Double, exposureUnits: Double, dispersionIndex: Double) -> [Double] {
        let phi = max(dispersionIndex, 1e-9)
        let logs = levels.indices.map { j in
            weights[j] > 0 ? log(weights[j]) + (salesUnits * log(levels[j]) - levels[j] * exposureUnits) / phi : -Double.infinity
        }
        let top = logs.max() ?? 0
        let raw = logs.map { exp($0 - top) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// Prior mean of the level.
    public var mean: Double { zip(levels, weights).reduce(0) { $0 + $1.0 * $1.1 } }
}
