import Dispatch
import Foundation
import Learning
import Policies
import Reports
import Scenario
import Stochastics

/// `restock train`: trains an agent on one SKU of a scenario and writes, in its output folder,
/// `learning_curve.csv`, `checkpoint.json` (at every segment boundary, so `--resume` can continue
/// after a kill), `<SKU>.policy.json` (the trained policy, for `type: trained` in a scenario) and
/// `training.html`.
///
/// None of the files holds a clock time, and the checkpoint holds every evaluation at full precision
/// and everything that fixes the run (`runSettings`): the same settings give the same bytes, whether
/// the run was interrupted and resumed or not, and a resume with other settings is refused, naming them.
public struct TrainingRun {
    /// Settings of one training run.
    public struct Settings: Sendable {
        /// PPO hyper-parameters (the seed among them).
        public var ppo: PPOConfiguration
        /// Environment copies stepped together.
        public var environments: Int
        /// Stationary model only: largest order in units (nil: the model's default).
        public var maxOrderUnits: Int?
        /// SKU code (nil: the only SKU).
        public var sku: String?
        /// Continue from `checkpoint.json` in the output folder.
        public var resume: Bool
        /// Full simulations only: days between the agent's decisions (nil: the model's default).
        public var decisionEveryDays: Int?
        /// Full simulations only: order up to multiples of the forecast scaled by the season's level so far
        /// (`CoverActions.scaleByLevelEstimate`).
        public var levelScaledCover = false
        /// Full simulations only: the forecast the agent orders multiples of spans the lead time plus the
        /// days to its next decision (`ScenarioTrainingModel`'s `coverUntilNextDecision`).
        public var coverUntilNextDecision = false
        /// Stop this invocation once this many updates are complete (at a checkpoint), e.g. to fit a
        /// batch job's time limit; nil: train to the end.
        public var stopAfterUpdates: Int?

        /// Defaults: `PPOConfiguration()` with 64 copies.
        public init(ppo: PPOConfiguration = PPOConfiguration(), environments: Int = 64, maxOrderUnits: Int? = nil,
                    sku: String? = nil, resume: Bool = false) {
            self.ppo = ppo
            self.environments = environments
            self.maxOrderUnits = maxOrderUnits
            self.sku = sku
            self.resume = resume
        }
    }

    /// One evaluation of the greedy policy at a segment boundary.
    public struct Evaluation: Sendable {
        /// After this many updates.
        public var update: Int
        /// Long-run cost per day of the greedy policy on the training model.
        public var costPerDay: Double
        /// 95% half-width (0 when exact).
        public var halfWidth95: Double
        /// Whether `costPerDay` is exact (dynamic programming) or simulated.
        public var isExact: Bool

        /// The evaluation as the trainer recorded it.
        init(_ recorded: PPOEvaluation) {
            self.init(update: recorded.update, costPerDay: recorded.score, halfWidth95: recorded.halfWidth95, isExact: recorded.isExact)
        }

        /// Creates an evaluation.
        public init(update: Int, costPerDay: Double, halfWidth95: Double, isExact: Bool) {
            self.update = update
            self.costPerDay = costPerDay
            self.halfWidth95 = halfWidth95
            self.isExact = isExact
        }
    }

    /// What a finished run produced.
    public struct Outcome: Sendable {
        /// The policy file's contents.
        public var file: TrainedPolicyFile
        /// Where it was written.
        public var policyURL: URL
        /// Learning curve rows.
        public var history: [PPOUpdateStatistics]
        /// Greedy-policy evaluations at segment ends.
        public var evaluations: [Evaluation]
        /// The update whose policy was kept (the best evaluated), if any evaluation was made.
        public var selectedUpdate: Int? { file.training.selectedUpdate }
        /// Optimal cost per day of the training model, when dynamic programming could solve it.
        public var optimalCostPerDay: Double?
        /// Best base-stock level and its cost per day (lost sales or backorders), when computed.
        public var bestBaseStock: (level: Int, costPerDay: Double)?
        /// Reference costs per day shown with the curve (optimum, best base-stock, or the scenario's policies).
        public var references: [LearningCurve.ReferenceLine]
        /// Wall-clock seconds of this invocation's training.
        public var seconds: Double
        /// Whether all updates are done (the policy file is written only then).
        public var isFinished: Bool
    }

