import Policies
import Stochastics

/// The outcome of one replication.
public struct SimulationResult: Sendable {
    /// One ledger per SKU, in product order.
    public var ledgers: [Ledger]
    /// Per-day, per-SKU rows (empty unless tracing was asked for).
    public var trace: [TraceRow]
    /// Events the kernel processed.
    public var processedEvents: Int

    /// All SKUs together.
    public var total: Ledger { ledgers.reduce(Ledger(), +) }
}

/// Simulates one stocking location with several SKUs under a set of policies.
///
/// Within a day, events run in this order: the end of the previous day (costs charged, statistics
/// closed), receipts due, the review (policies decide and orders are placed; an order with zero lead
/// time arrives before any demand), then demand. With per-day demand, the whole day's demand is one
/// event; with Poisson customers each customer is an event.
///
/// Randomness comes from substreams keyed by (replication, SKU, purpose), so two policies run on the
/// same replication see the same demand and the same sequence of lead-time draws (common random numbers).
public struct InventorySimulator: Sendable {
    /// The business being simulated.
    public let configuration: WorldConfiguration

    /// Creates a simulator.
    /// - Parameter configuration: the world; assumed validated (see `Scenario`).
    public init(configuration: WorldConfiguration) {
        self.configuration = configuration
    }

    /// Days recorded in a trace: enough for any plot or spreadsheet, bounded for very long horizons.
    public static let maximumTracedDays = 10_000

    /// Runs one replication.
    /// - Parameters:
    ///   - policies: one policy per SKU, in product order.
    ///   - replication: replication index (selects the random substreams).
    ///   - seed: the scenario seed.
    ///   - traced: whether to record per-day rows (the first ``maximumTracedDays`` days).
    ///   - generator: GSL generator algorithm.
    ///   - forecasters: per SKU, an optional provider of demand forecasts shown to policies; it sees only
    ///     the demand observed during the run (sales, censored under lost sales).
    /// - Returns: ledgers, trace and event count.
    /// - Complexity: O(events × log(pending events)), plus the forecasters' refits.
    public func run(policies: [any Policy], replication: Int, seed: UInt64, traced: Bool = false,
                    generator: GeneratorKind = .mt19937,
                    forecasters: [(any DemandForecastProvider)?] = []) -> SimulationResult {
        precondition(policies.count == configuration.products.count, "one policy per SKU")
        var world = WorldRun(configuration: configuration, policies: policies, replication: replication,
                             seed: seed, traced: traced, generator: generator, forecasters: forecasters)
        world.run()
        return SimulationResult(ledgers: world.ledgers, trace: world.trace, processedEvents: world.kernel.processedEvents)
    }
}

/// Event priorities: at equal times, lower runs first.
enum EventPriority {
    static let dayEnd: Int32 = 0
    static let receipt: Int32 = 1
    static let review: Int32 = 2
    static let demand: Int32 = 3
}

enum WorldEvent {
    case dayEnd(day: Int)
    case receipt(sku: Int, order: Int)
    /// The review of SKUs `fromSKU...` on `day`: from 0 when scheduled, from the SKU after the
    /// controlled one when the event goes on after an outside decision.
    case review(day: Int, fromSKU: Int)
    /// One day's demand of the per-day SKUs `fromSKU...` (as for `review`).
    case dailyDemand(day: Int, fromSKU: Int)
    case customer(sku: Int)
    /// What is left of a customer's event after an outside decision on its SKU: the next arrival.
    case nextCustomer(sku: Int)
}

/// An outstanding order with its identity (to find it at receipt).
struct OpenOrder {
    var id: Int
    var order: PipelineOrder
}

/// Mutable numeric state of one SKU during a run: plain values only, so the hot path can copy it out,
/// change it and store it back without reference counting.
struct SKUState {
    var onHand: Int
    var backorders = 0
    var price: Double
    /// Time of the last change of on hand/backorders (for time-weighted areas).
    var lastChange: Double = 0
    var stockoutToday = false
    var ledger = Ledger()
    var onOrder = 0
}

/// Where the event loop stopped for the controlled SKU's decision: the time (days) and the rest of the
/// event it stopped in, as an event to process once the decision is applied.
struct Suspension {
    var time: Double
    var rest: WorldEvent
}

