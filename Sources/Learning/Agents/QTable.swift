/// The tabular state of a Q-learning agent: post-arrival on hand (capped) and the orders still
/// in transit after this period's arrival.
///
/// From a `StationaryEnvironment` observation `[onHand, q_1, ..., q_L, position, period]` the key
/// is `(min(onHand + q_1, cap), [q_2, ..., q_L])` (for `L = 0`: `(min(onHand, cap), [])`). This
/// is the state of `InventoryMDP` (stock after the arrival, then the pipeline), and since the
/// period's cost depends only on it, it is a sufficient statistic of the observation.
public struct QStateKey: Sendable, Hashable, CustomStringConvertible {
    /// Units on hand after this period's arrival, capped at the agent's `onHandCap`.
    public var onHandUnits: Int
    /// Units in transit after the arrival; `pipeline[i]` arrives `i + 1` periods from now.
    public var pipeline: [Int]

    /// Creates a key.
    public init(onHandUnits: Int, pipeline: [Int]) {
        self.onHandUnits = onHandUnits
        self.pipeline = pipeline
    }

    /// Units on hand plus in transit.
    public var inventoryPositionUnits: Int { onHandUnits + pipeline.reduce(0, +) }

    /// `(y; r_1, ..., r_k)`.
    public var description: String { "(\(onHandUnits); \(pipeline.map(String.init).joined(separator: ", ")))" }
}

/// A Q table over the states met so far: one row of `actionCount` values and visit counts per
/// state, rows stored flat in first-visit order (so the table is deterministic for a seed).
/// Values are expected costs (lower is better).
public struct QTable: Sendable, Equatable {
    /// Actions per row (order quantities `0 ..< actionCount`).
    public let actionCount: Int
    /// The states in first-visit order; row `i` belongs to `keys[i]`.
    public private(set) var keys: [QStateKey]
    /// Row-major `keys.count × actionCount` Q values (relative cost-to-go, currency).
    public private(set) var values: [Double]
    /// Row-major visit counts of each state-action pair.
    public private(set) var visits: [Int]
    private var index: [QStateKey: Int]
    /// Σ of all entries of `values`, kept incrementally (used for `meanValue`).
    public private(set) var valueSum: Double

    /// An empty table.
    /// - Parameter actionCount: Number of actions, `>= 1`.
    public init(actionCount: Int) {
        self.actionCount = actionCount
        self.keys = []
        self.values = []
        self.visits = []
        self.index = [:]
        self.valueSum = 0
    }

    /// Number of states in the table.
    public var stateCount: Int { keys.count }

    /// The row of `key`, or nil when it was never met.
    public func row(of key: QStateKey) -> Int? { index[key] }

    /// The row of `key`, appending a row of zeros (with zero visits) when it is new.
    public mutating func insert(_ key: QStateKey) -> Int {
        if let r = index[key] { return r }
        let r = keys.count
        keys.append(key)
        index[key] = r
        values.append(contentsOf: repeatElement(0, count: actionCount))
        visits.append(contentsOf: repeatElement(0, count: actionCount))
        return r
    }

    /// `Q(row, action)`.
    public func value(row: Int, action: Int) -> Double { values[row * actionCount + action] }

    /// Visits of `(row, action)`.
    public func visitCount(row: Int, action: Int) -> Int { visits[row * actionCount + action] }

    /// Sets `Q(row, action)` and adds one visit.
    mutating func update(row: Int, action: Int, to value: Double) {
        let i = row * actionCount + action
        valueSum += value - values[i]
        values[i] = value
        visits[i] += 1
    }

    /// The mean of all entries (0 for an empty table).
    public var meanValue: Double { values.isEmpty ? 0 : valueSum / Double(values.count) }

    /// The smallest value of a row and its action (ties: the smallest order).
    /// - Parameters:
    ///   - row: A row index.
    ///   - actionLimit: Only actions `0 ..< actionLimit` are considered (`nil`: all).
    public func best(row: Int, actionLimit: Int? = nil) -> (action: Int, value: Double) {
        let base = row * actionCount
        let n = min(actionLimit ?? actionCount, actionCount)
        var bestAction = 0
        var bestValue = values[base]
        if n > 1 {
            for a in 1..<n where values[base + a] < bestValue {
                bestValue = values[base + a]
                bestAction = a
            }
        }
        return (bestAction, bestValue)
    }

    /// Whether every entry is finite.
    public var isFinite: Bool { values.allSatisfy(\.isFinite) }

    public static func == (lhs: QTable, rhs: QTable) -> Bool {
        lhs.actionCount == rhs.actionCount && lhs.keys == rhs.keys && lhs.values == rhs.values
            && lhs.visits == rhs.visits
    }
}