    /// The scenario.
    public let scenario: Scenario
    /// How the agent is trained: on the SKU's stationary model, or on full simulations of the scenario.
    public enum Mode: Sendable {
        /// The exact single-SKU model (`TrainingModel`): fast, and graded exactly against the DP optimum.
        case model(TrainingModel)
        /// Full simulations (`ScenarioEnvironment`), the other SKUs following `others`.
        case scenario(ScenarioTrainingModel, others: PolicyDefinition)
        /// The exact dual-sourcing model of a SKU with a regular and an expedited supplier
        /// (`DualSourcingTrainingModel`): the agent orders from both, graded exactly against the DP optimum.
        case dualSourcing(DualSourcingTrainingModel)
    }

    /// The training mode.
    public let mode: Mode
    /// The SKU code.
    public var sku: String {
        switch mode {
        case .model(let m): return m.sku
        case .scenario(let m, _): return m.sku
        case .dualSourcing(let m): return m.sku
        }
    }
    /// Settings.
    public let settings: Settings
    /// Output folder.
    public let folder: URL

    /// Which environment a run trains on.
    public enum EnvironmentChoice: String, Sendable, CaseIterable {
        /// The stationary model when the SKU fits it, else full simulations.
        case auto
        /// The SKU's stationary model (an error saying why when the SKU does not fit it): the dual-sourcing
        /// model for a SKU with two suppliers that fits it, else the single-supplier one.
        case model
        /// Full simulations of the scenario.
        case scenario
    }

