import Policies
import Testing

func observation(onHand: Int, backorders: Int = 0, pipeline: [PipelineOrder] = [], day: Double = 0) -> Observation {
    Observation(sku: 0, day: day, onHandUnits: onHand, backorderedUnits: backorders, pipeline: pipeline, price: 10)
}

@Suite("Heuristic policies")
struct HeuristicPolicyTests {
    @Test("base-stock orders the gap to S on the inventory position (on hand − backorders + on order)")
    func baseStock() {
        let policy = BaseStockPolicy(orderUpToUnits: 20)
        let pipeline = [PipelineOrder(supplier: 0, quantityUnits: 4, dueDay: 2)]
        #expect(policy.decide(observation(onHand: 5, backorders: 0, pipeline: pipeline)).orderUnits == [11])
        #expect(policy.decide(observation(onHand: 0, backorders: 3, pipeline: pipeline)).orderUnits == [19])
        #expect(policy.decide(observation(onHand: 25)).orderUnits.isEmpty)
    }

    @Test("(s,S) orders up to S only at or below s")
    func sS() {
        let policy = SSPolicy(reorderPointUnits: 5, orderUpToUnits: 30)
        #expect(policy.decide(observation(onHand: 6)).orderUnits.isEmpty)
        #expect(policy.decide(observation(onHand: 5)).orderUnits == [25])
        #expect(policy.decide(observation(onHand: 0, backorders: 2)).orderUnits == [32])
    }

    @Test("(s,Q) orders the smallest multiple of Q that lifts the position above s")
    func sQ() {
        let policy = ReorderPointQuantityPolicy(reorderPointUnits: 10, orderQuantityUnits: 8)
        #expect(policy.decide(observation(onHand: 11)).orderUnits.isEmpty)
        #expect(policy.decide(observation(onHand: 10)).orderUnits == [8])
        #expect(policy.decide(observation(onHand: 0, backorders: 7)).orderUnits == [24])   // −7 + 24 = 17 > 10, −7 + 16 = 9 ≤ 10
    }

    @Test("(R,S) orders only on review days")
    func periodic() {
        let policy = PeriodicOrderUpToPolicy(reviewPeriodDays: 7, orderUpToUnits: 50)
        #expect(policy.decide(observation(onHand: 10, day: 14)).orderUnits == [40])
        #expect(policy.decide(observation(onHand: 10, day: 15)).orderUnits.isEmpty)
    }

    @Test("dual-index counts only orders due within the expedited lead time for the expedited position")
    func dualIndex() {
        let policy = DualIndexPolicy(expeditedOrderUpToUnits: 20, regularOrderUpToUnits: 60, regularSupplier: 0,
                                     expeditedSupplier: 1, expeditedLeadTimeDays: 2)
        let pipeline = [PipelineOrder(supplier: 0, quantityUnits: 10, dueDay: 13),   // due after day 10 + 2: not in the expedited position
                        PipelineOrder(supplier: 1, quantityUnits: 5, dueDay: 11)]
        let action = policy.decide(observation(onHand: 8, pipeline: pipeline, day: 10))
        // Expedited position 8 + 5 = 13 → expedite 7; full position 8 + 15 + 7 = 30 → regular 30.
        #expect(action.orderUnits == [30, 7])
        let capped = DualIndexPolicy(expeditedOrderUpToUnits: 20, regularOrderUpToUnits: 60, regularCapUnits: 12,
                                     regularSupplier: 0, expeditedSupplier: 1, expeditedLeadTimeDays: 2)
        #expect(capped.decide(observation(onHand: 8, pipeline: pipeline, day: 10)).orderUnits == [12, 7])
    }
}
