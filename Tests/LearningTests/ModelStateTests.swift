import Testing
import Learning
import Policies

/// The DP's table lookup, the PPO features and the Q-learning keys read an observation through one
/// function: on the same observation they must give the same state, including for an order due today.
@Suite("One observation → model state")
struct ModelStateTests {
    /// On hand 3, one order due today (day 10, 4 units), one due tomorrow (5 units), one in 2 days (6 units).
    let observation = Observation(sku: 0, day: 10, onHandUnits: 3, backorderedUnits: 0,
                                  pipeline: [PipelineOrder(supplier: 0, quantityUnits: 4, dueDay: 10),
                                             PipelineOrder(supplier: 0, quantityUnits: 5, dueDay: 11),
                                             PipelineOrder(supplier: 0, quantityUnits: 6, dueDay: 12)],
                                  price: 0)

    @Test("an order due today counts as received in the DP state, the PPO features and the Q-learning key")
    func dueTodayIsReceived() throws {
        let lead = 3  // two pipeline slots
        let space = try MDPStateSpace(leadTimePeriods: lead, netInventoryFloor: 0, positionCap: 100, maxOrderQuantity: 50,
                                      maxStates: 1_000_000)
        let dp = space.state(from: observation)
        #expect(dp == MDPState(netInventory: 7, pipeline: [5, 6]))
        let features = InventoryFeatures(leadTimePeriods: lead, meanDemandPerPeriod: 5)
        let ppo = features.state(of: observation, periodLengthDays: 1)
        #expect(ppo.netInventory == dp.netInventory && ppo.pipeline == dp.pipeline)
        let table = QLearningPolicy(actions: [:], fallbackBaseStockLevel: 0, onHandCap: 1000, leadTimePeriods: lead, maxOrderUnits: 10)
        #expect(table.key(for: observation) == QStateKey(onHandUnits: 7, pipeline: [5, 6]))
    }

    @Test("orders beyond the model's lead time fold into the last slot, or into net inventory without slots")
    func folding() {
        #expect(observation.modelState(pipelineSlots: 1).netInventoryUnits == 7)
        #expect(observation.modelState(pipelineSlots: 1).pipelineUnits == [11])
        #expect(observation.modelState(pipelineSlots: 0).netInventoryUnits == 18)
        #expect(observation.modelState(pipelineSlots: 0).pipelineUnits.isEmpty)
        // Weekly periods: due in 1 and 2 days both arrive within the first period.
        #expect(observation.modelState(periodLengthDays: 7).pipelineUnits == [11])
    }
}