    /// Prepares a run. With `.auto` (and `.model`), a SKU with two suppliers that fits the
    /// `DualSourcingTrainingModel` trains on it; else SKUs that fit the stationary `TrainingModel` train on
    /// it, and the others (forecast demand, price levels, review not daily) on full simulations.
    /// - Parameters:
    ///   - environment: The training environment.
    ///   - othersPolicy: Name of the scenario policy that drives the other SKUs (default: the first);
    ///     full simulations only.
    /// - Throws: `TrainingModelError` when the SKU cannot be trained as asked (saying why),
    ///   `TrainingInputError` for an option that does not apply to the environment (`othersPolicy` or
    ///   `decisionEveryDays` with the stationary model, `maxOrderUnits` with full simulations),
    ///   `PPOError` for invalid settings.
    public init(scenario: Scenario, settings: Settings, folder: URL, environment: EnvironmentChoice = .auto,
                othersPolicy: String? = nil) throws {
        var ppo = settings.ppo
        try ppo.validate()
        guard (1...4096).contains(settings.environments) else {
            throw PPOError("the number of environments must lie in 1...4096, got \(settings.environments).")
        }
        ppo.updatesPerSegment = max(1, ppo.updatesPerSegment)
        self.scenario = scenario
        let index = try TrainingModel.skuIndex(in: scenario, sku: settings.sku)
        let product = scenario.world.products[index]
        // Episodes last one segment, so that every segment starts fresh episodes (see PPOConfiguration).
        let episodeLength = ppo.rolloutLength * ppo.updatesPerSegment
        let setsPrices = "SKU '\(product.sku)' has \(product.priceLevels.count) price levels, and the stationary model does not set prices"
        var model: TrainingModel?
        // Why the run trains where it does, for the messages below.
        let why: String
        let dual = environment != .scenario && product.suppliers.count == 2 && product.priceLevels.count < 2
            ? try? DualSourcingTrainingModel(world: scenario.world, skuIndex: index) : nil
        if let dual {
            let reason = environment == .model ? "as --environment model asks" : "--environment auto chose it: the SKU has two suppliers and fits it"
            if othersPolicy != nil {
                throw TrainingInputError("--others does not apply here: SKU '\(product.sku)' trains on its dual-sourcing model (\(reason)), in which the other SKUs play no part; drop --others, or add --environment scenario to train on full simulations.")
            }
            if settings.decisionEveryDays != nil {
                throw TrainingInputError("--decision-days does not apply here: SKU '\(product.sku)' trains on its dual-sourcing model (\(reason)), in which the agent decides every day; drop --decision-days.")
            }
            if settings.levelScaledCover {
                throw TrainingInputError("--level-scaled-cover does not apply here: SKU '\(product.sku)' trains on its dual-sourcing model (\(reason)), in which the agent orders units from both suppliers; drop --level-scaled-cover.")
            }
            if settings.coverUntilNextDecision {
                throw TrainingInputError("--cover-until-next-decision does not apply here: SKU '\(product.sku)' trains on its dual-sourcing model (\(reason)), in which the agent orders units from both suppliers; drop --cover-until-next-decision.")
            }
            if settings.maxOrderUnits != nil {
                throw TrainingInputError("--max-order does not apply here: SKU '\(product.sku)' trains on its dual-sourcing model (\(reason)), whose order limits per supplier are the model's (\(dual.model.maxExpeditedOrderUnits) expedited, \(dual.model.maxRegularOrderUnits) regular units); drop --max-order.")
            }
            mode = .dualSourcing(dual)
            var s = settings
            s.ppo = ppo
            self.settings = s
            self.folder = folder
            return
        }
        switch environment {
        case .model:
            model = try TrainingModel(world: scenario.world, skuIndex: index, maxOrderUnits: settings.maxOrderUnits,
                                      episodeLength: episodeLength)
            guard product.priceLevels.count < 2 else {
                throw TrainingModelError("\(setsPrices); train it with --environment scenario (or auto).")
            }
            why = "as --environment model asks"
        case .scenario:
            why = "as --environment scenario asks"
        case .auto:
            if product.priceLevels.count >= 2 {
                why = "--environment auto chose them: \(setsPrices)"
            } else {
                do {
                    model = try TrainingModel(world: scenario.world, skuIndex: index, maxOrderUnits: settings.maxOrderUnits,
                                              episodeLength: episodeLength)
                    why = "--environment auto chose it: the SKU fits it"
                } catch let error as TrainingModelError {
                    let reason = error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message
                    why = "--environment auto chose them: \(reason)"
                }
            }
        }
        if let model {
            if othersPolicy != nil {
                throw TrainingInputError("--others does not apply here: SKU '\(product.sku)' trains on its stationary model (\(why)), in which the other SKUs play no part; drop --others, or add --environment scenario to train on full simulations with the other SKUs following that policy.")
            }
            if settings.decisionEveryDays != nil {
                throw TrainingInputError("--decision-days does not apply here: SKU '\(product.sku)' trains on its stationary model (\(why)), in which the agent decides every day; drop --decision-days, or add --environment scenario to train on full simulations with a decision every few days.")
            }
            if settings.levelScaledCover {
                throw TrainingInputError("--level-scaled-cover does not apply here: SKU '\(product.sku)' trains on its stationary model (\(why)), in which the agent orders units, not multiples of a forecast; drop --level-scaled-cover, or add --environment scenario.")
            }
            if settings.coverUntilNextDecision {
                throw TrainingInputError("--cover-until-next-decision does not apply here: SKU '\(product.sku)' trains on its stationary model (\(why)), in which the agent orders units, not multiples of a forecast; drop --cover-until-next-decision, or add --environment scenario.")
            }
            mode = .model(model)
        } else {
            if settings.maxOrderUnits != nil {
                throw TrainingInputError("--max-order does not apply here: SKU '\(product.sku)' trains on full simulations of the scenario (\(why)), in which the agent orders 0 to 3 times the forecast over lead time + review rather than a number of units up to a limit; drop --max-order.")
            }
            let others: PolicyDefinition
            if let name = othersPolicy {
                guard let found = scenario.policies.first(where: { $0.name == name && $0.kind != .trained }) else {
                    throw TrainingModelError("scenario '\(scenario.name)' has no policy '\(name)' to drive the other SKUs (it has \(scenario.policies.filter { $0.kind != .trained }.map(\.name).joined(separator: ", "))).")
                }
                others = found
            } else {
                guard let first = scenario.policies.first(where: { $0.kind != .trained }) else {
                    throw TrainingModelError("scenario '\(scenario.name)' needs at least one policy that is not trained, to drive the other SKUs.")
                }
                others = first
            }
            mode = .scenario(ScenarioTrainingModel(world: scenario.world, skuIndex: index,
                                                   decisionEveryDays: settings.decisionEveryDays,
                                                   levelScaledCover: settings.levelScaledCover,
                                                   coverUntilNextDecision: settings.coverUntilNextDecision), others: others)
        }
        var s = settings
        s.ppo = ppo
        self.settings = s
        self.folder = folder
    }

    /// The identity of the training model (recorded in the policy file).
    public var identity: TrainedPolicyFile.ModelIdentity {
        switch mode {
        case .model(let m): return m.identity(scenario: scenario.name)
        case .scenario(let m, _): return m.identity(scenario: scenario.name)
        case .dualSourcing(let m): return m.identity(scenario: scenario.name)
        }
    }

