/// The covariates a forecast assumes for each period of its horizon: the SKU's plan where a plan row
/// exists, the last values carried forward elsewhere.
///
/// Carrying forward: a period without a plan row (or a plan cell left empty) keeps the last price and the
/// last value of each feature — from the plan's earlier periods, else from the history — and has no
/// promotion (0 in every promo column): a promotion is an event the plan must name, not a state that
/// lasts. Without any plan this is what `restock forecast` always assumed (``Covariates/carriedForward(_:horizon:)``).
public struct PlannedCovariates: Sendable, Equatable {
    /// Price per period, currency per unit (`nil`: the history has no price column).
    public var prices: [Double]?
    /// Promotion column names, in the order of ``Covariates/promotions`` (sorted).
    public var promotionNames: [String]
    /// Promotion values per column, one per period.
    public var promotions: [[Double]]
    /// Feature column names, sorted.
    public var featureNames: [String]
    /// Feature values per column, one per period (`nil` where no value was ever known).
    public var features: [[Double?]]
    /// Whether each period has a plan row (false: all of its values were carried forward).
    public var planned: [Bool]
    /// Plan rows for periods past the horizon (not used).
    public var rowsPastHorizon: Int

    /// The periods' covariates as the causal models take them.
    public var covariates: Covariates { Covariates(prices: prices, promotions: promotions) }

    /// Periods covered.
    public var horizon: Int { planned.count }

    /// The assumptions for one SKU.
    /// - Parameters:
    ///   - sku: the SKU's history (its last price and feature values).
    ///   - plan: its plan, if any.
    ///   - horizon: periods to forecast.
    ///   - defaultPrice: the price to assume when the history has a price column but no known price.
    public init(history sku: SKUHistory, plan: SKUPlan?, horizon: Int, defaultPrice: Double = 1) {
        let steps = max(0, horizon)
        let past = sku.covariates(defaultPrice: defaultPrice)
        promotionNames = sku.promotions.keys.sorted()
        featureNames = sku.features.keys.sorted()
        planned = (0..<steps).map { plan?.periods[$0] != nil }
        rowsPastHorizon = plan?.periods.keys.filter { $0 >= steps }.count ?? 0
        let periods = (0..<steps).map { plan?.periods[$0] }
        prices = past.prices.map { history in
            var last = history.last ?? defaultPrice
            return periods.map { period in
                if let price = period?.price { last = price }
                return last
            }
        }
        promotions = promotionNames.map { name in periods.map { $0?.promotions[name] ?? 0 } }
        features = featureNames.map { name in
            var last: Double? = sku.features[name]?.compactMap { $0 }.last
            return periods.map { period in
                if let value = period?.features[name] { last = value }
                return last
            }
        }
    }

    /// The history's covariates followed by these periods': what a ``CovariateBoundForecaster`` binds, so
    /// that a fit on the whole history forecasts for the plan while a backtest fold, which ends inside the
    /// history, forecasts with the covariates that really happened.
    /// - Parameter history: covariates of the history's periods (the same columns).
    /// - Returns: history then plan.
    public func appended(to history: Covariates) -> Covariates {
        Covariates(prices: history.prices.map { $0 + (prices ?? []) },
                   promotions: history.promotions.enumerated().map { c, values in values + (c < promotions.count ? promotions[c] : []) })
    }

    /// Sentences for the planner: which periods were carried forward, and rows the horizon leaves out.
    /// - Parameter dates: the forecast periods' dates.
    /// - Returns: notes (empty when every period is planned).
    public func notes(dates: [CalendarDay]) -> [String] {
        var notes: [String] = []
        let missing = planned.indices.filter { !planned[$0] }
        if missing.count == horizon {
            notes.append("no plan rows: the last price and features carried forward over the horizon, no promotion")
        } else if !missing.isEmpty {
            let ranges = Self.ranges(missing).map { $0.count == 1 ? "\($0.lowerBound + 1)" : "\($0.lowerBound + 1)-\($0.upperBound)" }
            let first = missing[0] < dates.count ? " (from \(dates[missing[0]]))" : ""
            notes.append("the plan has no row for period(s) \(ranges.joined(separator: ", ")) of \(horizon)\(first): "
                         + "the last price and features carried forward, no promotion")
        }
        if rowsPastHorizon > 0 {
            notes.append("\(rowsPastHorizon) plan row(s) after the horizon of \(horizon) periods not used")
        }
        return notes
    }

    /// Runs of consecutive indices as half-open ranges.
    static func ranges(_ indices: [Int]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for index in indices {
            if let last = result.last, last.upperBound == index {
                result[result.count - 1] = last.lowerBound..<(index + 1)
            } else {
                result.append(index..<(index + 1))
            }
        }
        return result
    }
}
