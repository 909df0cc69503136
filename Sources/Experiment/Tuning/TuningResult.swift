import Scenario
import Stochastics

/// What tuning one policy found, and the evidence: every candidate the search evaluated (on `tune`
/// replications, under common random numbers) and the final paired comparison of the best of them and
/// the starting values (on fresh `evaluate` replications).
public struct TuningResult: Sendable {
    /// One evaluated candidate of the search.
    public struct Candidate: Sendable, Equatable {
        /// Search iteration (0: the starting point).
        public var iteration: Int
        /// One value per dimension of ``TuningResult/space``.
        public var values: [Double]
        /// Profit per day over all SKUs on the tune replications: mean and 95% half-width.
        public var profitPerDay: SampleSummary
        /// Whether the search moved to this candidate (it became the incumbent).
        public var accepted: Bool
    }

    /// One candidate of the final comparison.
    public struct Finalist: Sendable, Equatable {
        /// Index in ``TuningResult/path``.
        public var candidate: Int
        /// Whether it is the starting point.
        public var isStart: Bool
        /// Profit per day on the `evaluate` replications: mean and 95% half-width.
        public var profitPerDay: SampleSummary
        /// Paired difference winner − this finalist on the `evaluate` replications (zero for the winner).
        public var winnerMinusThis: SampleSummary
    }

    /// The policy's name.
    public var policyName: String
    /// Its index in the scenario's policies.
    public var policyIndex: Int
    /// The searched numbers and their ranges.
    public var space: TuningSpace
    /// Replications per candidate in the search (`tune` replications 0..<n).
    public var searchReplications: Int
    /// Replications per finalist in the final comparison (`evaluate` replications 0..<m).
    public var selectionReplications: Int
    /// Candidates in the order the search evaluated them.
    public var path: [Candidate]
    /// Why the search stopped.
    public var stopReason: String
    /// The final comparison, in order of the search's ranking (the start included).
    public var finalists: [Finalist]
    /// Index in ``finalists`` of the selected candidate: the best mean on the `evaluate` replications.
    public var winner: Int
    /// The policy with the selected values.
    public var tuned: PolicyDefinition

    /// The finalist that is the starting point.
    public var startFinalist: Finalist? { finalists.first { $0.isStart } }

    /// The selected candidate's values.
    public var tunedValues: [Double] { path[finalists[winner].candidate].values }

    /// The starting values.
    public var startValues: [Double] { space.start }

    /// Paired difference selected − start on the `evaluate` replications (profit per day).
    public var versusStart: SampleSummary? { startFinalist?.winnerMinusThis }

    /// The runner-up of the final comparison (second-best mean), if there was more than one finalist.
    public var runnerUp: Finalist? {
        finalists.indices.filter { $0 != winner }.max { finalists[$0].profitPerDay.mean < finalists[$1].profitPerDay.mean }
            .map { finalists[$0] }
    }

    /// Labels of the dimensions whose selected value moved to an end of its range (the optimum may lie beyond it).
    public var atRangeLimit: [String] {
        zip(space.dimensions, tunedValues).compactMap { dimension, value in
            guard value != dimension.start else { return nil }
            let onEdge = abs(value - dimension.lower) < dimension.resolution / 2 || abs(value - dimension.upper) < dimension.resolution / 2
            return onEdge && dimension.lower < dimension.upper ? dimension.label : nil
        }
    }

    /// `label = value` for each dimension, e.g. `reorderPointUnits = 6, orderUpToUnits = 40`.
    public func describe(_ values: [Double]) -> String {
        zip(space.dimensions, values).map { "\($0.label) = \(TuningResult.format($1, dimension: $0))" }.joined(separator: ", ")
    }

    /// A value for reading (console, CSV, page): whole numbers without decimals, others with at most 4 decimals.
    public static func format(_ value: Double, dimension: TuningSpace.Dimension) -> String {
        guard !dimension.isInteger else { return String(Int(value.rounded())) }
        // Grid values print as written; an off-grid start (e.g. a computed critical ratio) with 4 decimals.
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