/// One replication in progress: a struct so the hot loop runs without reference-counting or dynamic
/// exclusivity checks.
///
/// The ordinary run (`run()`) and ``WorldStepper`` share one event loop, `advance()`: the loop stops at a
/// review of `controlledSKU` and carries on from there at the next call, so an outside agent decides
/// for that SKU exactly where its policy would have.
struct WorldRun {
    let config: WorldConfiguration
    /// One per SKU; the controlled SKU's entry (if any) is never consulted, and may be missing.
    let policies: [any Policy]
    let traced: Bool
    let warmup: Double
    let horizon: Double
    var kernel = EventKernel<WorldEvent>()
    var skus: [SKUState]
    /// Outstanding orders per SKU.
    var pipelines: [[OpenOrder]]
    /// Latest due day per SKU and supplier (to keep deliveries in order when crossing is not allowed).
    var lastDueDay: [[Double]]
    let demandStreams: [RandomStream]
    /// Held unretained in the hot loop (the array above keeps them alive): no reference counting per customer.
    let arrivalStreams: [Unmanaged<RandomStream>]
    let arrivalStreamOwners: [RandomStream]
    let sizeStreams: [RandomStream]
    let leadTimeStreams: [[RandomStream]]
    var trace: [TraceRow] = []
    /// Today's trace row per SKU (touched only when tracing; kept out of `SKUState` so the hot path copies less).
    var today: [TraceRow]
    var nextOrderID = 0
    var totalOnHand: Int
    /// Per-SKU constants of the hot path, as plain arrays so the event loop never copies a product
    /// (with its strings and arrays) per event.
    let holdingPerUnitDay: [Double]
    let backorderPerUnitDay: [Double]
    let lostSalePenalty: [Double]
    let isLostSales: [Bool]
    let meanGapDays: [Double]
    /// Units per customer when constant (no draw needed), else -1.
    let constantCustomerUnits: [Int]
    let customerUnits: [Distribution]
    let dailyDemand: [Distribution?]
    let dailyMeans: [DailyMeanDemand?]
    let timeWeighted: Bool
    /// Forecast providers per SKU (empty when none), what they have observed, and their last forecasts.
    let forecasters: [(any DemandForecastProvider)?]
    let hasForecasters: Bool
    var observedUnits: [[Double]]
    var observedToday: [Int]
    var latestForecast: [DemandForecast?]
    /// Selling price of each closed day (what a price-aware forecaster learns from) and the price each
    /// SKU's latest forecast assumed (a price change calls for a new forecast).
    var observedPrices: [[Double]]
    var forecastPrice: [Double]
    /// Per SKU: its price levels, its suppliers' last order days, and whether its forecasts reach the
    /// end of the horizon (seasonal items: a markdown or a last order looks at the rest of the season).
    let priceLevels: [[Double]]
    /// Per SKU, the planned promotion days (forecast demand with a promotion plan), shown to policies.
    let promotionPlans: [[ClosedRange<Int>]]
    let lastOrderDays: [[Int?]]
    let forecastsToHorizonEnd: [Bool]
    // Stored last: the fields of the hot path above stay together in memory.
    /// The SKU whose reviews stop the loop for an outside decision; −1 for none (the ordinary run).
    let controlledSKU: Int
    /// The controlled SKU's observation at the review the loop stopped at.
    var pendingObservation: Observation?
    /// Where the loop stopped, while a decision is pending.
    var suspension: Suspension?

