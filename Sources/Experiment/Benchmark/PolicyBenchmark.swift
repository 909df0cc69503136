import Foundation
import Learning
import Policies
import Scenario
import Simulation
import Stochastics

/// `restock bench-policies`: on one scenario SKU, the heuristics (tuned by the caller's tuner), a PPO
/// agent trained on full simulations, and an upper bound, compared on `report` replications under
/// common random numbers — with every step on its own replications (``ReplicationPurpose``): the
/// heuristics are tuned on `tune`, the best heuristic is chosen on `evaluate`, the agent trains on
/// `train` and is selected on `evaluate`, and everything is reported on `report`.
public enum PolicyBenchmark {
    /// One benchmark case.
    public struct Case: Sendable {
        /// Short label, e.g. "(a) pricing-markdown".
        public var label: String
        /// The scenario as loaded (overrides applied).
        public var scenario: Scenario
        /// Index of the SKU the agent decides for (the others follow the best heuristic).
        public var skuIndex: Int
        /// Days between the agent's decisions (nil: the training model's default); full simulations only.
        public var decisionEveryDays: Int?
        /// Where the agent trains: full simulations, or (`.auto`) the SKU's exact model when it has one
        /// (e.g. dual sourcing, graded exactly).
        public var environment: TrainingRun.EnvironmentChoice
        /// Whether the agent's targets are scaled by the season's level so far (full simulations only).
        public var levelScaledCover: Bool
        /// Whether the agent's forecast spans the lead time plus the days to its next decision (full simulations only).
        public var coverUntilNextDecision: Bool

        /// Creates a case.
        public init(label: String, scenario: Scenario, skuIndex: Int, decisionEveryDays: Int? = nil,
                    environment: TrainingRun.EnvironmentChoice = .scenario, levelScaledCover: Bool = false,
                    coverUntilNextDecision: Bool = false) {
            self.levelScaledCover = levelScaledCover
            self.coverUntilNextDecision = coverUntilNextDecision
            self.label = label
            self.scenario = scenario
            self.skuIndex = skuIndex
            self.decisionEveryDays = decisionEveryDays
            self.environment = environment
        }
    }

    /// What a row of the table is.
    public enum Role: String, Sendable {
        case heuristic, agent, bound
    }

    /// One row: a policy's (or a bound's) profit per day of the SKU over the report replications.
    public struct Row: Sendable {
        public var name: String
        public var role: Role
        /// Mean profit per day and its 95% half-width.
        public var profitPerDay: Double
        public var halfWidth95: Double
        /// Paired difference to the best heuristic (this − best), per day, and its 95% half-width.
        public var differenceToBest: Double
        public var differenceHalfWidth95: Double
    }

    /// A finished case.
    public struct Outcome: Sendable {
        public var label: String
        public var rows: [Row]
        /// The heuristic chosen on `evaluate` replications.
        public var bestHeuristic: String
        /// Share of the gap between the best heuristic and the (first) bound that the agent closes (nil: no bound).
        public var shareOfGapClosed: Double?
        /// For each further bound, the share of the first bound's gap that it leaves open to the policies it
        /// bounds: `(bound − best heuristic) / (first bound − best heuristic)`, the most such a policy can close.
        public var boundShares: [(name: String, share: Double)] = []
        /// Wall-clock seconds of the agent's training (console only; never in result files).
        public var trainingSeconds: Double
        public var reportReplications: Int
        /// Notes on tuning and on the bound.
        public var notes: [String]
    }

    /// Per-replication upper bounds on the SKU's profit (currency over the measured days), on the report
    /// replications of `scenario`, each with its name, loosest first; empty where none is computable.
    public typealias Bound = @Sendable (_ scenario: Scenario, _ skuIndex: Int, _ replications: Int) throws -> [(name: String, profits: [Double])]

