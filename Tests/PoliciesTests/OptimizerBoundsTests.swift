import Policies
import Stochastics
import Testing

@Suite("Optimisers stop at a stated bound with a message")
struct OptimizerBoundsTests {
    @Test("the convolution count is the sum of the sizes multiplied, counted by doing the convolutions")
    func powerOperations() throws {
        let pmf = try DiscretePMF.poisson(mean: 3)
        for n in [0, 1, 2, 3, 5, 8, 13] {
            // Repeat power()'s squaring and count a.count × b.count per convolution.
            var result = DiscretePMF(unnormalized: [1]), base = pmf, remaining = n, counted = 0.0
            while remaining > 0 {
                if remaining & 1 == 1 {
                    counted += Double(result.probabilities.count * base.probabilities.count)
                    result = result.convolved(with: base)
                }
                remaining >>= 1
                if remaining > 0 {
                    counted += Double(base.probabilities.count * base.probabilities.count)
                    base = base.convolved(with: base)
                }
            }
            #expect(pmf.powerOperations(n) == counted, "n = \(n)")
            #expect(try pmf.power(n).probabilities == result.probabilities)
        }
    }

    @Test("a lead-time demand too wide to tabulate is refused before the work, with the periods and support")
    func leadTimeDemandRefused() throws {
        // Poisson 20,000 a day has ~1,700 values; 3,651 days of it would take ~1e13 operations.
        let daily = try DiscretePMF.poisson(mean: 20_000)
        do {
            _ = try OptimizerError.leadTimeDemand(daily, periods: 3651)
            Issue.record("expected a refusal")
        } catch let error as OptimizerError {
            #expect(error.message.contains("the demand over 3651 periods") && error.message.contains("more than the limit of 4e+09"), "\(error)")
        }
        // The same refusal reaches the optimisers that convolve over the lead time.
        #expect(throws: OptimizerError.self) {
            try BackorderBaseStock.optimize(pmf: daily, holdingCost: 1, backorderCost: 9, leadTimePeriods: 3650)
        }
        #expect(throws: OptimizerError.self) {
            try ZhengFedergruen.optimize(pmf: daily, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: 10, leadTimePeriods: 3650)
        }
        // A small one is the plain convolution.
        let small = try DiscretePMF.poisson(mean: 2)
        #expect(try OptimizerError.leadTimeDemand(small, periods: 4).probabilities == small.power(4).probabilities)
    }

    @Test("(s,S): a search whose batch runs to millions of units stops at its work limit and says what to change")
    func zhengFedergruenWorkLimit() throws {
        let pmf = try DiscretePMF.poisson(mean: 1)
        // h = 1e-9 and K = 5000: the batch is about √(2·5000·1/1e-9) = 3·10⁶ units.
        do {
            _ = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: 1e-9, backorderCost: 1, fixedCostPerOrder: 5000,
                                             leadTimePeriods: 0, maximumWork: 2e6)
            Issue.record("expected the work limit")
        } catch let error as OptimizerError {
            #expect(error.message.contains("needs more than 2e+06 steps") && error.message.contains("write numbers instead of auto"), "\(error)")
        }
        // An ordinary instance stays far below the limit and finds the optimum the limit does not touch.
        let ordinary = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: 10, leadTimePeriods: 1)
        let limited = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: 10, leadTimePeriods: 1,
                                                   maximumWork: 1e5)
        #expect(ordinary.s == limited.s && ordinary.S == limited.S)
    }

    @Test("relative value iteration's tolerance grows with costs too large for an absolute 1e-6")
    func relativeTolerance() {
        #expect(RelativeValueIteration.effectiveTolerance(1e-6, 10, 12) == 1e-6)
        #expect(RelativeValueIteration.effectiveTolerance(1e-6, 1e5, 1e5) == 1e-6)
        #expect(abs(RelativeValueIteration.effectiveTolerance(1e-6, 1e9, 1e9) - 1e-3) < 1e-15)
        // Doubles near 1e12 are 1.2e-4 apart: an absolute 1e-6 could never be met.
        #expect(RelativeValueIteration.effectiveTolerance(1e-6, -2e12, 1e12) == 2)
    }
}

@Suite("Lost-sales base-stock search bounds")
struct LostSalesSearchBoundsTests {
    @Test("the search over levels stops at its transition budget with a message; lead time 0 is the newsvendor at any size")
    func searchBudget() throws {
        let pmf = try DiscretePMF.poisson(mean: 30)
        do {
            _ = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: 19, leadTimePeriods: 2, searchBudget: 1e5)
            Issue.record("expected the search budget to stop it")
        } catch let error as OptimizerError {
            #expect(error.message.contains("visited more than 1e+05 chain transitions") && error.message.contains("lead time 2 periods"), "\(error)")
        }
        // Lead time 0: the optimum is the newsvendor's critical fractile 19/20, found quickly even for large demand.
        let large = try DiscretePMF.poisson(mean: 200_000)
        let found = try LostSalesBaseStock.optimize(pmf: large, holdingCost: 1, lostSalePenalty: 19, leadTimePeriods: 0)
        var q = 0
        while large.cdf(q) < 0.95 { q += 1 }
        #expect(found.level == q)
    }
}

@Suite("Dual-index search bounds")
struct DualIndexSearchBoundsTests {
    @Test("a lost-sales search over too many level pairs is refused before any chain is built, saying what to lower")
    func tooManyChains() throws {
        // Position cap 700: about 700²/2 × 9 caps > 200,000 chains.
        let model = try DualSourcingModel(demand: DiscretePMF.poisson(mean: 4), regularLeadTimePeriods: 2, expeditedLeadTimePeriods: 0,
                                          regularUnitCost: 1, expeditedUnitCost: 3, holdingCostPerUnitPeriod: 1,
                                          shortage: .lostSales(penaltyPerUnit: 9), positionCap: 700, maxRegularOrderUnits: 8,
                                          maxExpeditedOrderUnits: 8)
        do {
            _ = try DualIndexSearch.bestCappedDualIndex(model)
            Issue.record("expected the chain limit")
        } catch let error as OptimizerError {
            #expect(error.message.contains("Markov chains, more than 200000") && error.message.contains("position cap 700"), "\(error)")
        }
    }
}

@Suite("Messages for state spaces beyond Int")
struct HugeStateSpaceMessageTests {
    @Test("a lost-sales chain of ~1e40 states is refused with a message, not a trap converting the count to Int")
    func hugeChain() throws {
        let pmf = try DiscretePMF.poisson(mean: 40)
        do {
            _ = try LostSalesBaseStock.cost(level: 1000, pmf: pmf, holdingCost: 1, lostSalePenalty: 9, leadTimePeriods: 20)
            Issue.record("expected a refusal")
        } catch let error as OptimizerError {
            #expect(error.message.contains("e+") && error.message.contains("Markov-chain states"), "\(error)")
        }
    }
}
