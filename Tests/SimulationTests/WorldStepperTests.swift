import Policies
import Simulation
import Stochastics
import Testing

/// Orders 7 units on odd days and nothing otherwise; keeps the price.
struct OddDayPolicy: Policy {
    func decide(_ observation: Observation) -> Action { Int(observation.day) % 2 == 1 ? .order(7) : .none }
}

/// Worlds in which the stepper must reproduce the ordinary run, each with the policies of its SKUs.
enum StepperCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case dailyPoissonLostSales, weeklyPerDayBackordersWarmup, continuousPoissonBackorders
    case threeSKUsDailyReview, fourSKUsContinuousReview, pricingSeason, forecastsShown

    var testDescription: String { rawValue }

    static func supplier(lead: Distribution, unitCost: Double, fixed: Double = 0, minimum: Int = 0, multiple: Int = 1,
                         crossing: Bool = false, lastOrderDay: Int? = nil, name: String = "s") -> SupplierConfiguration {
        SupplierConfiguration(name: name, leadTimeDays: lead, allowsOrderCrossing: crossing, unitCost: unitCost, fixedCostPerOrder: fixed,
                              minimumOrderUnits: minimum, orderMultipleUnits: multiple, lastOrderDay: lastOrderDay)
    }

    static func product(_ customers: CustomerModel, shortage: ShortageRule, initial: Int,
                        suppliers: [SupplierConfiguration], levels: [Double] = [], salvage: Double = 0) -> ProductConfiguration {
        ProductConfiguration(sku: "P", sellingPrice: levels.first ?? 3, holdingCostPerUnitDay: 0.05, shortage: shortage,
                             initialOnHandUnits: initial, customers: customers, suppliers: suppliers, priceLevels: levels,
                             salvageValuePerUnit: salvage)
    }

    /// Dual sourcing, lost sales, per-day demand: the SKU the multi-SKU cases control in the middle.
    static var dualSourced: ProductConfiguration {
        product(.perDay(demandUnits: .negativeBinomial(mean: 6, dispersion: 3)), shortage: .lostSales(penaltyPerUnit: 2), initial: 20,
                suppliers: [supplier(lead: .constant(5), unitCost: 1, name: "regular"),
                            supplier(lead: .uniformInteger(low: 0, high: 2), unitCost: 1.4, fixed: 1, crossing: true, name: "expedited")])
    }

    var world: WorldConfiguration {
        switch self {
        case .dailyPoissonLostSales:
            // The speed benchmark's model.
            let p = Self.product(.poissonArrivals(customersPerDay: 10, unitsPerCustomer: .constant(1)), shortage: .lostSales(penaltyPerUnit: 1),
                                 initial: 60, suppliers: [Self.supplier(lead: .constant(2), unitCost: 0.5)])
            return WorldConfiguration(products: [p], review: .periodic(everyDays: 1), costAccounting: .timeWeighted, horizonDays: 200)
        case .weeklyPerDayBackordersWarmup:
            let p = Self.product(.perDay(demandUnits: .negativeBinomial(mean: 5, dispersion: 2)), shortage: .backorders(costPerUnitDay: 0.4),
                                 initial: 10, suppliers: [Self.supplier(lead: .gamma(mean: 4, sd: 1.5), unitCost: 1, fixed: 8, minimum: 12, multiple: 5)])
            return WorldConfiguration(products: [p], review: .periodic(everyDays: 7), horizonDays: 180, warmupDays: 30)
        case .continuousPoissonBackorders:
            let p = Self.product(.poissonArrivals(customersPerDay: 4, unitsPerCustomer: .uniformInteger(low: 1, high: 3)),
                                 shortage: .backorders(costPerUnitDay: 0.3), initial: 15,
                                 suppliers: [Self.supplier(lead: .gamma(mean: 3, sd: 1), unitCost: 1, fixed: 5, crossing: true)])
            return WorldConfiguration(products: [p], review: .continuous, costAccounting: .timeWeighted, horizonDays: 120, warmupDays: 10)
        case .threeSKUsDailyReview, .fourSKUsContinuousReview:
            let arrivals = Self.product(.poissonArrivals(customersPerDay: 6, unitsPerCustomer: .constant(1)), shortage: .backorders(costPerUnitDay: 0.2),
                                        initial: 30, suppliers: [Self.supplier(lead: .constant(3), unitCost: 1, fixed: 2)])
            let daily = Self.product(.perDay(demandUnits: .poisson(mean: 4)), shortage: .lostSales(penaltyPerUnit: 1), initial: 10,
                                     suppliers: [Self.supplier(lead: .constant(1), unitCost: 1)])
            let continuous = self == .fourSKUsContinuousReview
            // Shared shelf space couples the SKUs: whose receipt comes first decides what is refused. Under
            // continuous review a day's demand stops at the controlled SKU and goes on with the next one.
            return WorldConfiguration(products: continuous ? [daily, Self.dualSourced, daily, arrivals] : [arrivals, Self.dualSourced, daily],
                                      review: continuous ? .continuous : .periodic(everyDays: 1), costAccounting: .timeWeighted,
                                      horizonDays: 120, warmupDays: 5, storageCapacityUnits: 70)
        case .pricingSeason:
            let demand = DailyMeanDemand(meanUnitsPerDay: Array(repeating: 2, count: 60), noise: .poisson, priceElasticity: -1.5,
                                         referencePrice: 10)
            let p = Self.product(.dailyMeans(demand), shortage: .lostSales(penaltyPerUnit: 0), initial: 40,
                                 suppliers: [Self.supplier(lead: .constant(4), unitCost: 4, fixed: 3, lastOrderDay: 20)],
                                 levels: [10, 8, 6], salvage: 2)
            return WorldConfiguration(products: [p], horizonDays: 60)
        case .forecastsShown:
            return WorldConfiguration(products: [Self.dualSourced], review: .periodic(everyDays: 3), horizonDays: 90)
        }
    }

    /// The SKU the agent decides for.
    var controlledSKU: Int {
        switch self {
        case .threeSKUsDailyReview, .fourSKUsContinuousReview: return 1
        default: return 0
        }
    }

    /// Fresh policies, one per SKU (stateful ones must not be shared between two runs).
    func policies() -> [any Policy] {
        switch self {
        case .dailyPoissonLostSales: return [SSPolicy(reorderPointUnits: 35, orderUpToUnits: 60)]
        case .weeklyPerDayBackordersWarmup: return [PeriodicOrderUpToPolicy(reviewPeriodDays: 7, orderUpToUnits: 70)]
        case .continuousPoissonBackorders: return [ReorderPointQuantityPolicy(reorderPointUnits: 12, orderQuantityUnits: 25)]
        case .threeSKUsDailyReview, .fourSKUsContinuousReview:
            let dual = DualIndexPolicy(expeditedOrderUpToUnits: 12, regularOrderUpToUnits: 45, regularSupplier: 0, expeditedSupplier: 1,
                                       expeditedLeadTimeDays: 1)
            return self == .threeSKUsDailyReview
                ? [SSPolicy(reorderPointUnits: 20, orderUpToUnits: 40), dual, BaseStockPolicy(orderUpToUnits: 9)]
                : [BaseStockPolicy(orderUpToUnits: 9), dual, BaseStockPolicy(orderUpToUnits: 7),
                   ReorderPointQuantityPolicy(reorderPointUnits: 20, orderQuantityUnits: 20)]
        case .pricingSeason:
            // An off-level price (moved to the level 8) and an order after the last order day (dropped).
            return [ScriptedPolicy(prices: [15: 7.5, 40: 6], orders: [0: 120, 10: 60, 30: 50])]
        case .forecastsShown: return [OddDayPolicy()]
        }
    }

    /// Fresh forecast providers (the recording one keeps state).
    func forecasters() -> [(any DemandForecastProvider)?] {
        self == .forecastsShown || self == .pricingSeason ? [PriceRecordingForecaster()] : []
    }
}

