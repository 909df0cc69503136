/// The resolution of the Bayes markdown program (``BayesMarkdownDP``): coarser is faster, finer is closer
/// to the Bayes-optimal policy.
public struct BayesMarkdownSettings: Sendable, Equatable {
    /// Days between price decisions (the program's epochs; 7 = weekly, aligned with day 0).
    public var epochDays: Int
    /// Most stock states: above this many units, stock is counted in lots of `startStock / maxStockLots` units.
    public var maxStockLots: Int
    /// Points of the exposure grid per epoch (the posterior's second coordinate).
    public var exposureGridPoints: Int
    /// Levels of the discrete prior (``LevelPrior/lognormal(coefficientOfVariation:nodes:)``).
    public var priorLevels: Int

    /// Creates settings.
    public init(epochDays: Int = 7, maxStockLots: Int = 120, exposureGridPoints: Int = 10, priorLevels: Int = 7) {
        self.epochDays = epochDays
        self.maxStockLots = maxStockLots
        self.exposureGridPoints = exposureGridPoints
        self.priorLevels = priorLevels
    }

    /// Checks the ranges.
    /// - Throws: `MarkdownModelError` naming the first value out of range.
    public func validate() throws {
        guard (1...366).contains(epochDays) else { throw MarkdownModelError("the price review period must be 1…366 days, got \(epochDays)") }
        guard (2...100_000).contains(maxStockLots) else { throw MarkdownModelError("maxStockLots must be 2…100000, got \(maxStockLots)") }
        guard (1...1000).contains(exposureGridPoints) else { throw MarkdownModelError("exposureGridPoints must be 1…1000, got \(exposureGridPoints)") }
        guard (1...201).contains(priorLevels) else { throw MarkdownModelError("priorLevels must be 1…201, got \(priorLevels)") }
    }
}
