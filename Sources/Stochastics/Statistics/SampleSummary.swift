import Foundation

/// Mean, standard deviation and a Student-t confidence interval of a sample (e.g. one KPI over replications).
public struct SampleSummary: Sendable, Equatable {
    /// Number of observations.
    public let count: Int
    /// Sample mean.
    public let mean: Double
    /// Sample standard deviation (n − 1 denominator); 0 for a single observation.
    public let standardDeviation: Double
    /// Half-width of the two-sided confidence interval for the mean; `nan` with fewer than 2 observations.
    public let halfWidth: Double
    /// Confidence level of `halfWidth` (e.g. 0.95).
    public let confidenceLevel: Double

    /// Summarises a sample.
    /// - Parameters:
    ///   - values: the observations.
    ///   - confidenceLevel: two-sided level in (0, 1).
    /// - Complexity: O(n), two passes (mean first, for accuracy).
    public init(_ values: [Double], confidenceLevel: Double = 0.95) {
        count = values.count
        self.confidenceLevel = confidenceLevel
        guard !values.isEmpty else {
            mean = .nan; standardDeviation = .nan; halfWidth = .nan
            return
        }
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        guard values.count > 1 else {
            standardDeviation = 0; halfWidth = .nan
            return
        }
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let sd = (squares / Double(values.count - 1)).squareRoot()
        standardDeviation = sd
        let t = StudentT.quantile(0.5 + confidenceLevel / 2, degreesOfFreedom: Double(values.count - 1))
        halfWidth = t * sd / Double(values.count).squareRoot()
    }

    /// Lower end of the confidence interval.
    public var lower: Double { mean - halfWidth }
    /// Upper end of the confidence interval.
    public var upper: Double { mean + halfWidth }

    /// Whether `value` lies inside the confidence interval.
    public func covers(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Summary of paired differences a[i] − b[i] (common random numbers make this much tighter than
    /// comparing two independent intervals).
    /// - Parameters:
    ///   - a: first sample.
    ///   - b: second sample, same length and pairing as `a`.
    ///   - confidenceLevel: two-sided level.
    /// - Returns: the summary of the differences.
    public static func pairedDifference(_ a: [Double], _ b: [Double], confidenceLevel: Double = 0.95) -> SampleSummary {
        SampleSummary(zip(a, b).map { $0 - $1 }, confidenceLevel: confidenceLevel)
    }
}
