/// The parameters of a dual-index policy, capped or not, as the exact methods use them; the same rule
/// as the simulator's `DualIndexPolicy` (`policy(regularSupplier:expeditedSupplier:expeditedLeadTimeDays:)`).
public struct DualIndexLevels: Sendable, Equatable, CustomStringConvertible {
    /// `S_e`: target of the expedited position (net inventory plus units due within the expedited lead time).
    public var expeditedOrderUpToUnits: Int
    /// `S_r`: target of the full inventory position.
    public var regularOrderUpToUnits: Int
    /// Largest regular order per period; nil for the uncapped dual-index policy.
    public var regularCapUnits: Int?

    /// Creates levels.
    /// - Parameters:
    ///   - expeditedOrderUpToUnits: `S_e`.
    ///   - regularOrderUpToUnits: `S_r`.
    ///   - regularCapUnits: The cap, or nil.
    /// - Complexity: O(1).
    public init(expeditedOrderUpToUnits: Int, regularOrderUpToUnits: Int, regularCapUnits: Int? = nil) {
        self.expeditedOrderUpToUnits = expeditedOrderUpToUnits
        self.regularOrderUpToUnits = regularOrderUpToUnits
        self.regularCapUnits = regularCapUnits
    }

    /// The orders in a state of a `DualSourcingModel`: expedite up to `S_e` on the expedited position,
    /// then order regular up to `S_r` on the position including that expedited order, at most the cap.
    /// - Parameters:
    ///   - state: The state.
    ///   - expeditedLeadTimePeriods: `le`: pipeline slots `0 ..< le` count in the expedited position.
    /// - Returns: The expedited and regular orders.
    /// - Complexity: O(L).
    public func orders(in state: MDPState, expeditedLeadTimePeriods: Int) -> (expedited: Int, regular: Int) {
        let expeditedPosition = state.netInventory + state.pipeline.prefix(expeditedLeadTimePeriods).reduce(0, +)
        let expedited = max(0, expeditedOrderUpToUnits - expeditedPosition)
        var regular = max(0, regularOrderUpToUnits - state.inventoryPosition - expedited)
        if let cap = regularCapUnits { regular = min(regular, max(0, cap)) }
        return (expedited, regular)
    }

    /// The simulator's policy with these levels.
    /// - Parameters:
    ///   - regularSupplier: Index of the regular supplier.
    ///   - expeditedSupplier: Index of the expedited supplier.
    ///   - expeditedLeadTimeDays: The expedited lead time in days (one period is one day).
    /// - Returns: The policy.
    /// - Complexity: O(1).
    public func policy(regularSupplier: Int, expeditedSupplier: Int, expeditedLeadTimeDays: Double) -> DualIndexPolicy {
        DualIndexPolicy(expeditedOrderUpToUnits: expeditedOrderUpToUnits, regularOrderUpToUnits: regularOrderUpToUnits,
                        regularCapUnits: regularCapUnits, regularSupplier: regularSupplier,
                        expeditedSupplier: expeditedSupplier, expeditedLeadTimeDays: expeditedLeadTimeDays)
    }

    /// `S_e`, `S_r` and the cap, e.g. `Se=3 Sr=12 cap=2`.
    /// - Complexity: O(1).
    public var description: String {
        "Se=\(expeditedOrderUpToUnits) Sr=\(regularOrderUpToUnits)" + (regularCapUnits.map { " cap=\($0)" } ?? "")
    }
}