/// Answers every decision of `stepper` with `policy`.
/// - Returns: the observations and, per decision, its reward (the profit booked until the next decision).
func drive(_ stepper: WorldStepper, with policy: any Policy) -> (observations: [Observation], rewards: [Double]) {
    var observations: [Observation] = [], rewards: [Double] = []
    while let observation = stepper.nextDecision() {
        if observations.isEmpty {
            #expect(stepper.periodProfit == 0, "nothing is booked before the first decision")
        } else {
            rewards.append(stepper.periodProfit)
        }
        #expect(stepper.pendingObservation == observation && stepper.day == observation.day)
        observations.append(observation)
        stepper.act(policy.decide(observation))
    }
    if !observations.isEmpty { rewards.append(stepper.periodProfit) }
    return (observations, rewards)
}

@Suite("Stepping one replication decision by decision")
struct WorldStepperTests {
    @Test("an agent answering as the policy would reproduces the ordinary run to the bit, seeing what the policy saw",
          arguments: StepperCase.allCases)
    func sameWorldSameNumbers(_ example: StepperCase) {
        let world = example.world, sku = example.controlledSKU
        for (replication, generator) in [(0, GeneratorKind.mt19937), (3, .taus2)] {
            var policies = example.policies()
            let observer = ObservingPolicy(policies[sku])
            policies[sku] = observer
            let run = InventorySimulator(configuration: world)
                .run(policies: policies, replication: replication, seed: 17, generator: generator, forecasters: example.forecasters())

            let agent = example.policies()[sku]
            let stepper = WorldStepper(configuration: world, controlledSKU: sku, otherPolicies: example.policies(),
                                       replication: replication, seed: 17, generator: generator, forecasters: example.forecasters())
            let (observations, rewards) = drive(stepper, with: agent)

            #expect(stepper.isFinished)
            #expect(stepper.ledgers == run.ledgers)
            #expect(stepper.processedEvents == run.processedEvents)
            #expect(observations.count == observer.observations.count && observations.count > 0)
            #expect(observations == observer.observations)
            let profit = run.ledgers[sku].profit
            #expect(abs(rewards.reduce(0, +) - profit) <= 1e-9 * max(1, abs(profit)), "rewards add up to the SKU's profit \(profit)")
            #expect(run.ledgers[sku].ordersPlaced > 0)
        }
    }

