import Policies
import Testing

/// `Action` keeps a one-supplier order without an array; every way of reading it must agree with the
/// per-supplier form it stands for.
@Suite("Actions")
struct ActionTests {
    @Test("a one-supplier order reads as its per-supplier array and equals the action built from it")
    func singleOrder() {
        let action = Action.order(5, from: 2)
        #expect(action.orderUnits == [0, 0, 5])
        #expect(action == Action(orderUnits: [0, 0, 5]))
        #expect(action != Action(orderUnits: [0, 5]))
        #expect(action != Action.order(5, from: 2).withPrice(3))
        #expect(Action.order(0) == .none && Action.order(-3, from: 1) == .none)
        #expect(Action.order(0).orderUnits.isEmpty)
        #expect(Action.order(4, from: -1) == .none, "a negative supplier index orders nothing")
    }

    @Test("forEachOrder and totalOrderUnits see the positive orders only, in supplier order, in both forms")
    func visiting() {
        var seen: [[Int]] = []
        Action(orderUnits: [3, 0, -2, 4]).forEachOrder { seen.append([$0, $1]) }
        #expect(seen == [[0, 3], [3, 4]])
        #expect(Action(orderUnits: [3, 0, -2, 4]).totalOrderUnits == 7)
        seen = []
        Action.order(6, from: 1).forEachOrder { seen.append([$0, $1]) }
        #expect(seen == [[1, 6]])
        #expect(Action.order(6, from: 1).totalOrderUnits == 6)
        #expect(Action.none.totalOrderUnits == 0)
    }

    @Test("writing orderUnits of a one-supplier order starts from its per-supplier array")
    func writing() {
        var action = Action.order(5, from: 1)
        action.orderUnits[0] = 2
        #expect(action.orderUnits == [2, 5])
        #expect(action.totalOrderUnits == 7)
        action.orderUnits = []
        #expect(action == .none)
    }

    @Test("a supplier without an entry in lastOrderDays has no cut-off")
    func missingCutoff() {
        let observation = Observation(sku: 0, day: 3, onHandUnits: 1, backorderedUnits: 0, pipeline: [], price: 1, lastOrderDays: [nil, 9])
        #expect(observation.lastOrderDay(supplier: 0) == nil)
        #expect(observation.lastOrderDay(supplier: 1) == 9)
        #expect(observation.lastOrderDay(supplier: 2) == nil)
    }
}

private extension Action {
    func withPrice(_ price: Double) -> Action {
        var action = self
        action.price = price
        return action
    }
}
