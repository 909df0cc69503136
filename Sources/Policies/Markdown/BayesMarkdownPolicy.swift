import Foundation

/// The Bayes markdown policy of a one-buy season (``BayesMarkdownDP``): on the first review it buys up
/// to the plan's start stock; at the start of each price epoch it learns the season's level from the
/// sales so far and the exposure they had (Σ of the mean at level 1 and the price charged, over the days
/// so far), and charges the price level with the best expected profit for the rest of the season,
/// looking one epoch ahead with the program's values.
///
/// It reads no forecast: the plan holds the demand model (the mean path the world's demand follows, its
/// price response and noise) and the prior on the level. Sales to date are the start stock minus the
/// stock (before a stock-out sales are demand; after it nothing is decided any more). The policy keeps
/// the price it charged and the exposure in a tracker, which starts afresh when a review comes on an
/// earlier day than the last one (the same instance running another season).
public struct BayesMarkdownPolicy: Policy, Sendable {
    /// The solved program.
    public let plan: BayesMarkdownPlan
    /// The supplier that receives the buy.
    public let supplier: Int
    private let tracker = Tracker()

    /// Creates the policy.
    /// - Parameters:
    ///   - plan: the solved program.
    ///   - supplier: index of the supplier of the buy.
    public init(plan: BayesMarkdownPlan, supplier: Int = 0) {
        self.plan = plan
        self.supplier = supplier
    }

    /// Buys on the first review, and sets each epoch's price.
    public func decide(_ observation: Observation) -> Action {
        let day = max(0, Int(observation.day.rounded(.down)))
        let model = plan.model
        var action = Action.none
        tracker.lock.lock()
        defer { tracker.lock.unlock() }
        // A day before the last one seen: the same policy runs a new season (callers may reuse it).
        if day < tracker.nextDay { tracker.reset() }
        if tracker.startStockUnits == nil {
            var units = 0
            if observation.lastOrderDay(supplier: supplier).map({ day <= $0 }) ?? true {
                units = max(0, plan.startStockUnits - observation.inventoryPositionUnits)
                if units > 0 { action = .order(units, from: supplier) }
            }
            tracker.startStockUnits = observation.inventoryPositionUnits + units
            tracker.price = observation.price
        }
        // Exposure of the days since the last review, at the price charged on them.
        let charged = PriceLevels.nearestIndex(to: tracker.price, in: model.priceLevels) ?? model.startingPriceIndex
        for past in tracker.nextDay..<max(tracker.nextDay, min(day, model.seasonDays)) {
            tracker.exposureUnits += model.meanUnitsPerDay[past] * model.priceFactor(charged)
        }
        tracker.nextDay = max(tracker.nextDay, day)
        let epoch = plan.epoch(ofDay: day)
        if day < model.seasonDays, epoch > tracker.lastEpoch {
            tracker.lastEpoch = epoch
            let stock = max(0, observation.inventoryPositionUnits + action.totalOrderUnits)
            let start = tracker.startStockUnits ?? stock
            let values = plan.priceValues(epoch: epoch, stockUnits: Double(stock), salesUnits: Double(max(0, start - stock)),
                                          exposureUnits: tracker.exposureUnits, priceIndex: charged)
            var best = charged
            for k in values.indices where values[k] > values[best] + 1e-9 * max(1, abs(values[best])) { best = k }
            if model.priceLevels[best] != observation.price { action.price = model.priceLevels[best] }
        }
        tracker.price = action.price ?? observation.price
        return action
    }

    /// What the policy remembers within a replication.
    final class Tracker: @unchecked Sendable {
        let lock = NSLock()
        var startStockUnits: Int?
        var price = 0.0
        var exposureUnits = 0.0
        var nextDay = 0
        var lastEpoch = -1

        func reset() {
            startStockUnits = nil
            price = 0
            exposureUnits = 0
            nextDay = 0
            lastEpoch = -1
        }
    }
}
