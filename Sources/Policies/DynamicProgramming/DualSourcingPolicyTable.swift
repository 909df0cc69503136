/// A stationary dual-sourcing policy as a table: the expedited and regular order in every state of a
/// `DualSourcingModel` (the optimal policy of `RelativeValueIteration.solve(_:)`).
public struct DualSourcingPolicyTable: Sendable {
    /// The states the table covers.
    /// - Complexity: O(1).
    public let stateSpace: MDPStateSpace
    /// Per state index: units ordered from the expedited supplier (0 at indices that are not states).
    /// - Complexity: O(1) to read.
    public let expeditedOrders: [Int32]
    /// Per state index: units ordered from the regular supplier (0 at indices that are not states).
    /// - Complexity: O(1) to read.
    public let regularOrders: [Int32]

    /// The orders in a state.
    /// - Parameters:
    ///   - state: A state of the table's space.
    /// - Returns: The expedited and regular orders, or nil for a state outside the space.
    /// - Complexity: O(L).
    public func orders(in state: MDPState) -> (expedited: Int, regular: Int)? {
        guard let s = stateSpace.index(of: state) else { return nil }
        return (Int(expeditedOrders[s]), Int(regularOrders[s]))
    }
}
