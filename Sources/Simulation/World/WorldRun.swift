// One replication in progress: its state, its per-SKU constants, and the random streams it draws from.
// What it does with them is in the WorldRun+… files.

import Policies
import Stochastics

/// What the order path reads of one supplier of one SKU, kept flat in `WorldRun.supplierTerms`: reading it
/// through `config.products[sku].suppliers[supplier]` copies the product's arrays, with reference counting.
struct SupplierTerms {
    var unitCost: Double
    var fixedCostPerOrder: Double
    var allowsOrderCrossing: Bool
    /// The lead time (days) when it is constant, else NaN (drawn from the supplier's law).
    var constantLeadTimeDays: Double
    var minimumOrderUnits: Int
    var orderMultipleUnits: Int
    var lastOrderDay: Int?

    /// The supplier's ``SupplierConfiguration/roundedOrder(_:)``.
    func roundedOrder(_ requestedUnits: Int) -> Int {
        SupplierConfiguration.roundedOrder(requestedUnits, minimumUnits: minimumOrderUnits, multipleUnits: orderMultipleUnits)
    }
}

/// An order due in `receiptRing`.
struct ReceiptDue {
    var sku: Int
    var order: Int
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
    /// Outstanding orders per SKU, as its policy sees them (handed to the observation without a copy).
    var pipelines: [[PipelineOrder]]
    /// The identity of each outstanding order, parallel to `pipelines` (to find it at receipt).
    var pipelineIDs: [[Int]]
    /// Receipts due on whole days less than ``receiptRingDays`` ahead, in slot `day mod receiptRingDays`, in
    /// the order they were scheduled; each non-empty slot has one `.receipts(day:)` event in the kernel.
    /// Orders due at other times (fractional or farther ahead) are single `.receipt` events. Same order of
    /// processing as one event per order: within a time and priority the kernel goes by scheduling order,
    /// and an order due on day d scheduled into the kernel (d − t ≥ the ring) was placed before any in the slot.
    var receiptRing = [[ReceiptDue]](repeating: [], count: WorldRun.receiptRingDays)
    /// Days covered by `receiptRing` (a power of two).
    static let receiptRingDays = 64
    /// Receipts processed within `.receipts` events beyond one per event (so event counts stay one per receipt).
    var batchedReceipts = 0
    /// Events processed so far, one per receipt.
    var processedEvents: Int { kernel.processedEvents + batchedReceipts }
    /// Latest due day per SKU and supplier (to keep deliveries in order when crossing is not allowed).
    var lastDueDay: [[Double]]
    let demandStreams: [RandomStream]
    /// Held unretained in the hot loop (the array above keeps them alive): no reference counting per customer.
    let arrivalStreams: [Unmanaged<RandomStream>]
    let arrivalStreamOwners: [RandomStream]
    let sizeStreams: [RandomStream]
    let leadTimeStreams: [[RandomStream]]
    /// Every SKU's suppliers' terms, SKU after SKU: supplier `j` of SKU `i` at `supplierOffsets[i] + j`
    /// (`supplierOffsets` has one more entry, the total, so SKU `i` has `supplierOffsets[i + 1] − supplierOffsets[i]`).
    let supplierTerms: [SupplierTerms]
    let supplierOffsets: [Int]
    var trace: [TraceRow] = []
    /// SKUs (the first ones, in product order) whose days are traced when `traced`.
    var tracedSKUs = Int.max
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
    /// The mean of a SKU's daily Poisson demand, or −1 when its daily law is another (or invalid): the
    /// common case skips copying the law out of `dailyDemand` (an enum with a reference-counted case).
    let dailyPoissonMeans: [Double]
    /// `demandStreams`, held unretained for the daily loop (that array keeps them alive).
    let demandStreamRefs: [Unmanaged<RandomStream>]
    /// Per SKU: its row on the replication's ``DemandTape``, or −1 (drawn here); all −1 without a tape.
    let tapeRows: [Int]
    /// The tape's units (row-major, `tapeDays` per row) and its days.
    let tapeUnits: [Int32]
    let tapeDays: Int
    let dailyMeans: [DailyMeanDemand?]
    let timeWeighted: Bool
    /// Forecast providers per SKU (empty when none), what they have observed, and their last forecasts.
    let forecasters: [(any DemandForecastProvider)?]
    /// Per SKU, whether it has a forecast provider; whether any has.
    let hasForecaster: [Bool]
    let hasForecasters: Bool
    var observedUnits: [[Double]]
    var observedToday: [Int]
    var latestForecast: [DemandForecast?]
    /// Selling price of each closed day (what a price-aware forecaster learns from) and the price each
    /// SKU's latest forecast assumed (a price change calls for a new forecast).
    var observedPrices: [[Double]]
    var forecastPrice: [Double]
    /// Per SKU with a forecaster: demand observed and forecast so far (``Observation/seasonToDate``), and
    /// the demand model whose unvaried mean path is the pre-run forecast (nil: a constant mean per day).
    var seasonToDate: [SeasonToDate]
    let forecastMeans: [DailyMeanDemand?]
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