    /// File names in the output folder.
    public var checkpointURL: URL { folder.appendingPathComponent("checkpoint.json") }
    public var curveURL: URL { folder.appendingPathComponent("learning_curve.csv") }
    public var policyURL: URL { folder.appendingPathComponent("\(sku).policy.json") }
    public var pageURL: URL { folder.appendingPathComponent("training.html") }

    /// Flags that checkpoints from before them do not record: there, they were off.
    static let flagsOffWhenUnrecorded: Set<String> = ["--cover-until-next-decision", "--level-scaled-cover"]

    /// Names of the run settings that are not options: the scenario's fingerprint and the training model's hash.
    static let scenarioSetting = "scenario fingerprint"
    static let modelSetting = "training model hash"

    /// What fixes this run besides the PPO settings, by the option that sets it (saved in the checkpoint
    /// and compared on `--resume`): the environment with its options in force (defaults resolved), the
    /// `--set` overrides, the scenario's fingerprint and the training model's hash.
    public var runSettings: [PPORunSetting] {
        var list: [(String, String)]
        switch mode {
        case .model(let m):
            list = [("--environment", "model"), ("--sku", m.sku), ("--max-order", String(m.model.orderLimitUnits))]
        case .scenario(let m, let others):
            list = [("--environment", "scenario"), ("--sku", m.sku), ("--others", others.name),
                    ("--decision-days", String(m.actions.decisionEveryDays)),
                    ("--cover-until-next-decision", String(settings.coverUntilNextDecision)),
                    ("--level-scaled-cover", String(m.actions.scaleByLevelEstimate))]
        case .dualSourcing(let m):
            list = [("--environment", "model (dual sourcing)"), ("--sku", m.sku)]
        }
        list.append(("--set", scenario.overrides.isEmpty ? "(none)" : scenario.overrides.joined(separator: " ")))
        list.append((Self.scenarioSetting, scenario.fingerprint ?? "(built in code)"))
        list.append((Self.modelSetting, identity.parameterHash))
        return list.map { PPORunSetting(name: $0.0, value: $0.1) }
    }

    /// The PPO settings that `restock train` options set, by option.
    static func optionSettings(_ c: PPOConfiguration, environments: Int) -> [PPORunSetting] {
        [("--seed", String(c.seed)), ("--updates", String(c.totalUpdates)), ("--checkpoint-every", String(c.updatesPerSegment)),
         ("--environments", String(environments)), ("--rollout", String(c.rolloutLength)),
         ("--hidden", c.hiddenSizes.map(String.init).joined(separator: ",")), ("--learning-rate", "\(c.policyLearningRate)"),
         ("--epochs", String(c.epochs)), ("--discount", "\(c.discount)")].map { PPORunSetting(name: $0.0, value: $0.1) }
    }

    /// Fails unless the output folder can be written (it is created when training writes its first file).
    /// - Throws: `TrainingInputError` naming what is in the way (a file, a folder without write permission).
    public func checkFolder() throws {
        if let reason = AtomicFileWriter.obstacle(to: folder) {
            throw TrainingInputError("cannot write the training files to \(folder.path): \(reason); choose an --out folder you can write to.")
        }
    }

    /// Fails unless the output folder's checkpoint can be continued with these settings.
    /// - Throws: `TrainingInputError`: the checkpoint is missing, damaged, foreign or of another
    ///   version, or was made with other settings (each differing option named with both values).
    public func checkResume() throws { _ = try resumableState() }

