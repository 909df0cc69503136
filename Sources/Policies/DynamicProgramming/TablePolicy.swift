import Foundation

/// A `Policy` that plays an `MDPPolicyTable` (typically `MDPSolution.policy`) in the
/// simulator.
///
/// The observation is mapped to a state of the model by
/// `MDPStateSpace.state(from:periodLengthDays:)`, that is `Observation.modelState`: net
/// inventory = on hand − backorders plus the orders due by now (received, as in the model's
/// timing), and each later order goes to the pipeline slot of the review period in which it arrives.
/// Observations outside the table fall back to the nearest state on its boundary
/// (`MDPStateSpace.nearestState(netInventory:pipeline:)`): net inventory and pipeline
/// entries are clamped into range, orders due after the model's lead time are added to
/// its newest pipeline slot (to the net inventory when `L <= 1`), and a position above
/// the cap is cut back to the cap, where the table orders nothing. All orders go to one
/// supplier; with pricing the action carries the chosen level's price.
public struct TablePolicy: Policy, Sendable {
    /// The decisions.
    public let table: MDPPolicyTable
    /// Days between reviews (one model period), `> 0`.
    public var periodLengthDays: Double
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    /// - Parameters:
    ///   - table: The decision table.
    ///   - periodLengthDays: Days per period, `> 0`.
    ///   - supplier: Supplier index for the orders.
    /// - Returns: The policy.
    /// - Complexity: O(1).
    public init(table: MDPPolicyTable, periodLengthDays: Double = 1, supplier: Int = 0) {
        self.table = table
        self.periodLengthDays = periodLengthDays
        self.supplier = supplier
    }

    /// Looks the observation's (nearest) state up in the table.
    /// - Parameters:
    ///   - observation: The SKU's state at this review.
    /// - Returns: The table's order (and price, with pricing).
    /// - Complexity: O(L + pipeline count).
    public func decide(_ observation: Observation) -> Action {
        let state = table.stateSpace.state(from: observation, periodLengthDays: periodLengthDays)
        let decision = table.decision(in: state)!
        var action = Action.order(decision.orderQuantity, from: supplier)
        if let prices = table.prices { action.price = prices[decision.priceLevel] }
        return action
    }
}

extension MDPStateSpace {
    /// The state (nearest valid one) of an observation: `Observation.modelState(periodLengthDays:)`
    /// (orders due by now count as received; order due in period `i ≥ 1` at `pipeline[i − 1]`), then
    /// `nearestState(netInventory:pipeline:)`.
    /// - Parameters:
    ///   - observation: What the policy sees.
    ///   - periodLengthDays: Days per period, `> 0`.
    /// - Returns: A valid state.
    /// - Complexity: O(L + pipeline count).
    public func state(from observation: Observation, periodLengthDays: Double = 1) -> MDPState {
        let (y, slots) = observation.modelState(periodLengthDays: periodLengthDays)
        return nearestState(netInventory: y, pipeline: slots)
    }

    /// The observation of a state at day 0 (the inverse of `state(from:periodLengthDays:)`
    /// on valid states): on hand `max(y, 0)`, backorders `max(-y, 0)`, and for each
    /// positive `pipeline[i]` an order from supplier 0 due on day `(i + 1) × periodLengthDays`.
    /// - Parameters:
    ///   - state: A state.
    ///   - periodLengthDays: Days per period, `> 0`.
    ///   - price: Price to report.
    /// - Returns: The observation (SKU 0, no forecast).
    /// - Complexity: O(L).
    public func observation(for state: MDPState, periodLengthDays: Double = 1, price: Double = 0) -> Observation {
        var pipeline: [PipelineOrder] = []
        for (i, units) in state.pipeline.enumerated() where units > 0 {
            pipeline.append(PipelineOrder(supplier: 0, quantityUnits: units, dueDay: Double(i + 1) * periodLengthDays))
        }
        return Observation(
            sku: 0, day: 0, onHandUnits: max(state.netInventory, 0), backorderedUnits: max(-state.netInventory, 0),
            pipeline: pipeline, price: price)
    }
}
