import Foundation
import Stochastics

/// The saved form of a trained policy: a versioned JSON document with everything needed to act
/// (network weights, feature normalisation, action mapping) and to check that it is used on the
/// model it was trained for (the model's shape and a hash of its parameters).
///
/// Layout (version 1; written with sorted keys, numbers in shortest round-trip form):
/// ```json
/// {
///   "format": "restock-trained-policy", "version": 1,
///   "agent": "ppo",
///   "model": { "sku": "ZIPKIN", "leadTimePeriods": 2, "periodLengthDays": 1,
///              "description": "Poisson demand ...", "parameterHash": "9f3c0a...", "scenario": "lost-sales" },
///   "features": { "kind": "modelState", "names": [...], "offsets": [...], "scales": [...] },
///   "actions": { "kind": "units", "orderQuantities": [0, 1, ...], "prices": [] },
///   "network": { "sizes": [3, 64, 64, 16], "hiddenActivation": "tanh", "parameters": [...] },
///   "training": { "seed": 1, "updates": 300, "environmentSteps": 2457600,
///                 "exactCostPerPeriod": 6.13, "optimalCostPerPeriod": 6.09 }
/// }
/// ```
/// `features.names` is informative; for `kind: modelState`, `offsets` and `scales` normalise the
/// exact model's state (`InventoryFeatures`); for `kind: observation`, `features.observation` holds
/// the settings of `ObservationFeatures` and `actions` is `{kind: cover, cover: {coverMultiples,
/// priceLevelCount}}` (`CoverActions`). A dual-sourcing agent (trained on a two-supplier SKU) has
/// `actions` `{kind: dualSourcing, dualSourcing: {expeditedQuantities, regularQuantities, positionCapUnits}}`
/// (`DualSourcingActions`) and `model.leadTimePeriods` is the regular lead time. `network.parameters` are the weights and biases layer by layer
/// (`MultilayerPerceptron`). `model.parameterHash` is FNV-1a (64-bit, hex) of
/// `model.description`, the canonical text of the training model's parameters.
public struct TrainedPolicyFile: Sendable, Equatable, Codable {
    /// Always `"restock-trained-policy"`.
    public var format: String = TrainedPolicyFile.formatName
    /// File format version.
    public var version: Int = TrainedPolicyFile.currentVersion
    /// Which agent produced it (`"ppo"`).
    public var agent: String
    /// The model it was trained on.
    public var model: ModelIdentity
    /// Feature normalisation.
    public var features: FeatureSection
    /// Action index → order and price.
    public var actions: ActionSection
    /// The policy network.
    public var network: MultilayerPerceptron
    /// How it was trained (informative).
    public var training: TrainingSummary

    /// The name in `format`.
    public static let formatName = "restock-trained-policy"
    /// The version this build writes and reads.
    public static let currentVersion = 1

    /// What the policy was trained for.
    public struct ModelIdentity: Sendable, Equatable, Codable {
        /// SKU code in the scenario.
        public var sku: String
        /// `L`, periods.
        public var leadTimePeriods: Int
        /// Days per period.
        public var periodLengthDays: Double
        /// Canonical text of the training model's parameters.
        public var description: String
        /// FNV-1a 64-bit hash of `description`, 16 hex digits.
        public var parameterHash: String
        /// Name of the scenario it came from.
        public var scenario: String

        /// Creates an identity; the hash is computed from `description`.
        public init(sku: String, leadTimePeriods: Int, periodLengthDays: Double, description: String, scenario: String) {
            self.sku = sku
            self.leadTimePeriods = leadTimePeriods
            self.periodLengthDays = periodLengthDays
            self.description = description
            self.parameterHash = TrainedPolicyFile.hash(description)
            self.scenario = scenario
        }
    }

    /// Feature names and normalisation: `kind` is `modelState` (then `offsets` and `scales` apply to
    /// the model state, `InventoryFeatures`) or `observation` (then `observation` holds the settings of
    /// `ObservationFeatures`).
    public struct FeatureSection: Sendable, Equatable, Codable {
        public var kind: String
        public var names: [String]
        public var offsets: [Float]?
        public var scales: [Float]?
        public var observation: ObservationFeatures?
    }

