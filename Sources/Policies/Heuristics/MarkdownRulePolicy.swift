/// The markdown rule of fashion retail: order like ``ForecastOrderUpToPolicy`` and, every
/// `priceReviewDays`, cut the price to the next lower price level when the stock would last longer than
/// the threshold. The price is never raised again.
///
/// Weeks of cover = inventory position (on hand + on order − backorders, including what this review
/// orders) ÷ forecast units per week at the current price. The weekly rate is the forecast's average
/// over the rest of the season (over the next 7 days when the season's end is not known), so that a
/// season whose demand fades is not judged by its busy weeks. The price is cut when
///
///     weeks of cover > min(maxWeeksOfCover, seasonCoverRatio × weeks left in the season)
///
/// With `seasonCoverRatio` 1 the second trigger reads "the stock exceeds the expected demand of the rest
/// of the season": what would otherwise go to salvage. A buy with safety stock starts above that line,
/// so ratios a little above 1 (1.1–1.5) leave room for it; the trigger then fires when sales fall
/// behind the forecast (a flop) and, late in the season, to clear what is left before salvage.
///
/// Reviews are on days `priceReviewDays`, 2 × `priceReviewDays`, … (day 0 sells at the price the season
/// starts with); each review cuts at most one level. The rule needs a forecast (without one it keeps
/// the price) and price levels (without them there is nothing to cut to). It keeps no state: it only
/// ever proposes a level below the observed price, so the price path is non-increasing.
public struct MarkdownRulePolicy: Policy, Sendable {
    /// The ordering part.
    public var ordering: ForecastOrderUpToPolicy
    /// Days between price reviews (≥ 1).
    public var priceReviewDays: Int
    /// Fixed cover threshold in weeks (`.infinity`: none).
    public var maxWeeksOfCover: Double
    /// Season-relative threshold: the share of the weeks left in the season (`.infinity`: none).
    public var seasonCoverRatio: Double

    /// Creates the rule.
    /// - Parameters:
    ///   - ordering: how to order (forecast order-up-to).
    ///   - priceReviewDays: days between price reviews (at least 1).
    ///   - maxWeeksOfCover: fixed threshold in weeks (default: none).
    ///   - seasonCoverRatio: threshold as a multiple of the weeks left in the season (default 1).
    public init(ordering: ForecastOrderUpToPolicy, priceReviewDays: Int = 7, maxWeeksOfCover: Double = .infinity,
                seasonCoverRatio: Double = 1) {
        self.ordering = ordering
        self.priceReviewDays = max(1, priceReviewDays)
        self.maxWeeksOfCover = maxWeeksOfCover
        self.seasonCoverRatio = seasonCoverRatio
    }

    /// Orders as the ordering part does, and cuts the price one level when the cover exceeds the threshold.
    public func decide(_ observation: Observation) -> Action {
        var action = ordering.decide(observation)
        let day = Int(observation.day.rounded(.down))
        guard day > 0, day % priceReviewDays == 0,
              let lower = PriceLevels.nextLower(than: observation.price, in: observation.priceLevels),
              let cover = weeksOfCover(observation, orderedUnits: action.totalOrderUnits) else { return action }
        if cover > thresholdWeeks(observation) { action.price = lower }
        return action
    }

    /// Weeks the stock lasts at the forecast rate and the current price.
    /// - Parameters:
    ///   - observation: the SKU's state (its forecast is at the current price).
    ///   - orderedUnits: units ordered at this review, not yet in the pipeline.
    /// - Returns: weeks of cover (`.infinity` with stock and no forecast demand), or `nil` without a forecast.
    public func weeksOfCover(_ observation: Observation, orderedUnits: Int = 0) -> Double? {
        guard let forecast = observation.forecast else { return nil }
        let day = Int(observation.day.rounded(.down))
        let days = observation.seasonEndDay.map { max(1, $0 - day) } ?? 7
        let units = forecast.total(fromDay: day, days: days).mean
        let position = Double(observation.inventoryPositionUnits + orderedUnits)
        guard position > 0 else { return 0 }
        // position ÷ (units ÷ days × 7), arranged so that round numbers stay exact.
        return units > 0 ? position * Double(days) / (units * 7) : .infinity
    }

    /// The cover above which the price is cut, in weeks.
    /// - Parameter observation: the SKU's state.
    /// - Returns: `min(maxWeeksOfCover, seasonCoverRatio × weeks left)` (only the first when the season's end is not known).
    public func thresholdWeeks(_ observation: Observation) -> Double {
        guard let end = observation.seasonEndDay else { return maxWeeksOfCover }
        let weeksLeft = Double(max(0, end - Int(observation.day.rounded(.down)))) / 7
        return min(maxWeeksOfCover, seasonCoverRatio * weeksLeft)
    }
}