    @Test("the case worlds use what they claim: forecasts in observations, snapped prices, dropped orders")
    func casesExerciseTheirFeatures() {
        let forecastRun = drive(WorldStepper(configuration: StepperCase.forecastsShown.world, controlledSKU: 0, otherPolicies: [],
                                             replication: 0, seed: 1, forecasters: [PriceRecordingForecaster()]), with: OddDayPolicy())
        #expect(forecastRun.observations.allSatisfy { $0.forecast != nil })
        let pricing = StepperCase.pricingSeason
        let stepper = WorldStepper(configuration: pricing.world, controlledSKU: 0, otherPolicies: [], replication: 0, seed: 1)
        let seen = drive(stepper, with: pricing.policies()[0]).observations
        #expect(seen[16].price == 8 && seen[41].price == 6)
        #expect(stepper.ledger.ordersPlaced == 2 && stepper.ledger.salvageRevenue > 0)
    }

    @Test("an action is carried out as the world carries out a policy's: price levels, order rounding, last order day")
    func actionRules() throws {
        let product = StepperCase.product(.perDay(demandUnits: .constant(1)), shortage: .lostSales(penaltyPerUnit: 0), initial: 5,
                                          suppliers: [StepperCase.supplier(lead: .constant(3), unitCost: 1, fixed: 2, minimum: 12, multiple: 5,
                                                                           lastOrderDay: 1)],
                                          levels: [10, 8, 6])
        let world = WorldConfiguration(products: [product], horizonDays: 10)
        let stepper = WorldStepper(configuration: world, controlledSKU: 0, otherPolicies: [], replication: 0, seed: 1)
        let first = try #require(stepper.nextDecision())
        #expect(first.day == 0 && first.onHandUnits == 5 && first.price == 10 && first.priceLevels == [10, 8, 6])
        stepper.act(Action(orderUnits: [1], price: 7.5))
        #expect(stepper.ledger.orderingCost == 2, "the fixed cost is booked when the order is placed")
        let second = try #require(stepper.nextDecision())
        #expect(second.day == 1 && second.price == 8)
        #expect(second.pipeline == [PipelineOrder(supplier: 0, quantityUnits: 15, dueDay: 3)])
        // One unit sold at the new price 8 (the review comes before the day's demand), the order's fixed cost, holding of 4 units.
        #expect(abs(stepper.periodProfit - (8 - 2 - 4 * 0.05)) < 1e-12)
        stepper.act(.none)
        _ = try #require(stepper.nextDecision())
        stepper.act(.order(20))
        #expect(stepper.ledger.ordersPlaced == 1, "past the last order day (1) the order is dropped")
    }