    /// The action mapping: `kind` is `units` (`orderQuantities`, `prices`), `cover` (`cover`) or
    /// `dualSourcing` (`dualSourcing`).
    public struct ActionSection: Sendable, Equatable, Codable {
        public var kind: String
        public var orderQuantities: [Int]?
        public var prices: [Double]?
        public var cover: CoverActions?
        public var dualSourcing: DualSourcingActions?
    }

    /// Whether the policy orders from two suppliers (`actions.kind` is `dualSourcing`).
    public var isDualSourcing: Bool { actions.kind == "dualSourcing" }

    /// One point of the learning curve kept in the file.
    public typealias CurvePoint = LearningCurvePoint

    /// Training facts, for the reader (no wall-clock times, so that the same training writes the same bytes).
    public struct TrainingSummary: Sendable, Equatable, Codable {
        public var seed: UInt64
        public var updates: Int
        public var environmentSteps: Int
        /// Exact long-run cost per period of the greedy policy on the training model, when computed.
        public var exactCostPerPeriod: Double?
        /// Optimal cost per period of the training model (DP), when computed.
        public var optimalCostPerPeriod: Double?
        /// The update after which the saved network was evaluated best (training keeps the best evaluated policy).
        public var selectedUpdate: Int?
        /// The learning curve (as in `learning_curve.csv`), so that reports of runs using the policy can show it.
        public var curve: [CurvePoint]?

        public init(seed: UInt64, updates: Int, environmentSteps: Int,
                    exactCostPerPeriod: Double? = nil, optimalCostPerPeriod: Double? = nil, selectedUpdate: Int? = nil) {
            self.selectedUpdate = selectedUpdate
            self.seed = seed
            self.updates = updates
            self.environmentSteps = environmentSteps
            self.exactCostPerPeriod = exactCostPerPeriod
            self.optimalCostPerPeriod = optimalCostPerPeriod
        }
    }

    /// Creates the file contents of a trained policy.
    public init(agent: String, model: ModelIdentity, policy: TrainedPolicy, training: TrainingSummary) {
        self.agent = agent
        self.model = model
        switch policy.inputs {
        case .modelState(let f):
            features = FeatureSection(kind: "modelState", names: f.names, offsets: f.offsets, scales: f.scales, observation: nil)
        case .observation(let f):
            features = FeatureSection(kind: "observation", names: f.names, offsets: nil, scales: nil, observation: f)
        }
        switch policy.outputs {
        case .units(let a):
            actions = ActionSection(kind: "units", orderQuantities: a.orderQuantities, prices: a.prices, cover: nil)
        case .cover(let a):
            actions = ActionSection(kind: "cover", orderQuantities: nil, prices: nil, cover: a)
        case .dualSourcing(let a):
            actions = ActionSection(kind: "dualSourcing", orderQuantities: nil, prices: nil, cover: nil, dualSourcing: a)
        }
        self.network = policy.network
        self.training = training
    }

    /// FNV-1a 64-bit hash, 16 lowercase hex digits (`FNV1a.hex`).
    public static func hash(_ text: String) -> String { FNV1a.hex(text) }

