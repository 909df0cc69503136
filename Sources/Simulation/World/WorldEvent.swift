// The events of a run, their order within a day, and where the event loop stopped for an outside decision.

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
    /// Every order due at whole day `day` that was placed less than ``WorldRun/receiptRingDays`` before it,
    /// in the order they were placed (`WorldRun.receiptRing`): one heap event a day instead of one an order.
    case receipts(day: Int)
    /// The review of SKUs `fromSKU...` on `day`: from 0 when scheduled, from the SKU after the
    /// controlled one when the event goes on after an outside decision.
    case review(day: Int, fromSKU: Int)
    /// One day's demand of the per-day SKUs `fromSKU...` (as for `review`).
    case dailyDemand(day: Int, fromSKU: Int)
    case customer(sku: Int)
    /// What is left of a customer's event after an outside decision on its SKU: the next arrival.
    case nextCustomer(sku: Int)
}

/// Where the event loop stopped for the controlled SKU's decision: the time (days) and the rest of the
/// event it stopped in, as an event to process once the decision is applied.
struct Suspension {
    var time: Double
    var rest: WorldEvent
}