    init(configuration: WorldConfiguration, policies: [any Policy], replication: Int, seed: UInt64, traced: Bool,
         generator: GeneratorKind, forecasters: [(any DemandForecastProvider)?] = [], controlledSKU: Int = -1) {
        let count = configuration.products.count
        self.controlledSKU = controlledSKU
        self.forecasters = forecasters.count == count ? forecasters : Array(repeating: nil, count: count)
        hasForecasters = self.forecasters.contains { $0 != nil }
        observedUnits = Array(repeating: [], count: count)
        observedToday = Array(repeating: 0, count: count)
        latestForecast = Array(repeating: nil, count: count)
        observedPrices = Array(repeating: [], count: count)
        forecastPrice = Array(repeating: .nan, count: count)
        priceLevels = configuration.products.map(\.priceLevels)
        promotionPlans = configuration.products.map { product in
            if case .dailyMeans(let demand) = product.customers { return demand.promotionDays }
            return []
        }
        lastOrderDays = configuration.products.map { $0.suppliers.map(\.lastOrderDay) }
        forecastsToHorizonEnd = configuration.products.map { product in
            !product.priceLevels.isEmpty || product.suppliers.contains { $0.lastOrderDay != nil }
        }
        config = configuration
        self.policies = policies
        self.traced = traced
        warmup = Double(configuration.warmupDays)
        horizon = Double(configuration.horizonDays)
        skus = configuration.products.map { SKUState(onHand: max(0, $0.initialOnHandUnits), price: $0.sellingPrice) }
        pipelines = Array(repeating: [], count: configuration.products.count)
        today = configuration.products.indices.map { Self.emptyTraceRow(day: 0, sku: $0) }
        lastDueDay = configuration.products.map { Array(repeating: -Double.infinity, count: $0.suppliers.count) }
        totalOnHand = skus.reduce(0) { $0 + $1.onHand }
        timeWeighted = configuration.costAccounting == .timeWeighted
        let products = configuration.products
        holdingPerUnitDay = products.map(\.holdingCostPerUnitDay)
        backorderPerUnitDay = products.map {
            if case .backorders(let rate) = $0.shortage { return rate }
            return 0
        }
        lostSalePenalty = products.map {
            if case .lostSales(let penalty) = $0.shortage { return penalty }
            return 0
        }
        isLostSales = products.map(\.shortage.isLostSales)
        meanGapDays = products.map {
            if case .poissonArrivals(let rate, _) = $0.customers, rate > 0 { return 1 / rate }
            return 0
        }
        customerUnits = products.map {
            if case .poissonArrivals(_, let size) = $0.customers { return size }
            return .constant(0)
        }
        constantCustomerUnits = customerUnits.map {
            if case .constant(let units) = $0 { return Self.wholeUnits(units) }
            return -1
        }
        dailyDemand = products.map {
            if case .perDay(let law) = $0.customers { return law }
            return nil
        }
        dailyMeans = products.map {
            if case .dailyMeans(let demand) = $0.customers { return demand.forReplication(replication) }
            return nil
        }
        func streams(_ purpose: StreamPurpose) -> [RandomStream] {
            configuration.products.indices.map {
                RandomStream(scenarioSeed: seed, replication: replication, sku: $0, purpose: purpose, kind: generator)
            }
        }
        demandStreams = streams(.demand)
        arrivalStreamOwners = streams(.arrivals)
        arrivalStreams = arrivalStreamOwners.map { Unmanaged.passUnretained($0) }
        sizeStreams = streams(.orderSize)
        leadTimeStreams = configuration.products.enumerated().map { index, product in
            product.suppliers.indices.map {
                // Each supplier of a SKU gets its own lead-time substream.
                RandomStream(scenarioSeed: seed, replication: replication, sku: index &* 64 &+ $0,
                             purpose: .leadTime, kind: generator)
            }
        }
    }

    var ledgers: [Ledger] { skus.map(\.ledger) }

    static func emptyTraceRow(day: Int, sku: Int) -> TraceRow {
        TraceRow(day: day, sku: sku, onHandUnits: 0, onOrderUnits: 0, backorderedUnits: 0, demandUnits: 0, shippedUnits: 0,
                 shortUnits: 0, orderedUnits: 0, receivedUnits: 0, revenue: 0, cost: 0)
    }

    /// Runs the whole replication (no SKU is controlled from outside, so nothing stops it).
    mutating func run() {
        start()
        advance()
    }