    /// The policy this file describes.
    /// - Parameters:
    ///   - supplier: Supplier index for the orders (the regular ones under dual sourcing).
    ///   - expeditedSupplier: Supplier index for expedited orders (dual-sourcing files only).
    /// - Throws: `NeuralNetworkError` when the sections do not fit together.
    public func policy(supplier: Int = 0, expeditedSupplier: Int = 1) throws -> TrainedPolicy {
        let inputs: PolicyInputs
        switch features.kind {
        case "modelState":
            guard let offsets = features.offsets, let scales = features.scales else {
                throw NeuralNetworkError("features of kind modelState need offsets and scales.")
            }
            inputs = .modelState(try InventoryFeatures(leadTimePeriods: model.leadTimePeriods, offsets: offsets, scales: scales))
        case "observation":
            guard let observation = features.observation else {
                throw NeuralNetworkError("features of kind observation need the observation settings.")
            }
            inputs = .observation(observation)
        default:
            throw NeuralNetworkError("features.kind '\(features.kind)' is unknown; allowed: modelState, observation.")
        }
        let outputs: PolicyOutputs
        switch actions.kind {
        case "units":
            let mapping = ActionMapping(orderQuantities: actions.orderQuantities ?? [], prices: actions.prices ?? [])
            guard !mapping.orderQuantities.isEmpty, mapping.orderQuantities.allSatisfy({ $0 >= 0 }),
                  mapping.prices.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw NeuralNetworkError("the action mapping needs at least one order quantity, all >= 0 units, and prices >= 0.")
            }
            outputs = .units(mapping)
        case "cover":
            guard let cover = actions.cover, !cover.coverMultiples.isEmpty,
                  cover.coverMultiples.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw NeuralNetworkError("actions of kind cover need at least one multiple, all finite and >= 0.")
            }
            outputs = .cover(cover)
        case "dualSourcing":
            guard let dual = actions.dualSourcing else {
                throw NeuralNetworkError("actions of kind dualSourcing need the dualSourcing section.")
            }
            // Decoding bypasses the initializer's checks.
            outputs = .dualSourcing(try DualSourcingActions(
                expeditedQuantities: dual.expeditedQuantities, regularQuantities: dual.regularQuantities,
                positionCapUnits: dual.positionCapUnits))
        default:
            throw NeuralNetworkError("actions.kind '\(actions.kind)' is unknown; allowed: units, cover, dualSourcing.")
        }
        let network = try MultilayerPerceptron(sizes: network.sizes, hiddenActivation: network.hiddenActivation,
                                               parameters: network.parameters)
        guard model.periodLengthDays.isFinite, model.periodLengthDays > 0 else {
            throw NeuralNetworkError("model.periodLengthDays must be positive, got \(model.periodLengthDays).")
        }
        return try TrainedPolicy(network: network, inputs: inputs, outputs: outputs,
                                 periodLengthDays: model.periodLengthDays, supplier: supplier,
                                 expeditedSupplier: expeditedSupplier)
    }

    /// The JSON text (pretty-printed, keys sorted, so the same policy always gives the same bytes).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads and checks a policy file.
    /// - Parameter url: The file.
    /// - Throws: `TrainedPolicyFileError` naming the file and what is wrong.
    public static func load(_ url: URL) throws -> TrainedPolicyFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainedPolicyFileError(file: url.path, "cannot be read (\(error.localizedDescription))")
        }
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw TrainedPolicyFileError(file: url.path, "is not a JSON object")
        }
        guard header.format == formatName else {
            throw TrainedPolicyFileError(file: url.path, "is not a trained policy (format is \(header.format.map { "'\($0)'" } ?? "missing"), expected '\(formatName)')")
        }
        guard header.version == currentVersion else {
            throw TrainedPolicyFileError(file: url.path, "has format version \(header.version.map(String.init) ?? "missing"); this build reads version \(currentVersion)")
        }
        let file: TrainedPolicyFile
        do { file = try JSONDecoder().decode(TrainedPolicyFile.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw TrainedPolicyFileError(file: url.path, "misses the key '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw TrainedPolicyFileError(file: url.path, "has a wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.dataCorrupted(context) {
            throw TrainedPolicyFileError(file: url.path, "has an invalid value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
        } catch {
            throw TrainedPolicyFileError(file: url.path, "cannot be decoded (\(error))")
        }
        do { _ = try file.policy() } catch {
            throw TrainedPolicyFileError(file: url.path, "is inconsistent: \(error)")
        }
        return file
    }
}

/// A policy file that cannot be used, with the file named.
public struct TrainedPolicyFileError: Error, Sendable, CustomStringConvertible {
    /// Path of the file.
    public let file: String
    /// What is wrong.
    public let problem: String

    /// Creates an error.
    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): the trained policy file \(problem)." }
}
