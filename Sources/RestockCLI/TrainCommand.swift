import ArgumentParser
import Experiment
import Foundation
import Learning
import Reports
import Scenario

/// `restock train`: trains a deep reinforcement-learning agent (PPO) on one SKU of a scenario.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a PPO agent on one SKU of a scenario; writes learning_curve.csv, checkpoint.json, <SKU>.policy.json and training.html.",
        discussion: """
        On the stationary model (daily review, constant lead time of 0-8 days, stationary demand) the agent is \
        graded exactly against dynamic programming; other SKUs (forecast demand, price levels, seasons) train \
        on full simulations of the scenario and are compared with the scenario's policies. \
        Use the policy file in a scenario as `{name: ppo, type: trained, file: PATH}`. \
        Training is a function of the scenario and --seed: the same options give the same files. \
        A killed run continues with --resume (same options) from its last checkpoint and writes the same files \
        as an uninterrupted run; options that differ from the checkpoint's are named. Options that do not apply \
        to the chosen environment are refused.
        """)

    @OptionGroup var scenarioOptions: ScenarioOptions
    @Option(help: "Agent: ppo.") var agent = "ppo"
    @Option(help: "SKU to train on (needed when the scenario has several).") var sku: String?
    @Option(help: "Training environment: model (the SKU's stationary model; exact grading), scenario (full simulations: forecasts, prices, seasons), or auto (model when it applies).") var environment = "auto"
    @Option(help: "Scenario environment only: the scenario policy that drives the other SKUs (default: the first).") var others: String?
    @Option(help: "Scenario environment only: days between the agent's decisions (default: 7 when it sets prices, else every review).") var decisionDays: Int?
    @Flag(help: "Scenario environment only: order up to multiples of the forecast scaled by the season's demand level so far against the pre-run forecast.") var levelScaledCover = false
    @Flag(help: "Scenario environment only: the forecast the agent orders multiples of spans the lead time plus the days to its next decision (default: plus the scenario's review period).") var coverUntilNextDecision = false
    @Option(help: "Discount factor per decision.") var discount: Double = 0.99
    @Option(help: "PPO updates; each plays --environments × --rollout days.") var updates = 300
    @Option(help: "Environment copies stepped together.") var environments = 64
    @Option(help: "Days each copy plays per update.") var rollout = 128
    @Option(help: "Updates between checkpoints (each segment starts fresh episodes).") var checkpointEvery = 10
    @Option(help: "Model environment only: largest order in units (default: 99.99% quantile of a day's demand, plus an EOQ batch when orders cost a fixed fee).") var maxOrder: Int?
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "32,32"
    @Option(help: "Policy learning rate (Adam), annealed to 0.") var learningRate: Float = 1e-3
    @Option(help: "Passes over each rollout.") var epochs = 8
    @Option(help: "Seed of everything random in training.") var seed: UInt64 = 1
    @Option(help: "Output folder (default reports/<scenario>/train-<SKU>).") var out: String?
    @Flag(help: "Continue from the output folder's checkpoint.json.") var resume = false
    @Option(help: "Stop after this many updates in total (at a checkpoint; continue later with --resume).") var stopAfter: Int?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        try exitForUserInput {
            guard agent == "ppo" else {
                throw UserInputFailure(message: "--agent \(agent) is not available; allowed: ppo (the tabular Q-learning agent is in the Learning library).")
            }
            // Numbers out of range, named by their flags (the library would name its own fields).
            let ranges: [(String, Bool, String)] = [
                ("--updates", updates >= 1, "at least 1"), ("--environments", (1...4096).contains(environments), "1 to 4096"),
                ("--rollout", (1...100_000).contains(rollout), "1 to 100000 decisions"),
                ("--checkpoint-every", checkpointEvery >= 1, "at least 1 update"), ("--epochs", (1...100).contains(epochs), "1 to 100"),
                ("--learning-rate", learningRate.isFinite && learningRate > 0, "a positive number, e.g. 0.001"),
                ("--discount", discount > 0 && discount < 1, "a number in (0, 1), e.g. 0.99"),
                ("--decision-days", decisionDays.map { $0 >= 1 } ?? true, "at least 1 day"),
                ("--stop-after", stopAfter.map { $0 >= 1 } ?? true, "at least 1 update"),
                ("--max-order", maxOrder.map { (1...100_000).contains($0) } ?? true, "1 to 100000 units"),
            ]
            for (flag, ok, allowed) in ranges where !ok {
                throw UserInputFailure(message: "\(flag) is out of range; allowed: \(allowed).")
            }
            let hiddenSizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ $0 != nil }) else {
                throw UserInputFailure(message: "--hidden \(hidden) is not a comma-separated list of layer sizes (e.g. 32,32).")
            }
            let scenario = try scenarioOptions.load()
            var ppo = PPOConfiguration()
            ppo.totalUpdates = updates
            ppo.rolloutLength = rollout
            ppo.updatesPerSegment = checkpointEvery
            ppo.hiddenSizes = hiddenSizes.map { $0! }
            ppo.policyLearningRate = learningRate
            ppo.epochs = epochs
            ppo.seed = seed
            ppo.discount = discount
            var settings = TrainingRun.Settings(ppo: ppo, environments: environments, maxOrderUnits: maxOrder, sku: sku, resume: resume)
            settings.stopAfterUpdates = stopAfter
            settings.decisionEveryDays = decisionDays
            settings.levelScaledCover = levelScaledCover
            settings.coverUntilNextDecision = coverUntilNextDecision
            guard let choice = TrainingRun.EnvironmentChoice(rawValue: environment) else {
                throw UserInputFailure(message: "--environment \(environment) is not known; allowed: auto, model, scenario.")
            }
            let run: TrainingRun
            do {
                let index = try TrainingModel.skuIndex(in: scenario, sku: sku)
                let code = scenario.world.products[index].sku
                let folder = try outputFolder(out, default: "reports/\(scenario.name)/train-\(code)")
                run = try TrainingRun(scenario: scenario, settings: settings, folder: folder, environment: choice, othersPolicy: others)
                // Before any training: a folder that cannot be written, or a checkpoint that cannot be continued.
                try run.checkFolder()
                if resume { try run.checkResume() }
            } catch let error as TrainingModelError {
                throw UserInputFailure(message: "\(scenarioOptions.scenario): \(error.message)")
            } catch let error as TrainingInputError {
                throw UserInputFailure(message: error.message)
            } catch let error as PPOError {
                throw UserInputFailure(message: error.message)
            }
            let bar = !quiet && isatty(STDERR_FILENO) != 0 ? ProgressBar(label: "train \(run.sku)", unit: "updates") : nil
            let outcome: TrainingRun.Outcome
            do {
                outcome = try run.run { statistics, total in
                    bar?.update(statistics.update, of: total, detail: String(
                        format: "%d episodes, mean reward %.4f, cost %.3f/day", statistics.episodes, statistics.meanReward,
                        statistics.meanCostPerPeriod))
                }
            } catch let error as TrainingInputError {
                bar?.finish()
                throw UserInputFailure(message: error.message)
            } catch let error as PPOError {
                // A failure of training itself (e.g. a NaN), not of the input.
                bar?.finish()
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(1)
            } catch let error as ReportError {
                bar?.finish()
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
            bar?.finish()
            guard !quiet else { return }
            guard outcome.isFinished else {
                print("stopped after \(outcome.history.count) of \(updates) updates; checkpoint at \(run.checkpointURL.path); continue with --resume and the same options")
                return
            }
            print("trained PPO on SKU \(run.sku) of \(scenario.name): \(outcome.history.count) updates, \(outcome.history.last?.environmentSteps ?? 0) decisions, \(String(format: "%.1f", outcome.seconds)) s")
            // The kept policy is the best evaluated one.
            let kept = outcome.evaluations.last { $0.update == outcome.selectedUpdate } ?? outcome.evaluations.last
            if let last = kept {
                print("kept the policy of update \(last.update) (the best of \(outcome.evaluations.count) evaluations)")
                let how = last.isExact ? "exact" : String(format: "simulated ±%.3f (95%%)", last.halfWidth95)
                if case .scenario = run.mode {
                    print(String(format: "greedy policy: profit %.2f per day over %d evaluation replications (±%.2f, 95%%)",
                                 -last.costPerDay, TrainingRun.scenarioEvaluationReplications, last.halfWidth95))
                    for reference in outcome.references {
                        print(String(format: "  %@: profit %.2f per day on the same replications", reference.label, -reference.costPerPeriod))
                    }
                } else {
                    print(String(format: "greedy policy: cost %.4f per day (%@)", last.costPerDay, how))
                }
                if let optimum = outcome.optimalCostPerDay {
                    print(String(format: "optimum (dynamic programming): %.4f per day; gap %.2f%%", optimum, 100 * (last.costPerDay / optimum - 1)))
                }
                if let best = outcome.bestBaseStock {
                    print(String(format: "best base-stock (S = %d): %.4f per day", best.level, best.costPerDay))
                }
                if case .dualSourcing = run.mode {
                    for reference in outcome.references.dropFirst() {
                        print(String(format: "%@: %.4f per day", reference.label, reference.costPerPeriod))
                    }
                }
            }
            print("wrote \(run.curveURL.path), \(run.checkpointURL.path), \(outcome.policyURL.path)")
        }
    }
}
