// The review of one SKU: what its policy observes (with forecasts refitted when due) and how a decision
// is carried out (prices moved to a level, orders rounded to each supplier's terms).

import Policies

extension WorldRun {
    // Kept out of the event loop, as before the loop could stop: inlined there (with `observe` and
    // `apply` inlined here), it crowds the loop's registers and costs the customer path about 1%.

    /// The review of one SKU: its observation goes to its policy and the action is applied, except for
    /// ``controlledSKU``, whose observation is stored in `pendingObservation` for the caller to answer.
    /// - Returns: true when the review waits for the caller (the controlled SKU).
    @inline(never)
    mutating func review(sku: Int, at time: Double) -> Bool {
        if sku == controlledSKU {
            pendingObservation = observe(sku: sku, at: time)
            return true
        }
        let action: Action
        do {
            // The observation ends here: alive while an order is placed, it would share the SKU's pipeline
            // array and make the append copy it.
            let observation = observe(sku: sku, at: time)
            action = policies[sku].decide(observation)
        }
        apply(action, sku: sku, at: time)
        return false
    }

    /// What SKU `sku`'s policy sees at `time`, refitting its forecast when due.
    @inline(__always)
    mutating func observe(sku: Int, at time: Double) -> Observation {
        let state = skus[sku]
        let day = Int(time.rounded(.down))
        var forecast: DemandForecast? = nil
        // `hasForecaster` first: reading the optional existential copies its box at every review.
        if hasForecaster[sku], let provider = forecasters[sku] {
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
                           pipeline: pipelines[sku], price: state.price, forecast: forecast,
                           priceLevels: priceLevels[sku], seasonEndDay: config.horizonDays,
                           lastOrderDays: lastOrderDays[sku], promotionDays: promotionPlans[sku],
                           seasonToDate: hasForecaster[sku] ? seasonToDate[sku] : nil)
    }

    /// Carries out a decision for SKU `sku` at `time`: the price moves to the nearest level, and each
    /// supplier's order is rounded to its terms and placed unless the supplier is past its last order day.
    @inline(__always)
    mutating func apply(_ action: Action, sku: Int, at time: Double) {
        let day = Int(time.rounded(.down))
        // A price off the levels is a policy bug; it is moved to the nearest level rather than stopping the run.
        if let price = action.price, price.isFinite, price >= 0 { skus[sku].price = PriceLevels.nearest(to: price, in: priceLevels[sku]) }
        let first = supplierOffsets[sku], count = supplierOffsets[sku + 1] - first
        action.forEachOrder { supplier, requested in
            guard supplier < count else { return }
            let terms = supplierTerms[first + supplier]
            // A supplier past its last order day takes no orders.
            if let cutoff = terms.lastOrderDay, day > cutoff { return }
            placeOrder(terms.roundedOrder(requested), supplier: supplier, sku: sku, at: time)
        }
    }
}