    /// Schedules the first events: the first day's end, the review at day 0, the first customers and the
    /// first day's demand. Call once, before `advance()`.
    mutating func start() {
        guard config.horizonDays > 0 else { return }
        kernel.schedule(at: 1, priority: EventPriority.dayEnd, .dayEnd(day: 0))
        kernel.schedule(at: 0, priority: EventPriority.review, .review(day: 0, fromSKU: 0))
        for sku in skus.indices where meanGapDays[sku] > 0 {
            kernel.schedule(at: arrivalStreams[sku].takeUnretainedValue().exponential(mean: meanGapDays[sku]), priority: EventPriority.demand,
                            .customer(sku: sku))
        }
        if dailyDemand.contains(where: { $0 != nil }) || dailyMeans.contains(where: { $0 != nil }) { kernel.schedule(at: 0, priority: EventPriority.demand, .dailyDemand(day: 0, fromSKU: 0)) }
    }

    /// The event loop: processes events until the horizon, or until the review of ``controlledSKU``, where
    /// it stores the SKU's observation in `pendingObservation`, keeps the rest of the event in
    /// `suspension`, and returns. The next call first processes that rest (the caller has applied the
    /// decision in between with `apply(_:sku:at:)`), then goes on.
    /// - Returns: true when it stopped at a decision of the controlled SKU, false at the horizon.
    @discardableResult
    mutating func advance() -> Bool {
        // One call site for `process`, so that it is inlined into the loop.
        var next: (time: Double, payload: WorldEvent)?
        if let suspended = suspension {
            suspension = nil
            next = (suspended.time, suspended.rest)
        } else {
            next = kernel.next(until: horizon)
        }
        while let (time, event) = next {
            if process(event, at: time) { return true }
            next = kernel.next(until: horizon)
        }
        return false
    }

    /// Handles one event.
    /// - Returns: true when the event stopped at the controlled SKU's review (`suspension` is then set).
    @inline(__always)
    mutating func process(_ event: WorldEvent, at time: Double) -> Bool {
        switch event {
        case .customer(let sku):
            var units = constantCustomerUnits[sku]
            if units < 0 { units = Self.wholeUnits(customerUnits[sku].sample(using: sizeStreams[sku])) }
            if units > 0 { demand(units, sku: sku, at: time) }
            if case .continuous = config.review, review(sku: sku, at: time) {
                return suspend(at: time, rest: .nextCustomer(sku: sku))
            }
            scheduleNextCustomer(sku: sku, after: time)
        case .nextCustomer(let sku):
            scheduleNextCustomer(sku: sku, after: time)
        case .dailyDemand(let day, let firstSKU):
            for sku in firstSKU..<skus.count {
                let draw: Double
                if let law = dailyDemand[sku] {
                    draw = law.sample(using: demandStreams[sku])
                } else if let demand = dailyMeans[sku] {
                    draw = demand.noise.sample(mean: demand.mean(day: day, price: skus[sku].price), using: demandStreams[sku])
                } else {
                    continue
                }
                let units = Self.wholeUnits(draw)
                if units > 0 { demand(units, sku: sku, at: time) }
                if case .continuous = config.review, review(sku: sku, at: time) {
                    return suspend(at: time, rest: .dailyDemand(day: day, fromSKU: sku + 1))
                }
            }
            if day + 1 < config.horizonDays {
                kernel.schedule(at: Double(day + 1), priority: EventPriority.demand, .dailyDemand(day: day + 1, fromSKU: 0))
            }
        case .receipt(let sku, let order):
            receive(order: order, sku: sku, at: time)
        case .review(let day, let firstSKU):
            for sku in firstSKU..<skus.count {
                if review(sku: sku, at: time) { return suspend(at: time, rest: .review(day: day, fromSKU: sku + 1)) }
            }
            if case .periodic(let every) = config.review, day + every < config.horizonDays {
                kernel.schedule(at: Double(day + every), priority: EventPriority.review, .review(day: day + every, fromSKU: 0))
            }
        case .dayEnd(let day):
            closeDay(day, at: time)
            if day + 1 < config.horizonDays {
                kernel.schedule(at: Double(day + 2), priority: EventPriority.dayEnd, .dayEnd(day: day + 1))
            }
        }
        return false
    }

    /// Draws the gap to SKU `sku`'s next customer and schedules it, unless it falls after the horizon.
    @inline(__always)
    mutating func scheduleNextCustomer(sku: Int, after time: Double) {
        let gap = arrivalStreams[sku]._withUnsafeGuaranteedRef { $0.exponential(mean: meanGapDays[sku]) }
        let next = time + gap
        if next < horizon { kernel.schedule(at: next, priority: EventPriority.demand, .customer(sku: sku)) }
    }

