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

/// A trained network acting as a `Policy`: the observation becomes the model state
/// (`InventoryFeatures.state(of:periodLengthDays:)`), the network scores every action, and the
/// best-scoring one (greedy) is played.
public struct TrainedPolicy: Policy, Sendable {
    /// Policy network: features in, one score per action out.
    public let network: MultilayerPerceptron
    /// Feature map and normalisation.
    public let features: InventoryFeatures
    /// Action index → order and price.
    public let actions: ActionMapping
    /// Days per model period.
    public let periodLengthDays: Double
    /// Supplier index of the orders.
    public let supplier: Int

    /// Creates the policy.
    /// - Throws: `NeuralNetworkError` when the network's input or output size does not fit the features or actions.
    public init(network: MultilayerPerceptron, features: InventoryFeatures, actions: ActionMapping,
                periodLengthDays: Double = 1, supplier: Int = 0) throws {
        guard network.inputCount == features.count else {
            throw NeuralNetworkError("the network takes \(network.inputCount) inputs but the feature map gives \(features.count).")
        }
        guard network.outputCount == actions.count else {
            throw NeuralNetworkError("the network scores \(network.outputCount) actions but the action mapping has \(actions.count).")
        }
        self.network = network
        self.features = features
        self.actions = actions
        self.periodLengthDays = periodLengthDays
        self.supplier = supplier
    }

    /// The action index chosen in a model state.
    public func actionIndex(netInventory: Int, pipeline: [Int]) -> Int {
        var input = [Float](repeating: 0, count: features.count)
        input.withUnsafeMutableBufferPointer { buffer in
            features.write(netInventory: netInventory, pipelineAt: { $0 < pipeline.count ? pipeline[$0] : 0 },
                           into: buffer.baseAddress!)
        }
        return PPOTrainer<InventoryFeatureEnvironment>.argmax(network.evaluate(input))
    }

    public func decide(_ observation: Observation) -> Action {
        let (y, pipeline) = features.state(of: observation, periodLengthDays: periodLengthDays)
        let (units, price) = actions.decode(actionIndex(netInventory: y, pipeline: pipeline))
        var action = Action.order(units, from: supplier)
        action.price = price
        return action
    }
}