    @Test("after the horizon nextDecision returns nil, again and again; the last period holds the final costs and salvage")
    func endOfRun() throws {
        let product = StepperCase.product(.perDay(demandUnits: .constant(2)), shortage: .lostSales(penaltyPerUnit: 0), initial: 9,
                                          suppliers: [StepperCase.supplier(lead: .constant(1), unitCost: 1)], salvage: 0.5)
        let world = WorldConfiguration(products: [product], review: .periodic(everyDays: 2), horizonDays: 4)
        let stepper = WorldStepper(configuration: world, controlledSKU: 0, otherPolicies: [], replication: 0, seed: 1)
        #expect(stepper.day == 0 && !stepper.isFinished && stepper.pendingObservation == nil)
        var days: [Double] = []
        while let observation = stepper.nextDecision() {
            days.append(observation.day)
            stepper.act(.none)
        }
        #expect(days == [0, 2])
        // Days 2 and 3: sell 2 + 2 at 3 from 5, holding on 3 and 1 units, salvage of 1 unit at 0.5.
        #expect(abs(stepper.periodProfit - (12 - 0.05 * 4 + 0.5)) < 1e-12)
        #expect(stepper.isFinished && stepper.day == 4 && stepper.ledger.salvagedUnits == 1)
        #expect(stepper.nextDecision() == nil && stepper.nextDecision() == nil)
        #expect(stepper.periodProfit == 0)

        let empty = WorldStepper(configuration: WorldConfiguration(products: [product], horizonDays: 0), controlledSKU: 0,
                                 otherPolicies: [], replication: 0, seed: 1)
        #expect(empty.nextDecision() == nil && empty.isFinished && empty.ledger == Ledger())
    }

    @Test("warm-up days earn nothing: rewards are changes of the measured ledger")
    func warmupEarnsNothing() {
        let example = StepperCase.weeklyPerDayBackordersWarmup
        let world = example.world
        let stepper = WorldStepper(configuration: world, controlledSKU: 0, otherPolicies: [], replication: 1, seed: 5)
        let (observations, rewards) = drive(stepper, with: example.policies()[0])
        // A period that ends by the end of the warm-up (the next decision is no later than day 30) books nothing.
        for (index, observation) in observations.enumerated().dropLast() where observations[index + 1].day <= Double(world.warmupDays) {
            #expect(rewards[index] == 0, "decision on day \(observation.day)")
        }
        #expect(rewards.last != 0 && stepper.ledger.periods == Double(world.measuredDays))
    }

    @Test("acting with no decision pending is a programming error")
    func actWithoutDecision() async {
        await #expect(processExitsWith: .failure) {
            let world = StepperCase.dailyPoissonLostSales.world
            WorldStepper(configuration: world, controlledSKU: 0, otherPolicies: [], replication: 0, seed: 1).act(.none)
        }
    }
}
