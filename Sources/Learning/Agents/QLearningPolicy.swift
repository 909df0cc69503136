import Policies

/// The greedy policy of a `QLearningAgent`, usable wherever a `Policies.Policy` is (simulation,
/// `PolicyRollout`, `InventoryMDP.policyTable(from:)`).
///
/// The observation is turned into the agent's `QStateKey`: orders due by `day` (not yet
/// received) count as arriving now and are added to the on hand; the rest go to pipeline slot
/// `⌈dueDay − day⌉ − 1` (days = periods; slots beyond `L − 2` are merged into the last), so both
/// `PolicyRollout`'s observations (`q_1` due today) and `MDPStateSpace.observation(for:)`'s
/// (stock already after the arrival, `r_i` due on day `i`) map to the same key. The on hand is
/// capped at `onHandCap`. Known keys get their learned order; unknown ones the fallback base-stock
/// rule `clamp(fallbackBaseStockLevel − position, 0, maxOrderUnits)`.
public struct QLearningPolicy: Policy, Sendable {
    /// Learned greedy order (units) per state.
    public let actions: [QStateKey: Int]
    /// Base-stock level (units of inventory position) for states the agent never acted in.
    public let fallbackBaseStockLevel: Int
    /// On-hand cap of the keys, units.
    public let onHandCap: Int
    /// `L`, periods.
    public let leadTimePeriods: Int
    /// Largest order, units.
    public let maxOrderUnits: Int
    /// Supplier index of the returned orders.
    public let supplier: Int

    /// Creates a policy (normally via `QLearningAgent.policy()`).
    public init(
        actions: [QStateKey: Int], fallbackBaseStockLevel: Int, onHandCap: Int, leadTimePeriods: Int,
        maxOrderUnits: Int, supplier: Int = 0
    ) {
        self.actions = actions
        self.fallbackBaseStockLevel = fallbackBaseStockLevel
        self.onHandCap = onHandCap
        self.leadTimePeriods = leadTimePeriods
        self.maxOrderUnits = maxOrderUnits
        self.supplier = supplier
    }

    /// The agent's key of an observation (see the type's documentation).
    public func key(for observation: Observation) -> QStateKey {
        let (y, slots) = observation.modelState(pipelineSlots: max(leadTimePeriods - 1, 0))
        return QStateKey(onHandUnits: min(max(y, 0), onHandCap), pipeline: slots)
    }

    /// The order (units) for a key: learned, or the fallback base-stock rule.
    public func order(for key: QStateKey) -> Int {
        if let a = actions[key] { return a }
        return min(max(fallbackBaseStockLevel - key.inventoryPositionUnits, 0), maxOrderUnits)
    }

    /// Whether the key has a learned action (otherwise the fallback applies).
    public func isLearned(_ key: QStateKey) -> Bool { actions[key] != nil }

    public func decide(_ observation: Observation) -> Action {
        .order(order(for: key(for: observation)), from: supplier)
    }
}
