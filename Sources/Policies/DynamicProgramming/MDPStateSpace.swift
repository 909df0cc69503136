import Foundation

/// A state of `InventoryMDP` at the moment an order is placed.
///
/// In the timing of the model (the order placed `L` periods ago arrives, then a new order
/// is placed, then demand occurs) the state before the arrival is
/// `(x, q_1, ..., q_L)`: stock `x` and the pipeline by arrival, `q_1` arriving now.
/// Because the arrival precedes the decision, only `x + q_1` matters, so the solver works
/// with the equivalent `L`-dimensional post-arrival state
///
///     netInventory = x + q_1,  pipeline = [q_2, ..., q_L]
///
/// where `pipeline[i]` arrives `i + 1` periods from now (for `L = 0` and `L = 1` the
/// pipeline is empty).
public struct MDPState: Sendable, Hashable, CustomStringConvertible {
    /// On-hand stock after this period's arrival (lost sales, `>= 0`), or net inventory
    /// = on hand − backorders (backorders, may be negative).
    public var netInventory: Int
    /// Outstanding orders; `pipeline[i]` arrives `i + 1` periods from now. Length
    /// `max(L - 1, 0)`.
    public var pipeline: [Int]

    /// Creates a state.
    /// - Parameters:
    ///   - netInventory: Stock (or net inventory) after this period's arrival.
    ///   - pipeline: Orders still in transit, earliest arrival first.
    /// - Returns: The state.
    /// - Complexity: O(1).
    public init(netInventory: Int, pipeline: [Int] = []) {
        self.netInventory = netInventory
        self.pipeline = pipeline
    }

    /// Net inventory plus everything in transit, before the new order.
    /// - Complexity: O(L).
    public var inventoryPosition: Int { netInventory + pipeline.reduce(0, +) }

    /// `(y; q_2, ..., q_L)` in compact form for logs.
    /// - Complexity: O(L).
    public var description: String { "(\(netInventory); \(pipeline.map(String.init).joined(separator: ", ")))" }
}

/// The finite state space of an `InventoryMDP` and its flat, mixed-radix index.
///
/// A state `(y, r_1, ..., r_{L-1})` (see `MDPState`) has the index
///
///     (y - floor) + Y (r_1 + R (r_2 + R (... + R r_{L-1})))
///
/// with `Y = positionCap - floor + 1` values of `y` and `R = maxOrderQuantity + 1` values
/// of each pipeline entry, so `count = Y R^(L-1)` indices (values, policies and the like
/// live in flat arrays of that length). Only the *valid* indices, those with inventory
/// position `y + Σ r <= positionCap`, are states: the cap is never exceeded because
/// orders are restricted to keep the position after ordering at or below it, and a
/// period's demand can only lower the position. The remaining indices of the box are
/// never read.
public struct MDPStateSpace: Sendable, Equatable {
    /// `L`, periods between placing an order and its arrival (0 = arrives at once).
    /// - Complexity: O(1).
    public let leadTimePeriods: Int
    /// Lowest net inventory represented: 0 under lost sales; under backorders a negative
    /// level below which backlogs are not tracked (see `InventoryMDP`).
    /// - Complexity: O(1).
    public let netInventoryFloor: Int
    /// Largest inventory position (net inventory plus pipeline, after ordering).
    /// - Complexity: O(1).
    public let positionCap: Int
    /// Largest order per period; at most `positionCap - netInventoryFloor`.
    /// - Complexity: O(1).
    public let maxOrderQuantity: Int
    /// `Y`, the number of net-inventory values `floor...positionCap`.
    /// - Complexity: O(1).
    public let netInventoryRadix: Int
    /// `R = maxOrderQuantity + 1`, the number of values of each pipeline entry.
    /// - Complexity: O(1).
    public let pipelineRadix: Int
    /// Pipeline entries in a state, `max(L - 1, 0)`.
    /// - Complexity: O(1).
    public let pipelineLength: Int
    /// Size of the index box, `Y R^(L-1)`: the length of per-state arrays.
    /// - Complexity: O(1).
    public let count: Int

    /// Builds the index and checks its size before anything is allocated.
    /// - Parameters:
    ///   - leadTimePeriods: `L >= 0`.
    ///   - netInventoryFloor: `<= 0`.
    ///   - positionCap: `>= 0`.
    ///   - maxOrderQuantity: `>= 0`; values above `positionCap - netInventoryFloor` are
    ///     lowered to it (no larger order can keep the position within the cap).
    ///   - maxStates: Largest allowed `count` (never more than `Int32.max`).
    /// - Returns: The state space.
    /// - Throws: `OptimizerError` for out-of-range inputs or when `count` would exceed `maxStates`.
    /// - Complexity: O(L).
    public init(leadTimePeriods: Int, netInventoryFloor: Int, positionCap: Int, maxOrderQuantity: Int,
                maxStates: Int) throws {
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        try OptimizerError.requireNonnegative(positionCap, "positionCap")
        try OptimizerError.requireNonnegative(maxOrderQuantity, "maxOrderQuantity")
        guard netInventoryFloor <= 0 else {
            throw OptimizerError("netInventoryFloor must be zero or negative, got \(netInventoryFloor).")
        }
        guard netInventoryFloor > Int(Int32.min / 4), positionCap < Int(Int32.max / 4) else {
            throw OptimizerError("positionCap and netInventoryFloor must lie within ±\(Int32.max / 4) units; got \(netInventoryFloor)...\(positionCap).")
        }
        let y = positionCap - netInventoryFloor + 1
        let r = min(maxOrderQuantity, positionCap - netInventoryFloor) + 1
        let length = max(leadTimePeriods - 1, 0)
        // Count in floating point first so that huge boxes cannot overflow.
        let estimate = Double(y) * pow(Double(r), Double(length))
        // Indices are stored as Int32, so no larger limit can be honoured.
        let maxStates = min(maxStates, Int(Int32.max))
        guard estimate <= Double(maxStates) else {
            throw OptimizerError(
                "The state space is too large for DP: lead time \(leadTimePeriods), net inventory \(netInventoryFloor)...\(positionCap) and orders up to \(r - 1) give \(String(format: "%.3g", estimate)) states (\(y) net-inventory values × \(r)^\(length) pipeline values), but at most \(maxStates) are allowed; lower positionCap, maxOrderQuantity or the lead time.")
        }
        var total = y
        for _ in 0..<length { total *= r }
        self.leadTimePeriods = leadTimePeriods
        self.netInventoryFloor = netInventoryFloor
        self.positionCap = positionCap
        self.maxOrderQuantity = r - 1
        self.netInventoryRadix = y
        self.pipelineRadix = r
        self.pipelineLength = length
        self.count = total
    }