    /// Stops the loop for the controlled SKU's decision at `time`; `rest` is what remains of the event.
    /// - Returns: true, for `process` to pass on.
    mutating func suspend(at time: Double, rest: WorldEvent) -> Bool {
        suspension = Suspension(time: time, rest: rest)
        return true
    }

    /// Rounds a draw to whole units; continuous laws are rounded to the nearest unit, and a single draw
    /// is capped at 10⁹ units so that heavy-tailed laws cannot overflow stock counters.
    @inline(__always)
    static func wholeUnits(_ draw: Double) -> Int {
        guard draw.isFinite, draw > 0 else { return 0 }
        return draw >= 1e9 ? 1_000_000_000 : Int(draw.rounded())
    }

    /// Accrues time-weighted holding and backorder cost of one SKU up to `time` (only the measured
    /// window goes to the ledger).
    /// - Returns: the cost accrued since the last change, measured or not (for the trace).
    @inline(__always)
    static func accrue(_ state: inout SKUState, to time: Double, holdingRate: Double, backorderRate: Double,
                       warmup: Double) -> Double {
        let last = state.lastChange
        state.lastChange = time
        guard time > last else { return 0 }
        let onHand = Double(state.onHand)
        let waiting = Double(state.backorders)
        let span = time - max(last, warmup)
        if span > 0 {
            state.ledger.onHandUnitDays += onHand * span
            state.ledger.backorderUnitDays += waiting * span
            state.ledger.holdingCost += onHand * span * holdingRate
            state.ledger.shortageCost += waiting * span * backorderRate
        }
        return (onHand * holdingRate + waiting * backorderRate) * (time - last)
    }

    /// `accrue` for this run's SKU `sku`, in time-weighted mode only.
    @inline(__always)
    mutating func accrue(_ state: inout SKUState, sku: Int, to time: Double) {
        guard timeWeighted else { return }
        let cost = Self.accrue(&state, to: time, holdingRate: holdingPerUnitDay[sku], backorderRate: backorderPerUnitDay[sku],
                               warmup: warmup)
        if traced { today[sku].cost += cost }
    }

    /// One customer (or one day's demand) of `units` for SKU `sku`.
    mutating func demand(_ units: Int, sku: Int, at time: Double) {
        let lostSales = isLostSales[sku], penalty = lostSalePenalty[sku]
        let holdingRate = holdingPerUnitDay[sku], backorderRate = backorderPerUnitDay[sku]
        let timeWeighted = timeWeighted, warmup = warmup
        // Work on the SKU's state in place: no copy of it and one uniqueness check per event.
        let (served, revenue, accrued) = skus.withUnsafeMutableBufferPointer { buffer in
            var accrued = 0.0
            if timeWeighted {
                accrued = Self.accrue(&buffer[sku], to: time, holdingRate: holdingRate, backorderRate: backorderRate,
                                      warmup: warmup)
            }
            let served = min(units, buffer[sku].onHand)
            let short = units - served
            buffer[sku].onHand -= served
            if short > 0 {
                buffer[sku].stockoutToday = true
                // Saturate rather than overflow when an absurd scenario piles up waiting customers.
                if !lostSales { buffer[sku].backorders = min(buffer[sku].backorders + short, 1 << 50) }
            }
            let revenue = Double(served) * buffer[sku].price
            if time >= warmup {
                buffer[sku].ledger.demandUnits += Double(units)
                buffer[sku].ledger.filledImmediatelyUnits += Double(served)
                buffer[sku].ledger.shippedUnits += Double(served)
                buffer[sku].ledger.revenue += revenue
                if lostSales {
                    buffer[sku].ledger.lostUnits += Double(short)
                    buffer[sku].ledger.shortageCost += Double(short) * penalty
                } else {
                    buffer[sku].ledger.backorderedUnits += Double(short)
                }
            }
            return (served, revenue, accrued)
        }
        totalOnHand -= served
        // What a forecaster may learn from: demand under backorders, sales only under lost sales.
        if hasForecasters { observedToday[sku] += lostSales ? served : units }
        if traced {
            let short = units - served
            today[sku].demandUnits += units
            today[sku].shippedUnits += served
            today[sku].shortUnits += short
            today[sku].revenue += revenue
            today[sku].cost += accrued + (lostSales ? Double(short) * penalty : 0)
        }
    }

