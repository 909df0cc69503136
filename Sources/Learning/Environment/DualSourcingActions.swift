import Policies

/// How a network's discrete action index becomes a pair of orders under dual sourcing: an expedited
/// and a regular quantity.
///
/// Index `k` orders `expeditedQuantities[k / regularQuantities.count]` expedited and
/// `regularQuantities[k % regularQuantities.count]` regular units, cut so that the inventory position
/// after ordering stays within `positionCapUnits` (the expedited order first): the action set of the
/// exact model (`DualSourcingModel`), so the environment, the simulator and exact evaluation play the
/// same orders in the same state.
///
/// ```swift
/// let actions = try DualSourcingActions(maxExpeditedUnits: 4, maxRegularUnits: 4, positionCapUnits: 20)
/// actions.count                                                     // 25
/// actions.orders(actions.index(expedited: 1, regular: 3), inventoryPosition: 10) // (1, 3)
/// ```
public struct DualSourcingActions: Sendable, Equatable, Codable {
    /// Expedited order of each expedited choice, units.
    public let expeditedQuantities: [Int]
    /// Regular order of each regular choice, units.
    public let regularQuantities: [Int]
    /// Largest inventory position after ordering, units.
    public let positionCapUnits: Int

    /// Creates a mapping from explicit quantities.
    /// - Parameters:
    ///   - expeditedQuantities: Expedited choices, at least one, all `>= 0`.
    ///   - regularQuantities: Regular choices, at least one, all `>= 0`.
    ///   - positionCapUnits: Largest inventory position after ordering.
    /// - Throws: `NeuralNetworkError` for an empty or negative choice list.
    /// - Complexity: O(choices).
    public init(expeditedQuantities: [Int], regularQuantities: [Int], positionCapUnits: Int) throws {
        guard !expeditedQuantities.isEmpty, !regularQuantities.isEmpty,
              (expeditedQuantities + regularQuantities).allSatisfy({ $0 >= 0 }) else {
            throw NeuralNetworkError("dual-sourcing actions need at least one expedited and one regular quantity, all >= 0 units; got \(expeditedQuantities) and \(regularQuantities).")
        }
        self.expeditedQuantities = expeditedQuantities
        self.regularQuantities = regularQuantities
        self.positionCapUnits = positionCapUnits
    }

    /// Orders `0 ... maxExpeditedUnits` × `0 ... maxRegularUnits`.
    /// - Parameters:
    ///   - maxExpeditedUnits: Largest expedited order, `>= 0`.
    ///   - maxRegularUnits: Largest regular order, `>= 0`.
    ///   - positionCapUnits: Largest inventory position after ordering.
    /// - Throws: `NeuralNetworkError` for a negative limit.
    /// - Complexity: O(choices).
    public init(maxExpeditedUnits: Int, maxRegularUnits: Int, positionCapUnits: Int) throws {
        guard maxExpeditedUnits >= 0, maxRegularUnits >= 0 else {
            throw NeuralNetworkError("dual-sourcing order limits must be >= 0 units, got \(maxExpeditedUnits) expedited and \(maxRegularUnits) regular.")
        }
        try self.init(expeditedQuantities: Array(0...maxExpeditedUnits), regularQuantities: Array(0...maxRegularUnits),
                      positionCapUnits: positionCapUnits)
    }

    /// The action set of a model: its order limits and position cap.
    /// - Parameter model: The model.
    /// - Complexity: O(choices).
    public init(model: DualSourcingModel) {
        expeditedQuantities = Array(0...model.maxExpeditedOrderUnits)
        regularQuantities = Array(0...model.maxRegularOrderUnits)
        positionCapUnits = model.stateSpace.positionCap
    }

    /// Number of actions.
    /// - Complexity: O(1).
    public var count: Int { expeditedQuantities.count * regularQuantities.count }

    /// The expedited and regular quantities of action `k`, before the position cap.
    /// - Parameter k: An index in `0 ..< count`.
    /// - Returns: The quantities.
    /// - Complexity: O(1).
    public func quantities(_ k: Int) -> (expedited: Int, regular: Int) {
        let r = regularQuantities.count
        return (expeditedQuantities[k / r], regularQuantities[k % r])
    }

    /// The orders of action `k` in a state with the given inventory position: the quantities, the
    /// expedited one cut to the room below the position cap, then the regular one to what is left.
    /// - Parameters:
    ///   - k: An index in `0 ..< count`.
    ///   - inventoryPosition: Net inventory plus everything in transit, before ordering.
    /// - Returns: The orders, each `>= 0`.
    /// - Complexity: O(1).
    @inline(__always)
    public func orders(_ k: Int, inventoryPosition: Int) -> (expedited: Int, regular: Int) {
        let (e, r) = quantities(k)
        let expedited = min(e, max(positionCapUnits - inventoryPosition, 0))
        let regular = min(r, max(positionCapUnits - inventoryPosition - expedited, 0))
        return (expedited, regular)
    }

    /// The first index with the given quantities, or nil when they are not choices.
    /// - Parameters:
    ///   - expedited: Expedited units.
    ///   - regular: Regular units.
    /// - Returns: The index.
    /// - Complexity: O(choices).
    public func index(expedited: Int, regular: Int) -> Int? {
        guard let e = expeditedQuantities.firstIndex(of: expedited), let r = regularQuantities.firstIndex(of: regular) else {
            return nil
        }
        return e * regularQuantities.count + r
    }
}