    /// The checkpoint to continue from, checked against this run's settings.
    func resumableState() throws -> PPOState {
        let saved: PPOState
        do {
            saved = try PPOCheckpoint.load(checkpointURL)
        } catch let error as PPOError {
            throw TrainingInputError(error.message)
        }
        let now = Self.optionSettings(settings.ppo, environments: settings.environments) + runSettings
        var then = Dictionary((Self.optionSettings(saved.configuration, environments: saved.environmentCount) + saved.runSettings)
            .map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        if then["--environment"] == "scenario" {
            for flag in Self.flagsOffWhenUnrecorded where then[flag] == nil { then[flag] = "false" }
        }
        func value(_ name: String, in list: [PPORunSetting]) -> String? { list.first { $0.name == name }?.value }
        // Options first; the fingerprints only when no option explains the difference. In another
        // environment the other one's options (absent from the checkpoint) follow from --environment.
        let otherEnvironment = then["--environment"] != value("--environment", in: now)
        var differences = now.filter { $0.name.hasPrefix("--") && then[$0.name] != $0.value && !(otherEnvironment && then[$0.name] == nil) }.map {
            "\($0.name) was \(then[$0.name] ?? "not recorded") when the checkpoint was made, now \($0.value)"
        }
        if differences.isEmpty, saved.configuration != settings.ppo {
            differences.append("PPO settings that no option sets (minibatch size, clip range, …) differ from the checkpoint's")
        }
        if differences.isEmpty, let current = value(Self.scenarioSetting, in: now), then[Self.scenarioSetting] != current {
            differences.append("the scenario file has changed since the checkpoint was made (fingerprint \(then[Self.scenarioSetting] ?? "not recorded") then, \(current) now)")
        }
        if differences.isEmpty, let current = value(Self.modelSetting, in: now), then[Self.modelSetting] != current {
            differences.append("the training model of SKU '\(sku)' has changed since the checkpoint was made (hash \(then[Self.modelSetting] ?? "not recorded") then, \(current) now), e.g. the sales history it is fitted to")
        }
        guard differences.isEmpty else {
            throw TrainingInputError("cannot resume from \(checkpointURL.path): \(differences.joined(separator: "; ")); resume with the same options, or train afresh without --resume.")
        }
        return saved
    }

    /// Trains to the end (or resumes), writing the files.
    /// - Parameter progress: Called after each update with the statistics and the total number of updates.
    /// - Throws: `TrainingInputError` before training (the folder cannot be written; with `resume`, the
    ///   checkpoint cannot be continued), `PPOError` during training (NaN: the last good checkpoint is
    ///   kept), `ReportError` when files cannot be written.
    public func run(progress: (PPOUpdateStatistics, Int) -> Void = { _, _ in }) throws -> Outcome {
        try checkFolder()
        if settings.resume { try checkResume() }
        switch mode {
        case .model(let model): return try runOnModel(model, progress: progress)
        case .scenario(let model, let others): return try runOnScenario(model, others: others, progress: progress)
        case .dualSourcing(let model): return try runOnDualSourcing(model, progress: progress)
        }
    }

    /// The model the dual-sourcing agent learns on. Under backorders every unit demanded is bought once,
    /// from one supplier or the other, so the regular unit cost on every unit is a constant of all
    /// policies: the agent learns on the model with it taken out (regular 0, expedited the premium), whose
    /// rewards carry only what its decisions change (with purchases in, the demand's cost swamps the
    /// premium and learning stalls: 4.8% above the optimum instead of 0.05% on `dual-sourcing-exact.yaml`).
    /// The same policies are optimal on both; grading is on the SKU's own model. Under lost sales units
    /// bought are units sold, not units demanded, so the model is kept as it is.
    static func learningModel(_ model: DualSourcingModel) throws -> DualSourcingModel {
        guard !model.shortage.isLostSales, model.regularUnitCost > 0, model.expeditedUnitCost >= model.regularUnitCost else { return model }
        return try DualSourcingModel(
            demand: model.demand, regularLeadTimePeriods: model.regularLeadTimePeriods,
            expeditedLeadTimePeriods: model.expeditedLeadTimePeriods, regularUnitCost: 0,
            expeditedUnitCost: model.expeditedUnitCost - model.regularUnitCost, holdingCostPerUnitPeriod: model.holdingCostPerUnitPeriod,
            shortage: model.shortage, positionCap: model.stateSpace.positionCap, netInventoryFloor: model.stateSpace.netInventoryFloor,
            maxRegularOrderUnits: model.maxRegularOrderUnits, maxExpeditedOrderUnits: model.maxExpeditedOrderUnits)
    }

    func runOnDualSourcing(_ dual: DualSourcingTrainingModel, progress: (PPOUpdateStatistics, Int) -> Void) throws -> Outcome {
        let model = dual.model
        let episodeLength = settings.ppo.rolloutLength * settings.ppo.updatesPerSegment
        let environment = try DualSourcingVectorEnvironment(model: Self.learningModel(model), count: settings.environments,
                                                            episodeLength: episodeLength)
        let optimum = try? RelativeValueIteration.solve(model).value
        var references: [LearningCurve.ReferenceLine] = []
        if let optimum { references.append(.init(label: "optimum (dynamic programming)", costPerPeriod: optimum)) }
        if let cdi = try? DualIndexSearch.bestCappedDualIndex(model) {
            references.append(.init(label: "best capped dual index (\(cdi.levels))", costPerPeriod: cdi.costPerPeriod))
        }
        if let di = try? DualIndexSearch.bestDualIndex(model) {
            references.append(.init(label: "best dual index (\(di.levels))", costPerPeriod: di.costPerPeriod))
        }
        let actions = environment.actions
        let description = "dual sourcing: regular lead time \(model.regularLeadTimePeriods) days, expedited \(model.expeditedLeadTimePeriods) days; orders 0–\(model.maxExpeditedOrderUnits) expedited × 0–\(model.maxRegularOrderUnits) regular units, inventory position at most \(actions.positionCapUnits) (the SKU's dual-sourcing model; rewards without the regular unit cost every demanded unit pays under backorders; graded with purchases included)"
        return try train(
            environment: environment, optimum: optimum, bestBaseStock: nil, references: references, modelText: description,
            costLabel: "cost per day",
            greedy: {
                try TrainedPolicy(network: $0, features: environment.features, dualSourcing: actions,
                                  regularSupplier: dual.regularSupplier, expeditedSupplier: dual.expeditedSupplier)
            },
            evaluate: { policy, update in
                // A greedy policy whose chain the evaluation cannot settle scores +∞ (it is not kept).
                let cost = (try? DualSourcingAgentEvaluation.exactCost(of: policy, on: model)) ?? .infinity
                return Evaluation(update: update, costPerDay: cost, halfWidth95: 0, isExact: true)
            }, progress: progress)
    }

    func runOnModel(_ model: TrainingModel, progress: (PPOUpdateStatistics, Int) -> Void) throws -> Outcome {
        let c = model.configuration
        let pmf = try c.demandLaws[0].resolved()
        let features = InventoryFeatures(leadTimePeriods: c.leadTimePeriods, meanDemandPerPeriod: pmf.mean)
        let environment = StationaryFeatureEnvironment(
            environments: try StationaryVectorEnvironment(configuration: c, count: settings.environments), features: features)
        let exact = try? StationaryAgentEvaluation.model(for: c)
        let optimum = exact.flatMap { try? RelativeValueIteration.solve($0).value }
        let mapping = StationaryAgentEvaluation.actions(for: c)
        var references: [LearningCurve.ReferenceLine] = []
        if let optimum { references.append(.init(label: "optimum (dynamic programming)", costPerPeriod: optimum)) }
        let bestBaseStock = (try? StationaryAgentEvaluation.bestBaseStock(for: c)).flatMap { $0 }.map { (level: $0.level, costPerDay: $0.cost) }
        if let best = bestBaseStock { references.append(.init(label: "best base-stock (S = \(best.level))", costPerPeriod: best.costPerDay)) }
        let description = "lead time \(c.leadTimePeriods) days, orders 0–\(c.maxOrderUnits) units, \(c.shortage.isBackorder ? "backorders" : "lost sales") at \(c.shortage.unitCost) per unit (the SKU's stationary model)"
        return try train(
            environment: environment, optimum: optimum,
            bestBaseStock: bestBaseStock, references: references, modelText: description, costLabel: "cost per day",
            greedy: { try TrainedPolicy(network: $0, features: features, actions: mapping, supplier: model.supplier) },
            evaluate: { try evaluate($0, exact: exact, update: $1) }, progress: progress)
    }

    /// Evaluation replications of a scenario-trained agent (and of the heuristics it is compared with).
    public static let scenarioEvaluationReplications = 30

    func runOnScenario(_ model: ScenarioTrainingModel, others: PolicyDefinition,
                       progress: (PPOUpdateStatistics, Int) -> Void) throws -> Outcome {
        let environment = ScenarioEnvironment(
            scenario: scenario, skuIndex: model.skuIndex, others: others, features: model.features, actions: model.actions,
            supplier: 0, rewardScale: model.rewardScale, count: settings.environments)
        let replications = Self.scenarioEvaluationReplications
        // The scenario's own policies for this SKU, on the same evaluation replications: reference costs (−profit per day).
        var references: [LearningCurve.ReferenceLine] = []
        for definition in scenario.policies where definition.kind != .trained {
            let policy = definition.makePolicies(for: scenario.world)[model.skuIndex]
            let (profit, _) = environment.evaluate(policy, replications: replications)
            references.append(.init(label: definition.name, costPerPeriod: -profit))
        }
        let description = "full simulations of the scenario (\(scenario.world.horizonDays)-day episodes), other SKUs by '\(others.name)'; orders up to 0–3× the forecast over lead time + \(settings.coverUntilNextDecision ? "the days to the next decision" : "review")\(model.actions.scaleByLevelEstimate ? " scaled by the level so far" : "")\(model.actions.priceLevelCount > 1 ? ", \(model.actions.priceLevelCount) price levels" : "")"
        return try train(
            environment: environment, optimum: nil, bestBaseStock: nil,
            references: references, modelText: description, costLabel: "minus profit per day",
            greedy: { try TrainedPolicy(network: $0, inputs: .observation(model.features), outputs: .cover(model.actions)) },
            evaluate: { policy, update in
                let (profit, half) = environment.evaluate(policy, replications: replications)
                return Evaluation(update: update, costPerDay: -profit, halfWidth95: half, isExact: false)
            }, progress: progress)
    }

    /// The training loop shared by both modes: checkpoints, greedy evaluations at segment ends, the
    /// curve and page, and the policy file at the end.
    func train<E: BatchedEnvironment>(
        environment: E, optimum: Double?,
        bestBaseStock: (level: Int, costPerDay: Double)?, references: [LearningCurve.ReferenceLine], modelText: String,
        costLabel: String, greedy: (MultilayerPerceptron) throws -> TrainedPolicy,
        evaluate: (TrainedPolicy, Int) throws -> Evaluation, progress: (PPOUpdateStatistics, Int) -> Void
    ) throws -> Outcome {
        let trainer: PPOTrainer<E>
        if settings.resume {
            do {
                trainer = try PPOTrainer(resuming: try resumableState(), environment: environment)
            } catch let error as PPOError {
                throw TrainingInputError("cannot resume from \(checkpointURL.path): \(error.message) Train afresh without --resume.")
            }
        } else {
            trainer = try PPOTrainer(configuration: settings.ppo, environment: environment, runSettings: runSettings)
        }
        // The checkpoint holds every evaluation at full precision, so a resumed run keeps and reports
        // exactly what the uninterrupted one does.
        var evaluations: [Evaluation] { trainer.state.evaluations.map(Evaluation.init) }
        let start = DispatchTime.now().uptimeNanoseconds
        try PPOCheckpoint.train(trainer, checkpoint: checkpointURL, stopAfter: settings.stopAfterUpdates,
                                onUpdate: { progress($0, settings.ppo.totalUpdates) }) { trainer in
            let evaluation = try evaluate(try greedy(trainer.state.policy), trainer.state.completedUpdates)
            trainer.record(score: evaluation.costPerDay, halfWidth95: evaluation.halfWidth95, isExact: evaluation.isExact)
            try writeCurve(trainer.state.history, evaluations: evaluations, references: references, modelText: modelText)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The policy kept is the best evaluated one (the curve shows them all).
        let selected = trainer.state.best
        let policy = try greedy(selected?.policy ?? trainer.state.policy)
        let final = evaluations.last { $0.update == selected?.update } ?? evaluations.last
        var file = TrainedPolicyFile(
            agent: "ppo", model: identity, policy: policy,
            training: .init(seed: settings.ppo.seed, updates: trainer.state.completedUpdates,
                            environmentSteps: trainer.state.environmentSteps,
                            exactCostPerPeriod: final?.isExact == true ? final?.costPerDay : nil,
                            optimalCostPerPeriod: optimum, selectedUpdate: selected?.update))
        file.training.curve = Self.curvePoints(trainer.state.history, evaluations: evaluations)
        if trainer.isFinished {
            try AtomicFileWriter.write(String(decoding: try file.encoded(), as: UTF8.self), to: policyURL)
        }
        return Outcome(file: file, policyURL: policyURL, history: trainer.state.history, evaluations: evaluations,
                       optimalCostPerDay: optimum, bestBaseStock: bestBaseStock, references: references, seconds: seconds,
                       isFinished: trainer.isFinished)
    }

    /// The greedy policy's long-run cost per day: exact when the model is small enough for DP,
    /// else simulated (20 batches of 2,000 days after 500 warm-up days, 95% interval).
    func evaluate(_ policy: TrainedPolicy, exact: InventoryMDP?, update: Int) throws -> Evaluation {
        guard case .model(let model) = mode else { preconditionFailure("model evaluation in scenario mode") }
        if let exact, let cost = try? StationaryAgentEvaluation.exactCost(of: policy, on: exact) {
            return Evaluation(update: update, costPerDay: cost, halfWidth95: 0, isExact: true)
        }
        var check = model.configuration
        check.episodeLength = 500 + 20 * 2000
        var environment = try StationaryEnvironment(configuration: check)
        let estimate = try PolicyRollout.estimateCost(of: policy, in: &environment, seed: settings.ppo.seed &+ 1,
                                                      warmUpPeriods: 500, batches: 20, periodsPerBatch: 2000)
        let batches = SampleSummary(estimate.batchMeans)
        return Evaluation(update: update, costPerDay: estimate.meanCost, halfWidth95: batches.halfWidth, isExact: false)
    }

    /// Columns of `learning_curve.csv`.
    public static let header = [
        "update", "environment_steps", "episodes", "mean_reward", "mean_cost_per_day", "policy_loss", "value_loss",
        "entropy", "approx_kl", "clip_fraction", "greedy_cost_per_day", "greedy_cost_ci95_half_width", "greedy_evaluation",
    ]

    /// The curve as the CSV rounds it (the policy file keeps it for run reports, without the half-widths).
    static func curvePoints(_ history: [PPOUpdateStatistics], evaluations: [Evaluation], halfWidths: Bool = false) -> [LearningCurvePoint] {
        let byUpdate = Dictionary(evaluations.map { ($0.update, $0) }, uniquingKeysWith: { _, last in last })
        return history.map { s in
            let e = byUpdate[s.update]
            return LearningCurvePoint(
                environmentSteps: s.environmentSteps, meanRewardPerPeriod: Double(CSVTable.number(s.meanReward))!,
                evaluationCostPerPeriod: e.flatMap { Double(CSVTable.number($0.costPerDay)) },
                evaluationHalfWidth95: halfWidths ? e.flatMap { Double(CSVTable.number($0.halfWidth95)) } : nil)
        }
    }

    func writeCurve(_ history: [PPOUpdateStatistics], evaluations: [Evaluation], references: [LearningCurve.ReferenceLine],
                    modelText: String) throws {
        var table = CSVTable(header: Self.header)
        let byUpdate = Dictionary(evaluations.map { ($0.update, $0) }, uniquingKeysWith: { _, last in last })
        for s in history {
            let e = byUpdate[s.update]
            table.append([
                String(s.update), String(s.environmentSteps), String(s.episodes), CSVTable.number(s.meanReward),
                CSVTable.number(s.meanCostPerPeriod), CSVTable.number(s.policyLoss), CSVTable.number(s.valueLoss),
                CSVTable.number(s.entropy), CSVTable.number(s.approximateKL), CSVTable.number(s.clipFraction),
                e.map { CSVTable.number($0.costPerDay) } ?? "", e.map { CSVTable.number($0.halfWidth95) } ?? "",
                e.map { $0.isExact ? "exact" : "simulated" } ?? "",
            ])
        }
        // The page shows the numbers as the CSV rounds them.
        let points = Self.curvePoints(history, evaluations: evaluations, halfWidths: true)
        let c = settings.ppo
        let curve = LearningCurve(
            title: "PPO on SKU \(sku) of \(scenario.name)",
            parameters: [
                .init(name: "agent", value: "PPO (clipped objective, GAE), policy and value MLPs \(c.hiddenSizes.map(String.init).joined(separator: "×")) tanh"),
                .init(name: "training environment", value: modelText),
                .init(name: "seed", value: String(c.seed)),
                .init(name: "updates", value: "\(history.count) of \(c.totalUpdates), each \(settings.environments) copies × \(c.rolloutLength) days"),
                .init(name: "optimiser", value: "Adam, learning rate \(c.policyLearningRate) (policy) / \(c.valueLearningRate) (value), annealed; \(c.epochs) epochs, minibatch \(c.minibatchSize)"),
                .init(name: "discount, GAE λ, clip ε", value: "\(c.discount), \(c.gaeLambda), \(c.clipRange)"),
                .init(name: "greedy evaluation", value: "every \(c.updatesPerSegment) updates: exact (dynamic programming) when the model is small enough, else simulated with a 95% CI"),
            ],
            points: points, referenceLines: references, sourceFiles: [curveURL.lastPathComponent])
        try AtomicFileWriter.writeAll([(table.text, curveURL), (try TrainingReport.html(curve), pageURL)])
    }
}