    // Kept out of the event loop, as before the loop could stop: inlined there (with `observe` and
    // `apply` inlined here), it crowds the loop's registers and costs the customer path about 1%.

    /// The review of one SKU: its observation goes to its policy and the action is applied, except for
    /// ``controlledSKU``, whose observation is stored in `pendingObservation` for the caller to answer.
    /// - Returns: true when the review waits for the caller (the controlled SKU).
    @inline(never)
    mutating func review(sku: Int, at time: Double) -> Bool {
        let observation = observe(sku: sku, at: time)
        if sku == controlledSKU {
            pendingObservation = observation
            return true
        }
        apply(policies[sku].decide(observation), sku: sku, at: time)
        return false
    }

    /// What SKU `sku`'s policy sees at `time`, refitting its forecast when due.
    @inline(__always)
    mutating func observe(sku: Int, at time: Double) -> Observation {
        let state = skus[sku]
        let day = Int(time.rounded(.down))
        var forecast: DemandForecast? = nil
        if let provider = forecasters[sku] {
            // Refit when due, and whenever the price has moved since the last forecast (it assumed the old price).
            let due = latestForecast[sku].map { day - $0.issuedDay >= provider.refreshEveryDays } ?? true
            if due || forecastPrice[sku] != state.price {
                let longestLead = config.products[sku].suppliers.map { $0.leadTimeDays.mean }.max() ?? 0
                var horizon = Int(min(longestLead, 3650).rounded(.up)) + provider.refreshEveryDays + 28
                if forecastsToHorizonEnd[sku] { horizon = max(horizon, config.horizonDays - day) }
                latestForecast[sku] = provider.forecast(observedUnitsPerDay: observedUnits[sku], pricesPerDay: observedPrices[sku],
                                                        currentPrice: state.price, issuedDay: day, horizonDays: horizon)
                forecastPrice[sku] = state.price
            }
            forecast = latestForecast[sku]
        }
        return Observation(sku: sku, day: time, onHandUnits: state.onHand, backorderedUnits: state.backorders,
                           pipeline: pipelines[sku].map(\.order), price: state.price, forecast: forecast,
                           priceLevels: priceLevels[sku], seasonEndDay: config.horizonDays,
                           lastOrderDays: lastOrderDays[sku], promotionDays: promotionPlans[sku])
    }

    /// Carries out a decision for SKU `sku` at `time`: the price moves to the nearest level, and each
    /// supplier's order is rounded to its terms and placed unless the supplier is past its last order day.
    @inline(__always)
    mutating func apply(_ action: Action, sku: Int, at time: Double) {
        let day = Int(time.rounded(.down))
        // A price off the levels is a policy bug; it is moved to the nearest level rather than stopping the run.
        if let price = action.price, price.isFinite, price >= 0 { skus[sku].price = PriceLevels.nearest(to: price, in: priceLevels[sku]) }
        let suppliers = config.products[sku].suppliers
        for (supplier, requested) in action.orderUnits.enumerated() where requested > 0 && supplier < suppliers.count {
            // A supplier past its last order day takes no orders.
            if let cutoff = suppliers[supplier].lastOrderDay, day > cutoff { continue }
            placeOrder(suppliers[supplier].roundedOrder(requested), supplier: supplier, sku: sku, at: time)
        }
    }

