/// Dual sourcing with a fast (expedited) and a slow (regular) supplier.
///
/// Dual-index (Veeraraghavan & Scheller-Wolf 2008): first raise the *expedited* inventory position — net
/// inventory plus orders due within the expedited lead time — to `expeditedOrderUpToUnits` with an expedited
/// order; then raise the full inventory position to `regularOrderUpToUnits` with a regular order.
/// With `regularCapUnits` set it becomes the capped dual-index policy (Sun & Van Mieghem 2019): the regular
/// order is at most the cap, so the regular supplier delivers a steady flow and the fast one absorbs surges.
public struct DualIndexPolicy: Policy, Sendable {
    /// Target for the expedited inventory position, units.
    public var expeditedOrderUpToUnits: Int
    /// Target for the full inventory position, units (≥ the expedited target).
    public var regularOrderUpToUnits: Int
    /// Maximum regular order per review, units; `nil` for the uncapped dual-index policy.
    public var regularCapUnits: Int?
    /// Index of the regular (slow, cheap) supplier.
    public var regularSupplier: Int
    /// Index of the expedited (fast, dear) supplier.
    public var expeditedSupplier: Int
    /// Lead time of the expedited supplier in days: the horizon of the expedited position.
    public var expeditedLeadTimeDays: Double

    /// Creates the policy.
    public init(expeditedOrderUpToUnits: Int, regularOrderUpToUnits: Int, regularCapUnits: Int? = nil,
                regularSupplier: Int, expeditedSupplier: Int, expeditedLeadTimeDays: Double) {
        self.expeditedOrderUpToUnits = expeditedOrderUpToUnits
        self.regularOrderUpToUnits = regularOrderUpToUnits
        self.regularCapUnits = regularCapUnits
        self.regularSupplier = regularSupplier
        self.expeditedSupplier = expeditedSupplier
        self.expeditedLeadTimeDays = expeditedLeadTimeDays
    }

    /// Places the expedited order first, then the (capped) regular order on the updated position.
    public func decide(_ observation: Observation) -> Action {
        let expeditedPosition = observation.inventoryPosition(arrivingWithinDays: expeditedLeadTimeDays)
        let expedited = max(0, expeditedOrderUpToUnits - expeditedPosition)
        var regular = max(0, regularOrderUpToUnits - observation.inventoryPositionUnits - expedited)
        if let cap = regularCapUnits { regular = min(regular, max(0, cap)) }
        var quantities = Array(repeating: 0, count: max(regularSupplier, expeditedSupplier) + 1)
        quantities[expeditedSupplier] = expedited
        quantities[regularSupplier] += regular
        return Action(orderUnits: quantities)
    }
}
