import Policies
import Testing

@Suite("Clairvoyant bound")
struct ClairvoyantBoundTests {
    /// The world's rules for a plan of orders (placed on day t, arriving on day t + L before demand):
    /// FIFO service, lost sales, end-of-day holding, salvage at the end.
    func simulate(_ orders: [Int], demand: [Int], initial: Int, lead: Int, e: ClairvoyantBound.Economics) -> Double {
        var stock = initial
        var profit = 0.0
        for day in demand.indices {
            let arriving = day - lead >= 0 && day - lead < orders.count ? orders[day - lead] : 0
            stock += arriving
            let served = min(stock, demand[day])
            stock -= served
            profit += Double(served) * e.sellingPrice - Double(demand[day] - served) * e.lostSalePenaltyPerUnit
            profit -= Double(stock) * e.holdingCostPerUnitDay
        }
        let bought = orders.reduce(0, +)
        profit -= Double(bought) * e.unitCost + Double(orders.filter { $0 > 0 }.count) * e.fixedCostPerOrder
        return profit + Double(stock) * e.salvageValuePerUnit
    }

    @Test("equals the best of every order plan on small paths (brute force)",
          arguments: [(0, 0), (1, 2), (2, 0), (1, 5)])
    func bruteForce(lead: Int, initial: Int) throws {
        let cases: [([Int], ClairvoyantBound.Economics)] = [
            ([2, 0, 3, 1, 2], .init(sellingPrice: 10, unitCost: 4, fixedCostPerOrder: 7, holdingCostPerUnitDay: 1,
                                    lostSalePenaltyPerUnit: 2, salvageValuePerUnit: 1)),
            ([1, 1, 0, 0, 4], .init(sellingPrice: 5, unitCost: 4, fixedCostPerOrder: 3, holdingCostPerUnitDay: 0.5,
                                    lostSalePenaltyPerUnit: 0)),
            ([3, 2, 2, 1, 0], .init(sellingPrice: 8, unitCost: 3, fixedCostPerOrder: 0, holdingCostPerUnitDay: 2,
                                    lostSalePenaltyPerUnit: 4)),
        ]
        for (demand, e) in cases {
            let orderDays = max(0, demand.count - lead)
            var best = -Double.infinity
            var plan = [Int](repeating: 0, count: orderDays)
            // Every plan with orders of 0…6 units on each day that can still deliver.
            func enumerate(_ day: Int) {
                if day == orderDays {
                    best = max(best, simulate(plan, demand: demand, initial: initial, lead: lead, e: e))
                    return
                }
                for q in 0...6 {
                    plan[day] = q
                    enumerate(day + 1)
                }
            }
            enumerate(0)
            let bound = try ClairvoyantBound.profit(demandUnits: demand.map(Double.init), initialOnHandUnits: Double(initial),
                                                    leadTimeDays: lead, economics: e)
            #expect(abs(bound - best) < 1e-9, "demand \(demand), L \(lead), initial \(initial): bound \(bound), brute force \(best)")
        }
    }

    @Test("without fixed or holding costs the bound is the margin on every unit past the lead time")
    func marginOnEverything() throws {
        let demand: [Double] = [5, 3, 8, 2, 9, 4, 7]
        let e = ClairvoyantBound.Economics(sellingPrice: 12, unitCost: 5, fixedCostPerOrder: 0, holdingCostPerUnitDay: 0,
                                           lostSalePenaltyPerUnit: 3)
        let bound = try ClairvoyantBound.profit(demandUnits: demand, initialOnHandUnits: 0, leadTimeDays: 2, economics: e)
        // Days 0 and 1 are lost (8 units at −3); the rest (30 units) earn 12 − 5 each.
        #expect(abs(bound - (30 * 7 - 8 * 3)) < 1e-9)
        #expect(throws: OptimizerError.self) {
            _ = try ClairvoyantBound.profit(demandUnits: [1, -1], initialOnHandUnits: 0, leadTimeDays: 0, economics: e)
        }
    }
}