    mutating func placeOrder(_ units: Int, supplier: Int, sku: Int, at time: Double) {
        guard units > 0 else { return }
        let terms = config.products[sku].suppliers[supplier]
        // A draw that is not a number never arrives (it stays in the pipeline); negative draws mean now.
        let draw = terms.leadTimeDays.sample(using: leadTimeStreams[sku][supplier])
        var due = time + (draw.isNaN ? .infinity : max(0, draw))
        if !terms.allowsOrderCrossing { due = max(due, lastDueDay[sku][supplier]) }
        lastDueDay[sku][supplier] = due
        let id = nextOrderID
        nextOrderID += 1
        pipelines[sku].append(OpenOrder(id: id, order: PipelineOrder(supplier: supplier, quantityUnits: units, dueDay: due)))
        skus[sku].onOrder += units
        if time >= warmup {
            skus[sku].ledger.ordersPlaced += 1
            skus[sku].ledger.orderedUnits += Double(units)
            skus[sku].ledger.orderingCost += terms.fixedCostPerOrder
        }
        if traced {
            today[sku].orderedUnits += units
            today[sku].cost += terms.fixedCostPerOrder
        }
        // Deliveries due after the last day closes are never seen; leave them in the pipeline.
        if due < horizon { kernel.schedule(at: due, priority: EventPriority.receipt, .receipt(sku: sku, order: id)) }
    }

    mutating func receive(order id: Int, sku: Int, at time: Double) {
        guard let index = pipelines[sku].firstIndex(where: { $0.id == id }) else { return }
        let order = pipelines[sku].remove(at: index).order
        var state = skus[sku]
        state.onOrder -= order.quantityUnits
        accrue(&state, sku: sku, to: time)
        var units = order.quantityUnits
        // Waiting customers are served straight from the delivery, before anything goes on the shelf.
        let toBackorders = min(units, state.backorders)
        state.backorders -= toBackorders
        units -= toBackorders
        var accepted = units
        if let capacity = config.storageCapacityUnits { accepted = max(0, min(units, capacity - totalOnHand)) }
        let refused = units - accepted
        state.onHand += accepted
        totalOnHand += accepted
        let received = toBackorders + accepted
        let unitCost = config.products[sku].suppliers[order.supplier].unitCost
        let revenue = Double(toBackorders) * state.price
        if time >= warmup {
            state.ledger.purchaseCost += Double(received) * unitCost
            state.ledger.refusedUnits += Double(refused)
            state.ledger.shippedUnits += Double(toBackorders)
            state.ledger.revenue += revenue
        }
        if traced {
            today[sku].receivedUnits += received
            today[sku].shippedUnits += toBackorders
            today[sku].revenue += revenue
            today[sku].cost += Double(received) * unitCost
        }
        skus[sku] = state
    }

    mutating func closeDay(_ day: Int, at time: Double) {
        let measured = Double(day) >= warmup
        if hasForecasters {
            for sku in skus.indices where forecasters[sku] != nil {
                observedUnits[sku].append(Double(observedToday[sku]))
                observedPrices[sku].append(skus[sku].price)
                observedToday[sku] = 0
            }
        }
        let lastDay = day == config.horizonDays - 1
        for sku in skus.indices {
            var state = skus[sku]
            var dayCost = 0.0
            switch config.costAccounting {
            case .endOfPeriod:
                let holding = Double(state.onHand) * holdingPerUnitDay[sku]
                let backorderCost = Double(state.backorders) * backorderPerUnitDay[sku]
                dayCost = holding + backorderCost
                if measured {
                    state.ledger.onHandUnitDays += Double(state.onHand)
                    state.ledger.backorderUnitDays += Double(state.backorders)
                    state.ledger.holdingCost += holding
                    state.ledger.shortageCost += backorderCost
                }
            case .timeWeighted:
                accrue(&state, sku: sku, to: time)
            }
            if measured {
                state.ledger.periods += 1
                if state.stockoutToday { state.ledger.stockoutPeriods += 1 }
            }
            state.stockoutToday = false
            // The season is over: what is left on the shelf goes for its salvage value.
            var salvage = 0.0
            if lastDay, state.onHand > 0 {
                salvage = Double(state.onHand) * config.products[sku].salvageValuePerUnit
                state.ledger.salvagedUnits += Double(state.onHand)
                state.ledger.salvageRevenue += salvage
            }
            if traced, day < InventorySimulator.maximumTracedDays {
                var row = today[sku]
                row.day = day
                row.sku = sku
                row.onHandUnits = state.onHand
                row.onOrderUnits = state.onOrder
                row.backorderedUnits = state.backorders
                row.cost += dayCost
                row.price = state.price
                row.salvageRevenue = salvage
                trace.append(row)
                today[sku] = Self.emptyTraceRow(day: day + 1, sku: sku)
            }
            skus[sku] = state
        }
    }
}
