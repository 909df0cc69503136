// The event loop: starting a run, processing events until the horizon or the controlled SKU's review,
// and scheduling the next customer.

import Stochastics

extension WorldRun {
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
        // Open orders from before the run: in the pipeline at day 0, received on their due days.
        for sku in skus.indices {
            for order in config.products[sku].openOrders {
                let id = nextOrderID
                nextOrderID += 1
                pipelines[sku].append(order)
                pipelineIDs[sku].append(id)
                skus[sku].onOrder += order.quantityUnits
                lastDueDay[sku][order.supplier] = max(lastDueDay[sku][order.supplier], order.dueDay)
                scheduleReceipt(sku: sku, order: id, due: order.dueDay)
            }
        }
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
                let units: Int
                let poissonMean = dailyPoissonMeans[sku]
                if tapeRows[sku] >= 0 {
                    // Drawn once for every policy of this replication (``DemandTape``): the same units.
                    units = Int(tapeUnits[tapeRows[sku] &* tapeDays &+ day])
                } else if poissonMean >= 0 {
                    // Distribution.poisson's own draw, without copying the law or retaining the stream.
                    units = Self.wholeUnits(Double(demandStreamRefs[sku]._withUnsafeGuaranteedRef { $0.poisson(mean: poissonMean) }))
                } else if let law = dailyDemand[sku] {
                    units = Self.wholeUnits(law.sample(using: demandStreams[sku]))
                } else if let demand = dailyMeans[sku] {
                    units = Self.wholeUnits(demand.noise.sample(mean: demand.mean(day: day, price: skus[sku].price), using: demandStreams[sku]))
                } else {
                    continue
                }
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
        case .receipts(let day):
            receiveAll(day: day, at: time)
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
}
