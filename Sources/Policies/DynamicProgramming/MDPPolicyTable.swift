import Foundation

/// What a stationary policy of `InventoryMDP` does in one state.
public struct MDPDecision: Sendable, Hashable {
    /// Units ordered.
    public var orderQuantity: Int
    /// Index into `InventoryMDP.priceLevels` (0 without pricing).
    public var priceLevel: Int

    /// Creates a decision.
    /// - Parameters:
    ///   - orderQuantity: Units to order, `>= 0`.
    ///   - priceLevel: Price level index, `>= 0`.
    /// - Returns: The decision.
    /// - Complexity: O(1).
    public init(orderQuantity: Int, priceLevel: Int = 0) {
        self.orderQuantity = orderQuantity
        self.priceLevel = priceLevel
    }
}

/// A stationary deterministic policy of an `InventoryMDP`: the order (and price level)
/// for every state, stored in flat arrays indexed like `MDPStateSpace`.
public struct MDPPolicyTable: Sendable {
    /// The states the table covers and their index.
    /// - Complexity: O(1).
    public let stateSpace: MDPStateSpace
    /// Order per state index (0 at indices that are not states).
    /// - Complexity: O(1) to read.
    public let orderQuantities: [Int32]
    /// Price level per state index (0 at indices that are not states).
    /// - Complexity: O(1) to read.
    public let priceLevelIndices: [UInt8]
    /// The price of each level when the model has pricing, else nil.
    /// - Complexity: O(1).
    public let prices: [Double]?

    init(stateSpace: MDPStateSpace, orderQuantities: [Int32], priceLevelIndices: [UInt8], prices: [Double]?) {
        self.stateSpace = stateSpace
        self.orderQuantities = orderQuantities
        self.priceLevelIndices = priceLevelIndices
        self.prices = prices
    }

    /// The decision in a state of the model.
    /// - Parameters:
    ///   - state: A valid state.
    /// - Returns: The decision, or nil when `state` is not a state of the model.
    /// - Complexity: O(L).
    public func decision(in state: MDPState) -> MDPDecision? {
        guard let index = stateSpace.index(of: state) else { return nil }
        return MDPDecision(orderQuantity: Int(orderQuantities[index]), priceLevel: Int(priceLevelIndices[index]))
    }

    /// The decision for arbitrary coordinates: the table's decision in
    /// `stateSpace.nearestState(netInventory:pipeline:)` (see there for the rule:
    /// excess pipeline folded into the newest slot, coordinates clamped, position above
    /// the cap cut back to the cap, where the order is 0).
    /// - Parameters:
    ///   - netInventory: Net inventory after this period's arrival.
    ///   - pipeline: In transit, `pipeline[i]` arriving `i + 1` periods from now.
    /// - Returns: The decision.
    /// - Complexity: O(L + pipeline.count).
    public func decision(netInventory: Int, pipeline: [Int]) -> MDPDecision {
        decision(in: stateSpace.nearestState(netInventory: netInventory, pipeline: pipeline))!
    }
}

extension InventoryMDP {
    /// Tabulates a decision rule on every state, clamping each decision to what the model
    /// allows (order in `0...stateSpace.maxFeasibleOrder(in:)`, price level in range).
    /// - Parameters:
    ///   - decide: The rule, called once per valid state.
    /// - Returns: The table.
    /// - Complexity: O(count + valid × cost of `decide`).
    public func policyTable(_ decide: (MDPState) throws -> MDPDecision) rethrows -> MDPPolicyTable {
        var orders = [Int32](repeating: 0, count: stateSpace.count)
        var levels = [UInt8](repeating: 0, count: stateSpace.count)
        for s in validStates {
            let state = stateSpace.state(at: Int(s))
            let d = try decide(state)
            orders[Int(s)] = Int32(min(max(d.orderQuantity, 0), stateSpace.maxFeasibleOrder(in: state)))
            levels[Int(s)] = UInt8(min(max(d.priceLevel, 0), priceLevels.count - 1))
        }
        return MDPPolicyTable(
            stateSpace: stateSpace, orderQuantities: orders, priceLevelIndices: levels,
            prices: hasPricing ? priceLevels.map(\.price) : nil)
    }

    /// The base-stock (order-up-to `level` on the inventory position) policy as a table,
    /// at price level `priceLevel`; orders are clamped to the model's limits.
    /// - Parameters:
    ///   - level: Base-stock level `S`.
    ///   - priceLevel: Fixed price level index.
    /// - Returns: The table.
    /// - Complexity: O(count).
    public func baseStockTable(level: Int, priceLevel: Int = 0) -> MDPPolicyTable {
        policyTable { MDPDecision(orderQuantity: level - $0.inventoryPosition, priceLevel: priceLevel) }
    }

    /// Tabulates any `Policy` by showing it each state as an `Observation`
    /// (`MDPStateSpace.observation(for:periodLengthDays:price:)`: on hand and backorders
    /// from the net inventory, pipeline entry `i` due `(i + 1)` periods ahead, price of
    /// level 0). The order is the total over suppliers; a returned price selects the
    /// nearest price level (nil keeps level 0). Decisions are clamped as in
    /// `policyTable(_:)`.
    /// - Parameters:
    ///   - policy: The policy.
    ///   - periodLengthDays: Days per period, `> 0`.
    /// - Returns: The table.
    /// - Complexity: O(count + valid × cost of `decide`).
    public func policyTable(from policy: some Policy, periodLengthDays: Double = 1) -> MDPPolicyTable {
        let referencePrice = priceLevels[0].price
        let prices = priceLevels.map(\.price)
        return policyTable { state in
            let action = policy.decide(
                stateSpace.observation(for: state, periodLengthDays: periodLengthDays, price: referencePrice))
            let level = action.price.flatMap { PriceLevels.nearestIndex(to: $0, in: prices) } ?? 0
            return MDPDecision(orderQuantity: action.totalOrderUnits, priceLevel: level)
        }
    }
}
