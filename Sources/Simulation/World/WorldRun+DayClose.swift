// Costs and the close of a day: time-weighted accrual of holding and backorder cost, end-of-period
// charges, statistics, salvage on the last day, and the day's trace rows.

extension WorldRun {
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

    /// Closes day `day` at `time`: hands the day's observed demand to the forecasters, charges the day's
    /// costs, closes its statistics, salvages what is left after the last day, and writes its trace rows.
    mutating func closeDay(_ day: Int, at time: Double) {
        let measured = Double(day) >= warmup
        if hasForecasters {
            for sku in skus.indices where hasForecaster[sku] {
                observedUnits[sku].append(Double(observedToday[sku]))
                observedPrices[sku].append(skus[sku].price)
                seasonToDate[sku].observedUnits += Double(observedToday[sku])
                seasonToDate[sku].forecastUnits += forecastMeans[sku]?.mean(day: day, price: skus[sku].price)
                    ?? config.products[sku].customers.meanDemandPerDay
                if skus[sku].onHand > 0 { seasonToDate[sku].daysInStock += 1 }
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
            if traced, day < InventorySimulator.maximumTracedDays, sku < tracedSKUs {
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

    static func emptyTraceRow(day: Int, sku: Int) -> TraceRow {
        TraceRow(day: day, sku: sku, onHandUnits: 0, onOrderUnits: 0, backorderedUnits: 0, demandUnits: 0, shippedUnits: 0,
                 shortUnits: 0, orderedUnits: 0, receivedUnits: 0, revenue: 0, cost: 0)
    }
}