    /// Runs one case.
    /// - Parameters:
    ///   - benchmarkCase: the case.
    ///   - tuned: the scenario with its heuristics tuned (on `tune` replications) and notes on it.
    ///   - training: PPO settings (updates, seed, …).
    ///   - folder: where the agent's training files go.
    ///   - reportReplications: replications of the comparison (≥ 2).
    ///   - evaluateReplications: replications on which the best heuristic is chosen.
    ///   - bound: the upper bound, if any.
    public static func run(_ benchmarkCase: Case, tuned: (scenario: Scenario, notes: [String]), training: TrainingRun.Settings,
                           folder: URL, reportReplications: Int, evaluateReplications: Int = 100,
                           bound: Bound? = nil) throws -> Outcome {
        let sku = benchmarkCase.skuIndex
        var scenario = tuned.scenario
        let heuristics = scenario.policies.filter { $0.kind != .trained && $0.kind != .custom }
        precondition(!heuristics.isEmpty, "a benchmark case needs at least one heuristic")
        scenario.policies = heuristics
        let days = Double(max(scenario.world.measuredDays, 1))
        // The best heuristic, chosen on evaluate replications (never on the reported ones).
        var selection = scenario
        selection.replications = evaluateReplications
        let chosen = ExperimentRunner.run(selection, purpose: .evaluate)
        let means = heuristics.indices.map { SampleSummary(chosen.values(.profit, policy: $0, sku: sku)).mean }
        let bestIndex = means.indices.max { means[$0] < means[$1] }!
        let best = heuristics[bestIndex]
        // The agent: trained on train replications, its kept policy selected on evaluate replications.
        var settings = training
        settings.sku = scenario.world.products[sku].sku
        settings.decisionEveryDays = benchmarkCase.environment == .scenario ? benchmarkCase.decisionEveryDays : nil
        settings.levelScaledCover = benchmarkCase.environment == .scenario && benchmarkCase.levelScaledCover
        settings.coverUntilNextDecision = benchmarkCase.environment == .scenario && benchmarkCase.coverUntilNextDecision
        let simulated = benchmarkCase.environment == .scenario
        let run = try TrainingRun(scenario: scenario, settings: settings, folder: folder, environment: benchmarkCase.environment,
                                  othersPolicy: simulated ? best.name : nil)
        let outcome = try run.run()
        let agentPolicy = try outcome.file.policy(supplier: 0)
        let agent = PolicyDefinition.custom(name: "agent (PPO)", readsForecasts: simulated) { world in
            var policies = best.makePolicies(for: world)
            policies[sku] = agentPolicy
            return policies
        }
        // The report.
        scenario.replications = reportReplications
        let report = ExperimentRunner.run(scenario, adding: [agent], purpose: .report)
        let profits = report.scenario.policies.indices.map { report.values(.profit, policy: $0, sku: sku) }
        let bestProfits = profits[bestIndex]
        func row(_ name: String, _ role: Role, _ values: [Double]) -> Row {
            let summary = SampleSummary(values.map { $0 / days })
            let difference = SampleSummary(zip(values, bestProfits).map { ($0 - $1) / days })
            return Row(name: name, role: role, profitPerDay: summary.mean, halfWidth95: summary.halfWidth,
                       differenceToBest: difference.mean, differenceHalfWidth95: difference.halfWidth.isFinite ? difference.halfWidth : 0)
        }
        var rows = zip(report.scenario.policies, profits).map { definition, values in
            row(definition.name + (definition.name == best.name ? " (best heuristic)" : ""),
                definition.kind == .custom ? .agent : .heuristic, values)
        }
        var share: Double? = nil
        var boundShares: [(name: String, share: Double)] = []
        let boundRows = try (bound?(scenario, sku, reportReplications) ?? []).map { row($0.name, .bound, $0.profits) }
        rows += boundRows
        if let loosest = boundRows.first, loosest.differenceToBest > 1e-9 {
            let agentRow = rows.first { $0.role == .agent }!
            share = agentRow.differenceToBest / loosest.differenceToBest
            boundShares = boundRows.dropFirst().map { ($0.name, $0.differenceToBest / loosest.differenceToBest) }
        }
        var result = Outcome(label: benchmarkCase.label, rows: rows, bestHeuristic: best.name, shareOfGapClosed: share,
                             trainingSeconds: outcome.seconds, reportReplications: reportReplications, notes: tuned.notes)
        result.boundShares = boundShares
        return result
    }

    /// The clairvoyant bound of one SKU (``PerfectInformationBound/clairvoyant(_:threads:)``) on the report
    /// replications; nil for SKUs it does not model (several suppliers, random lead times, price levels,
    /// backorders, warm-up days).
    public static func clairvoyantBound(_ scenario: Scenario, _ sku: Int, _ replications: Int) throws -> [(name: String, profits: [Double])] {
        var copy = scenario
        copy.replications = replications
        guard let bound = PerfectInformationBound.clairvoyant(copy), let profits = bound.profitBySKU[sku] else { return [] }
        return [(bound.name, profits)]
    }

    /// The markdown season's bounds of one SKU (``PerfectInformationBound/markdown(_:threads:)``: the level
    /// known in advance, then known only after the buy) on the report replications.
    public static func markdownBounds(_ scenario: Scenario, _ sku: Int, _ replications: Int) throws -> [(name: String, profits: [Double])] {
        var copy = scenario
        copy.replications = replications
        return PerfectInformationBound.markdown(copy).compactMap { bound in bound.profitBySKU[sku].map { (bound.name, $0) } }
    }
}
