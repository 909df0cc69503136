// Demand: rounding draws to whole units, and serving one customer (or one day's demand) from stock.

extension WorldRun {
    /// Rounds a draw to whole units; continuous laws are rounded to the nearest unit, and a single draw
    /// is capped at 10⁹ units so that heavy-tailed laws cannot overflow stock counters.
    @inline(__always)
    static func wholeUnits(_ draw: Double) -> Int {
        guard draw.isFinite, draw > 0 else { return 0 }
        return draw >= 1e9 ? 1_000_000_000 : Int(draw.rounded())
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
}
