/// Markdowns by the calendar: order like ``ForecastOrderUpToPolicy`` and, from each of the given days on,
/// sell one price level lower — whatever the stock. The retailer's "20% off in week 10, 35% in week 13"
/// plan, as a baseline for the cover-driven ``MarkdownRulePolicy``.
///
/// From day `markdownDays[k]` on (k = 0, 1, …), the price is the (k + 2)-th highest price level, or the
/// lowest level when there are fewer. The price is only ever lowered, never raised.
public struct ScheduledMarkdownPolicy: Policy, Sendable {
    /// The ordering part.
    public var ordering: ForecastOrderUpToPolicy
    /// Days (ascending) on which the next markdown starts.
    public var markdownDays: [Int]

    /// Creates the rule.
    /// - Parameters:
    ///   - ordering: how to order.
    ///   - markdownDays: days, in ascending order, on which a markdown starts.
    public init(ordering: ForecastOrderUpToPolicy, markdownDays: [Int]) {
        self.ordering = ordering
        self.markdownDays = markdownDays.sorted()
    }

    /// Orders as the ordering part does, and lowers the price to the level the calendar says.
    public func decide(_ observation: Observation) -> Action {
        var action = ordering.decide(observation)
        let levels = observation.priceLevels.sorted(by: >)
        let day = Int(observation.day.rounded(.down))
        let cuts = markdownDays.prefix { $0 <= day }.count
        guard cuts > 0, !levels.isEmpty else { return action }
        let target = levels[min(cuts, levels.count - 1)]
        if target < observation.price { action.price = target }
        return action
    }
}
