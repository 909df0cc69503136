import Policies

/// How a network's discrete action index becomes an order and a price.
///
/// Index `k` orders `orderQuantities[k % orderQuantities.count]` units and, with prices, sells at
/// `prices[k / orderQuantities.count]`.
public struct ActionMapping: Sendable, Equatable, Codable {
    /// Order quantity of each order choice, units.
    public var orderQuantities: [Int]
    /// Selling price of each price choice, currency per unit; empty when the agent does not price.
    public var prices: [Double]

    /// Creates a mapping.
    public init(orderQuantities: [Int], prices: [Double] = []) {
        self.orderQuantities = orderQuantities
        self.prices = prices
    }

    /// Orders `0 ... maxOrderUnits`, no pricing.
    public static func orders(upTo maxOrderUnits: Int) -> ActionMapping {
        ActionMapping(orderQuantities: Array(0...maxOrderUnits))
    }

    /// Number of actions.
    public var count: Int { orderQuantities.count * max(prices.count, 1) }

    /// The order (units) and price (nil without pricing) of action `k`.
    public func decode(_ k: Int) -> (orderUnits: Int, price: Double?) {
        let m = orderQuantities.count
        return (orderQuantities[k % m], prices.isEmpty ? nil : prices[k / m])
    }
}

/// What a trained network reads.
public enum PolicyInputs: Sendable, Equatable {
    /// The exact model's state (`InventoryFeatures`): stationary single-SKU problems.
    case modelState(InventoryFeatures)
    /// The simulator's observation with forecast, price and calendar (`ObservationFeatures`).
    case observation(ObservationFeatures)

    /// Number of network inputs.
    public var count: Int {
        switch self {
        case .modelState(let f): return f.count
        case .observation(let f): return f.count
        }
    }
}

/// What a trained network's action index means.
public enum PolicyOutputs: Sendable, Equatable {
    /// Units to order (and a price level), `ActionMapping`.
    case units(ActionMapping)
    /// Order up to a multiple of the forecast (and a price level), `CoverActions`.
    case cover(CoverActions)
    /// An expedited and a regular order (dual sourcing), `DualSourcingActions`; model-state inputs only.
    case dualSourcing(DualSourcingActions)

    /// Number of actions.
    public var count: Int {
        switch self {
        case .units(let a): return a.count
        case .cover(let a): return a.count
        case .dualSourcing(let a): return a.count
        }
    }
}

/// A trained network acting as a `Policy`: the observation becomes the network's input (the exact
/// model's state, or the observation's features), the network scores every action, and the
/// best-scoring one (greedy) is played.
public struct TrainedPolicy: Policy, Sendable {
    /// Policy network: features in, one score per action out.
    public let network: MultilayerPerceptron
    /// What the network reads.
    public let inputs: PolicyInputs
    /// What its outputs mean.
    public let outputs: PolicyOutputs
    /// Days per model period (model-state inputs).
    public let periodLengthDays: Double
    /// Supplier index of the orders (the regular supplier's under dual sourcing).
    public let supplier: Int
    /// Supplier index of the expedited orders (dual-sourcing outputs only).
    public let expeditedSupplier: Int

    /// Creates a policy.
    /// - Throws: `NeuralNetworkError` when the network's input or output size does not fit, or
    ///   dual-sourcing outputs do not read the model's state of the regular lead time.
    public init(network: MultilayerPerceptron, inputs: PolicyInputs, outputs: PolicyOutputs,
                periodLengthDays: Double = 1, supplier: Int = 0, expeditedSupplier: Int = 1) throws {
        guard network.inputCount == inputs.count else {
            throw NeuralNetworkError("the network takes \(network.inputCount) inputs but the feature map gives \(inputs.count).")
        }
        guard network.outputCount == outputs.count else {
            throw NeuralNetworkError("the network scores \(network.outputCount) actions but the action mapping has \(outputs.count).")
        }
        if case .dualSourcing = outputs {
            guard case .modelState(let features) = inputs, features.leadTimePeriods >= 2 else {
                throw NeuralNetworkError("dual-sourcing actions need model-state features with the regular lead time (2 or more periods).")
            }
            guard supplier != expeditedSupplier, supplier >= 0, expeditedSupplier >= 0 else {
                throw NeuralNetworkError("dual-sourcing actions need two different suppliers, got \(supplier) (regular) and \(expeditedSupplier) (expedited).")
            }
        }
        self.network = network
        self.inputs = inputs
        self.outputs = outputs
        self.periodLengthDays = periodLengthDays
        self.supplier = supplier
        self.expeditedSupplier = expeditedSupplier
    }

