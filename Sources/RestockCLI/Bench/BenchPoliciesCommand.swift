import ArgumentParser
import Experiment
import Foundation
import Learning
import Policies
import Reports
import Scenario
import Stochastics

/// `restock bench-policies`: do the agents earn their place? On five cases where forecasts, prices or a
/// second supplier matter, the heuristics tuned to their best, a trained agent and an upper bound,
/// compared under common random numbers on report replications nothing was tuned, trained or selected on.
struct BenchPoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-policies",
        abstract: "Tuned heuristics against a trained agent and upper bounds on five cases (markdown season at level CV 0.3 and 0.5, a seasonal lost-sales SKU, dual sourcing, the e-commerce shop); build with -c release.",
        discussion: """
        Per case: every heuristic is tuned (restock tune: tune replications, finalists on evaluate), the best \
        tuned heuristic is chosen on evaluate replications, the agent (PPO) trains on train replications and \
        is selected on evaluate, and everything is reported on --replications report replications: each \
        policy's profit per day of the case's SKU, its paired difference to the best tuned heuristic with a \
        95% confidence interval, the bound, and the share of the heuristic-to-bound gap the agent closes \
        (share_of_gap_closed; on a second bound's row, the share of the first bound's gap that the second leaves \
        open, the most any policy it bounds can close). \
        Writes bench_policies.csv to --out (default reports/bench-policies).
        """)

    @Option(help: "Cases to run, comma-separated: a (pricing-markdown), b (levelCV 0.5), c (seasonal lost sales), d (dual sourcing), e (e-commerce).") var cases = "a,b,c,d,e"
    @Option(help: "Report replications per case (at least 2).") var replications = 200
    @Option(help: "Tune replications per candidate.") var tuneReplications = 40
    @Option(help: "PPO updates per agent (the dual-sourcing agent on its exact model uses the same).") var updates = 300
    @Option(help: "Seed of the agents' training.") var seed: UInt64 = 1
    // The agent's network and optimiser: `restock train`'s defaults.
    @Option(help: "Hidden layer sizes of the agents, comma-separated.") var hidden = "32,32"
    @Option(help: "Policy learning rate (Adam), annealed to 0.") var learningRate: Float = 1e-3
    @Option(help: "Passes over each rollout.") var epochs = 8
    @Option(help: "Output folder.") var out = "reports/bench-policies"
    @Option(help: "Folder of the scenarios.") var scenarios = "scenarios"

    struct CaseSpec {
        var key: String
        var label: String
        var file: String
        var overrides: [String]
        var sku: String?
        var decisionEveryDays: Int?
        var environment: TrainingRun.EnvironmentChoice
        var bound: PolicyBenchmark.Bound?
        /// Heuristics whose parameters are already exact optima (not tuned by simulation), with why.
        var exactNote: String?
        /// Whether the agent's targets follow the season's level so far (`--level-scaled-cover`).
        var levelScaledCover = false
        /// Whether the agent's forecast spans the lead time plus the days to its next decision (`--cover-until-next-decision`).
        var coverUntilNextDecision = false
    }

    static let specs: [CaseSpec] = [
        CaseSpec(key: "a", label: "(a) pricing-markdown", file: "pricing-markdown.yaml", overrides: [], sku: nil, decisionEveryDays: nil,
                 environment: .scenario, bound: markdownBound),
        CaseSpec(key: "b", label: "(b) markdown, levelCV 0.5", file: "pricing-markdown.yaml", overrides: ["products.0.demand.levelCV=0.5"],
                 sku: nil, decisionEveryDays: nil, environment: .scenario, bound: markdownBound),
        CaseSpec(key: "c", label: "(c) seasonal lost sales, lead time 4", file: "seasonal-lost-sales.yaml", overrides: [], sku: nil,
                 decisionEveryDays: 7, environment: .scenario, bound: PolicyBenchmark.clairvoyantBound,
                 coverUntilNextDecision: true),
        CaseSpec(key: "d", label: "(d) dual sourcing (lr 4, le 0)", file: "dual-sourcing-exact.yaml", overrides: [], sku: nil,
                 decisionEveryDays: nil, environment: .auto, bound: dualSourcingOptimum,
                 exactNote: "dual-index and capped dual-index levels are the exact best (DualIndexSearch); base-stock levels the exact optimisers'"),
        CaseSpec(key: "e", label: "(e) ecommerce-forecast, HEADPHONES-BT", file: "ecommerce-forecast.yaml", overrides: ["warmupDays=0"],
                 sku: "HEADPHONES-BT", decisionEveryDays: 7, environment: .scenario, bound: PolicyBenchmark.clairvoyantBound,
                 coverUntilNextDecision: true),
    ]

    /// The markdown season's bounds: each replication's level known in advance, and known only after the buy.
    static let markdownBound: PolicyBenchmark.Bound = PolicyBenchmark.markdownBounds

    /// The DP optimum of a dual-sourcing SKU (its long-run expected profit per day, on every replication).
    static let dualSourcingOptimum: PolicyBenchmark.Bound = { scenario, sku, replications in
        guard let profit = ExactSolver.solve(scenario)[sku].optimalProfitPerDay else { return [] }
        return [("optimum (dynamic programming, expected)", Array(repeating: profit * Double(scenario.world.measuredDays), count: replications))]
    }

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench-policies`.")
        #endif
        try exitForUserInput {
            let keys = cases.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = keys.filter { key in !Self.specs.contains { $0.key == key } }
            guard !keys.isEmpty, unknown.isEmpty else {
                throw UserInputFailure(message: "--cases \(cases): unknown case \(unknown.joined(separator: ", ")); allowed: a, b, c, d, e.")
            }
            guard replications >= 2 else { throw UserInputFailure(message: "--replications must be at least 2.") }
            guard tuneReplications >= 2 else { throw UserInputFailure(message: "--tune-replications must be at least 2.") }
            guard updates >= 1 else { throw UserInputFailure(message: "--updates must be at least 1.") }
            let hiddenSizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw UserInputFailure(message: "--hidden \(hidden) is not a comma-separated list of layer sizes (e.g. 32,32).")
            }
            guard learningRate.isFinite, learningRate > 0 else { throw UserInputFailure(message: "--learning-rate must be a positive number, e.g. 0.001.") }
            guard (1...100).contains(epochs) else { throw UserInputFailure(message: "--epochs must lie in 1...100.") }
            let folder = try outputFolder(out, default: out)
            try checkOutputFolder(folder)
            var table = CSVTable(header: ["case", "policy", "role", "profit_per_day", "ci95_half_width", "difference_to_best_heuristic",
                                          "difference_ci95_half_width", "share_of_gap_closed", "report_replications"])
            for spec in Self.specs where keys.contains(spec.key) {
                let path = URL(fileURLWithPath: scenarios).appendingPathComponent(spec.file).path
                let scenario: Scenario
                do {
                    scenario = try ScenarioLoader.load(path: path, overrides: spec.overrides, registry: .standard)
                } catch let error as ScenarioError {
                    throw UserInputFailure(message: error.description)
                }
                let skuIndex = try TrainingModel.skuIndex(in: scenario, sku: spec.sku)
                print("\(spec.label): \(scenario.world.products[skuIndex].sku), \(replications) report replications")
                let tuned = try tune(scenario, spec: spec)
                var ppo = PPOConfiguration()
                ppo.totalUpdates = updates
                ppo.seed = seed
                ppo.hiddenSizes = hiddenSizes.map { $0! }
                ppo.policyLearningRate = learningRate
                ppo.epochs = epochs
                let settings = TrainingRun.Settings(ppo: ppo)
                let outcome = try PolicyBenchmark.run(
                    PolicyBenchmark.Case(label: spec.label, scenario: scenario, skuIndex: skuIndex,
                                         decisionEveryDays: spec.decisionEveryDays, environment: spec.environment,
                                         levelScaledCover: spec.levelScaledCover, coverUntilNextDecision: spec.coverUntilNextDecision),
                    tuned: tuned, training: settings,
                    folder: folder.appendingPathComponent("train-\(spec.key)"), reportReplications: replications, bound: spec.bound)
                for note in outcome.notes { print("  tuned: \(note)") }
                print("  " + "policy".padding(toLength: 46, withPad: " ", startingAt: 0) + "   profit/day (95% CI)   vs best heuristic (95% CI)")
                for row in outcome.rows {
                    print("  " + row.name.padding(toLength: 46, withPad: " ", startingAt: 0)
                          + String(format: " %9.2f ± %-7.2f  %+9.2f ± %-7.2f", row.profitPerDay, row.halfWidth95,
                                   row.differenceToBest, row.differenceHalfWidth95)
                          + (row.role == .agent ? verdict(row) : ""))
                    let share: String
                    switch row.role {
                    case .agent: share = outcome.shareOfGapClosed.map { CSVTable.number($0) } ?? ""
                    case .bound: share = outcome.boundShares.first { $0.name == row.name }.map { CSVTable.number($0.share) } ?? ""
                    case .heuristic: share = ""
                    }
                    table.append([spec.label, row.name, row.role.rawValue, CSVTable.number(row.profitPerDay), CSVTable.number(row.halfWidth95),
                                  CSVTable.number(row.differenceToBest), CSVTable.number(row.differenceHalfWidth95), share,
                                  String(outcome.reportReplications)])
                }
                if let share = outcome.shareOfGapClosed {
                    print(String(format: "  the agent closes %.0f%% of the gap between the best tuned heuristic and the bound", share * 100))
                }
                for (name, share) in outcome.boundShares {
                    print("  \(name) lies " + String(format: "%.0f%%", share * 100)
                          + " of the way from the best tuned heuristic to the first bound: no policy it bounds can close more of that gap")
                }
                print(String(format: "  agent training: %.0f s (console only)", outcome.trainingSeconds))
            }
            try AtomicFileWriter.write(table.text, to: folder.appendingPathComponent("bench_policies.csv"))
            print("wrote \(folder.appendingPathComponent("bench_policies.csv").path)")
        }
    }

    func verdict(_ row: PolicyBenchmark.Row) -> String {
        if row.differenceToBest - row.differenceHalfWidth95 > 0 { return "  better at 95%" }
        if row.differenceToBest + row.differenceHalfWidth95 < 0 { return "  worse at 95%" }
        return "  not distinguishable"
    }

    /// Every heuristic tuned on tune replications (restock tune's search), except where the scenario's
    /// levels are already exact optima.
    func tune(_ scenario: Scenario, spec: CaseSpec) throws -> (scenario: Scenario, notes: [String]) {
        if let note = spec.exactNote { return (scenario, [note]) }
        var tuned = scenario
        var notes: [String] = []
        let tuner = PolicyTuner(settings: PolicyTuner.Settings(searchReplications: tuneReplications))
        for (index, definition) in scenario.policies.enumerated()
        where !TunableParameter.tunable(for: definition.kind).isEmpty {
            let result = try tuner.tune(scenario, policyIndex: index)
            tuned.policies[index] = result.tuned
            let gain = result.versusStart.map { String(format: ", %+.2f ± %.2f per day over the start (evaluate)", $0.mean, $0.halfWidth) } ?? ""
            notes.append("\(definition.name): \(result.describe(result.startValues)) → \(result.describe(result.tunedValues))\(gain)")
        }
        return (tuned, notes)
    }
}
