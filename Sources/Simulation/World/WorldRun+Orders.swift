// Orders and receipts: placing an order with a drawn lead time, and receiving it (backorders first, then
// the shelf up to the storage capacity).

import Policies
import Stochastics

extension WorldRun {
    /// Places an order of `units` with supplier `supplier` of SKU `sku` at `time`, and schedules its receipt.
    mutating func placeOrder(_ units: Int, supplier: Int, sku: Int, at time: Double) {
        guard units > 0 else { return }
        let terms = supplierTerms[supplierOffsets[sku] + supplier]
        // A draw that is not a number never arrives (it stays in the pipeline); negative draws mean now.
        var draw = terms.constantLeadTimeDays
        if draw.isNaN { draw = config.products[sku].suppliers[supplier].leadTimeDays.sample(using: leadTimeStreams[sku][supplier]) }
        var due = time + (draw.isNaN ? .infinity : max(0, draw))
        if !terms.allowsOrderCrossing { due = max(due, lastDueDay[sku][supplier]) }
        lastDueDay[sku][supplier] = due
        let id = nextOrderID
        nextOrderID += 1
        pipelines[sku].append(PipelineOrder(supplier: supplier, quantityUnits: units, dueDay: due))
        pipelineIDs[sku].append(id)
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
        scheduleReceipt(sku: sku, order: id, due: due)
    }

    /// Schedules the receipt of order `id` of SKU `sku` at `due` (days), unless it falls after the horizon:
    /// into `receiptRing` when `due` is a whole day less than ``receiptRingDays`` ahead, else as its own event.
    mutating func scheduleReceipt(sku: Int, order id: Int, due: Double) {
        guard due < horizon else { return }
        if due == due.rounded(.down), due - kernel.now < Double(Self.receiptRingDays) {
            let day = Int(due)
            let slot = day & (Self.receiptRingDays - 1)
            if receiptRing[slot].isEmpty { kernel.schedule(at: due, priority: EventPriority.receipt, .receipts(day: day)) }
            receiptRing[slot].append(ReceiptDue(sku: sku, order: id))
        } else {
            kernel.schedule(at: due, priority: EventPriority.receipt, .receipt(sku: sku, order: id))
        }
    }

    /// Receives every order in `receiptRing`'s slot for `day`, in the order they were scheduled, and empties it.
    mutating func receiveAll(day: Int, at time: Double) {
        let slot = day & (Self.receiptRingDays - 1)
        var index = 0
        while index < receiptRing[slot].count {
            let due = receiptRing[slot][index]
            receive(order: due.order, sku: due.sku, at: time)
            index += 1
        }
        batchedReceipts += max(0, index - 1)
        receiptRing[slot].removeAll(keepingCapacity: true)
    }

    /// Receives order `id` of SKU `sku` at `time`: waiting customers first, then the shelf.
    mutating func receive(order id: Int, sku: Int, at time: Double) {
        guard let index = pipelineIDs[sku].firstIndex(of: id) else { return }
        pipelineIDs[sku].remove(at: index)
        let order = pipelines[sku].remove(at: index)
        let unitCost = supplierTerms[supplierOffsets[sku] + order.supplier].unitCost
        let holdingRate = holdingPerUnitDay[sku], backorderRate = backorderPerUnitDay[sku]
        let timeWeighted = timeWeighted, warmup = warmup
        let room = config.storageCapacityUnits.map { $0 - totalOnHand }
        // Work on the SKU's state in place, as `demand` does: no copy of it out and back.
        let (received, toBackorders, accepted, revenue, accrued) = skus.withUnsafeMutableBufferPointer { buffer in
            buffer[sku].onOrder -= order.quantityUnits
            var accrued = 0.0
            if timeWeighted {
                accrued = Self.accrue(&buffer[sku], to: time, holdingRate: holdingRate, backorderRate: backorderRate, warmup: warmup)
            }
            var units = order.quantityUnits
            // Waiting customers are served straight from the delivery, before anything goes on the shelf.
            let toBackorders = min(units, buffer[sku].backorders)
            buffer[sku].backorders -= toBackorders
            units -= toBackorders
            var accepted = units
            if let room { accepted = max(0, min(units, room)) }
            let refused = units - accepted
            buffer[sku].onHand += accepted
            let received = toBackorders + accepted
            let revenue = Double(toBackorders) * buffer[sku].price
            if time >= warmup {
                buffer[sku].ledger.purchaseCost += Double(received) * unitCost
                buffer[sku].ledger.refusedUnits += Double(refused)
                buffer[sku].ledger.shippedUnits += Double(toBackorders)
                buffer[sku].ledger.revenue += revenue
            }
            return (received, toBackorders, accepted, revenue, accrued)
        }
        totalOnHand += accepted
        if traced {
            if timeWeighted { today[sku].cost += accrued }
            today[sku].receivedUnits += received
            today[sku].shippedUnits += toBackorders
            today[sku].revenue += revenue
            today[sku].cost += Double(received) * unitCost
        }
    }
}