    /// A dual-sourcing policy on the exact model's state.
    /// - Parameters:
    ///   - network: Policy network.
    ///   - features: The model state's features (`leadTimePeriods` = the regular lead time).
    ///   - actions: Action index → expedited and regular orders.
    ///   - regularSupplier: Supplier index of the regular orders.
    ///   - expeditedSupplier: Supplier index of the expedited orders.
    /// - Throws: `NeuralNetworkError` as `init(network:inputs:outputs:periodLengthDays:supplier:expeditedSupplier:)`.
    public init(network: MultilayerPerceptron, features: InventoryFeatures, dualSourcing actions: DualSourcingActions,
                regularSupplier: Int = 0, expeditedSupplier: Int = 1) throws {
        try self.init(network: network, inputs: .modelState(features), outputs: .dualSourcing(actions),
                      supplier: regularSupplier, expeditedSupplier: expeditedSupplier)
    }

    /// A policy on the exact model's state with unit actions.
    public init(network: MultilayerPerceptron, features: InventoryFeatures, actions: ActionMapping,
                periodLengthDays: Double = 1, supplier: Int = 0) throws {
        try self.init(network: network, inputs: .modelState(features), outputs: .units(actions),
                      periodLengthDays: periodLengthDays, supplier: supplier)
    }

    /// The action index chosen in a model state (model-state inputs only).
    public func actionIndex(netInventory: Int, pipeline: [Int]) -> Int {
        guard case .modelState(let features) = inputs else { preconditionFailure("not a model-state policy") }
        var input = [Float](repeating: 0, count: features.count)
        input.withUnsafeMutableBufferPointer { buffer in
            features.write(netInventory: netInventory, pipelineAt: { $0 < pipeline.count ? pipeline[$0] : 0 },
                           into: buffer.baseAddress!)
        }
        return PPOTrainer<StationaryFeatureEnvironment>.argmax(network.evaluate(input))
    }

    public func decide(_ observation: Observation) -> Action {
        let index: Int
        switch inputs {
        case .modelState(let features):
            let (y, pipeline) = features.state(of: observation, periodLengthDays: periodLengthDays)
            index = actionIndex(netInventory: y, pipeline: pipeline)
        case .observation(let features):
            if case .cover(let mapping) = outputs, !mapping.decides(at: observation) { return .none }
            var input = [Float](repeating: 0, count: features.count)
            input.withUnsafeMutableBufferPointer { features.write(observation, into: $0.baseAddress!) }
            index = PPOTrainer<StationaryFeatureEnvironment>.argmax(network.evaluate(input))
        }
        switch outputs {
        case .units(let mapping):
            let (units, price) = mapping.decode(index)
            var action = Action.order(units, from: supplier)
            action.price = price
            return action
        case .cover(let mapping):
            guard case .observation(let features) = inputs else { return .none }
            return mapping.action(index, observation: observation, features: features, supplier: supplier)
        case .dualSourcing(let mapping):
            guard case .modelState(let features) = inputs else { return .none }
            let (y, pipeline) = features.state(of: observation, periodLengthDays: periodLengthDays)
            let (expedited, regular) = mapping.orders(index, inventoryPosition: y + pipeline.reduce(0, +))
            var units = [Int](repeating: 0, count: max(supplier, expeditedSupplier) + 1)
            units[expeditedSupplier] = expedited
            units[supplier] = regular
            return Action(orderUnits: units)
        }
    }
}
