import Stochastics

/// Forecast-driven order-up-to (a newsvendor on the forecast): at each review, raise the inventory
/// position to the `serviceLevel` quantile of demand over the protection interval — lead time plus
/// review period — computed from the forecast issued at that moment (normal approximation:
/// mean + z·sd of the interval's total).
///
/// With a stationary forecast this is the classic base-stock rule; with a forecast that follows trends,
/// seasons and promotions, the order-up-to level moves with them.
///
/// Seasonal buying: when the supplier has a last order day (``Observation/lastOrderDay(supplier:)``),
/// no order is asked of it after that day, no order covers demand past the end of the season
/// (``Observation/seasonEndDay``), and the last order it accepts — the review after which the next one
/// would be too late — covers all the demand to the end of the season. With a cut-off on day 0 this is
/// the single-period newsvendor of a fashion buy. Without a cut-off the rule is unchanged.
public struct ForecastOrderUpToPolicy: Policy, Sendable {
    /// Probability of covering the protection interval's demand (e.g. the critical ratio b/(b+h)).
    public var serviceLevel: Double
    /// Supplier lead time in days.
    public var leadTimeDays: Int
    /// Days between orders (1 = every day the world reviews).
    public var reviewPeriodDays: Int
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    public init(serviceLevel: Double, leadTimeDays: Int, reviewPeriodDays: Int = 1, supplier: Int = 0) {
        self.serviceLevel = min(max(serviceLevel, 1e-6), 1 - 1e-6)
        self.leadTimeDays = max(0, leadTimeDays)
        self.reviewPeriodDays = max(1, reviewPeriodDays)
        self.supplier = supplier
    }

    /// Orders up to the forecast quantile; without a forecast it orders nothing.
    public func decide(_ observation: Observation) -> Action {
        let day = Int(observation.day.rounded(.down))
        guard day % reviewPeriodDays == 0, let forecast = observation.forecast,
              let days = protectionDays(observation, day: day) else { return .none }
        let interval = forecast.total(fromDay: day, days: days)
        let level = interval.mean + StandardNormal.quantile(serviceLevel) * interval.sd
        guard level.isFinite else { return .none }
        return .order(Int(level.rounded(.up)) - observation.inventoryPositionUnits, from: supplier)
    }

    /// Days of demand an order placed on `day` must cover: lead time + review period; for a supplier with
    /// a last order day, at most to the end of the season, and all of it at the last accepted order.
    /// - Parameters:
    ///   - observation: the SKU's state.
    ///   - day: the review day.
    /// - Returns: days to cover, or `nil` when the supplier no longer accepts orders.
    public func protectionDays(_ observation: Observation, day: Int) -> Int? {
        let usual = leadTimeDays + reviewPeriodDays
        guard let cutoff = observation.lastOrderDay(supplier: supplier) else { return usual }
        guard day <= cutoff else { return nil }
        guard let end = observation.seasonEndDay else { return usual }
        let left = max(0, end - day)
        return day + reviewPeriodDays > cutoff ? left : min(usual, left)
    }
}