    /// The index of a state, or nil when it is not a state of the model (wrong pipeline
    /// length, a coordinate out of range, or position above the cap).
    /// - Parameters:
    ///   - state: The state.
    /// - Returns: Its flat index.
    /// - Complexity: O(L).
    public func index(of state: MDPState) -> Int? {
        guard state.pipeline.count == pipelineLength,
              state.netInventory >= netInventoryFloor, state.netInventory <= positionCap,
              state.inventoryPosition <= positionCap else { return nil }
        var rest = 0
        for r in state.pipeline.reversed() {
            guard r >= 0, r < pipelineRadix else { return nil }
            rest = rest * pipelineRadix + r
        }
        return (state.netInventory - netInventoryFloor) + netInventoryRadix * rest
    }

    /// The state stored at a flat index (valid or not).
    /// - Parameters:
    ///   - index: `0..<count`.
    /// - Returns: The coordinates.
    /// - Complexity: O(L).
    public func state(at index: Int) -> MDPState {
        var rest = index / netInventoryRadix
        var pipeline = [Int](repeating: 0, count: pipelineLength)
        for i in 0..<pipelineLength {
            pipeline[i] = rest % pipelineRadix
            rest /= pipelineRadix
        }
        return MDPState(netInventory: index % netInventoryRadix + netInventoryFloor, pipeline: pipeline)
    }

    /// Whether an index is a state (inventory position within the cap).
    /// - Parameters:
    ///   - index: `0..<count`.
    /// - Returns: True for states of the model.
    /// - Complexity: O(L).
    public func isValid(index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        return state(at: index).inventoryPosition <= positionCap
    }

    /// The largest feasible order in a state: `min(maxOrderQuantity, positionCap - position)`.
    /// - Parameters:
    ///   - state: A valid state.
    /// - Returns: The largest order quantity allowed.
    /// - Complexity: O(L).
    public func maxFeasibleOrder(in state: MDPState) -> Int {
        max(0, min(maxOrderQuantity, positionCap - state.inventoryPosition))
    }

    /// The state of the model closest to arbitrary coordinates, used for states outside
    /// the table.
    ///
    /// The rule, in order: pipeline entries beyond the model's `L - 1` slots are added to
    /// the last slot (to the net inventory when `L <= 1`, where nothing can be in transit
    /// at a decision epoch), which preserves the inventory position; missing slots are
    /// zero; the net inventory is clamped into `floor...positionCap` and each pipeline entry
    /// into `0...maxOrderQuantity`; finally, if the position still exceeds the cap, the
    /// pipeline is reduced from its newest entry backwards until the position equals the
    /// cap (a boundary state, where the feasible order is 0).
    /// - Parameters:
    ///   - netInventory: Net inventory (on hand − backorders) after this period's arrival.
    ///   - pipeline: Units in transit, `pipeline[i]` arriving `i + 1` periods from now.
    /// - Returns: A valid state.
    /// - Complexity: O(L + pipeline.count).
    public func nearestState(netInventory: Int, pipeline: [Int]) -> MDPState {
        var y = netInventory
        var slots = [Int](repeating: 0, count: pipelineLength)
        for (i, units) in pipeline.enumerated() {
            let units = max(units, 0)
            if pipelineLength == 0 {
                y += units
            } else {
                slots[min(i, pipelineLength - 1)] += units
            }
        }
        y = min(max(y, netInventoryFloor), positionCap)
        for i in slots.indices { slots[i] = min(max(slots[i], 0), maxOrderQuantity) }
        var excess = y + slots.reduce(0, +) - positionCap
        var i = slots.count - 1
        while excess > 0, i >= 0 {
            let cut = min(excess, slots[i])
            slots[i] -= cut
            excess -= cut
            i -= 1
        }
        return MDPState(netInventory: y, pipeline: slots)
    }

    /// The valid indices in increasing order.
    /// - Complexity: O(count) time, O(valid) memory.
    func validIndices() -> [Int32] {
        var result: [Int32] = []
        let y = netInventoryRadix
        var digits = [Int](repeating: 0, count: pipelineLength)
        var pipelineSum = 0
        var block = 0
        while true {
            // Within a block of fixed pipeline, y - floor runs over 0...(cap - floor - Σ).
            let top = positionCap - netInventoryFloor - pipelineSum
            if top >= 0 {
                for j in 0...top { result.append(Int32(block * y + j)) }
            }
            // Next pipeline (odometer, first entry fastest).
            var i = 0
            while i < pipelineLength {
                if digits[i] + 1 < pipelineRadix {
                    digits[i] += 1
                    pipelineSum += 1
                    break
                }
                pipelineSum -= digits[i]
                digits[i] = 0
                i += 1
            }
            if i == pipelineLength { break }
            block += 1
        }
        return result
    }
}
