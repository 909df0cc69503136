/// A discrete action space in the style of Gymnasium's `Discrete(n)`: the integers
/// `0 ..< count`, here order quantities in units.
public struct ActionSpace: Sendable, Equatable {
    /// Number of actions, `n >= 1`; the allowed actions are `0 ... count - 1` (units to order).
    public let count: Int

    /// A space of `max(count, 1)` actions, for counts that are positive by construction.
    init(atLeastOne count: Int) {
        self.count = max(count, 1)
    }

    /// Creates `Discrete(count)`.
    /// - Parameter count: Number of actions, at least 1.
    /// - Throws: `EnvironmentError` if `count < 1`.
    public init(count: Int) throws {
        guard count >= 1 else {
            throw EnvironmentError("action space: count must be at least 1, got \(count).")
        }
        self.count = count
    }

    /// Shape of one action: scalar, `[]`.
    public var shape: [Int] { [] }

    /// The allowed actions as a range, `0 ... count - 1` units.
    public var range: ClosedRange<Int> { 0...(count - 1) }

    /// Whether `action` is one of `0 ..< count`.
    /// - Parameter action: A candidate action.
    /// - Returns: `true` when allowed.
    public func contains(_ action: Int) -> Bool { action >= 0 && action < count }

    /// Throws unless `action` is allowed.
    /// - Parameter action: A candidate action.
    /// - Throws: `EnvironmentError` naming the allowed range.
    public func validate(_ action: Int) throws {
        guard contains(action) else {
            throw EnvironmentError(
                "action \(action) is outside the action space: actions 0...\(count - 1) are allowed.")
        }
    }
}
