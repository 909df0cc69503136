/// The one map from what a policy observes to the state of the stationary single-SKU models (the DP's
/// `MDPState`, the learning agents' features and table keys): all three read an observation through it,
/// so an agent trained on a model acts on the same state in the simulator.
extension Observation {
    /// The SKU's state as the single-SKU models see it at a review, after the period's arrival.
    ///
    /// Net inventory `y` = on hand − backorders, plus every order due by now (`dueDay ≤ day`): the
    /// models' timing receives the order placed `L` periods ago before the new order and the day's
    /// demand, and the simulator receives an order due today before its review. Each later order goes
    /// to the slot of the period in which it arrives, `i = ⌈(dueDay − day) / periodLengthDays⌉ ≥ 1`,
    /// stored at `pipeline[i − 1]`.
    /// - Parameters:
    ///   - periodLengthDays: Days per model period, `> 0`.
    ///   - pipelineSlots: Slots of the model's pipeline (`L − 1` for lead time `L`), or nil for as many
    ///     as the orders need. Orders that arrive after the last slot are added to it, or to `y` when
    ///     there are no slots.
    /// - Returns: `y` and the pipeline, units.
    /// - Complexity: O(pipeline count + slots).
    public func modelState(periodLengthDays: Double = 1, pipelineSlots: Int? = nil) -> (netInventoryUnits: Int, pipelineUnits: [Int]) {
        var y = netInventoryUnits
        var slots = [Int](repeating: 0, count: max(pipelineSlots ?? 0, 0))
        for order in pipeline where order.quantityUnits > 0 {
            let periods = ((order.dueDay - day) / periodLengthDays - 1e-9).rounded(.up)
            guard periods >= 1 else {
                y += order.quantityUnits
                continue
            }
            var slot = Int(min(periods, 1e6)) - 1
            if let limit = pipelineSlots {
                guard limit > 0 else {
                    y += order.quantityUnits
                    continue
                }
                slot = min(slot, limit - 1)
            } else if slot >= slots.count {
                slots += [Int](repeating: 0, count: slot + 1 - slots.count)
            }
            slots[slot] += order.quantityUnits
        }
        return (y, slots)
    }
}