    init(configuration: WorldConfiguration, policies: [any Policy], replication: Int, purpose: ReplicationPurpose = .report,
         seed: UInt64, traced: Bool,
         generator: GeneratorKind, forecasters: [(any DemandForecastProvider)?] = [], controlledSKU: Int = -1,
         tape: DemandTape? = nil) {
        let count = configuration.products.count
        // A tape of other draws (another replication, seed, … or world) is not used.
        if let tape, tape.fits(configuration, replication: replication, purpose: purpose, seed: seed, generator: generator) {
            (tapeRows, tapeUnits, tapeDays) = (tape.rows, tape.units, tape.days)
        } else {
            (tapeRows, tapeUnits, tapeDays) = (Array(repeating: -1, count: count), [], 0)
        }
        self.controlledSKU = controlledSKU
        self.forecasters = forecasters.count == count ? forecasters : Array(repeating: nil, count: count)
        hasForecaster = self.forecasters.map { $0 != nil }
        hasForecasters = hasForecaster.contains(true)
        observedUnits = Array(repeating: [], count: count)
        observedToday = Array(repeating: 0, count: count)
        latestForecast = Array(repeating: nil, count: count)
        observedPrices = Array(repeating: [], count: count)
        forecastPrice = Array(repeating: .nan, count: count)
        seasonToDate = Array(repeating: SeasonToDate(observedUnits: 0, forecastUnits: 0, daysInStock: 0), count: count)
        forecastMeans = configuration.products.map {
            if case .dailyMeans(let demand) = $0.customers { return demand }
            return nil
        }
        priceLevels = configuration.products.map(\.priceLevels)
        promotionPlans = configuration.products.map { product in
            if case .dailyMeans(let demand) = product.customers { return demand.promotionDays }
            return []
        }
        // Empty when no supplier has a cut-off (``Observation/lastOrderDay(supplier:)`` reads a missing entry as none):
        // an observation then carries no array of its own.
        let cutoffs = configuration.products.map { product in
            product.suppliers.contains { $0.lastOrderDay != nil } ? product.suppliers.map(\.lastOrderDay) : []
        }
        lastOrderDays = cutoffs
        forecastsToHorizonEnd = zip(configuration.products, cutoffs).map { !$0.priceLevels.isEmpty || !$1.isEmpty }
        config = configuration
        self.policies = policies
        self.traced = traced
        warmup = Double(configuration.warmupDays)
        horizon = Double(configuration.horizonDays)
        skus = configuration.products.map { SKUState(onHand: max(0, $0.initialOnHandUnits), price: $0.sellingPrice) }
        pipelines = Array(repeating: [], count: configuration.products.count)
        pipelineIDs = Array(repeating: [], count: configuration.products.count)
        today = configuration.products.indices.map { Self.emptyTraceRow(day: 0, sku: $0) }
        lastDueDay = configuration.products.map { Array(repeating: -Double.infinity, count: $0.suppliers.count) }
        var offsets: [Int] = []
        var nextOffset = 0
        for product in configuration.products {
            offsets.append(nextOffset)
            nextOffset += product.suppliers.count
        }
        offsets.append(nextOffset)
        supplierOffsets = offsets
        supplierTerms = configuration.products.flatMap { product in
            product.suppliers.map { supplier in
                var constant = Double.nan
                if case .constant(let days) = supplier.leadTimeDays { constant = days }
                return SupplierTerms(unitCost: supplier.unitCost, fixedCostPerOrder: supplier.fixedCostPerOrder,
                                     allowsOrderCrossing: supplier.allowsOrderCrossing, constantLeadTimeDays: constant,
                                     minimumOrderUnits: supplier.minimumOrderUnits, orderMultipleUnits: supplier.orderMultipleUnits,
                                     lastOrderDay: supplier.lastOrderDay)
            }
        }
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
        dailyPoissonMeans = dailyDemand.map {
            if case .poisson(let mean)? = $0, mean >= 0, mean.isFinite { return mean }
            return -1
        }
        dailyMeans = products.map {
            if case .dailyMeans(let demand) = $0.customers { return demand.forReplication(replication, purpose: purpose) }
            return nil
        }
        func streams(_ role: StreamPurpose) -> [RandomStream] {
            configuration.products.indices.map {
                RandomStream(scenarioSeed: seed, replication: replication, sku: configuration.streamKey(of: $0), purpose: role,
                             replicationPurpose: purpose, kind: generator)
            }
        }
        demandStreams = streams(.demand)
        demandStreamRefs = demandStreams.map { Unmanaged.passUnretained($0) }
        arrivalStreamOwners = streams(.arrivals)
        arrivalStreams = arrivalStreamOwners.map { Unmanaged.passUnretained($0) }
        sizeStreams = streams(.orderSize)
        leadTimeStreams = configuration.products.enumerated().map { index, product in
            product.suppliers.indices.map {
                // Each supplier of a SKU gets its own lead-time substream.
                RandomStream(scenarioSeed: seed, replication: replication, sku: configuration.streamKey(of: index) &* 64 &+ $0,
                             purpose: .leadTime, replicationPurpose: purpose, kind: generator)
            }
        }
    }

    var ledgers: [Ledger] { skus.map(\.ledger) }
}
